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
 * exactly when the unit vector e_j lies in the row space of the system (the rank test τ-ARGUS
 * applies to tables of sums). Unknowns that share no equation, directly or through others, are
 * independent, so the test runs per block of linked unknowns — a gemeente's areas — and costs
 * the sum of small eliminations instead of one over the whole country.
 */
export function determinedUnknowns(n: number, equations: readonly (readonly number[])[]): Set<number> {
  const root = linkedBlocks(n, equations);
  const blocks = new Map<number, { unknowns: number[]; equations: (readonly number[])[] }>();
  for (let j = 0; j < n; j++) {
    const r = root(j);
    const b = blocks.get(r);
    if (b) b.unknowns.push(j);
    else blocks.set(r, { unknowns: [j], equations: [] });
  }
  for (const e of equations) if (e.length > 0) blocks.get(root(e[0]!))!.equations.push(e);
  const out = new Set<number>();
  for (const b of blocks.values()) {
    if (b.equations.length === 0) continue;
    const local = new Map(b.unknowns.map((j, k) => [j, k]));
    const found = eliminate(
      b.unknowns.length,
      b.equations.map((e) => e.map((j) => local.get(j)!)),
    );
    for (const k of found) out.add(b.unknowns[k]!);
  }
  return out;
}

/** Union–find over 0..n−1: `root` of an element (with path halving), `join` two sets. */
function unionFind(n: number): { root: (i: number) => number; join: (a: number, b: number) => void } {
  const up = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (up[i] !== i) {
      up[i] = up[up[i]!]!;
      i = up[i]!;
    }
    return i;
  };
  return {
    root,
    join: (a, b) => {
      const ra = root(a),
        rb = root(b);
      // the smaller root stays: a set is named by its first member
      if (ra !== rb) up[Math.max(ra, rb)] = Math.min(ra, rb);
    },
  };
}

/** Unknowns joined by the equations they share; returns each unknown's block. */
function linkedBlocks(n: number, equations: readonly (readonly number[])[]): (j: number) => number {
  const sets = unionFind(n);
  for (const e of equations) for (let k = 1; k < e.length; k++) sets.join(e[0]!, e[k]!);
  return sets.root;
}

/**
 * Gauss–Jordan elimination of one block: j is determined when it is a pivot column whose
 * reduced row has no other non-zero entry.
 */
function eliminate(n: number, equations: readonly (readonly number[])[]): number[] {
  const rows = equations.map((e) => {
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
  return pivots.filter((col, r) => {
    const row = rows[r]!;
    for (let k = 0; k < n; k++) if (k !== col && Math.abs(row[k]!) > 1e-9) return false;
    return true;
  });
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
 * The parts of a hierarchy that share no child: parents linked through common children (a
 * gemeente with its wijken and their buurten). Each keeps the parents' order in `children`.
 */
export function hierarchyParts(children: ReadonlyMap<string, readonly string[]>): Map<string, readonly string[]>[] {
  const parents = [...children];
  const byKid = new Map<string, number>();
  const sets = unionFind(parents.length);
  parents.forEach(([, kids], i) => {
    for (const k of kids) {
      const other = byKid.get(k);
      if (other === undefined) byKid.set(k, i);
      else sets.join(other, i);
    }
  });
  const parts = new Map<number, Map<string, readonly string[]>>();
  parents.forEach(([p, kids], i) => {
    const r = sets.root(i);
    const part = parts.get(r) ?? new Map<string, readonly string[]>();
    part.set(p, kids);
    parts.set(r, part);
  });
  return [...parts.values()];
}

/**
 * Secondary suppression: while the published sums determine a suppressed code, suppress one
 * more shown child (the smallest) of the parent with the fewest suppressed children that
 * contains it — or, when that parent has no shown child left, withhold the parent's total.
 * Repeats until the rank test finds nothing recoverable. Parts of the hierarchy that share no
 * child cannot affect each other, so each is settled on its own (same outcome, far less work).
 */
export function secondarySuppression(
  children: ReadonlyMap<string, readonly string[]>,
  counts: ReadonlyMap<string, number>,
  primary: ReadonlySet<string>,
): Set<string> & { parents?: Set<string> } {
  const added: Set<string> & { parents?: Set<string> } = new Set<string>();
  const parents = new Set<string>();
  const parts = hierarchyParts(children);
  // each part's primary codes, in the order given (one pass, not one scan of them per part)
  const partOf = new Map<string, number>();
  parts.forEach((part, i) => {
    for (const kids of part.values()) for (const k of kids) partOf.set(k, i);
  });
  const primaryOf = parts.map(() => new Set<string>());
  for (const c of primary) {
    const i = partOf.get(c);
    if (i !== undefined) primaryOf[i]!.add(c);
  }
  for (const [i, part] of parts.entries()) {
    const suppressed = primaryOf[i]!;
    if (suppressed.size === 0) continue;
    for (;;) {
      const open = recoverable(part, suppressed, parents);
      if (open.length === 0) break;
      const target = open[0]!;
      const [parent, of] = [...part]
        .filter(([p, k]) => !parents.has(p) && k.includes(target))
        .sort(
          (a, b) => a[1].filter((k) => suppressed.has(k)).length - b[1].filter((k) => suppressed.has(k)).length,
        )[0]!;
      const candidate = of
        .filter((k) => !suppressed.has(k))
        .sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a.localeCompare(b))[0];
      if (candidate === undefined) parents.add(parent);
      else {
        suppressed.add(candidate);
        added.add(candidate);
      }
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
    const siblings = children.get(input.parents[i]!) ?? [];
    siblings.push(c);
    children.set(input.parents[i]!, siblings);
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
