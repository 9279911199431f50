export { evaluationCommands } from './commands.ts';
export {
  rocAuc,
  rocCurve,
  prAuc,
  brier,
  logLoss,
  calibrationCurve,
  ece,
  atCapacity,
  capacityFlags,
  topShareFlags,
  poissonDeviance,
} from './metrics.ts';
export { clusterBootstrap, clusterBootstrapMany, onRows, type Estimate } from './bootstrap.ts';
export {
  groupLabels,
  auditGroups,
  proxyCheck,
  spearman,
  DISPARITY_BAND,
  type GroupSpec,
  type GroupResult,
  type AttributeAudit,
} from './fairness.ts';
export {
  showCount,
  secondarySuppression,
  recoverable,
  planSuppression,
  geometricNoise,
  laplaceNoise,
  PrivacyLedger,
  privatiseCounts,
  MIN_POPULATION,
  MIN_COUNT,
  type SuppressionEntry,
} from './privacy.ts';
export { moransI, localClusters, neighbourIndex, empiricalBayesRates } from './spatial.ts';
export { LABEL_PROVENANCE, provenanceOf, persistence, simulateFeedback, type FeedbackRound } from './label-bias.ts';
export {
  evaluationReportSchema,
  parseEvaluationReport,
  jsonSafe,
  finiteOrNull,
  type EvaluationReport,
} from './report.ts';
export { buildEvaluationReport, type EvaluationInputs, type CvPredictions } from './evaluate.ts';
