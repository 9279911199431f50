import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PORT_BOUNDS, ZichtError, intOption, openOperationalDb, stringOption, type Command } from '../core/index.ts';
import { FeatureStore, listSnapshots, materialize, parseSourceFile } from '../features/index.ts';
import { generateDemoWorld } from '../features/demo-world/index.ts';
import { verdictLine } from '../evaluation/index.ts';
import {
  DEMO_GOVERNANCE,
  Governance,
  gateFailures,
  renderHtml,
  renderMarkdown,
  cardGeometry,
} from '../model-cards/index.ts';
import { TokenStore, serveCommand } from '../serving/index.ts';
import { parseTrainingConfig, runTraining } from '../pipeline/index.ts';
import { ModelRegistry, readScoreSet } from '../training/index.ts';
import { demoFeedbackSimulation } from './demo-feedback.ts';

const demoWorld: Command = {
  words: ['demo-world'],
  summary: 'generate the synthetic demo world (files in the real CBS / police formats)',
  usage: 'zicht demo-world --seed N [--out DIR]',
  options: { seed: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    const seedText = stringOption(ctx, 'seed');
    if (seedText === undefined)
      throw new ZichtError(
        'BAD_ARGUMENT',
        'give a seed: zicht demo-world --seed 1 (every random choice in zicht takes an explicit seed)',
      );
    const seed = intOption(ctx, 'seed', 0);
    const outDir = resolve(stringOption(ctx, 'out') ?? join(ctx.home, 'demo-world'));
    const m = generateDemoWorld({ seed, outDir });
    ctx.log(
      `SYNTHETIC demo world (seed ${seed}): ${m.gemeenten} gemeenten, ${m.wijken} wijken, ${m.files.length} files in ${outDir}`,
    );
    ctx.log(`ingest it with: zicht ingest ${join(outDir, 'manifest.json')}`);
    return { outDir, manifest: join(outDir, 'manifest.json'), ...m };
  },
};

/** The demo model's training configuration (also stored as `$ZICHT_HOME/configs/demo.json`). */
export const DEMO_CONFIG = {
  name: 'drugshandel-wijk',
  featureViews: ['kwb'],
  level: 'wijk',
  label: { crimeCode: '3.1.1', horizon: 1, target: 'binary-top', topShare: 0.1 },
  trainPeriods: ['2019JJ00', '2020JJ00', '2021JJ00', '2022JJ00'],
  testPeriod: '2023JJ00',
  model: { kind: 'gbm', params: { nTrees: 120, learningRate: 0.08, maxDepth: 4 } },
  // Platt scaling: smooth, never a flat 0% or 100% at the extremes as isotonic steps can give
  validation: { folds: 5, calibration: 'platt' },
  seed: 42,
} as const;

/**
 * The demo ethics board's approval: it overrides exactly what fails the gate, each with its
 * reason (synthetic data, the planted bias), so the overrides are on the card for everyone to see.
 * Returns what was overridden.
 */
export function approveDemoVersion(gov: Governance, name: string, version: number): string[] {
  const failures = gateFailures(gov.card(name, version)).map((f) => f.id);
  const why: Record<string, string> = {
    fairness:
      'De eerlijkheidsvoorwaarde wordt bewust overschreven: de demonstratiewereld bevat een geplante handhavingsbias (×2 in het hoogste derde naar herkomst buiten Europa) en dichtheid als echte drijfveer; de kaart laat beide zien, dat is het doel van de demonstratie.',
    verdict:
      'Het oordeel ten opzichte van de eenvoudige voorspellers wordt bewust overschreven om de werking van de demonstratie te tonen; bij echte gegevens mag zo een versie niet draaien.',
    'success-criteria':
      'De succescriteria worden bewust overschreven om de werking van de demonstratie te tonen; bij echte gegevens mag zo een versie niet draaien.',
  };
  gov.review({
    name,
    version,
    decision: 'approve',
    reviewer: 'demo-ethische-commissie',
    role: 'ethics_board',
    overrides: failures,
    rationale: [
      'Demo-goedkeuring: deze versie is getraind en geëvalueerd op SYNTHETISCHE gegevens van de demonstratiewereld; dit oordeel geldt niet voor echte gebieden.',
      ...failures.map((f) => why[f]!),
    ].join(' '),
  });
  return failures;
}

/**
 * `zicht demo`: the whole flow on the embedded synthetic world — generate,
 * ingest, materialize, train, evaluate, write the card, record the demo
 * review, promote, issue demo tokens, serve.
 */
