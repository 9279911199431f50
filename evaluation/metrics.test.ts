import { test } from 'node:test';
import fc from 'fast-check';
import { Matrix, SVD } from 'ml-matrix';
import assert from 'node:assert/strict';
import { createRng } from '../core/index.ts';
import {
  atCapacity,
  auditGroups,
  brier,
  calibrationCurve,
  clusterBootstrap,
  ece,
  empiricalBayesRates,
  groupLabels,
  logLoss,
  moransI,
  neighbourIndex,
  onRows,
  planSuppression,
  poissonDeviance,
  prAuc,
  recoverable,
  determinedUnknowns,
  hierarchyParts,
  rocAuc,
  secondarySuppression,
  showCount,
  spearman,
} from './index.ts';

test('AUC: known answers, ties count half', () => {
  assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
  assert.equal(rocAuc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1]), 0);
  assert.equal(rocAuc([0, 1], [0.5, 0.5]), 0.5);
  assert.equal(rocAuc([0, 1, 0, 1], [0.1, 0.3, 0.35, 0.8]), 0.75);
  assert.ok(Number.isNaN(rocAuc([1, 1], [0.1, 0.2])));
});

test('average precision, Brier, log loss, ECE, Poisson deviance', () => {
  assert.equal(prAuc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]), (1 + 2 / 3) / 2);
  assert.ok(Math.abs(brier([1, 0], [0.8, 0.2]) - 0.04) < 1e-12);
  assert.ok(Math.abs(logLoss([1, 0], [0.5, 0.5]) - Math.log(2)) < 1e-12);
  const rng = createRng(1);
  const p = Float64Array.from({ length: 20000 }, () => rng.next());
  const y = p.map((q) => (rng.next() < q ? 1 : 0));
  assert.ok(ece(y, p) < 0.02, 'calibrated scores have a small ECE');
  assert.ok(
    ece(
      y,
      p.map((q) => q * 0.5),
    ) > 0.2,
  );
  assert.equal(calibrationCurve(y, p, 10).length, 10);
  assert.ok(poissonDeviance([2, 0], [2, 0]) < 1e-9);
});

test('precision and recall at capacity pick the top k per municipality', () => {
  const r = atCapacity([1, 0, 1, 0], [0.9, 0.8, 0.1, 0.7], ['A', 'A', 'B', 'B'], 1);
  assert.deepEqual(r, { precision: 0.5, recall: 0.5, flagged: 2 });
});

test('cluster bootstrap: the interval covers the estimate and narrows with more clusters', () => {
  const rng = createRng(5);
  const mk = (n: number) => {
    const g = Array.from({ length: n }, (_, i) => `GM${i % (n / 10)}`);
    const s = Float64Array.from(g, () => rng.next());
    const y = s.map((q) => (rng.next() < q ? 1 : 0));
    return { g, s, y };
  };
  const a = mk(200),
    b = mk(4000);
  const ea = clusterBootstrap(onRows(rocAuc, a.y, a.s), a.g, { seed: 1 }),
    eb = clusterBootstrap(onRows(rocAuc, b.y, b.s), b.g, { seed: 1 });
  assert.ok(ea.lo <= ea.estimate && ea.estimate <= ea.hi);
  assert.ok(eb.hi - eb.lo < ea.hi - ea.lo);
});

test('fairness: a planted disparity in flag rate is found, equal groups are in the band', () => {
  const rng = createRng(9);
  const n = 3000;
  const attr = Float64Array.from({ length: n }, () => rng.next());
  const labels = groupLabels(attr, { attribute: 'buiten_europa', kind: 'quantile', bins: 3 });
  assert.deepEqual([...new Set(labels)].sort(), ['buiten_europa Q1/3', 'buiten_europa Q2/3', 'buiten_europa Q3/3']);
  const y = Float64Array.from(attr, () => (rng.next() < 0.2 ? 1 : 0));
  // flags: the top group is flagged twice as often at the same prevalence
  const flags = Float64Array.from(attr, (a) => (rng.next() < (a > 2 / 3 ? 0.3 : 0.15) ? 1 : 0));
  const clusters = Array.from({ length: n }, (_, i) => `GM${i % 150}`);
  const audit = auditGroups({
    y,
    flags,
    probability: Float64Array.from(attr, () => 0.2),
    clusters,
    labels,
    attribute: 'buiten_europa',
    seed: 3,
    replicates: 100,
  });
  const top = audit.groups.find((g) => g.group.endsWith('Q3/3'))!,
    mid = audit.groups.find((g) => g.group.endsWith('Q2/3'))!;
  assert.ok(
    top.disparity.flagRate.estimate > 1.6 && !top.disparity.flagRate.inBand && top.disparity.flagRate.significant,
  );
  assert.ok(mid.disparity.flagRate.inBand);
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [10, 20, 30, 40]) - 1) < 1e-12);
});

