import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createRng, shuffleInPlace } from '../core/index.ts';
import {
  auditGroups,
  brier,
  calibrationCurve,
  ece,
  logLoss,
  poissonDeviance,
  prAuc,
  rocAuc,
  rocCurve,
  assertProbabilities,
  clusterBootstrap,
  clusterBootstrapMany,
  onRows,
  pairedDifference,
} from './index.ts';

// Made by scripts/make-metric-fixtures.py with scikit-learn (Debian's python3-sklearn).
const binaryCase = z.object({
  name: z.string(),
  y: z.array(z.number()),
  p: z.array(z.number()),
  rocAuc: z.number(),
  averagePrecision: z.number(),
  brier: z.number(),
  logLoss: z.number(),
  calibration: z.object({ observed: z.array(z.number()), predicted: z.array(z.number()), n: z.array(z.number()) }),
  ece: z.number(),
  roc: z.object({ fpr: z.array(z.number()), tpr: z.array(z.number()) }),
});
const fixture = z
  .object({
    binary: z.array(binaryCase),
    poisson: z.object({ y: z.array(z.number()), mu: z.array(z.number()), meanPoissonDeviance: z.number() }),
    groups: z.object({
      y: z.array(z.number()),
      flags: z.array(z.number()),
      groups: z.array(z.string()),
      reference: z.string(),
      disparity: z.record(z.string(), z.record(z.string(), z.number())),
      demographicParityRatio: z.number(),
    }),
  })
  .parse(JSON.parse(readFileSync(new URL('./fixtures/reference-metrics.json', import.meta.url), 'utf8')));

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12, `${what}: ${a} vs ${b}`);

for (const c of fixture.binary) {
  test(`metrics equal scikit-learn's on the '${c.name}' case`, () => {
    close(rocAuc(c.y, c.p), c.rocAuc, 'roc_auc_score');
    close(prAuc(c.y, c.p), c.averagePrecision, 'average_precision_score');
    close(brier(c.y, c.p), c.brier, 'brier_score_loss');
    close(logLoss(c.y, c.p), c.logLoss, 'log_loss');
    const curve = calibrationCurve(c.y, c.p, 10);
    assert.deepEqual(
      curve.map((b) => b.n),
      c.calibration.n,
      'calibration_curve(strategy=quantile) bins',
    );
    curve.forEach((b, k) => {
      close(b.observed, c.calibration.observed[k]!, `observed rate of bin ${k}`);
      close(b.predicted, c.calibration.predicted[k]!, `mean prediction of bin ${k}`);
    });
    close(ece(c.y, c.p), c.ece, 'ECE over the quantile bins');
    // every distinct threshold, as roc_curve(drop_intermediate=False) gives them
    const roc = rocCurve(c.y, c.p, Number.POSITIVE_INFINITY);
    assert.equal(roc.length, c.roc.fpr.length, 'one ROC point per distinct score, plus (0, 0)');
    roc.forEach((pt, k) => {
      close(pt.fpr, c.roc.fpr[k]!, `fpr of point ${k}`);
      close(pt.tpr, c.roc.tpr[k]!, `tpr of point ${k}`);
    });
  });
}

test('a thinned ROC curve keeps its ends and only points of the full curve, in order', () => {
  const c = fixture.binary.find((x) => x.name === 'fine')!;
  assert.ok(c.roc.fpr.length > 101);
  const thin = rocCurve(c.y, c.p);
  assert.equal(thin.length, 101);
  assert.deepEqual(thin[0], { fpr: 0, tpr: 0 });
  assert.deepEqual(thin.at(-1), { fpr: 1, tpr: 1 });
  const full = c.roc.fpr.map((fpr, k) => `${fpr}|${c.roc.tpr[k]}`);
  let at = -1;
  for (const pt of thin) {
    const k = full.indexOf(`${pt.fpr}|${pt.tpr}`, at + 1);
    assert.ok(k > at, `point ${pt.fpr}, ${pt.tpr} is on scikit-learn's curve, after the previous one`);
    at = k;
  }
});

test('average precision does not depend on the row order when scores tie', () => {
  const c = fixture.binary.find((x) => x.name === 'ties')!;
  const rng = createRng(3);
  for (let r = 0; r < 20; r++) {
    const order = shuffleInPlace(Int32Array.from(c.y.keys()), rng);
    const y = Array.from(order, (i) => c.y[i]!),
      p = Array.from(order, (i) => c.p[i]!);
    close(prAuc(y, p), c.averagePrecision, `permutation ${r}`);
  }
});

