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
  assertProbabilities,
  poissonDeviance,
} from './metrics.ts';
export {
  clusterBootstrap,
  clusterBootstrapMany,
  clusterResamples,
  bootstrapInterval,
  pairedDifference,
  onRows,
  type Estimate,
  type IntervalMethod,
} from './bootstrap.ts';
export {
  groupLabels,
  auditGroups,
  spearman,
  DISPARITY_BAND,
  type GroupSpec,
  type GroupResult,
  type AttributeAudit,
} from './fairness.ts';
export {
  showCount,
  secondarySuppression,
  determinedUnknowns,
  recoverable,
  planSuppression,
  MIN_POPULATION,
  MIN_COUNT,
  type SuppressionEntry,
} from './privacy.ts';
export { moransI, localClusters, neighbourIndex, empiricalBayesRates } from './spatial.ts';
export { provenanceOf, persistence, simulateFeedback, type FeedbackRound } from './label-bias.ts';
export {
  evaluationReportSchema,
  verdictSchema,
  runFactsSchema,
  parseEvaluationReport,
  jsonSafe,
  type EvaluationReport,
  type RunFacts,
} from './report.ts';
export { buildEvaluationReport, type EvaluationInputs, type CvPredictions } from './evaluate.ts';
export {
  computeVerdict,
  defaultVerdictRule,
  describeVerdictRule,
  degenerateReason,
  verdictReasonText,
  verdictFiguresText,
  verdictLine,
  VERDICTS,
  PRIMARY_METRICS,
  type Verdict,
  type VerdictRule,
  type VerdictReason,
  type VerdictStatus,
  type PrimaryMetric,
} from './verdict.ts';
export { correlationRatio, proxyFindings, STRONG_PROXY, type ProxyFinding } from './proxy.ts';
export {
  secureUniform,
  geometricNoise,
  laplaceNoise,
  noiseVariance,
  privatiseCounts,
  PrivacyBudget,
  DEFAULT_LABEL_SET,
} from './differential-privacy.ts';
