import { takeRows } from '../core/index.ts';
import { assertProbabilities } from '../evaluation/index.ts';
import { readLabelCounts, topFlags, type Dataset, type FeatureStore } from '../features/index.ts';
import { fit } from '../training/index.ts';
import type { TrainingConfig } from './config.ts';

export interface Baseline {
  readonly name: string;
  readonly description: string;
  /** Out of fold, in the unit of the target: probabilities (binary) or expected counts (count). */
  readonly prediction: Float64Array;
}

function foldRows(fold: Int32Array, f: number): { train: number[]; test: number[] } {
  const train: number[] = [],
    test: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === f ? test : train).push(i);
  return { train, test };
}

/** The registered count of the crime code in each row's own feature period: what was known then. */
async function pastCounts(store: FeatureStore, d: Dataset, crimeCode: string): Promise<Float64Array> {
  const last = new Float64Array(d.y.length).fill(Number.NaN);
  for (const period of new Set(d.periods)) {
    const byCode = (await readLabelCounts(store, crimeCode, period, d.level)).counts;
    d.periods.forEach((p, i) => {
      if (p === period) last[i] = byCode.get(d.areaCodes[i]!) ?? Number.NaN;
    });
  }
  return last;
}

/**
 * The baselines a model must beat, each valid for the target and each using only what a
 * simple rule could know:
 * - counts: the pooled rate of the training folds × population (out of fold), and persistence
 *   smoothed towards the rate (½ last period's count + ½ the gemeente's last-period rate ×
 *   population; past data only, never 0);
 * - binary targets, as probabilities: the base rate of the training folds, persistence (the
 *   chance of a top-share label given last period's top-share flag, estimated on the training
 *   folds and smoothed towards the base rate), and the logistic scorecard on the same features.
 */
export async function baselinePredictions(
  store: FeatureStore,
  d: Dataset,
  config: TrainingConfig,
  fold: Int32Array,
): Promise<Baseline[]> {
  const n = d.y.length;
  const folds = config.validation.folds;
  const last = await pastCounts(store, d, config.label.crimeCode);
  const out: Baseline[] = [];
  if (config.label.target === 'count') {
    const pooled = new Float64Array(n);
    for (let f = 0; f < folds; f++) {
      const { train, test } = foldRows(fold, f);
      const c = train.reduce((a, i) => a + d.counts[i]!, 0),
        p = train.reduce((a, i) => a + d.population[i]!, 0);
      for (const i of test) pooled[i] = (c / p) * d.population[i]!;
    }
    out.push({
      name: 'pooled-rate',
      description: `registered ${config.label.crimeCode} per inhabitant of the training folds × the area's population (out of fold)`,
      prediction: pooled,
    });
    if (last.some(Number.isFinite)) {
      // the reference rate: the gemeente's registered rate in the same past period, or the overall past rate
      const key = (i: number) => `${d.groups[i]}|${d.periods[i]}`;
      const sums = new Map<string, [number, number]>();
      const overall = new Map<string, [number, number]>();
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(last[i]!)) continue;
        for (const [m, k] of [
          [sums, key(i)],
          [overall, d.periods[i]!],
        ] as const) {
          const s = m.get(k) ?? [0, 0];
          s[0] += last[i]!;
          s[1] += d.population[i]!;
          m.set(k, s);
        }
      }
      const rateOf = (m: Map<string, [number, number]>, k: string) => {
        const s = m.get(k);
        return s && s[1] > 0 && s[0] > 0 ? s[0] / s[1] : Number.NaN;
      };
      const persistence = Float64Array.from({ length: n }, (_, i) => {
        let r = rateOf(sums, key(i));
        if (!Number.isFinite(r)) r = rateOf(overall, d.periods[i]!);
        if (!Number.isFinite(r)) r = pooled[i]! / d.population[i]!;
        const prior = r * d.population[i]!;
        return Number.isFinite(last[i]!) ? 0.5 * last[i]! + 0.5 * prior : prior;
      });
      out.push({
        name: 'persistence',
        description: `½ the area's registered ${config.label.crimeCode} count in the feature period + ½ its gemeente's rate then × population`,
        prediction: persistence,
      });
    }
    return out;
  }
  // binary: probabilities
  const baseRate = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const { train, test } = foldRows(fold, f);
    const r = train.reduce((a, i) => a + (d.y[i]! > 0 ? 1 : 0), 0) / train.length;
    for (const i of test) baseRate[i] = r;
  }
  out.push({
    name: 'base-rate',
    description: 'the share of top-share areas in the training folds',
    prediction: baseRate,
  });
  if (last.some(Number.isFinite)) {
    // last period's flag by the same rule as the label (top share by rate within the period)
    const rows = d.areaCodes.map((_, i) => ({
      labelPeriod: d.periods[i]!,
      pop: d.population[i]!,
      count: Number.isFinite(last[i]!) ? last[i]! : 0,
    }));
    const flagged = topFlags(rows, config.label.topShare ?? 0.1);
    const persistence = new Float64Array(n);
    const strength = 2; // pseudo-areas at the base rate: keeps a small cell away from 0 and 1
    for (let f = 0; f < folds; f++) {
      const { train, test } = foldRows(fold, f);
      const base = baseRate[test[0] ?? 0] ?? 0;
      const cell = (flag: number) => {
        const rows2 = train.filter((i) => flagged[i] === flag && Number.isFinite(last[i]!));
        const pos = rows2.reduce((a, i) => a + (d.y[i]! > 0 ? 1 : 0), 0);
        return (pos + strength * base) / (rows2.length + strength);
      };
      const p1 = cell(1),
        p0 = cell(0);
      for (const i of test) persistence[i] = Number.isFinite(last[i]!) ? (flagged[i] ? p1 : p0) : base;
    }
    out.push({
      name: 'persistence',
      description:
        'the chance of a top-share label given whether the area was in the top share in the feature period (training folds, smoothed)',
      prediction: persistence,
    });
  }
  if (config.model.kind !== 'logistic') {
    const oof = new Float64Array(n);
    for (let f = 0; f < folds; f++) {
      const { train, test } = foldRows(fold, f);
      const m = fit('logistic', d, train, {}, config.seed + f);
      const p = m.predict(takeRows(d.X, test));
      test.forEach((i, k) => {
        oof[i] = p[k]!;
      });
    }
    out.push({
      name: 'logistic-scorecard',
      description: 'regularised logistic regression on the same features',
      prediction: oof,
    });
  }
  for (const b of out) assertProbabilities(b.prediction, `baseline ${b.name}`);
  return out;
}
