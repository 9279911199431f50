import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOperationalDb } from '../core/index.ts';
import { FeatureStore, parseSourceFile } from '../features/index.ts';
import { generateDemoWorld, PLANTED } from '../features/demo-world/index.ts';
import { ModelRegistry, loadVersionModel, readScoreSet } from '../training/index.ts';
import { parseTrainingConfig, runTraining } from './index.ts';
import { commands, demoFeedbackSimulation } from '../cli/index.ts';
import { runCli } from '../core/index.ts';

const home = mkdtempSync(join(tmpdir(), 'zicht-job-'));
const config = parseTrainingConfig({
  name: 'drugs-test',
  featureViews: ['kwb'],
  label: { crimeCode: '3.1.1', horizon: 1, target: 'binary-top', topShare: 0.1 },
  trainPeriods: ['2021JJ00', '2022JJ00'],
  testPeriod: '2023JJ00',
  model: { kind: 'gbm', params: { nTrees: 60, learningRate: 0.1, maxDepth: 3 } },
  validation: { folds: 3, calibration: 'isotonic' },
  seed: 5,
});

async function setup() {
  const m = generateDemoWorld({ seed: 2, outDir: join(home, 'demo-world') });
  const store = await FeatureStore.open(home);
  for (const f of m.files.filter((x) => x.kind === 'police-csv' || Number(x.vintage) >= 2021)) {
    await store.ingest(
      parseSourceFile(join(home, 'demo-world', f.file), {
        kind: f.kind,
        vintage: f.vintage,
        synthetic: true,
        ...(f.period ? { period: f.period } : {}),
      }),
    );
  }
  store.close();
}