test("Poisson deviance equals scikit-learn's mean_poisson_deviance", () => {
  close(poissonDeviance(fixture.poisson.y, fixture.poisson.mu), fixture.poisson.meanPoissonDeviance, 'deviance');
});

test('group disparities follow the Aequitas definitions (group metric / reference group metric)', () => {
  const g = fixture.groups;
  const audit = auditGroups({
    y: g.y,
    flags: g.flags,
    probability: g.y.map(() => 0.2),
    clusters: g.groups.map((_, i) => `GM${i % 30}`),
    labels: g.groups,
    attribute: 'x',
    seed: 1,
    replicates: 20,
  });
  assert.equal(audit.reference, g.reference);
  for (const r of audit.groups) {
    for (const [metric, value] of Object.entries(g.disparity[r.group]!)) {
      close(r.disparity[metric as keyof typeof r.disparity].estimate, value, `${r.group} ${metric}`);
    }
  }
  const rates = audit.groups.map((r) => r.flagRate);
  close(Math.min(...rates) / Math.max(...rates), g.demographicParityRatio, "Fairlearn's demographic-parity ratio");
});

test('probability metrics refuse values outside [0, 1] (a rate per 1,000 is not a probability)', () => {
  assert.throws(() => assertProbabilities([0.1, 25.8], 'baseline last-period-rate'), {
    code: 'INTERNAL',
    message: /baseline last-period-rate.*25\.8.*not a probability/,
  });
  assert.doesNotThrow(() => assertProbabilities([0, 0.5, 1], 'ok'));
  const c = fixture.binary[0]!;
  for (const v of [brier(c.y, c.p), ece(c.y, c.p)]) assert.ok(v >= 0 && v <= 1);
});

test('bootstrap intervals contain their estimate; a biased statistic gets the bias-corrected interval', () => {
  // ECE is biased upwards under resampling: the percentile interval of a well-calibrated model
  // lies above its own estimate. The report must not print "0.001 [0.003–0.010]".
  // ten groups of 40 areas predicted (k + ½)/10 with exactly that share positive: ECE is 0, and
  // every resample's ECE is above it
  const n = 400;
  const p = Float64Array.from({ length: n }, (_, i) => (Math.floor(i / 40) + 0.5) / 10);
  const y = p.map((q, i) => (i % 40 < Math.round(q * 40) ? 1 : 0));
  const groups = Array.from({ length: n }, (_, i) => `GM${i % 80}`);
  const e = clusterBootstrap(onRows(ece, y, p), groups, { seed: 4, replicates: 200 });
  assert.ok(e.lo <= e.estimate && e.estimate <= e.hi, `[${e.lo}, ${e.hi}] must contain ${e.estimate}`);
  assert.match(e.method, /bias-corrected/);
  const many = clusterBootstrapMany({ ece, auc: rocAuc }, y, p, groups, { seed: 4, replicates: 200 });
  for (const [k, v] of Object.entries(many)) assert.ok(v.lo <= v.estimate && v.estimate <= v.hi, k);
  assert.equal(many['auc']!.method, 'percentile');
});

test('paired difference: same resamples for both predictions, sign and interval', () => {
  const rng = createRng(12);
  const n = 600;
  const groups = Array.from({ length: n }, (_, i) => `GM${i % 60}`);
  const truth = Float64Array.from({ length: n }, () => rng.next());
  const y = truth.map((q) => (rng.next() < q ? 1 : 0));
  const good = truth.map((q) => Math.min(0.99, Math.max(0.01, q + 0.05 * (rng.next() - 0.5))));
  const flat = new Float64Array(n).fill(0.5);
  const d = pairedDifference(brier, y, good, flat, groups, { seed: 1, replicates: 200 });
  close(d.estimate, brier(y, good) - brier(y, flat), 'difference estimate');
  assert.ok(d.hi < 0, 'the informative prediction has the lower Brier score, with confidence');
  const same = pairedDifference(brier, y, good, good, groups, { seed: 1, replicates: 50 });
  assert.deepEqual([same.estimate, same.lo, same.hi], [0, 0, 0]);
});
