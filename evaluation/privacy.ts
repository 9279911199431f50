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
 * Which unknowns a system of published sums determines. Each equation is a set of unknowns
 * whose sum is known (a public parent total minus its shown children). Unknown j is recoverable
 * exactly when the unit vector e_j lies in the row space of the system: after Gauss–Jordan
 * elimination, j is a pivot column whose row has no other non-zero entry (the rank test
 * τ-ARGUS applies to tables of sums).
 */
export function determinedUnknowns(n: number, equations: readonly (readonly number[])[]): Set<number> {
  const rows = equations
    .filter((e) => e.length > 0)
    .map((e) => {
      const r = new Float64Array(n);
      for (const j of e) r[j] = 1;
      return r;
    });
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < n && rank < rows.length; col++) {
    let p = -1;
    for (let r = rank; r < rows.length; r++)
      if (Math.abs(rows[r]![col]!) > 1e-9) {
        p = r;
        break;
      }
    if (p < 0) continue;
    [rows[rank], rows[p]] = [rows[p]!, rows[rank]!];
    const pr = rows[rank]!;
    const pv = pr[col]!;
    for (let k = 0; k < n; k++) pr[k]! /= pv;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const f = rows[r]![col]!;
      if (Math.abs(f) < 1e-12) continue;
      const row = rows[r]!;
      for (let k = 0; k < n; k++) row[k]! -= f * pr[k]!;
    }
    pivots.push(col);
    rank++;
  }
  const out = new Set<number>();
  pivots.forEach((col, r) => {
    const row = rows[r]!;
    let others = 0;
    for (let k = 0; k < n; k++) if (k !== col && Math.abs(row[k]!) > 1e-9) others++;
    if (others === 0) out.add(col);
  });
  return out;
}

/**
 * Suppressed codes that can be worked out from the published sums: every parent whose total is
 * public (and not withheld) gives the sum of its suppressed children; a code is recoverable when
 * these sums determine it (rank test). Parents may overlap (a buurt is in its wijk and its gemeente).
 */
export function recoverable(
  children: ReadonlyMap<string, readonly string[]>,
  suppressed: ReadonlySet<string>,
  withheldParents: ReadonlySet<string> = new Set(),
): string[] {
  const unknowns = [...suppressed];
  const index = new Map(unknowns.map((c, j) => [c, j]));
  const equations = [...children]
    .filter(([parent]) => !withheldParents.has(parent))
    .map(([, kids]) => kids.filter((k) => index.has(k)).map((k) => index.get(k)!));
  return [...determinedUnknowns(unknowns.length, equations)].map((j) => unknowns[j]!).sort();
}

/**
 * Secondary suppression: while the published sums determine a suppressed code, suppress one
 * more shown child (the smallest) of the parent with the fewest suppressed children that
 * contains it — or, when that parent has no shown child left, withhold the parent's total.
 * Repeats until the rank test finds nothing recoverable.
 */
export function secondarySuppression(
  children: ReadonlyMap<string, readonly string[]>,
  counts: ReadonlyMap<string, number>,
  primary: ReadonlySet<string>,
): Set<string> & { parents?: Set<string> } {
  const suppressed = new Set(primary);
  const added: Set<string> & { parents?: Set<string> } = new Set<string>();
  const parents = new Set<string>();
  for (;;) {
    const open = recoverable(children, suppressed, parents);
    if (open.length === 0) break;
    const target = open[0]!;
    const [parent, kids] = [...children]
      .filter(([p, k]) => !parents.has(p) && k.includes(target))
      .sort((a, b) => a[1].filter((k) => suppressed.has(k)).length - b[1].filter((k) => suppressed.has(k)).length)[0]!;
    const candidate = kids
      .filter((k) => !suppressed.has(k))
      .sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a.localeCompare(b))[0];
    if (candidate === undefined) parents.add(parent);
    else {
      suppressed.add(candidate);
      added.add(candidate);
    }
  }
  added.parents = parents;
  return added;
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