test('a training job on the demo world: registered, evaluated, exact explanations, planted truth recovered', async () => {
  await setup();
  const db = openOperationalDb(home);
  const r = await runTraining(home, config, { trainedBy: 'tester', db, feedbackSimulation: demoFeedbackSimulation });
  assert.equal(r.version.version, 1);
  assert.equal(r.version.status, 'candidate');
  assert.ok(r.version.metrics['auc']! > 0.75, `AUC ${r.version.metrics['auc']}`);
  const rep = r.report;
  assert.ok(rep.accuracy.temporalHoldout !== null && rep.accuracy.temporalHoldout.metrics['auc']!.estimate! > 0.7);
  const auc = rep.accuracy.crossValidation.metrics['auc']!;
  assert.ok(auc.lo! <= auc.estimate! && auc.estimate! <= auc.hi!, 'CI around the estimate');
  assert.deepEqual(
    rep.accuracy.baselines.map((b) => b.name),
    ['base-rate', 'persistence', 'logistic-scorecard'],
  );
  for (const b of rep.accuracy.baselines) {
    for (const k of ['brier', 'ece'] as const) {
      const e = b.metrics[k]!;
      assert.ok(e.estimate! >= 0 && e.estimate! <= 1, `baseline ${b.name} ${k} ${e.estimate} in [0, 1]`);
    }
  }
  // the verdict: a paired comparison with the best baseline under the config's rule
  assert.equal(rep.verdict.primaryMetric, 'brier');
  assert.ok(['base-rate', 'persistence', 'logistic-scorecard'].includes(rep.verdict.bestBaseline!.name));
  assert.equal(rep.verdict.status, (rep.verdict.difference!.hi ?? 1) < 0 ? 'beats-baselines' : rep.verdict.status);
  assert.equal(r.version.verdict, rep.verdict.status);
  // what ran is what is written
  assert.equal(rep.run.cv.grouping, 'gemeente');
  assert.equal(rep.accuracy.crossValidation.grouping, 'gemeente');
  assert.equal(rep.run.calibration.crossFitted, true);
  assert.ok(rep.run.sources.some((s) => s.kind === 'police-csv'));
  assert.ok(rep.run.domain.national, 'the demo model covers every municipality of the world');
  for (const m of Object.values(rep.accuracy.crossValidation.metrics))
    assert.ok(m.lo! <= m.estimate! && m.estimate! <= m.hi!, 'every interval contains its estimate');
  // planted truth: the over-enforced group (top third by share born outside Europe) is flagged far more often
  const att = rep.fairness.attributes.find((a) => a.attribute === 'buiten_europa')!;
  const top = att.groups.find((g) => g.group.endsWith('Q3/3'))!;
  const low = att.groups.find((g) => g.group.endsWith('Q1/3'))!;
  assert.ok(top.flagRate! > 2 * low.flagRate!, `flag rates ${top.flagRate} vs ${low.flagRate}`);
  assert.ok(
    rep.fairness.warnings.some((w) => w.includes('buiten_europa')),
    'the audit warns about the biased area type',
  );
  // planted truth: the true drivers are among the most important features
  const top5 = rep.globalImportance.slice(0, 6).map((g) => g.feature);
  const drivers = PLANTED.drivers.map((d) => d.feature).filter((f) => top5.includes(f));
  assert.ok(drivers.length >= 2, `true drivers in the top six: ${top5.join(', ')}`);
  assert.deepEqual(rep.privacy.recoverableAfterSecondarySuppression, [], 'no suppressed area is recoverable');
  assert.equal(rep.labelBias.provenance, 'discovered');
  assert.ok(rep.labelBias.feedback !== null, 'feedback-loop simulation on the synthetic world');
  // scores: every shown area's explanation adds up; small areas carry nothing
  const registry = new ModelRegistry(db, home);
  const scores = readScoreSet(registry.readFile(r.version, 'scores.json'));
  assert.equal(scores.model.version, 1);
  assert.equal(scores.synthetic, true);
  for (const a of scores.areas) {
    if (a.suppressed) {
      assert.equal(a.score, null);
      assert.equal(a.contributions.length, 0);
      continue;
    }
    assert.ok(a.interval!.lo <= a.score! && a.score! <= a.interval!.hi, `${a.code}: the interval contains the score`);
    const sum = a.baseValue! + a.contributions.reduce((s, c) => s + c.contribution, 0);
    assert.ok(Math.abs(sum - a.margin!) <= 1e-9 * Math.max(1, Math.abs(a.margin!)), `${a.code}: ${sum} vs ${a.margin}`);
  }
  assert.ok(scores.areas.some((a) => a.suppressed));
  // the trend: this version's scores of up to five earlier years, oldest first, all before the scored period
  const shownAreas = scores.areas.filter((a) => !a.suppressed);
  const periodsOf = (a: (typeof shownAreas)[number]) => a.history.map((h) => h.period);
  const longest = shownAreas.reduce((m, a) => Math.max(m, a.history.length), 0);
  assert.ok(longest >= 2 && longest <= 5, `history of ${longest} years`);
  for (const a of shownAreas) {
    const p = periodsOf(a);
    assert.deepEqual(p, [...p].sort(), `${a.code}: oldest first`);
    assert.ok(
      p.every((x) => x < scores.period),
      `${a.code}: ${p.join(', ')} before ${scores.period}`,
    );
    assert.ok(a.history.every((h) => h.score >= 0 && h.score <= 1));
  }
  // (a tree model's score moves only where an indicator crosses a split: some areas, not all)
  const moved = shownAreas.filter((a) => a.history.length && a.history.at(-1)!.score !== a.score).length;
  assert.ok(moved > 0, `earlier years score differently in ${moved} of ${shownAreas.length} areas`);
  // disclosure control over the published indicator values: nothing suppressed is recoverable
  assert.equal(scores.disclosure.recoverable, 0);
  assert.ok(scores.disclosure.suppressedAreas > 0);
  // the loaded version reproduces the stored explanation bit for bit, and what-if changes it
  const loaded = loadVersionModel(registry, r.version.name, r.version.version);
  const shown = scores.areas.find((a) => !a.suppressed)!;
  const again = loaded.whatIf(shown.code, {});
  assert.equal(again.margin, shown.margin);
  const lowHousing = loaded.whatIf(shown.code, { corporatiewoningen: 0 }),
    high = loaded.whatIf(shown.code, { corporatiewoningen: 95 });
  assert.ok(high.margin > lowHousing.margin, 'more social housing (a planted driver) raises the score');
  assert.ok(Math.abs(high.baseValue + high.contributions.reduce((a, c) => a + c.contribution, 0) - high.margin) < 1e-9);
  assert.throws(() => loaded.whatIf(shown.code, { shoe_size: 1 }), { code: 'UNKNOWN_FEATURE' });
  db.close();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await runCli(
    commands,
    args,
    {
      stdout: (x) => {
        out += x;
      },
      stderr: (x) => {
        err += x;
      },
      isTTY: false,
      env: {},
      cwd: home,
    },
    home,
  );
  return { code, out, err };
}

test('bad input to zicht train and a corrupted artifact: clear errors, registry unchanged', async () => {
  const before = (await cli(['models', 'list', '--json'])).out;
  const typo = join(home, 'typo.json');
  writeFileSync(typo, JSON.stringify({ ...config, modle: 1 }));
  let r = await cli(['train', '--config', typo]);
  assert.equal(r.code, 1);
  assert.match(r.err, /unknown field 'modle'; allowed: name, featureViews/);
  writeFileSync(typo, JSON.stringify({ ...config, trainPeriods: ['2023JJ00'], testPeriod: '2022JJ00' }));
  assert.match((await cli(['train', '--config', typo])).err, /testPeriod/);
  writeFileSync(typo, JSON.stringify({ ...config, features: ['shoe_size'] }));
  assert.match((await cli(['train', '--config', typo])).err, /UNKNOWN_FEATURE: unknown feature 'shoe_size'/);
  writeFileSync(typo, JSON.stringify({ ...config, model: { kind: 'gbm', params: { nTress: 5 } } }));
  assert.match((await cli(['train', '--config', typo])).err, /nTress/);
  assert.equal((await cli(['models', 'list', '--json'])).out, before, 'registry unchanged');
  const ev = await cli(['evaluate', 'drugs-test@1', '--json']);
  assert.equal(ev.code, 0);
  const report = JSON.parse(ev.out) as {
    format: string;
    verdict: {
      status: string;
      primaryMetric: string;
      model: object;
      bestBaseline: { name: string; value: object };
      difference: { estimate: number; lo: number; hi: number };
      reasons: string[];
    };
    accuracy: object;
    fairness: object;
    privacy: object;
    spatial: object;
    labelBias: object;
  };
  assert.equal(report.format, 'zicht-evaluation-report');
  assert.ok(['beats-baselines', 'no-better-than-baseline', 'insufficient-evidence'].includes(report.verdict.status));
  assert.ok(report.verdict.bestBaseline.name && report.verdict.difference.lo <= report.verdict.difference.hi);
  assert.ok(report.verdict.reasons.length > 0);
  const human = await cli(['evaluate', 'drugs-test@1']);
  assert.match(human.out.split('\n')[1]!, /^verdict: /, 'the verdict comes first');
  for (const k of ['accuracy', 'fairness', 'privacy', 'spatial', 'labelBias'] as const)
    assert.ok(report[k], `section ${k}`);
  const explained = JSON.parse(
    (
      await cli([
        'explain',
        'drugs-test@1',
        (
          JSON.parse((await cli(['areas', 'list', '--level', 'wijk', '--json'])).out) as {
            code: string;
            population: number;
          }[]
        ).find((a) => a.population > 1000)!.code,
        '--json',
      ])
    ).out,
  ) as { baseValue: number; output: number; contributions: { contribution: number }[] };
  assert.ok(
    Math.abs(explained.baseValue + explained.contributions.reduce((a, c) => a + c.contribution, 0) - explained.output) <
      1e-9,
    'zicht explain: base + Σ = output',
  );
  const code = (
    JSON.parse((await cli(['areas', 'list', '--level', 'wijk', '--json'])).out) as {
      code: string;
      population: number;
    }[]
  ).find((a) => a.population > 1000)!.code;
  const inter = JSON.parse(
    (await cli(['explain', 'drugs-test@1', code, '--interventional', '--background', '20', '--seed', '1', '--json']))
      .out,
  ) as { baseValue: number; output: number; contributions: { contribution: number }[] };
  assert.ok(
    Math.abs(inter.baseValue + inter.contributions.reduce((a, c) => a + c.contribution, 0) - inter.output) < 1e-9,
    'interventional: base + Σ = output',
  );
  assert.match((await cli(['explain', 'drugs-test@1', code, '--interventional'])).err, /needs --seed/);
  const list = JSON.parse(before) as { name: string; version: number }[];
  assert.ok(list.length >= 1);
  assert.ok('auc' in JSON.parse(before)[0].metrics, 'models list --json has metrics.auc');
  const db = openOperationalDb(home);
  const v = new ModelRegistry(db, home).get('drugs-test', 1);
  const artifactFile = join(new ModelRegistry(db, home).dirOf(v), 'artifact.json');
  writeFileSync(artifactFile, readFileSync(artifactFile, 'utf8').replace('"gbm"', '"xgb"'));
  db.close();
  r = await cli(['model', 'inspect', 'drugs-test@1']);
  assert.equal(r.code, 1);
  assert.match(r.err, /CORRUPT_ARTIFACT/);
  r = await cli(['explain', 'drugs-test@1', 'WK900000']);
  assert.match(r.err, /CORRUPT_ARTIFACT/);
});
