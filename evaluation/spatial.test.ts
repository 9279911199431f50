import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/index.ts';
import { empiricalBayesRates, localClusters, moransI, neighbourIndex } from './index.ts';

/** Rook contiguity on a size × size grid, cells named r{row}c{col}. */
function grid(size: number) {
  const name = (r: number, c: number) => `r${r}c${c}`;
  const codes: string[] = [];
  const adjacency = new Map<string, string[]>();
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      codes.push(name(r, c));
      const nb: string[] = [];
      for (const [dr, dc] of [
        [-1, 0],
        [1, 0],
        [0, -1],
        [0, 1],
      ] as const) {
        const rr = r + dr,
          cc = c + dc;
        if (rr >= 0 && rr < size && cc >= 0 && cc < size) nb.push(name(rr, cc));
      }
      adjacency.set(name(r, c), nb);
    }
  return { codes, nb: neighbourIndex(codes, adjacency), name };
}

test("Moran's I on a chain equals the value worked out by hand", () => {
  // 0-1-2-3 with values 1..4: z = (-1.5, -0.5, 0.5, 1.5), Σz² = 5, Σ zᵢ·lagᵢ = 2, I = (4/4)·(2/5)
  const nb = neighbourIndex(
    ['a', 'b', 'c', 'd'],
    new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['b', 'd']],
      ['d', ['c']],
    ]),
  );
  const r = moransI([1, 2, 3, 4], nb, { seed: 1, permutations: 9 });
  assert.ok(Math.abs(r.I - 0.4) < 1e-12, `I = ${r.I}`);
  assert.ok(Math.abs(r.expected - -1 / 3) < 1e-12);
  assert.equal(r.n, 4);
});

test("Moran's I: a gradient clusters, a checkerboard disperses, noise does neither", () => {
  const { codes, nb } = grid(10);
  const gradient = codes.map((_, i) => Math.floor(i / 10) + (i % 10));
  const checker = codes.map((_, i) => (Math.floor(i / 10) + (i % 10)) % 2);
  const rng = createRng(7);
  const noise = codes.map(() => rng.next());
  const g = moransI(gradient, nb, { seed: 1 });
  const c = moransI(checker, nb, { seed: 1 });
  const n = moransI(noise, nb, { seed: 1 });
  assert.ok(g.I > 0.8 && g.pValue === 1 / 200, `gradient I ${g.I}, p ${g.pValue}`);
  assert.ok(Math.abs(c.I - -1) < 1e-12, `a perfect checkerboard has I = -1, got ${c.I}`);
  assert.ok(c.pValue === 1, 'no permutation is less clustered than a checkerboard');
  assert.ok(Math.abs(n.I) < 0.2 && n.pValue > 0.05, `noise I ${n.I}, p ${n.pValue}`);
  assert.deepEqual(moransI(noise, nb, { seed: 1 }), n, 'the same seed gives the same p-value');
});

test('local clusters find a block of high values and its surroundings, not the background', () => {
  const { codes, nb, name } = grid(10);
  const rng = createRng(3);
  const values = codes.map((c) => {
    const r = Number(c.slice(1, c.indexOf('c'))),
      col = Number(c.slice(c.indexOf('c') + 1));
    return r >= 1 && r <= 3 && col >= 1 && col <= 3 ? 10 + rng.next() : rng.next();
  });
  const out = localClusters(codes, values, nb, { seed: 1, permutations: 199 });
  assert.ok(out.highHigh.includes(name(2, 2)), 'the centre of the block is a high-high cluster');
  for (const c of [...out.highHigh, ...out.highLow]) {
    const r = Number(c.slice(1, c.indexOf('c'))),
      col = Number(c.slice(c.indexOf('c') + 1));
    assert.ok(r >= 1 && r <= 3 && col >= 1 && col <= 3, `${c} is high only if it is in the block`);
  }
  assert.ok(!out.lowLow.includes(name(2, 2)));
  assert.ok(out.lowHigh.every((c) => !out.highHigh.includes(c)));
  const isolated = neighbourIndex(['x', 'y'], new Map());
  assert.deepEqual(
    localClusters(['x', 'y'], [1, 100], isolated, { seed: 1 }),
    {
      highHigh: [],
      lowLow: [],
      highLow: [],
      lowHigh: [],
    },
    'an area without neighbours is in no cluster',
  );
});

test('empirical-Bayes rates shrink small areas towards the overall rate, large areas barely', () => {
  const counts = [0, 5, 50, 200, 1];
  const population = [100, 100, 1000, 100000, 20];
  const eb = empiricalBayesRates(counts, population);
  const overall = counts.reduce((a, b) => a + b) / population.reduce((a, b) => a + b);
  counts.forEach((c, i) => {
    const raw = c / population[i]!;
    const lo = Math.min(raw, overall),
      hi = Math.max(raw, overall);
    assert.ok(eb[i]! >= lo - 1e-15 && eb[i]! <= hi + 1e-15, `area ${i}: ${eb[i]} between ${raw} and ${overall}`);
  });
  // the largest area keeps its own rate within 1%; the smallest moves more than half-way
  assert.ok(Math.abs(eb[3]! - 0.002) / 0.002 < 0.01, `large area ${eb[3]}`);
  assert.ok(Math.abs(eb[4]! - overall) < Math.abs(0.05 - overall) / 2, `small area ${eb[4]}`);
  // equal rates everywhere: nothing to shrink
  assert.deepEqual(Array.from(empiricalBayesRates([1, 10, 100], [100, 1000, 10000])), [0.01, 0.01, 0.01]);
});
