import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createFrame, createRng } from '../../core/index.ts';
import { ensembleMargin } from '../learners/index.ts';
import { float32Threshold, importXgboostJson } from './xgboost-import.ts';
import { treeShap } from './tree-shap.ts';

test('float32Threshold reproduces float32(x) < t for doubles around the threshold', () => {
  const rng = createRng(8);
  for (let k = 0; k < 2000; k++) {
    const t = Math.fround(rng.normal() * 10 ** (rng.int(8) - 4));
    const d = float32Threshold(t);
    for (let s = 0; s < 30; s++) {
      const x = t * (1 + (rng.next() - 0.5) * 1e-7 * (s % 3 === 0 ? 1e-3 : 1));
      assert.equal(x < d, Math.fround(x) < t, `t=${t} x=${x}`);
    }
    // exact midpoints with the previous float32 (the tie case)
    const ab = new Float32Array([t]);
    const u = new Uint32Array(ab.buffer);
    u[0] = t > 0 ? u[0]! - 1 : u[0]! + 1;
    const mid = ab[0]! + (t - ab[0]!) / 2;
    assert.equal(mid < d, Math.fround(mid) < t, `midpoint t=${t}`);
  }
});

test('imported xgboost model: margins and TreeSHAP equal xgboost predict and pred_contribs (fixture)', () => {
  const fx = JSON.parse(readFileSync(new URL('./fixtures/xgboost-small.json', import.meta.url), 'utf8')) as {
    model: unknown;
    rows: (number | null)[][];
    margin: number[];
    contribs: number[][];
  };
  const ens = importXgboostJson(fx.model);
  const nF = ens.nFeatures;
  const cols = Array.from({ length: nF }, (_, j) => Float64Array.from(fx.rows, (r) => r[j] ?? NaN));
  const X = createFrame(
    cols.map((_, j) => `f${j}`),
    cols,
  );
  const m = ensembleMargin(ens, X);
  const c = treeShap(ens, X);
  fx.rows.forEach((_, i) => {
    assert.ok(Math.abs(m[i]! - fx.margin[i]!) < 1e-5, `row ${i} margin ${m[i]} vs ${fx.margin[i]}`);
    for (let j = 0; j < nF; j++) {
      assert.ok(
        Math.abs(c.values[i * nF + j]! - fx.contribs[i]![j]!) < 1e-5,
        `row ${i} feature ${j}: ${c.values[i * nF + j]} vs ${fx.contribs[i]![j]}`,
      );
    }
    assert.ok(Math.abs(c.baseValue - fx.contribs[i]![nF]!) < 1e-5, `bias ${c.baseValue} vs ${fx.contribs[i]![nF]}`);
  });
});
