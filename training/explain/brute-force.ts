import type { TreeArrays, TreeEnsemble } from '../types.ts';

/**
 * Reference Shapley values by enumerating every feature subset (2^M): the value of a
 * coalition S is the path-dependent expectation — features in S follow the row, others
 * average their children weighted by cover. Exponential; for tests with M ≤ ~10 only.
 */
export function bruteForceShap(ensemble: TreeEnsemble, x: Float64Array): { baseValue: number; phi: Float64Array } {
  const M = ensemble.nFeatures;
  const scale = ensemble.averaging ? 1 / Math.max(1, ensemble.trees.length) : 1;
  const v = (mask: number): number => {
    let s = 0;
    for (const t of ensemble.trees) s += expect(t, x, mask, 0);
    return ensemble.baseScore + scale * s;
  };
  const cache = new Float64Array(1 << M);
  for (let m = 0; m < 1 << M; m++) cache[m] = v(m);
  const fact = [1];
  for (let i = 1; i <= M; i++) fact.push(fact[i - 1]! * i);
  const phi = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    const bit = 1 << i;
    for (let m = 0; m < 1 << M; m++) {
      if (m & bit) continue;
      const size = popcount(m);
      const w = (fact[size]! * fact[M - size - 1]!) / fact[M]!;
      phi[i] = phi[i]! + w * (cache[m | bit]! - cache[m]!);
    }
  }
  return { baseValue: cache[0]!, phi };
}

function expect(t: TreeArrays, x: Float64Array, mask: number, n: number): number {
  const l = t.left[n]!;
  if (l === -1) return t.value[n]!;
  const r = t.right[n]!;
  const f = t.feature[n]!;
  if (mask & (1 << f)) {
    const v = x[f]!;
    const goLeft = v !== v ? t.missingLeft[n] === 1 : v < t.threshold[n]!;
    return expect(t, x, mask, goLeft ? l : r);
  }
  const c = t.cover[n]!;
  return (t.cover[l]! * expect(t, x, mask, l) + t.cover[r]! * expect(t, x, mask, r)) / c;
}

function popcount(m: number): number {
  let c = 0;
  while (m) {
    m &= m - 1;
    c++;
  }
  return c;
}
