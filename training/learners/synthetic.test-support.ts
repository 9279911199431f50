import { createFrame, createRng, type Frame } from '../../core/index.ts';

/**
 * Generated binary-classification data for tests and benchmarks (not real areas):
 * a few informative features with non-linear and interaction effects, the rest noise,
 * a share of values missing at random.
 */
export function syntheticBinary(
  nRows: number,
  nFeatures: number,
  seed: number,
  missingShare = 0.05,
): { X: Frame; y: Float64Array; logit: Float64Array } {
  const rng = createRng(seed);
  const cols = Array.from({ length: nFeatures }, () => new Float64Array(nRows));
  const logit = new Float64Array(nRows);
  const y = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nFeatures; j++) cols[j]![i] = rng.normal();
    const x = (j: number): number => (j < nFeatures ? cols[j]![i]! : 0);
    const z =
      1.2 * x(0) -
      0.8 * x(1) +
      (x(2) > 0.5 ? 1.0 : -0.3) +
      0.6 * x(3) * x(4) +
      0.5 * Math.sin(2 * x(5)) -
      0.4 * x(6) * x(6);
    logit[i] = z;
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    for (let j = 0; j < nFeatures; j++) if (rng.next() < missingShare) cols[j]![i] = NaN;
  }
  return {
    X: createFrame(
      cols.map((_, j) => `x${j}`),
      cols,
    ),
    y,
    logit,
  };
}
