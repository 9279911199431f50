import { pairedDifference, clusterBootstrap, onRows, type Estimate } from './bootstrap.ts';
import { brier, logLoss, poissonDeviance, rocAuc } from './metrics.ts';

/** The verdict of a model version against its baselines. */
export const VERDICTS = ['beats-baselines', 'no-better-than-baseline', 'insufficient-evidence'] as const;
export type VerdictStatus = (typeof VERDICTS)[number];

export const PRIMARY_METRICS = {
  brier: { f: brier, lowerIsBetter: true, label: 'Brier score' },
  logLoss: { f: logLoss, lowerIsBetter: true, label: 'log loss' },
  auc: { f: rocAuc, lowerIsBetter: false, label: 'ROC AUC' },
  poissonDeviance: { f: poissonDeviance, lowerIsBetter: true, label: 'mean Poisson deviance' },
} as const;
export type PrimaryMetric = keyof typeof PRIMARY_METRICS;

/**
 * The rule a verdict is computed by. It is part of the training config, so it is fixed (and
 * hashed into the run) before any result is seen, and the card prints it.
 */
export interface VerdictRule {
  readonly primaryMetric: PrimaryMetric;
  /** Below these the interval cannot decide: the verdict is insufficient-evidence. */
  readonly minAreas: number;
  readonly minPositives: number;
  readonly minGroups: number;
  /** Confidence level of the paired interval. */
  readonly level: number;
}

/** The default rule: Brier score for binary targets, Poisson deviance for counts. */
export function defaultVerdictRule(target: 'binary-top' | 'count'): VerdictRule {
  return {
    primaryMetric: target === 'count' ? 'poissonDeviance' : 'brier',
    minAreas: 30,
    minPositives: 10,
    minGroups: 5,
    level: 0.95,
  };
}

/** The rule in one sentence, as the card prints it. */
export function describeVerdictRule(r: VerdictRule): string {
  const m = PRIMARY_METRICS[r.primaryMetric];
  const better = m.lowerIsBetter ? 'lower' : 'higher';
  return (
    `Paired comparison of the cross-validated ${m.label} (${better} is better) of the model with the best baseline ` +
    `on the same areas and folds; ${Math.round(100 * r.level)}% cluster-bootstrap interval of the difference over the ` +
    'cross-validation groups. beats-baselines: the whole interval favours the model. no-better-than-baseline: the ' +
    'estimate does not favour the model. insufficient-evidence: the interval includes no difference, or fewer than ' +
    `${r.minAreas} areas, ${r.minPositives} positive areas or ${r.minGroups} groups, or a constant model.`
  );
}

export interface Verdict {
  readonly status: VerdictStatus;
  readonly primaryMetric: PrimaryMetric;
  readonly lowerIsBetter: boolean;
  readonly model: Estimate;
  readonly bestBaseline: { readonly name: string; readonly value: Estimate } | null;
  /** model − best baseline. */
  readonly difference: Estimate | null;
  readonly reasons: readonly string[];
  readonly rule: string;
}

export interface VerdictInputs {
  readonly rule: VerdictRule;
  readonly target: 'binary-top' | 'count';
  /** Observed labels (0/1) or counts of the cross-validated rows. */
  readonly y: ArrayLike<number>;
  /** The model's out-of-fold prediction (cross-fitted probability, or expected count). */
  readonly prediction: ArrayLike<number>;
  readonly baselines: readonly { readonly name: string; readonly prediction: ArrayLike<number> }[];
  /** Cross-validation group of each row (the clusters of the bootstrap). */
  readonly groups: readonly string[];
  /** Why the model itself cannot be judged (no splits, constant scores), if so. */
  readonly degenerate: string | null;
  readonly seed: number;
  readonly replicates?: number;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toPrecision(3));

/**
 * The verdict of a version: a paired comparison with the best baseline under the rule fixed
 * in its config. Every reason is a sentence built from the figures of this run.
 */
