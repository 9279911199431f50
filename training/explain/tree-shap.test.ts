import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, createFrame, type Rng } from '../../core/index.ts';
import type { TreeArrays, TreeEnsemble } from '../types.ts';
import { treeShap, treeShapRecursive } from './tree-shap.ts';
import { bruteForceShap } from './brute-force.ts';

/** A random full tree of the given depth, with repeated features along paths and NaN routing. */
function randomTree(rng: Rng, depth: number, nF: number): TreeArrays {
  const feature: number[] = [],
    threshold: number[] = [],
    left: number[] = [],
    right: number[] = [];
  const ml: number[] = [],
    value: number[] = [],
    cover: number[] = [];
  const make = (d: number, c: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    ml.push(0);
    value.push(0);
    cover.push(c);
    if (d < depth && rng.next() < 0.85) {
      feature[id] = rng.int(nF);
      threshold[id] = rng.normal();
      ml[id] = rng.int(2);
      const share = 0.1 + 0.8 * rng.next();
      const l = make(d + 1, c * share);
      const r = make(d + 1, c * (1 - share));
      left[id] = l;
      right[id] = r;
      value[id] = (value[l]! * cover[l]! + value[r]! * cover[r]!) / c;
    } else {
      value[id] = rng.normal();
    }
    return id;
  };
  make(0, 100 + rng.int(100));
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

for (const averaging of [false, true]) {
  test(`treeShap equals brute-force Shapley values (averaging=${averaging})`, () => {
    const rng = createRng(42 + Number(averaging));
    for (let rep = 0; rep < 6; rep++) {
      const nF = 2 + rng.int(7);
      const trees = Array.from({ length: 1 + rng.int(4) }, () => randomTree(rng, 1 + rng.int(6), nF));
      const ens: TreeEnsemble = { trees, baseScore: rng.normal(), averaging, link: 'identity', nFeatures: nF };
      const n = 12;
      const cols = Array.from({ length: nF }, () =>
        Float64Array.from({ length: n }, () => (rng.next() < 0.15 ? NaN : rng.normal())),
      );
      const X = createFrame(
        cols.map((_, j) => `f${j}`),
        cols,
      );
      const c = treeShap(ens, X);
      for (let i = 0; i < n; i++) {
        const x = Float64Array.from(cols, (col) => col[i]!);
        const ref = bruteForceShap(ens, x);
        assert.ok(Math.abs(ref.baseValue - c.baseValue) < 1e-10, `base ${ref.baseValue} vs ${c.baseValue}`);
        let sum = c.baseValue;
        for (let j = 0; j < nF; j++) {
          const got = c.values[i * nF + j]!;
          assert.ok(Math.abs(got - ref.phi[j]!) < 1e-10, `rep ${rep} row ${i} feature ${j}: ${got} vs ${ref.phi[j]}`);
          sum += got;
        }
        assert.ok(Math.abs(sum - c.output[i]!) <= 1e-9 * Math.max(1, Math.abs(c.output[i]!)), 'sum to margin');
      }
    }
  });
}

test('treeShap of a single-leaf tree is all base value', () => {
  const t: TreeArrays = {
    feature: Int32Array.of(-1),
    threshold: Float64Array.of(0),
    left: Int32Array.of(-1),
    right: Int32Array.of(-1),
    missingLeft: Uint8Array.of(0),
    value: Float64Array.of(0.5),
    cover: Float64Array.of(10),
  };
  const c = treeShap(
    { trees: [t], baseScore: 1, averaging: false, link: 'identity', nFeatures: 1 },
    createFrame(['a'], [Float64Array.of(3)]),
  );
  assert.equal(c.baseValue, 1.5);
  assert.equal(c.values[0], 0);
  assert.equal(c.output[0], 1.5);
});

test('the tabulated default equals Algorithm 2 on random ensembles', () => {
  const rng = createRng(5);
  for (let rep = 0; rep < 4; rep++) {
    const nF = 3 + rng.int(5);
    const ens: TreeEnsemble = {
      trees: Array.from({ length: 2 + rng.int(3) }, () => randomTree(rng, 2 + rng.int(5), nF)),
      baseScore: rng.normal(),
      averaging: rep % 2 === 1,
      link: 'identity',
      nFeatures: nF,
    };
    const cols = Array.from({ length: nF }, () =>
      Float64Array.from({ length: 20 }, () => (rng.next() < 0.1 ? NaN : rng.normal())),
    );
    const X = createFrame(
      cols.map((_, j) => `f${j}`),
      cols,
    );
    const a = treeShap(ens, X),
      b = treeShapRecursive(ens, X);
    assert.ok(Math.abs(a.baseValue - b.baseValue) < 1e-12);
    for (let i = 0; i < a.values.length; i++) assert.ok(Math.abs(a.values[i]! - b.values[i]!) < 1e-10);
  }
});
