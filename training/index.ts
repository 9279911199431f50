export type { ModelKind, FittedModel } from './types.ts';
export { trainingCommands } from './commands.ts';
export {
  ModelRegistry,
  parseModelRef,
  MODEL_STATUSES,
  type ModelStatus,
  type ModelVersion,
} from './registry/index.ts';
export {
  parseArtifact,
  serializeArtifact,
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  type Artifact,
} from './artifact/index.ts';
export {
  loadModel,
  TreeEnsembleModel,
  EbmModel,
} from './learners/index.ts';
export {
  BANDS,
  scoreSetSchema,
  scoreUnitSchema,
  suppressedArea,
  type AreaContribution,
  type AreaScore,
  type ScoreSet,
} from './scoring/score-schema.ts';
export { packScores, readScoreSet } from './scoring/score-file.ts';
export {
  groupFolds,
  fit,
  calibrate,
  linkOf,
  type Calibrator,
} from './scoring/learn.ts';
export {
  bandThresholds,
  bandOf,
  periodFrame,
  references,
  ranksWithin,
} from './scoring/scoring.ts';
export { explainFrame } from './scoring/explain-frame.ts';
export { loadVersionModel } from './load.ts';
