/**
 * Area under the ROC curve (ties get half credit), O(n log n). For tests and benchmarks only: the
 * learners' own oracle, independent of evaluation/metrics.ts (a layer above).
 */
export function auc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSumPos = 0,
    nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[idx[j + 1]!] === score[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (y[idx[k]!] === 1) {
        rankSumPos += rank;
        nPos++;
      }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
