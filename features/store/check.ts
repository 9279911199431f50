import { levelOf } from '../areas/codes.ts';
import type { AreaLevel } from '../types.ts';
import { exprMeasures, getFeatureView } from '../views/index.ts';
import { readObservations } from './observations.ts';
import type { FeatureStore } from './store.ts';

/** An ingested measure whose title resembles a missing key. */
interface NearMatch {
  readonly key: string;
  readonly title: string;
  /** 0–1, bigram similarity of the titles. */
  readonly similarity: number;
}

/** A measure a feature needs that the data of the period (and level) does not have. */
export interface MissingMeasure {
  readonly key: string;
  /** Other periods in which the exact key has been ingested. */
  readonly inPeriods: readonly string[];
  readonly nearMatches: readonly NearMatch[];
}

/** Whether one feature can be computed, and if not, exactly why. */
interface FeatureCheck {
  readonly name: string;
  readonly computable: boolean;
  readonly missing: readonly MissingMeasure[];
  /** Another reason it cannot be computed (no boundaries for a neighbour mean). */
  readonly reason: string | null;
}

/** `zicht features check`: a view against the ingested data of one period. */
export interface ViewCheck {
  readonly view: string;
  readonly period: string;
  readonly level: AreaLevel | null;
  /** The population measure: without it nothing is computed (the disclosure rule needs it). */
  readonly population: MissingMeasure | null;
  readonly computable: number;
  readonly features: readonly FeatureCheck[];
}

const normalise = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\([^)]*\)\s*$/, '')
    .replace(/[;:,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const lastSegment = (key: string): string => key.split('/').at(-1) ?? key;

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const b = s.slice(i, i + 2);
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice coefficient over character bigrams: 1 for equal strings, 0 for nothing in common. */
function titleSimilarity(a: string, b: string): number {
  const x = normalise(a),
    y = normalise(b);
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const bx = bigrams(x),
    by = bigrams(y);
  let common = 0;
  for (const [k, n] of bx) common += Math.min(n, by.get(k) ?? 0);
  return (2 * common) / (x.length - 1 + (y.length - 1));
}

const NEAR = 0.7;

/**
 * Which features of a view the ingested data of a period can compute, and for each that
 * cannot, exactly which measure keys are missing, in which other periods they exist and which
 * ingested measures have a similar title. With a level, a measure counts only when some
 * area of that level has a value.
 */
export async function checkView(
  store: FeatureStore,
  viewRef: string,
  opts: { period: string; level?: AreaLevel },
): Promise<ViewCheck> {
  const view = getFeatureView(viewRef, store.home);
  const needed = [...new Set([view.populationKey, ...view.features.flatMap((f) => exprMeasures(f.expr))])];
  const obs = await readObservations(store, opts.period, needed);
  const present = new Set(
    obs.filter((o) => opts.level === undefined || levelOf(o.code) === opts.level).map((o) => o.measure),
  );
  const catalogue = await store.db.all<{ key: string; title: string; periods: string }>(
    'SELECT DISTINCT m.key, m.title, s.periods FROM measures m JOIN sources s ON s.id = m.source_id',
  );
  const missingOf = (key: string): MissingMeasure => {
    const inPeriods = [
      ...new Set(catalogue.filter((c) => c.key === key).flatMap((c) => JSON.parse(c.periods) as string[])),
    ]
      .filter((p) => p !== opts.period)
      .sort();
    const best = new Map<string, NearMatch>();
    for (const c of catalogue) {
      if (c.key === key) continue;
      const similarity = Math.max(
        titleSimilarity(lastSegment(key), c.title),
        titleSimilarity(lastSegment(key), lastSegment(c.key)),
      );
      if (similarity >= NEAR && (best.get(c.key)?.similarity ?? 0) < similarity)
        best.set(c.key, { key: c.key, title: c.title, similarity: Math.round(similarity * 100) / 100 });
    }
    const nearMatches = [...best.values()].sort((a, b) => b.similarity - a.similarity).slice(0, 3);
    return { key, inPeriods, nearMatches };
  };
  const vintage = obs[0]?.vintage;
  const bounds =
    vintage === undefined
      ? []
      : await store.db.all<{ code: string }>('SELECT code FROM boundaries WHERE vintage = ?', [vintage]);
  const hasBounds = bounds.some((b) => opts.level === undefined || levelOf(b.code) === opts.level);
  const population = present.has(view.populationKey) ? null : missingOf(view.populationKey);
  const features = view.features.map((f): FeatureCheck => {
    const missing = [...new Set(exprMeasures(f.expr))].filter((k) => !present.has(k)).map(missingOf);
    const reason =
      population !== null
        ? `the population measure '${view.populationKey}' is missing`
        : f.context?.kind === 'neighbour-mean' && !hasBounds
          ? `no boundaries ingested for vintage ${vintage ?? '?'}, so no neighbours`
          : null;
    return { name: f.name, computable: missing.length === 0 && reason === null, missing, reason };
  });
  return {
    view: `${view.name}@${view.version}`,
    period: opts.period,
    level: opts.level ?? null,
    population,
    computable: features.filter((f) => f.computable).length,
    features,
  };
}
