import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/index.ts';
import { float32Threshold } from './xgboost-import.ts';

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
