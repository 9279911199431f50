import { pairedDifference, clusterBootstrap, onRows, type Estimate } from './bootstrap.ts';
import { brier, logLoss, poissonDeviance, rocAuc } from './metrics.ts';

/** The verdict of a model version against its baselines. */
const VERDICTS = ['beats-baselines', 'no-better-than-baseline', 'insufficient-evidence'] as const;
type VerdictStatus = (typeof VERDICTS)[number];

const PRIMARY_METRICS = {
  brier: { f: brier, lowerIsBetter: true, label: 'Brier score' },
  logLoss: { f: logLoss, lowerIsBetter: true, label: 'log loss' },
  auc: { f: rocAuc, lowerIsBetter: false, label: 'ROC AUC' },
  poissonDeviance: { f: poissonDeviance, lowerIsBetter: true, label: 'mean Poisson deviance' },
} as const;
type PrimaryMetric = keyof typeof PRIMARY_METRICS;

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
function describeVerdictRule(r: VerdictRule): string {
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

/**
 * Why a verdict is what it is: a code and, where it has them, the figures. The words are in the
 * catalogue below (both languages side by side); the comparison's own figures are on the verdict.
 */
export type VerdictReason =
  | { readonly code: CountCode; readonly found: number; readonly needed: number }
  | { readonly code: DegenerateReason | 'no-baseline' | 'not-better' | 'no-clear-difference' | 'beats' };
type CountCode = 'too-few-areas' | 'too-few-groups' | 'too-few-positives';
type CountReason = Extract<VerdictReason, { readonly found: number }>;

/** Why a model cannot be judged at all. */
export type DegenerateReason = 'no-splits' | 'constant-scores';

type Said = { readonly nl: string; readonly en: string };
const REASONS: {
  readonly [C in VerdictReason['code']]: (r: C extends CountCode ? CountReason : VerdictReason) => Said;
} = {
  'too-few-areas': (r) => ({
    nl: `er zijn maar ${r.found} gebieden beoordeeld; de regel vraagt er minstens ${r.needed}`,
    en: `only ${r.found} areas were evaluated; the rule needs at least ${r.needed}`,
  }),
  'too-few-groups': (r) => ({
    nl: `maar ${r.found} groepen in de kruisvalidatie; de regel vraagt er minstens ${r.needed}`,
    en: `only ${r.found} cross-validation groups; the rule needs at least ${r.needed}`,
  }),
  'too-few-positives': (r) => ({
    nl: `maar ${r.found} gebieden met een registratie; de regel vraagt er minstens ${r.needed}`,
    en: `only ${r.found} areas with a registration; the rule needs at least ${r.needed}`,
  }),
  'no-splits': () => ({
    nl: 'het model heeft geen splitsingen: elk gebied krijgt dezelfde score en elke bijdrage is 0',
    en: 'the model has no splits: every area gets the same score and every contribution is 0',
  }),
  'constant-scores': () => ({
    nl: 'het model geeft elk gebied (vrijwel) dezelfde score',
    en: 'the model gives every area (nearly) the same score',
  }),
  'no-baseline': () => ({
    nl: 'voor dit doel kon geen eenvoudige voorspeller worden gemaakt, dus er is niets om te verslaan',
    en: 'no baseline could be built for this target, so there is nothing to beat',
  }),
  'not-better': () => ({
    nl: 'het model is niet beter dan de beste eenvoudige voorspeller',
    en: 'the model does not beat the best baseline',
  }),
  'no-clear-difference': () => ({
    nl: 'het model lijkt beter dan de beste eenvoudige voorspeller, maar het interval sluit geen verschil uit',
    en: 'the model looks better than the best baseline, but the interval includes no difference',
  }),
  beats: () => ({
    nl: 'het model is beter dan de beste eenvoudige voorspeller, over het hele interval',
    en: 'the model beats the best baseline over the whole interval',
  }),
};

/** A reason in words. */
export function verdictReasonText(r: VerdictReason, lang: 'nl' | 'en'): string {
  return (REASONS[r.code] as (x: VerdictReason) => Said)(r)[lang];
}

/** A verdict as stored (an estimate that could not be computed is null there). */
type StoredEstimate = { readonly estimate: number | null; readonly lo: number | null; readonly hi: number | null };
type VerdictLike = Pick<Verdict, 'status' | 'reasons' | 'primaryMetric'> & {
  readonly model: StoredEstimate;
  readonly bestBaseline: { readonly name: string; readonly value: StoredEstimate } | null;
  readonly difference: StoredEstimate | null;
};

/** The comparison's figures in one English line (for the command line). */
function verdictFiguresText(v: VerdictLike): string {
  if (!v.bestBaseline || !v.difference) return '';
  const m = PRIMARY_METRICS[v.primaryMetric];
  const d = v.difference;
  return `${m.label} ${fmt(v.model.estimate)} against ${fmt(v.bestBaseline.value.estimate)} for ${v.bestBaseline.name}, difference ${fmt(d.estimate)} [${fmt(d.lo)} to ${fmt(d.hi)}]`;
}

/** The verdict in one English line: status, reasons and figures (for the command line). */
export function verdictLine(v: VerdictLike): string {
  const figures = verdictFiguresText(v);
  return `${v.status} — ${v.reasons.map((r) => verdictReasonText(r, 'en')).join('; ')}${figures ? ` (${figures})` : ''}`;
}

export interface Verdict {
  readonly status: VerdictStatus;
  readonly primaryMetric: PrimaryMetric;
  readonly lowerIsBetter: boolean;
  readonly model: Estimate;
  readonly bestBaseline: { readonly name: string; readonly value: Estimate } | null;
  /** model − best baseline. */
  readonly difference: Estimate | null;
  readonly reasons: readonly VerdictReason[];
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
  readonly degenerate: DegenerateReason | null;
  readonly seed: number;
  readonly replicates?: number;
}

const fmt = (x: number | null) =>
  x === null || !Number.isFinite(x)
    ? '—'
    : Math.abs(x) >= 100
      ? x.toFixed(1)
      : Math.abs(x) >= 1
        ? x.toFixed(3)
        : x.toPrecision(3);

/**
 * The verdict of a version: a paired comparison with the best baseline under the rule fixed
 * in its config. Every reason is a sentence built from the figures of this run.
 */
export function computeVerdict(inp: VerdictInputs): Verdict {
  const { rule } = inp;
  const m = PRIMARY_METRICS[rule.primaryMetric];
  const opts = { seed: inp.seed, replicates: inp.replicates ?? 200, level: rule.level };
  const model = clusterBootstrap(onRows(m.f, inp.y, inp.prediction), inp.groups, opts);
  const reasons: VerdictReason[] = [];
  const n = inp.y.length;
  const groups = new Set(inp.groups).size;
  let positives = 0;
  for (let i = 0; i < n; i++) if (inp.y[i]! > 0) positives++;
  if (n < rule.minAreas) reasons.push({ code: 'too-few-areas', found: n, needed: rule.minAreas });
  if (groups < rule.minGroups) reasons.push({ code: 'too-few-groups', found: groups, needed: rule.minGroups });
  if (positives < rule.minPositives)
    reasons.push({ code: 'too-few-positives', found: positives, needed: rule.minPositives });
  if (inp.degenerate) reasons.push({ code: inp.degenerate });
  const scored = inp.baselines.map((b) => ({
    b,
    value: m.f(Float64Array.from(inp.y), Float64Array.from(b.prediction)),
  }));
  const usable = scored.filter((x) => Number.isFinite(x.value));
  if (usable.length === 0) {
    reasons.push({ code: 'no-baseline' });
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
  let status: VerdictStatus;
  if (reasons.length) status = 'insufficient-evidence';
  else if (!favours(diff.estimate)) {
    status = 'no-better-than-baseline';
    reasons.push({ code: 'not-better' });
  } else if (!intervalFavours) {
    status = 'insufficient-evidence';
    reasons.push({ code: 'no-clear-difference' });
  } else {
    status = 'beats-baselines';
    reasons.push({ code: 'beats' });
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
export function degenerateReason(prediction: ArrayLike<number>, nSplits: number | null): DegenerateReason | null {
  if (nSplits === 0) return 'no-splits';
  let lo = Number.POSITIVE_INFINITY,
    hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < prediction.length; i++) {
    lo = Math.min(lo, prediction[i]!);
    hi = Math.max(hi, prediction[i]!);
  }
  const scale = Math.max(Math.abs(lo), Math.abs(hi), 1e-12);
  return hi - lo <= 1e-9 * scale ? 'constant-scores' : null;
}
