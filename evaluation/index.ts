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
  topShareFlags,
  assertProbabilities,
  poissonDeviance,
} from './metrics.ts';
export {
  clusterBootstrap,
  clusterBootstrapMany,
  pairedDifference,
  onRows,
} from './bootstrap.ts';
export {
  groupLabels,
  auditGroups,
  spearman,
  type GroupSpec,
} from './fairness.ts';
export {
  showCount,
  secondarySuppression,
  determinedUnknowns,
  hierarchyParts,
  recoverable,
  planSuppression,
} from './privacy.ts';
export { moransI, localClusters, neighbourIndex, empiricalBayesRates } from './spatial.ts';
export { provenanceOf, persistence, simulateFeedback } from './label-bias.ts';
export {
  verdictSchema,
  runFactsSchema,
  parseEvaluationReport,
  type EvaluationReport,
  type RunFacts,
} from './report.ts';
export { buildEvaluationReport } from './evaluate.ts';
export {
  computeVerdict,
  defaultVerdictRule,
  degenerateReason,
  verdictReasonText,
  verdictLine,
  type Verdict,
  type VerdictRule,
} from './verdict.ts';
export { correlationRatio, proxyFindings } from './proxy.ts';
export {
  geometricNoise,
  laplaceNoise,
  noiseVariance,
  privatiseCounts,
  PrivacyBudget,
  DEFAULT_LABEL_SET,
} from './differential-privacy.ts';
