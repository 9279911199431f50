/** Default minimum population under which nothing about an area is shown. */
export const MIN_POPULATION = 100;
/** No label count under this is shown anywhere. */
export const MIN_COUNT = 5;

/** A count as it may be shown: null under 5, otherwise rounded to a multiple of 5. */
export function showCount(n: number): number | null {
  if (!Number.isFinite(n) || n < MIN_COUNT) return null;
  return Math.round(n / 5) * 5;
}

export interface SuppressionEntry {
  readonly code: string;
  readonly reason: 'population' | 'small-count' | 'secondary';
  readonly detail: string;
}

/**
 * Secondary suppression: when a parent's total is shown and exactly one of
 * its children is suppressed, that child could be recovered as the total
 * minus its siblings. Suppress the smallest other child too, and repeat until
 * no parent has exactly one suppressed child. A parent whose only child is
 * suppressed has its own total withheld instead.
 */
export function secondarySuppression(
  children: ReadonlyMap<string, readonly string[]>,
  counts: ReadonlyMap<string, number>,
  primary: ReadonlySet<string>,
): Set<string> & { parents?: Set<string> } {
  const suppressed = new Set(primary);
  const added: Set<string> & { parents?: Set<string> } = new Set<string>();
  const parents = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [parent, kids] of children) {
      if (parents.has(parent)) continue;
      const sup = kids.filter((k) => suppressed.has(k));
      if (sup.length !== 1) continue;
      const candidate = kids
        .filter((k) => !suppressed.has(k))
        .sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a.localeCompare(b))[0];
      if (candidate === undefined) {
        parents.add(parent);
        continue;
      }
      suppressed.add(candidate);
      added.add(candidate);
      changed = true;
    }
  }
  added.parents = parents;
  return added;
}

/** Codes whose suppressed value could be recovered from a shown parent total and the shown siblings. */
export function recoverable(
  children: ReadonlyMap<string, readonly string[]>,
  suppressed: ReadonlySet<string>,
  withheldParents: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = [];
  for (const [parent, kids] of children) {
    if (withheldParents.has(parent)) continue;
    const sup = kids.filter((k) => suppressed.has(k));
    if (sup.length === 1) out.push(sup[0]!);
  }
  return out;
}

/**
 * The suppression plan for label counts of a set of areas grouped under
 * parents: primary (population under the minimum, counts under 5) and
 * secondary suppression, with a reason for each.
 */
export function planSuppression(input: {
  codes: readonly string[];
  parents: readonly string[];
  population: ArrayLike<number>;
  counts: ArrayLike<number>;
  minPopulation?: number;
}): { suppressed: SuppressionEntry[]; check: { recoverable: string[] } } {
  const minPop = input.minPopulation ?? MIN_POPULATION;
  const entries: SuppressionEntry[] = [];
  const primary = new Set<string>();
  const counts = new Map<string, number>();
  const children = new Map<string, string[]>();
  input.codes.forEach((c, i) => {
    counts.set(c, input.counts[i]!);
    children.set(input.parents[i]!, [...(children.get(input.parents[i]!) ?? []), c]);
    if (!(input.population[i]! >= minPop)) {
      primary.add(c);
      entries.push({ code: c, reason: 'population', detail: `fewer than ${minPop} inhabitants` });
    } else if (input.counts[i]! < MIN_COUNT) {
      primary.add(c);
      entries.push({ code: c, reason: 'small-count', detail: `count under ${MIN_COUNT}` });
    }
  });
  const secondary = secondarySuppression(children, counts, primary);
  for (const c of secondary)
    entries.push({
      code: c,
      reason: 'secondary',
      detail: 'suppressed so that another area cannot be recovered from the total',
    });
  const parents = secondary.parents ?? new Set<string>();
  for (const p of parents)
    entries.push({ code: p, reason: 'secondary', detail: 'total withheld: its only shown-level area is suppressed' });
  return {
    suppressed: entries,
    check: { recoverable: recoverable(children, new Set([...primary, ...secondary]), parents) },
  };
}