test('secondary suppression leaves no suppressed buurt recoverable from its wijk total', () => {
  const children = new Map([
    ['WK1', ['B1', 'B2', 'B3']],
    ['WK2', ['B4', 'B5']],
  ]);
  const counts = new Map([
    ['B1', 2],
    ['B2', 10],
    ['B3', 7],
    ['B4', 30],
    ['B5', 40],
  ]);
  const primary = new Set(['B1']);
  assert.deepEqual(recoverable(children, primary), ['B1']);
  const added = secondarySuppression(children, counts, primary);
  assert.deepEqual([...added], ['B3'], 'the smallest other buurt is suppressed too');
  assert.deepEqual(recoverable(children, new Set([...primary, ...added])), []);
  const plan = planSuppression({
    codes: ['B1', 'B2', 'B3', 'B4', 'B5'],
    parents: ['WK1', 'WK1', 'WK1', 'WK2', 'WK2'],
    population: [50, 500, 500, 500, 500],
    counts: [2, 10, 7, 30, 40],
  });
  assert.deepEqual(plan.check.recoverable, []);
  assert.deepEqual(plan.suppressed.map((s) => s.reason).sort(), ['population', 'secondary']);
  assert.equal(showCount(3), null);
  assert.equal(showCount(12), 10);
});

