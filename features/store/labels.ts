import { levelOf, parentOf } from '../areas/codes.ts';
import type { AreaLevel } from '../types.ts';
import { readObservations } from './observations.ts';
import type { FeatureStore } from './store.ts';

const DEPTH: Readonly<Record<AreaLevel, number>> = { gemeente: 0, wijk: 1, buurt: 2 };

/** Registered-crime counts of one crime code, period and level, with how they were obtained. */
export interface LabelCounts {
  /** Count per area code of the level. */
  readonly counts: ReadonlyMap<string, number>;
  /** Areas whose count was summed from their buurten (or wijken): the source had none of their own. */
  readonly aggregated: readonly string[];
  /** Areas left out because one of their buurten (or wijken) has no count: never under-counted. */
  readonly incomplete: readonly string[];
  readonly sourceIds: ReadonlySet<string>;
  readonly synthetic: boolean;
}

/**
 * The registered-crime counts of a crime code at one level and period. An area with a count of
 * its own keeps it. An area without one gets the sum of its children (buurten of a wijk, wijken of
 * a gemeente, recursively) when every child of the boundary vintage has a count — the children are
 * those of the area registry — and is left out (listed as incomplete) when any child has none.
 */
export async function readLabelCounts(
  store: FeatureStore,
  crimeCode: string,
  period: string,
  level: AreaLevel,
): Promise<LabelCounts> {
  const obs = await readObservations(store, period, [crimeCode]);
  const value = new Map<string, number>();
  for (const o of obs) if (o.value !== null && Number.isFinite(o.value)) value.set(o.code, o.value);
  const children = new Map<string, string[]>();
  for (const vintage of new Set(obs.map((o) => o.vintage)))
    for (const a of await store.areas({ vintage })) {
      if (a.parent === null) continue;
      const list = children.get(a.parent) ?? [];
      if (!list.includes(a.code)) list.push(a.code);
      children.set(a.parent, list);
    }
  // areas of the level that have a count of their own or below them
  const candidates = new Set<string>();
  for (const code of value.keys()) {
    let c: string | null = code;
    while (c !== null && (levelOf(c) === null || DEPTH[levelOf(c)!] > DEPTH[level])) c = parentOf(c);
    if (c !== null && levelOf(c) === level) candidates.add(c);
  }
  const memo = new Map<string, number | null>();
  const countOf = (code: string): number | null => {
    const own = value.get(code);
    if (own !== undefined) return own;
    if (memo.has(code)) return memo.get(code)!;
    const kids = children.get(code) ?? [];
    let sum: number | null = kids.length ? 0 : null;
    for (const k of kids) {
      const c = countOf(k);
      if (c === null) {
        sum = null;
        break;
      }
      sum! += c;
    }
    memo.set(code, sum);
    return sum;
  };
  const counts = new Map<string, number>();
  const aggregated: string[] = [],
    incomplete: string[] = [];
  for (const code of [...candidates].sort()) {
    const c = countOf(code);
    if (c === null) incomplete.push(code);
    else {
      counts.set(code, c);
      if (!value.has(code)) aggregated.push(code);
    }
  }
  return {
    counts,
    aggregated,
    incomplete,
    sourceIds: new Set(obs.map((o) => o.id)),
    synthetic: obs.some((o) => o.synthetic),
  };
}
