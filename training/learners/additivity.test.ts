/**
 * For every learner and any data — missing values, constant and duplicate columns, few rows —
 * an explanation adds up: base value + Σ contributions = the margin the model predicts, per row,
 * on rows it was not trained on as well.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createFrame } from '../../core/index.ts';
import { MODEL_KINDS, fitModel } from './fit-model.ts';

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -50, max: 50, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }) },
);
const data = fc.integer({ min: 1, max: 5 }).chain((p) =>
  fc.record({
    p: fc.constant(p),
    train: fc.array(fc.record({ x: fc.array(value, { minLength: p, maxLength: p }), y: fc.boolean() }), {
      minLength: 12,
      maxLength: 60,
    }),
    test: fc.array(fc.array(value, { minLength: p, maxLength: p }), { minLength: 1, maxLength: 10 }),
    kind: fc.constantFrom(...MODEL_KINDS),
    seed: fc.nat(1000),
  }),
);

const frameOf = (rows: readonly (readonly number[])[], p: number) =>
  createFrame(
    Array.from({ length: p }, (_, j) => `f${j}`),
    Array.from({ length: p }, (_, j) => Float64Array.from(rows, (r) => r[j]!)),
  );

test('every learner: base + Σ contributions = the margin, for every row, on any data', () => {
  fc.assert(
    fc.property(data, ({ p, train, test: rows, kind, seed }) => {
      // both classes present, as the training job requires
      const y = Float64Array.from(train, (r, i) => (i === 0 ? 1 : i === 1 ? 0 : Number(r.y)));
      const small = { gbm: { nTrees: 8, maxDepth: 3 }, forest: { nTrees: 6, maxDepth: 4 }, ebm: {}, logistic: {} };
      const model = fitModel(
        kind,
        {
          X: frameOf(
            train.map((r) => r.x),
            p,
          ),
          y,
        },
        small[kind],
        { seed },
      );
      for (const X of [
        frameOf(
          train.map((r) => r.x),
          p,
        ),
        frameOf(rows, p),
      ]) {
        const c = model.contributions(X);
        const margin = model.predictMargin(X);
        for (let i = 0; i < X.nRows; i++) {
          let sum = c.baseValue;
          for (let j = 0; j < c.nFeatures; j++) sum += c.values[i * c.nFeatures + j]!;
          const tol = 1e-9 * Math.max(1, Math.abs(margin[i]!));
          assert.ok(Math.abs(sum - margin[i]!) <= tol, `${kind} row ${i}: base + Σ = ${sum}, margin ${margin[i]}`);
          assert.ok(Math.abs(c.output[i]! - margin[i]!) <= tol, `${kind} row ${i}: output is the margin`);
        }
      }
    }),
    { numRuns: 120 },
  );
});
