import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrame, createRng, type Rng } from '../../core/index.ts';
import type { TreeArrays, TreeEnsemble } from '../types.ts';
import { bruteForceInterventional, interventionalTreeShap } from './interventional.ts';

function randomTree(rng: Rng, depth: number, nF: number): TreeArrays {
  const feature: number[] = [],
    threshold: number[] = [],
    left: number[] = [],
    right: number[] = [],
    ml: number[] = [],
    value: number[] = [],
    cover: number[] = [];
  const make = (d: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    ml.push(0);
    value.push(rng.normal());
    cover.push(1);
    if (d < depth && rng.next() < 0.85) {
      feature[id] = rng.int(nF);
      threshold[id] = rng.normal();
      ml[id] = rng.int(2);
      const l = make(d + 1),
        r = make(d + 1);
      left[id] = l;
      right[id] = r;
    }
    return id;
  };
  make(0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    missingLeft: Uint8Array.from(ml),
    value: Float64Array.from(value),
    cover: Float64Array.from(cover),
  };
}

test('interventional TreeSHAP equals brute-force interventional Shapley values and adds up to f(x) − mean f(background)', () => {
  const rng = createRng(8);
  for (let rep = 0; rep < 6; rep++) {
    const nF = 2 + rng.int(5);
    const averaging = rep % 2 === 1;
    const ens: TreeEnsemble = {
      trees: Array.from({ length: 1 + rng.int(3) }, () => randomTree(rng, 1 + rng.int(5), nF)),
      baseScore: rng.normal(),
      averaging,
      link: 'identity',
      nFeatures: nF,
    };
    const frame = (n: number) => {
      const cols = Array.from({ length: nF }, () =>
        Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.normal())),
      );
      return createFrame(
        cols.map((_, j) => `f${j}`),
        cols,
      );
    };
    const X = frame(6),
      bg = frame(5);
    const c = interventionalTreeShap(ens, X, bg);
    for (let i = 0; i < X.nRows; i++) {
      const x = Float64Array.from(X.data, (col) => col[i]!);
      const ref = bruteForceInterventional(ens, x, bg);
      assert.ok(Math.abs(ref.baseValue - c.baseValue) < 1e-10);
      let sum = c.baseValue;
      for (let j = 0; j < nF; j++) {
        assert.ok(
          Math.abs(c.values[i * nF + j]! - ref.phi[j]!) < 1e-10,
          `rep ${rep} row ${i} feature ${j}: ${c.values[i * nF + j]} vs ${ref.phi[j]}`,
        );
        sum += c.values[i * nF + j]!;
      }
      assert.ok(Math.abs(sum - c.output[i]!) < 1e-9, 'base + Σ = f(x)');
    }
  }
});
