import type { Frame } from '../../core/index.ts';
import type { Contributions, TreeArrays, TreeEnsemble } from '../types.ts';

const goesLeft = (t: TreeArrays, n: number, v: number) => (v !== v ? t.missingLeft[n] === 1 : v < t.threshold[n]!);

/**
 * Interventional (marginal) TreeSHAP: exact Shapley values of the value
 * function v(S) = mean over background rows z of f(x_S, z_S̄). Per background
 * row the tree is walked once, branching only where x and z go different ways;
 * at a leaf the features that followed x (set A) and those that followed z
 * (set B) receive v·(|A|−1)!|B|!/(|A|+|B|)! and −v·|A|!(|B|−1)!/(|A|+|B|)!
 * (a feature met again on the path keeps the side it took). Cost O(T·L·B) per
 * row. baseValue = mean f(z); baseValue + Σ contributions = f(x).
 */
export function interventionalTreeShap(ensemble: TreeEnsemble, X: Frame, background: Frame): Contributions {
  const M = ensemble.nFeatures,
    n = X.nRows,
    B = background.nRows;
  if (B === 0) throw new RangeError('interventional TreeSHAP needs at least one background row');
  const scale = ensemble.averaging ? 1 / Math.max(1, ensemble.trees.length) : 1;
  const maxDepth = 64;
  const fact = new Float64Array(maxDepth + 2);
  fact[0] = 1;
  for (let i = 1; i < fact.length; i++) fact[i] = fact[i - 1]! * i;
  const values = new Float64Array(n * M);
  const output = new Float64Array(n);
  const x = new Float64Array(M),
    z = new Float64Array(M);
  const side = new Int8Array(M); // 0 undecided, 1 followed x (in S), -1 followed z
  const phi = new Float64Array(M);
  let baseSum = 0;
  const zRows = Array.from({ length: B }, (_, b) => Float64Array.from(background.data, (col) => col[b]!));
  for (const zr of zRows) for (const t of ensemble.trees) baseSum += scale * leafValue(t, zr);
  const baseValue = ensemble.baseScore + baseSum / B;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < M; j++) x[j] = X.data[j]![i]!;
    phi.fill(0);
    let fx = ensemble.baseScore;
    for (const t of ensemble.trees) fx += scale * leafValue(t, x);
    for (const zr of zRows) {
      z.set(zr);
      for (const t of ensemble.trees) {
        side.fill(0);
        walk(t, 0, 0, 0, scale / B);
      }
    }
    for (let j = 0; j < M; j++) values[i * M + j] = phi[j]!;
    output[i] = fx;
  }
  return { baseValue, values, nFeatures: M, output };

  function walk(t: TreeArrays, node: number, nA: number, nB: number, w: number): void {
    const l = t.left[node]!;
    if (l === -1) {
      const v = t.value[node]! * w;
      if (nA + nB === 0) return;
      const pa = nA > 0 ? (fact[nA - 1]! * fact[nB]!) / fact[nA + nB]! : 0;
      const pb = nB > 0 ? (fact[nA]! * fact[nB - 1]!) / fact[nA + nB]! : 0;
      for (let j = 0; j < M; j++) {
        if (side[j] === 1) phi[j] = phi[j]! + v * pa;
        else if (side[j] === -1) phi[j] = phi[j]! - v * pb;
      }
      return;
    }
    const f = t.feature[node]!;
    const xl = goesLeft(t, node, x[f]!),
      zl = goesLeft(t, node, z[f]!);
    const r = t.right[node]!;
    if (xl === zl) {
      walk(t, xl ? l : r, nA, nB, w);
      return;
    }
    if (side[f] === 1) {
      walk(t, xl ? l : r, nA, nB, w);
      return;
    }
    if (side[f] === -1) {
      walk(t, zl ? l : r, nA, nB, w);
      return;
    }
    side[f] = 1;
    walk(t, xl ? l : r, nA + 1, nB, w);
    side[f] = -1;
    walk(t, zl ? l : r, nA, nB + 1, w);
    side[f] = 0;
  }
}

function leafValue(t: TreeArrays, x: Float64Array): number {
  let n = 0;
  while (t.left[n]! !== -1) n = goesLeft(t, n, x[t.feature[n]!]!) ? t.left[n]! : t.right[n]!;
  return t.value[n]!;
}

/** Reference: interventional Shapley values by enumerating all 2^M coalitions (tests only). */
export function bruteForceInterventional(
  ensemble: TreeEnsemble,
  x: Float64Array,
  background: Frame,
): { baseValue: number; phi: Float64Array } {
  const M = ensemble.nFeatures,
    B = background.nRows;
  const scale = ensemble.averaging ? 1 / Math.max(1, ensemble.trees.length) : 1;
  const f = (row: Float64Array) =>
    ensemble.baseScore + scale * ensemble.trees.reduce((s, t) => s + leafValue(t, row), 0);
  const v = new Float64Array(1 << M);
  const row = new Float64Array(M);
  for (let m = 0; m < 1 << M; m++) {
    let s = 0;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < M; j++) row[j] = m & (1 << j) ? x[j]! : background.data[j]![b]!;
      s += f(row);
    }
    v[m] = s / B;
  }
  const fact = [1];
  for (let i = 1; i <= M; i++) fact.push(fact[i - 1]! * i);
  const phi = new Float64Array(M);
  for (let j = 0; j < M; j++)
    for (let m = 0; m < 1 << M; m++) {
      if (m & (1 << j)) continue;
      let size = 0;
      for (let k = m; k; k &= k - 1) size++;
      phi[j] = phi[j]! + ((fact[size]! * fact[M - size - 1]!) / fact[M]!) * (v[m | (1 << j)]! - v[m]!);
    }
  return { baseValue: v[0]!, phi };
}
