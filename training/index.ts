export type { TreeArrays, TreeEnsemble, Link, Contributions, ModelKind, FittedModel } from './types.ts';
export { trainingCommands } from './commands.ts';
export {
  ModelRegistry,
  parseModelRef,
  MODEL_STATUSES,
  type ModelStatus,
  type ModelVersion,
  type NewVersion,
} from './registry/index.ts';
export {
  artifactSchema,
  parseArtifact,
  serializeArtifact,
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  type Artifact,
  type ArtifactFeature,
} from './artifact/index.ts';
export {
  fitModel,
  loadModel,
  parseParams,
  defaultParams,
  paramsSchemas,
  MODEL_KINDS,
  fitGbm,
  fitForest,
  fitEbm,
  fitLogistic,
  TreeEnsembleModel,
  EbmModel,
  LogisticModel,
  gbmParamsSchema,
  forestParamsSchema,
  ebmParamsSchema,
  logisticParamsSchema,
  auc,
  binFrame,
  applyBins,
  syntheticBinary,
  type TrainData,
  type FitOptions,
  type GbmParams,
  type ForestParams,
  type EbmParams,
  type LogisticParams,
  type ShapeFunction,
  type ScorecardRow,
  type BinnedFrame,
} from './learners/index.ts';
export {
  treeShap,
  bruteForceShap,
  importXgboostJson,
  interventionalTreeShap,
  bruteForceInterventional,
} from './explain/index.ts';
export {
  groupedKFold,
  temporalHoldout,
  outOfFold,
  fitPlatt,
  fitIsotonic,
  loadCalibrator,
  type Fold,
  type Calibrator as FoldCalibrator,
} from './validation/index.ts';
export {
  BANDS,
  scoreSetSchema,
  scoreUnitSchema,
  packScores,
  readScoreSet,
  type ScoreFile,
  type AreaContribution,
  type AreaScore,
  type Band,
  type ScoreSet,
} from './scoring/score-schema.ts';
export {
  groupFolds,
  fit,
  calibrate,
  calibrationMethod,
  linkOf,
  loadJobCalibrator,
  type Calibrator,
} from './scoring/learn.ts';
export {
  bandThresholds,
  bandOf,
  periodFrame,
  references,
  ranksWithin,
  type BandThresholds,
  type PeriodFrame,
} from './scoring/scoring.ts';
export { explainFrame } from './scoring/explain-frame.ts';
export { loadVersionModel, type LoadedVersion, type AreaExplanation } from './load.ts';
