import type { OperationalDb } from '../core/index.ts';
import {
  clusterBootstrap,
  onRows,
  PrivacyBudget,
  poissonDeviance,
  privatiseCounts,
  rocAuc,
  type EvaluationReport,
} from '../evaluation/index.ts';
import { topFlags, type Dataset } from '../features/index.ts';
import type { TrainingConfig } from './config.ts';

type Dp = NonNullable<TrainingConfig['label']['differentialPrivacy']>;

/** The label set a privacy budget is kept for: crime code × level × label periods. */
function labelSetOf(d: Dataset): string {
  return `${d.label.crimeCode}|${d.level}|${[...new Set(d.labelPeriods)].sort().join(',')}`;
}

/**
 * Label counts with differential-privacy noise from a cryptographic source, ε spent from the
 * label set's administrator-set budget; binary labels are re-derived from the noised rates.
 */
export function noisedLabels(db: OperationalDb, d: Dataset, config: TrainingConfig, dp: Dp): Float64Array {
  const noised = privatiseCounts(d.counts, {
    epsilon: dp.epsilon,
    mechanism: dp.mechanism,
    labelSet: labelSetOf(d),
    purpose: `train ${config.name}`,
    budget: new PrivacyBudget(db),
  });
  if (config.label.target === 'count') return noised;
  return topFlags(
    d.labelPeriods.map((lp, i) => ({ labelPeriod: lp, pop: d.population[i]!, count: noised[i]! })),
    config.label.topShare ?? 0.1,
  );
}

/**
 * The accuracy cost of the noise: the same cross-validation on noised and on registered labels,
 * both scored against the registered labels.
 */
export function privacyCost(
  dp: Dp,
  d: Dataset,
  groups: readonly string[],
  withNoise: Float64Array,
  without: Float64Array,
  count: boolean,
  seed: number,
): NonNullable<EvaluationReport['privacy']['differentialPrivacy']> {
  const metric = count ? poissonDeviance : rocAuc;
  const est = (pred: Float64Array) => clusterBootstrap(onRows(metric, d.y, pred), groups, { seed, replicates: 100 });
  const a = est(without),
    b = est(withNoise);
  return {
    epsilon: dp.epsilon,
    mechanism: dp.mechanism,
    labelSet: labelSetOf(d),
    metric: count ? 'poissonDeviance' : 'auc',
    without: a,
    with: b,
    cost: a.estimate - b.estimate,
  };
}