test('the rank test per block of linked areas finds exactly what the rank of the whole system finds', () => {
  // oracle: unknown j is determined iff adding e_j to the equations does not raise their rank
  const rank = (rows: number[][], n: number) =>
    rows.length === 0 ? 0 : new SVD(new Matrix(rows.map((r) => r.slice(0, n)))).rank;
  const system = fc.integer({ min: 1, max: 12 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      equations: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }), { maxLength: 10 }),
    }),
  );
  fc.assert(
    fc.property(system, ({ n, equations }) => {
      const dense = equations.map((e) => Array.from({ length: n }, (_, j) => (e.includes(j) ? 1 : 0)));
      const r = rank(dense, n);
      const expected = [...Array(n).keys()].filter(
        (j) => rank([...dense, Array.from({ length: n }, (_, k) => (k === j ? 1 : 0))], n) === r,
      );
      assert.deepEqual(
        [...determinedUnknowns(n, equations)].sort((a, b) => a - b),
        expected,
      );
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('secondary suppression settles each part of the hierarchy on its own, and leaves nothing recoverable', () => {
  // two gemeenten; buurten sit in a wijk and in their gemeente, so a gemeente with its wijken is one part
  const children = new Map([
    ['GM1', ['B1', 'B2', 'B3', 'B4']],
    ['WK11', ['B1', 'B2']],
    ['WK12', ['B3', 'B4']],
    ['GM2', ['B5', 'B6', 'B7']],
    ['WK21', ['B5', 'B6', 'B7']],
  ]);
  assert.deepEqual(
    hierarchyParts(children).map((p) => [...p.keys()]),
    [
      ['GM1', 'WK11', 'WK12'],
      ['GM2', 'WK21'],
    ],
  );
  const counts = new Map(['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'].map((c, i) => [c, 10 + i]));
  const primary = new Set(['B1', 'B5']);
  const added = secondarySuppression(children, counts, primary);
  assert.deepEqual([...added].sort(), ['B2', 'B6'], 'B1 hides behind B2 (both its sums now cover two), B5 behind B6');
  assert.deepEqual(recoverable(children, new Set([...primary, ...added]), added.parents), []);
  // a national-size hierarchy (355 gemeenten of 40 areas; in half of them one area suppressed,
  // in the others a third) is settled whole
  const big = new Map<string, string[]>();
  const hidden = new Set<string>();
  const sizes = new Map<string, number>();
  for (let g = 0; g < 355; g++) {
    const kids = Array.from({ length: 40 }, (_, k) => `G${g}A${k}`);
    big.set(`GM${g}`, kids);
    kids.forEach((k, i) => {
      sizes.set(k, (g * 7 + i * 13) % 97);
      if (g % 2 === 0 ? i === g % 40 : (g + i) % 3 === 0) hidden.add(k);
    });
  }
  const more = secondarySuppression(big, sizes, hidden);
  assert.deepEqual(recoverable(big, new Set([...hidden, ...more]), more.parents), []);
});

test("Moran's I: clustered values are significant, random ones are not; EB shrinks small areas", () => {
  const codes: string[] = [],
    adj = new Map<string, string[]>();
  const side = 20;
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const code = `${r},${c}`;
      codes.push(code);
      adj.set(
        code,
        [
          [r + 1, c],
          [r - 1, c],
          [r, c + 1],
          [r, c - 1],
        ]
          .filter(([a, b]) => a! >= 0 && b! >= 0 && a! < side && b! < side)
          .map(([a, b]) => `${a},${b}`),
      );
    }
  const nb = neighbourIndex(codes, adj);
  const clustered = codes.map((c) => Number(c.split(',')[0]) + Number(c.split(',')[1]));
  const rng = createRng(4);
  const random = codes.map(() => rng.next());
  const a = moransI(clustered, nb, { seed: 1 }),
    b = moransI(random, nb, { seed: 1 });
  assert.ok(a.I > 0.8 && a.pValue < 0.01);
  assert.ok(Math.abs(b.I) < 0.15 && b.pValue > 0.01);
  const eb = empiricalBayesRates([1, 100, 0], [10, 10000, 10000]);
  assert.ok(eb[0]! < 0.1, 'one case in ten inhabitants is shrunk towards the overall rate');
});

test('the rank test finds cells recoverable by combining sums, where no parent has a single suppressed child', () => {
  // three published sums over three suppressed cells, two in each: each parent looks safe on its
  // own, together they determine every cell (b1 = (A + C − B) / 2, …)
  const children = new Map([
    ['A', ['b1', 'b2', 's1']],
    ['B', ['b2', 'b3', 's2']],
    ['C', ['b1', 'b3', 's3']],
  ]);
  const suppressed = new Set(['b1', 'b2', 'b3']);
  assert.deepEqual(recoverable(children, suppressed), ['b1', 'b2', 'b3']);
  assert.deepEqual(
    [
      ...determinedUnknowns(3, [
        [0, 1],
        [1, 2],
      ]),
    ],
    [],
    'two sums over three cells determine none',
  );
  const counts = new Map([
    ['s1', 5],
    ['s2', 9],
    ['s3', 7],
  ]);
  const added = secondarySuppression(children, counts, suppressed);
  assert.deepEqual(recoverable(children, new Set([...suppressed, ...added]), added.parents), []);
});

test('AUC, average precision and calibration give the same figures for rows in score order as for the rows shuffled', () => {
  // the metrics walk scores already in ascending order (every bootstrap resample) as they are, and
  // sort any other order first: both ways must agree, ties and values on a bin edge included
  const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.boolean()), { minLength: 2, maxLength: 200 });
  fc.assert(
    fc.property(rows, fc.integer(), (r, seed) => {
      const ordered = [...r].sort((a, b) => a[0] - b[0]);
      const shuffled = [...ordered];
      const rng = createRng(seed);
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const cols = (x: [number, boolean][]) => [x.map(([, pos]) => (pos ? 1 : 0)), x.map(([s]) => s / 12)] as const;
      const [ys, ss] = cols(ordered);
      const [yu, su] = cols(shuffled);
      const same = (a: number, b: number) => assert.ok(Object.is(a, b) || Math.abs(a - b) <= 1e-12, `${a} ≠ ${b}`);
      same(rocAuc(ys, ss), rocAuc(yu, su));
      same(prAuc(ys, ss), prAuc(yu, su));
      same(ece(ys, ss), ece(yu, su));
      const cs = calibrationCurve(ys, ss),
        cu = calibrationCurve(yu, su);
      assert.deepEqual(
        cs.map((b) => [b.n, b.observed]),
        cu.map((b) => [b.n, b.observed]),
      );
      for (const [k, b] of cs.entries()) same(b.predicted, cu[k]!.predicted);
    }),
    { numRuns: 300 },
  );
});