export function computeVerdict(inp: VerdictInputs): Verdict {
  const { rule } = inp;
  const m = PRIMARY_METRICS[rule.primaryMetric];
  const opts = { seed: inp.seed, replicates: inp.replicates ?? 200, level: rule.level };
  const model = clusterBootstrap(onRows(m.f, inp.y, inp.prediction), inp.groups, opts);
  const reasons: string[] = [];
  const n = inp.y.length;
  const groups = new Set(inp.groups).size;
  let positives = 0;
  for (let i = 0; i < n; i++) if (inp.y[i]! > 0) positives++;
  if (n < rule.minAreas) reasons.push(`only ${n} areas were evaluated; the rule needs at least ${rule.minAreas}`);
  if (groups < rule.minGroups)
    reasons.push(`only ${groups} cross-validation groups; the rule needs at least ${rule.minGroups}`);
  if (positives < rule.minPositives)
    reasons.push(`only ${positives} areas with a registration; the rule needs at least ${rule.minPositives}`);
  if (inp.degenerate) reasons.push(inp.degenerate);
  const scored = inp.baselines.map((b) => ({
    b,
    value: m.f(Float64Array.from(inp.y), Float64Array.from(b.prediction)),
  }));
  const usable = scored.filter((x) => Number.isFinite(x.value));
  if (usable.length === 0) {
    reasons.push('no baseline could be built for this target, so there is nothing to beat');
    return {
      status: 'insufficient-evidence',
      primaryMetric: rule.primaryMetric,
      lowerIsBetter: m.lowerIsBetter,
      model,
      bestBaseline: null,
      difference: null,
      reasons,
      rule: describeVerdictRule(rule),
    };
  }
  const best = usable.sort((a, c) => (m.lowerIsBetter ? a.value - c.value : c.value - a.value))[0]!;
  const bestValue = clusterBootstrap(onRows(m.f, inp.y, best.b.prediction), inp.groups, opts);
  const diff = pairedDifference(m.f, inp.y, inp.prediction, best.b.prediction, inp.groups, opts);
  const favours = (x: number) => (m.lowerIsBetter ? x < 0 : x > 0);
  const intervalFavours = m.lowerIsBetter ? diff.hi < 0 : diff.lo > 0;
  const what = `${m.label} ${fmt(model.estimate)} against ${fmt(best.value)} for ${best.b.name}`;
  const interval = `difference ${fmt(diff.estimate)} [${fmt(diff.lo)} to ${fmt(diff.hi)}]`;
  let status: VerdictStatus;
  if (reasons.length) status = 'insufficient-evidence';
  else if (!favours(diff.estimate)) {
    status = 'no-better-than-baseline';
    reasons.push(`the model does not beat the best baseline: ${what}, ${interval}`);
  } else if (!intervalFavours) {
    status = 'insufficient-evidence';
    reasons.push(
      `the model looks better than ${best.b.name} but the interval includes no difference: ${what}, ${interval}`,
    );
  } else {
    status = 'beats-baselines';
    reasons.push(`the model beats the best baseline: ${what}, ${interval}`);
  }
  return {
    status,
    primaryMetric: rule.primaryMetric,
    lowerIsBetter: m.lowerIsBetter,
    model,
    bestBaseline: { name: best.b.name, value: bestValue },
    difference: diff,
    reasons,
    rule: describeVerdictRule(rule),
  };
}

/** A constant model cannot be judged: its scores carry no ranking. */
export function degenerateReason(prediction: ArrayLike<number>, nSplits: number | null): string | null {
  if (nSplits === 0) return 'the model has no splits: every area gets the same score and every contribution is 0';
  let lo = Number.POSITIVE_INFINITY,
    hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < prediction.length; i++) {
    lo = Math.min(lo, prediction[i]!);
    hi = Math.max(hi, prediction[i]!);
  }
  const scale = Math.max(Math.abs(lo), Math.abs(hi), 1e-12);
  return hi - lo <= 1e-9 * scale ? 'the model gives every area (nearly) the same score' : null;
}