export const demoCommands: readonly Command[] = [
  demoWorld,
  {
    words: ['demo'],
    summary: 'run the end-to-end demo on the synthetic world, then serve it',
    usage: 'zicht demo [--seed 1] [--no-serve] [--port 8080] [--fresh]',
    options: {
      seed: { type: 'string' },
      'no-serve': { type: 'boolean' },
      port: { type: 'string' },
      fresh: { type: 'boolean' },
      host: { type: 'string' },
    },
    async run(ctx) {
      const seed = intOption(ctx, 'seed', 1);
      // checked before anything is built, so a mistyped port costs nothing
      const port = intOption(ctx, 'port', 8080, PORT_BOUNDS);
      const home = ctx.home;
      const t0 = performance.now();
      const step = (s: string) => ctx.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}`);
      ctx.log('zicht demo — SYNTHETIC data: a generated world, no real areas, residents or crimes.');
      const db = openOperationalDb(home);
      const registry = new ModelRegistry(db, home);
      let version = registry.production(DEMO_CONFIG.name);
      if (version && ctx.options['fresh'] !== true) {
        step(`demo already set up: ${version.name}@${version.version} in production (use --fresh to rebuild it)`);
      } else {
        const dir = join(home, 'demo-world');
        const manifest = generateDemoWorld({ seed, outDir: dir });
        step(
          `generated the synthetic world (seed ${seed}): ${manifest.gemeenten} gemeenten, ${manifest.wijken} wijken, ${manifest.files.length} files`,
        );
        // one feature store from the first ingest to the end of training: one checkpoint, not two
        const store = await FeatureStore.open(home);
        let result: Awaited<ReturnType<typeof runTraining>>;
        try {
          for (const f of manifest.files) {
            await store.ingest(
              parseSourceFile(join(dir, f.file), {
                kind: f.kind,
                vintage: f.vintage,
                synthetic: true,
                ...(f.period ? { period: f.period } : {}),
              }),
            );
          }
          step(`ingested ${manifest.files.length} files through the CBS / police parsers`);
          const periods = [...new Set(manifest.files.filter((f) => f.period).map((f) => f.period!))].sort();
          for (const p of periods) await materialize(store, 'kwb', { period: p, level: 'wijk' });
          step(
            `materialized feature view kwb@1 for ${periods.length} periods (${(await listSnapshots(store)).length} snapshots)`,
          );
          mkdirSync(join(home, 'configs'), { recursive: true });
          mkdirSync(join(home, 'governance'), { recursive: true });
          writeFileSync(join(home, 'configs', 'demo.json'), JSON.stringify(DEMO_CONFIG, null, 2));
          writeFileSync(join(home, 'governance', `${DEMO_CONFIG.name}.json`), JSON.stringify(DEMO_GOVERNANCE, null, 2));
          result = await runTraining(home, parseTrainingConfig(DEMO_CONFIG, 'demo config'), {
            trainedBy: 'demo-data-scientist',
            db,
            store,
            feedbackSimulation: demoFeedbackSimulation,
            progress: (stage, f) =>
              ctx.progress(
                `\r  training: ${(100 * f).toFixed(0).padStart(3)}% ${stage.padEnd(36)}${f >= 1 ? '\n' : ''}`,
              ),
          });
        } finally {
          store.close();
        }
        const m = result.version.metrics;
        step(
          `trained ${result.version.name}@${result.version.version}: ${Object.entries(m)
            .map(([k, v]) => `${k} ${v.toFixed(3)}`)
            .join(', ')}`,
        );
        step(`verdict: ${verdictLine(result.report.verdict)}`);
        const gov = new Governance(db, registry, home);
        const failures = approveDemoVersion(gov, result.version.name, result.version.version);
        version = gov.promote(result.version.name, result.version.version, 'demo-beheerder');
        step(
          `approved by the demo ethics board (synthetic data${failures.length ? `; explicitly overriding: ${failures.join(', ')}` : ''}) and promoted: ${version.name}@${version.version} is in production`,
        );
        const card = gov.card(result.version.name, result.version.version);
        mkdirSync(join(home, 'cards'), { recursive: true });
        const base = join(home, 'cards', `${result.version.name}@${result.version.version}`);
        const geometry = await cardGeometry(home, card.datasheet.vintage, card.datasheet.level);
        writeFileSync(`${base}.md`, renderMarkdown(card, 'nl'));
        writeFileSync(`${base}.html`, renderHtml(card, 'nl', geometry));
        writeFileSync(`${base}.en.html`, renderHtml(card, 'en', geometry));
        step(`model card written: ${base}.html`);
      }
      const tokens = new TokenStore(db);
      // the marine's municipality: the one with the most scored wijken, so the demo map has something to show
      const scores = version
        ? readScoreSet(registry.readFile(version, 'scores.json'), `scores of ${version.name}@${version.version}`).areas
        : [];
      const perGm = new Map<string, number>();
      for (const a of scores) if (!a.suppressed) perGm.set(a.gemeente, (perGm.get(a.gemeente) ?? 0) + 1);
      const gm = [...perGm].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'GM9000';
      const demoTokens = {
        marine: tokens.create({ role: 'marine', municipality: gm, name: `demo stadsmarinier ${gm}` }),
        ethics_board: tokens.create({ role: 'ethics_board', name: 'demo ethische commissie' }),
        data_scientist: tokens.create({ role: 'data_scientist', name: 'demo data scientist' }),
        admin: tokens.create({ role: 'admin', name: 'demo beheerder' }),
      };
      db.close();
      ctx.log(
        `demo tokens (log in at the web UI with one of these; the stadsmarinier sees ${gm}, map at /kaart/${gm}):`,
      );
      for (const [role, t] of Object.entries(demoTokens)) ctx.log(`  ${role.padEnd(15)} ${t.token}`);
      if (ctx.options['no-serve'] === true)
        return {
          model: version ? { name: version.name, version: version.version } : null,
          tokens: demoTokens,
          marineMunicipality: gm,
          home,
          existed: existsSync(home),
        };
      return serveCommand.run({
        ...ctx,
        options: {
          port: String(port),
          ...(stringOption(ctx, 'host') ? { host: stringOption(ctx, 'host')! } : {}),
        },
        args: [],
      });
    },
  },
];
