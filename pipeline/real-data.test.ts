import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOperationalDb, realDataPath, realDataTest } from '../core/index.ts';
import { DEFAULT_LABEL_SET, PrivacyBudget } from '../evaluation/index.ts';
import { FeatureStore, parseSourceFile } from '../features/index.ts';
import { ModelRegistry, readScoreSet } from '../training/index.ts';
import { parseTrainingConfig, runTraining } from './index.ts';

/**
 * Two runs on real figures (documented in docs/training.md so a data scientist can
 * repeat them with their own extracts). Small data: the tests check that the runs
 * work end to end and report honest uncertainty, not that the models are good.
 */

test(
  'real data (a): all gemeenten, KWB 2022 indicators → registered crime 2023 per inhabitant (count with exposure)',
  realDataTest(),
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-real-a-'));
    // the per-gemeente totals of 2023 (summed over the buurt-level crime types) as a long CSV: area_code, period, variable, value
    const rows = readFileSync(realDataPath('politie-47018NED', 'output_gemeenten_NL_gini.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const long = [
      'area_code,period,variable,value,vintage',
      ...rows.map((r) => {
        const cells = r.match(/("[^"]*"|[^,]+)/g)!;
        return `GM${cells[1]!.padStart(4, '0')},2023JJ00,0.0.0,${cells[3]},2024`;
      }),
    ].join('\n');
    const labels = join(home, 'gemeenten-misdrijven-2023.csv');
    writeFileSync(labels, long);
    const store = await FeatureStore.open(home);
    await store.ingest(
      parseSourceFile(realDataPath('cbs-kwb-2022-wijk', 'NLD_muni_2022_attributes.csv'), { period: '2022JJ00' }),
    );
    await store.ingest(parseSourceFile(labels, { kind: 'long-csv' }));
    store.close();
    const db = openOperationalDb(home);
    const r = await runTraining(
      home,
      parseTrainingConfig({
        name: 'misdrijven-gemeente',
        featureViews: ['kwb2022-tidy'],
        level: 'gemeente',
        label: { crimeCode: '0.0.0', horizon: 1, target: 'count' },
        trainPeriods: ['2022JJ00'],
        model: { kind: 'gbm', params: { nTrees: 80, learningRate: 0.05, maxDepth: 3, minSamplesLeaf: 10 } },
        validation: { folds: 5, calibration: 'none' },
        seed: 7,
      }),
      { trainedBy: 'real-data-test', db },
    );
    const cv = r.report.accuracy.crossValidation.metrics['poissonDeviance']!;
    const pooled = r.report.accuracy.baselines.find((b) => b.name === 'pooled-rate')!.metrics['poissonDeviance']!;
    assert.ok(r.dataset.rows >= 300, `${r.dataset.rows} gemeenten joined`);
    assert.ok(r.dataset.unmatched > 0, 'codes changed by the 2023 municipal mergers are reported, not dropped');
    assert.ok(
      cv.estimate! < pooled.estimate!,
      `spatially cross-validated deviance ${cv.estimate} vs the out-of-fold pooled rate ${pooled.estimate}`,
    );
    assert.ok(cv.lo! <= cv.estimate! && cv.estimate! <= cv.hi!, 'with an interval that contains the estimate');
    // the verdict: a paired comparison with the best baseline (only the pooled rate: no 2022 counts to persist)
    assert.equal(r.report.verdict.bestBaseline!.name, 'pooled-rate');
    assert.equal(r.report.verdict.status, 'beats-baselines', r.report.verdict.reasons.join('; '));
    assert.ok(r.report.run.domain.national, 'a model of (nearly) all gemeenten has a national domain');
    // the same run with differential privacy on the label counts: the accuracy cost is measured, ε is recorded and budgeted
    const dpConfig = parseTrainingConfig({
      name: 'misdrijven-gemeente',
      featureViews: ['kwb2022-tidy'],
      level: 'gemeente',
      label: { crimeCode: '0.0.0', horizon: 1, target: 'count', differentialPrivacy: { epsilon: 0.5 } },
      trainPeriods: ['2022JJ00'],
      model: { kind: 'gbm', params: { nTrees: 80, learningRate: 0.05, maxDepth: 3, minSamplesLeaf: 10 } },
      validation: { folds: 5, calibration: 'none' },
      seed: 7,
    });
    // no budget set by an administrator: refused, nothing registered
    await assert.rejects(runTraining(home, dpConfig, { trainedBy: 'real-data-test', db }), {
      code: 'GATE_REFUSED',
      message: /no privacy budget is set/,
    });
    const budget = new PrivacyBudget(db);
    budget.set(DEFAULT_LABEL_SET, 1, 'admin');
    const dp = (await runTraining(home, dpConfig, { trainedBy: 'real-data-test', db })).report.privacy
      .differentialPrivacy!;
    assert.equal(dp.epsilon, 0.5);
    assert.ok(Number.isFinite(dp.cost!), `accuracy cost of ε=0.5: ${dp.cost}`);
    assert.deepEqual(
      budget.spends().map((e) => e.epsilon),
      [0.5],
    );
    await runTraining(home, dpConfig, { trainedBy: 'real-data-test', db });
    await assert.rejects(runTraining(home, dpConfig, { trainedBy: 'real-data-test', db }), {
      code: 'GATE_REFUSED',
      message: /privacy budget/,
    });
    db.close();
  },
);

test('real data (b): Nijmegen buurten, KWB 2024 demographics → drug trade counts of 2025', realDataTest(), async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-real-b-'));
  const store = await FeatureStore.open(home);
  const base = parseSourceFile(realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv'), {
    period: '2024JJ00',
  });
  await store.ingest(base);
  assert.equal(base.type, 'table');
  if (base.type !== 'table') return;
  await store.ingest(
    parseSourceFile(realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv'), {
      period: '2024JJ00',
      joinRows: base.table,
    }),
  );
  await store.ingest(
    parseSourceFile(realDataPath('politie-nijmegen-2023-2025', 'misdrijven_per_buurt_2023_2025.csv'), {
      vintage: 2024,
    }),
  );
  store.close();
  const db = openOperationalDb(home);
  const nijmegen = {
    name: 'drugshandel-nijmegen',
    featureViews: ['kwb'],
    level: 'buurt',
    label: { crimeCode: '3.1.1', horizon: 1, target: 'count' },
    trainPeriods: ['2024JJ00'],
    model: { kind: 'gbm', params: { nTrees: 30 } },
    validation: { folds: 4, calibration: 'none' },
    seed: 3,
  };
  // bad input: more folds than groups is a clear error, and nothing is registered
  await assert.rejects(runTraining(home, parseTrainingConfig(nijmegen), { trainedBy: 'real-data-test', db }), {
    code: 'INVALID_CONFIG',
    message: /validation.folds is 4 but the data has only 1 gemeenten to group by.*validation.groupBy 'wijk'/,
  });
  assert.deepEqual(new ModelRegistry(db, home).list(), []);
  const r = await runTraining(
    home,
    parseTrainingConfig({
      name: 'drugshandel-nijmegen',
      featureViews: ['kwb'],
      level: 'buurt',
      label: { crimeCode: '3.1.1', horizon: 1, target: 'count' },
      trainPeriods: ['2024JJ00'],
      model: { kind: 'gbm', params: { nTrees: 30, learningRate: 0.05, maxDepth: 2, minSamplesLeaf: 5 } },
      validation: { folds: 4, calibration: 'none', groupBy: 'wijk' },
      seed: 3,
    }),
    { trainedBy: 'real-data-test', db },
  );
  assert.ok(r.dataset.rows >= 40 && r.dataset.rows <= 44, `${r.dataset.rows} Nijmegen buurten with labels`);
  const cv = r.report.accuracy.crossValidation.metrics['poissonDeviance']!;
  assert.ok(
    Number.isFinite(cv.estimate!) && cv.hi! > cv.lo!,
    `deviance ${cv.estimate} [${cv.lo}–${cv.hi}]: small data, wide interval`,
  );
  // the honest verdict: persistence smoothed toward the city rate beats this model on 40 buurten
  const v = r.report.verdict;
  assert.equal(v.bestBaseline!.name, 'persistence');
  assert.ok(
    v.bestBaseline!.value.estimate! < cv.estimate!,
    `persistence ${v.bestBaseline!.value.estimate} vs model ${cv.estimate}`,
  );
  assert.equal(v.status, 'no-better-than-baseline', v.reasons.join('; '));
  // a one-city model scores only its own buurten: no national rank
  assert.deepEqual(r.report.run.domain.municipalities, ['GM0268']);
  assert.equal(r.report.run.domain.national, false);
  const registry = new ModelRegistry(db, home);
  const scores = readScoreSet(registry.readFile(r.version, 'scores.json'));
  assert.ok(scores.areas.length >= 40 && scores.areas.length < 60, `${scores.areas.length} areas scored, not 14,574`);
  assert.ok(scores.areas.every((a) => a.gemeente === 'GM0268' && a.rankNational === null));
  assert.equal(scores.unit.kind, 'rate-per-1000');
  assert.match(scores.meaning.nl, /verwachte aantal registraties van drugshandel \(3\.1\.1\) per 1\.000 inwoners/);
  db.close();
});
