import { createFrame, type Frame } from '../../core/index.ts';
import {
  gemeenteOf,
  LAG_FEATURE,
  labelLagColumn,
  materializeData,
  POPULATION_COLUMN,
  type FeatureStore,
  type SnapshotData,
} from '../../features/index.ts';

/** Band thresholds on the score, as multiples of a reference (the average score). */
export interface BandThresholds {
  readonly hoog: number;
  readonly verhoogd: number;
  readonly gemiddeld: number;
  /** The base rate (probability) or the overall expected rate per 1,000 the thresholds relate to. */
  readonly reference: number;
}

/**
 * Band thresholds relative to the average: hoog from 4×, verhoogd from 2×, gemiddeld from ½×,
 * laag below. For probabilities the upper thresholds are capped below 1 (hoog at most halfway
 * between ½ and 1 above the base rate), so that every band can occur whatever the base rate.
 */
export function bandThresholds(reference: number, kind: 'probability' | 'rate-per-1000'): BandThresholds {
  if (!(reference > 0)) throw new RangeError(`band reference must be positive, got ${reference}`);
  if (kind === 'rate-per-1000')
    return { hoog: 4 * reference, verhoogd: 2 * reference, gemiddeld: reference / 2, reference };
  const hoog = Math.min(4 * reference, 0.5 + reference / 2);
  const verhoogd = Math.min(2 * reference, (hoog + reference) / 2);
  return { hoog, verhoogd, gemiddeld: reference / 2, reference };
}

export function bandOf(
  score: number,
  t: { hoog: number; verhoogd: number; gemiddeld: number },
): 'hoog' | 'verhoogd' | 'gemiddeld' | 'laag' {
  return score >= t.hoog ? 'hoog' : score >= t.verhoogd ? 'verhoogd' : score >= t.gemiddeld ? 'gemiddeld' : 'laag';
}

/** All areas of one period with the model's inputs (and every feature, for references). */
export interface PeriodFrame {
  readonly period: string;
  readonly vintage: number;
  readonly codes: readonly string[];
  readonly names: ReadonlyMap<string, string>;
  readonly population: Float64Array;
  readonly X: Frame;
  readonly all: ReadonlyMap<string, Float64Array>;
  readonly synthetic: boolean;
}

/**
 * Materialize (or reuse) the views for a period and assemble the model's input frame for every area.
 * With `lag`, the lagged-label input is computed from the registered counts of this same period.
 */
export async function periodFrame(
  store: FeatureStore,
  views: readonly string[],
  level: 'gemeente' | 'wijk' | 'buurt',
  period: string,
  inputs: readonly string[],
  lag?: { readonly crimeCode: string; readonly minPopulation: number },
): Promise<PeriodFrame> {
  const snaps: SnapshotData[] = [];
  for (const v of views.filter((x) => x !== `${LAG_FEATURE.view}@${LAG_FEATURE.viewVersion}`))
    snaps.push(await materializeData(store, v, { period, level }));
  const base = snaps[0]!;
  const present = snaps.map((s) => new Set(s.codes));
  const codes = base.codes.filter((c) => present.every((set) => set.has(c)));
  const all = new Map<string, Float64Array>();
  for (const s of snaps) {
    const idx = new Map(s.codes.map((c, i) => [c, i]));
    for (const [name, col] of s.columns)
      all.set(
        name,
        Float64Array.from(codes, (c) => col[idx.get(c)!]!),
      );
  }
  if (lag && inputs.includes(LAG_FEATURE.name))
    all.set(
      LAG_FEATURE.name,
      await labelLagColumn(store, {
        crimeCode: lag.crimeCode,
        featurePeriod: period,
        level,
        codes,
        population: all.get(POPULATION_COLUMN)!,
        minPopulation: lag.minPopulation,
      }),
    );
  const areas = await store.areas({ level, vintage: base.info.vintage });
  return {
    period,
    vintage: base.info.vintage,
    codes,
    names: new Map(areas.map((a) => [a.code, a.name])),
    population: all.get(POPULATION_COLUMN)!,
    X: createFrame(
      inputs,
      inputs.map((f) => all.get(f) ?? new Float64Array(codes.length).fill(Number.NaN)),
    ),
    all,
    synthetic: snaps.some((s) => s.info.synthetic),
  };
}

/** Population-weighted national and municipal means of every feature (reference values for the reasons). */
export function references(
  f: PeriodFrame,
  features: readonly string[],
  minPopulation: number,
): { national: Record<string, number>; municipal: Record<string, Record<string, number>> } {
  const national: Record<string, number> = {};
  const municipal: Record<string, Record<string, number>> = {};
  for (const name of features) {
    const col = f.all.get(name);
    if (!col) continue;
    let s = 0,
      w = 0;
    const byGm = new Map<string, [number, number]>();
    f.codes.forEach((c, i) => {
      const x = col[i]!,
        p = f.population[i]!;
      if (!Number.isFinite(x) || !(p >= minPopulation)) return;
      s += x * p;
      w += p;
      const g = gemeenteOf(c),
        acc = byGm.get(g) ?? [0, 0];
      acc[0] += x * p;
      acc[1] += p;
      byGm.set(g, acc);
    });
    if (w > 0) national[name] = s / w;
    for (const [g, [a, b]] of byGm) {
      municipal[g] ??= {};
      municipal[g][name] = a / b;
    }
  }
  return { national, municipal };
}

/** Rank (1 = highest) of each value within its group, and the group sizes. */
export function ranksWithin(
  values: readonly number[],
  groups: readonly string[],
): { rank: number[]; size: Map<string, number> } {
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => {
    if (!Number.isFinite(values[i]!)) return;
    const idx = by.get(g) ?? [];
    idx.push(i);
    by.set(g, idx);
  });
  const rank = values.map(() => Number.NaN);
  const size = new Map<string, number>();
  for (const [g, idx] of by) {
    idx
      .sort((a, b) => values[b]! - values[a]!)
      .forEach((i, r) => {
        rank[i] = r + 1;
      });
    size.set(g, idx.length);
  }
  return { rank, size };
}
