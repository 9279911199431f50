import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../cli/index.ts';
import { openOperationalDb, realDataTest, repoRoot, runCli, sharedDataDir } from '../core/index.ts';
import { DEFAULT_LABEL_SET, PrivacyBudget, verdictLine } from '../evaluation/index.ts';
import { readGovernanceFile } from '../model-cards/index.ts';
import { FeatureStore, LAG_FEATURE } from '../features/index.ts';
import { ModelRegistry, loadVersionModel, readScoreSet } from '../training/index.ts';
import { examplePath, exampleSteps } from './examples.test-support.ts';
import { parseTrainingConfig, readTrainingConfig, runTraining } from './index.ts';

/**
 * The two runs on real figures of examples/ (their configs, governance files and the data commands of
 * their run.sh), so the documented commands and these tests cannot drift apart. Small data: the tests
 * check that the runs work end to end and report honest uncertainty, not that the models are good.
 */

/** Run the data steps of an example's run.sh (everything before training) in `home`; check it trains its config. */
async function prepareExample(example: string, home: string): Promise<void> {
  const steps = exampleSteps(example, { data: sharedDataDir()!, home });
  const io = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd: repoRoot };
  for (const step of steps) {
    if (step.program === 'node') {
      const r = spawnSync(process.execPath, step.args, { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(r.status, 0, `node ${step.args.join(' ')}: ${r.stderr}`);
    } else if (['ingest', 'features', 'dataset'].includes(step.args[0]!)) {
      const err: string[] = [];
      const code = await runCli(commands, step.args, { ...io, stderr: (x: string) => err.push(x) }, home);
      assert.equal(code, 0, `zicht ${step.args.join(' ')}: ${err.join('')}`);
    }
  }
  assert.match(
    readFileSync(examplePath(example, 'run.sh'), 'utf8'),
    /zicht train --config "\$EX\/config\.json"/,
    `${example}/run.sh trains ${example}/config.json`,
  );
  assert.ok(readGovernanceFile(examplePath(example, 'governance.json')).successCriteria?.length);
}

test(
  'real data (a): all gemeenten, KWB 2022 indicators → registered crime 2023 per inhabitant (count with exposure)',
  realDataTest(),
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-real-a-'));
    await prepareExample('gemeenten-kwb2022', home);
    const db = openOperationalDb(home);
    const r = await runTraining(home, readTrainingConfig(examplePath('gemeenten-kwb2022', 'config.json')), {
      trainedBy: 'real-data-test',
      db,
    });
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
    assert.equal(r.report.verdict.status, 'beats-baselines', verdictLine(r.report.verdict));
    assert.ok(r.report.run.domain.national, 'a model of (nearly) all gemeenten has a national domain');
    // the same run with differential privacy on the label counts: the accuracy cost is measured, ε is recorded and budgeted
    const dpConfig = readTrainingConfig(examplePath('gemeenten-kwb2022', 'config-dp.json'));
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
  await prepareExample('nijmegen-buurten', home);
  const db = openOperationalDb(home);
  const nijmegen = JSON.parse(readFileSync(examplePath('nijmegen-buurten', 'config.json'), 'utf8')) as {
    validation: Record<string, unknown>;
  };
  // the example without its grouping by wijk: more folds than gemeenten
  const { groupBy: _, ...byGemeente } = nijmegen.validation;
  // bad input: more folds than groups is a clear error, and nothing is registered
  await assert.rejects(
    runTraining(home, parseTrainingConfig({ ...nijmegen, validation: byGemeente }), {
      trainedBy: 'real-data-test',
      db,
    }),
    {
      code: 'INVALID_CONFIG',
      message: /validation.folds is 4 but the data has only 1 gemeenten to group by.*validation.groupBy 'wijk'/,
    },
  );
  assert.deepEqual(new ModelRegistry(db, home).list(), []);
  const r = await runTraining(home, readTrainingConfig(examplePath('nijmegen-buurten', 'config.json')), {
    trainedBy: 'real-data-test',
    db,
  });
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

test(
  'real data (b) with the lagged label: 2024 drug trade as an input, read from the feature period only',
  realDataTest(),
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-real-lag-'));
    await prepareExample('nijmegen-buurten', home);
    const db = openOperationalDb(home);
    const example = JSON.parse(readFileSync(examplePath('nijmegen-buurten', 'config.json'), 'utf8')) as {
      label: Record<string, unknown>;
    };
    const config = parseTrainingConfig({ ...example, label: { ...example.label, lagFeature: true } });
    const r = await runTraining(home, config, { trainedBy: 'real-data-test', db });
    const registry = new ModelRegistry(db, home);
    const artifact = JSON.parse(registry.readFile(r.version, 'artifact.json')) as {
      features: { name: string; view: string }[];
      label: { lagFeature?: boolean };
    };
    assert.equal(artifact.label.lagFeature, true);
    assert.equal(artifact.features.find((f) => f.name === LAG_FEATURE.name)?.view, 'label-lag');
    // the scored period is the feature period 2024: its lag is 2024's drug trade, smoothed
    const scores = readScoreSet(registry.readFile(r.version, 'scores.json'));
    assert.equal(scores.period, '2024JJ00');
    const shown = scores.areas.filter((a) => !a.suppressed);
    const lagOf = (a: (typeof shown)[number]) => a.contributions.find((c) => c.feature === LAG_FEATURE.name)!.value;
    assert.ok(
      shown.every((a) => lagOf(a) !== null && lagOf(a)! >= 0),
      'every shown buurt has its lag',
    );
    // an area's explanation recomputes the same lag from the store
    const loaded = loadVersionModel(registry, r.version.name, r.version.version);
    const store = await FeatureStore.open(home);
    const e = await loaded.explainArea(store, shown[0]!.code);
    store.close();
    assert.equal(e.contributions.find((c) => c.feature === LAG_FEATURE.name)!.value, lagOf(shown[0]!));
    db.close();
  },
);
