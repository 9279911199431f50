import { existsSync, readFileSync } from 'node:fs';
import {
  ZichtError,
  openOperationalDb,
  requireArg,
  stringOption,
  type Command,
  type CommandContext,
} from '../core/index.ts';
import { ModelRegistry, parseModelRef, type ModelVersion } from './registry/index.ts';

function withRegistry<T>(ctx: CommandContext, fn: (r: ModelRegistry) => T): T {
  const db = openOperationalDb(ctx.home);
  try {
    return fn(new ModelRegistry(db, ctx.home));
  } finally {
    db.close();
  }
}

const versionJson = (v: ModelVersion) => ({
  name: v.name,
  version: v.version,
  status: v.status,
  createdAt: v.createdAt,
  kind: v.kind,
  trainedBy: v.trainedBy,
  dataHash: v.dataHash,
  artifactHash: v.artifactHash,
  synthetic: v.synthetic,
  metrics: v.metrics,
});

const modelsList: Command = {
  words: ['models', 'list'],
  summary: 'registered model versions',
  usage: 'zicht models list [--name N]',
  options: { name: { type: 'string' } },
  async run(ctx) {
    const list = withRegistry(ctx, (r) => r.list(stringOption(ctx, 'name')));
    for (const v of list)
      ctx.log(
        `${`${v.name}@${v.version}`.padEnd(24)} ${v.status.padEnd(10)} ${v.kind.padEnd(8)} ${v.createdAt}  ${Object.entries(
          v.metrics,
        )
          .map(([k, x]) => `${k}=${x.toFixed(3)}`)
          .join(' ')}${v.synthetic ? '  [synthetic]' : ''}`,
      );
    return list.map(versionJson);
  },
};

const modelsShow: Command = {
  words: ['models', 'show'],
  summary: 'one version: status history, data, metrics',
  usage: 'zicht models show <name@version>',
  async run(ctx) {
    const ref = parseModelRef(requireArg(ctx, 0, 'name@version', this.usage));
    return withRegistry(ctx, (r) => {
      const v = r.get(ref.name, ref.version);
      const history = r.history(v.name, v.version);
      ctx.log(
        `${v.name}@${v.version}: ${v.status}, ${v.kind}, trained by ${v.trainedBy} at ${v.createdAt}${v.synthetic ? ' [synthetic data]' : ''}`,
      );
      ctx.log(`  data ${v.dataHash}, artifact sha256 ${v.artifactHash}`);
      ctx.log(
        `  metrics: ${Object.entries(v.metrics)
          .map(([k, x]) => `${k} ${x.toFixed(3)}`)
          .join(', ')}`,
      );
      for (const h of history) ctx.log(`  ${h.at} ${h.from ?? '—'} → ${h.to} (${h.actor})`);
      return { ...versionJson(v), history };
    });
  },
};

const modelsCompare: Command = {
  words: ['models', 'compare'],
  summary: 'versions side by side: metrics, data, parameters',
  usage: 'zicht models compare <name@version> <name@version> [...]',
  async run(ctx) {
    if (ctx.args.length < 2) throw new ZichtError('BAD_ARGUMENT', `give at least two versions. Usage: ${this.usage}`);
    const { parseArtifact } = await import('./artifact/index.ts');
    return withRegistry(ctx, (r) => {
      const vs = ctx.args.map((a) => {
        const ref = parseModelRef(a);
        return r.get(ref.name, ref.version);
      });
      const arts = vs.map((v) => parseArtifact(r.readFile(v, 'artifact.json'), `artifact of ${v.name}@${v.version}`));
      const keys = [...new Set(vs.flatMap((v) => Object.keys(v.metrics)))];
      const cols = vs.map((v) => `${v.name}@${v.version}`);
      ctx.log(['', ...cols].map((c) => c.padEnd(22)).join(''));
      const row = (label: string, vals: string[]) => ctx.log([label, ...vals].map((c) => c.padEnd(22)).join(''));
      row(
        'status',
        vs.map((v) => v.status),
      );
      row(
        'kind',
        vs.map((v) => v.kind),
      );
      for (const k of keys)
        row(
          k,
          vs.map((v) => (v.metrics[k] === undefined ? '—' : v.metrics[k]!.toFixed(4))),
        );
      row(
        'data',
        vs.map((v) => v.dataHash.slice(0, 12)),
      );
      row(
        'features',
        arts.map((a) => String(a.features.length)),
      );
      row(
        'periods',
        arts.map((a) => a.data.featurePeriods.join(',')),
      );
      row(
        'seed',
        arts.map((a) => String(a.seed)),
      );
      return vs.map((v, i) => ({
        ...versionJson(v),
        params: arts[i]!.params,
        features: arts[i]!.features.map((f) => f.name),
        data: arts[i]!.data,
      }));
    });
  },
};

const modelInspect: Command = {
  words: ['model', 'inspect'],
  summary: 'print an artifact readably (validates it)',
  usage: 'zicht model inspect <name@version | artifact.json>',
  async run(ctx) {
    const arg = requireArg(ctx, 0, 'model', this.usage);
    const text = existsSync(arg)
      ? readFileSync(arg, 'utf8')
      : withRegistry(ctx, (r) => {
          const ref = parseModelRef(arg);
          return r.readFile(r.get(ref.name, ref.version), 'artifact.json');
        });
    const { parseArtifact } = await import('./artifact/index.ts');
    const a = parseArtifact(text, arg);
    ctx.log(
      `${a.format} v${a.formatVersion}: ${a.name} (${a.kind}, link ${a.link}), created ${a.createdAt} by ${a.codeVersion}, seed ${a.seed}`,
    );
    ctx.log(
      `label: ${a.label.crimeCode}, horizon ${a.label.horizon}, target ${a.label.target}${a.label.topShare ? ` (top ${a.label.topShare * 100}%)` : ''}`,
    );
    ctx.log(
      `data: ${a.data.hash}${a.data.synthetic ? ' [SYNTHETIC]' : ''}, ${a.data.level} vintage ${a.data.vintage}, features of ${a.data.featurePeriods.join(', ')} → labels of ${a.data.labelPeriods.join(', ')}, ${a.data.nRows} rows`,
    );
    ctx.log(`params: ${JSON.stringify(a.params)}`);
    const { calibrationMethod } = await import('./scoring/learn.ts');
    ctx.log(`calibration: ${calibrationMethod(a.calibration)}`);
    ctx.log(
      `domain: ${a.domain.level} of ${a.domain.national ? 'the whole country' : a.domain.municipalities.join(', ')}`,
    );
    ctx.log('features:');
    for (const f of a.features)
      ctx.log(`  ${f.name.padEnd(28)} ${f.view}@${f.viewVersion}  ${f.unit.padEnd(18)} ${f.descriptionEn}`);
    return { ...a, model: '(omitted: use the artifact file)' };
  },
};

const explain: Command = {
  words: ['explain'],
  summary: 'exact explanation of one area: base value + contributions = output (margin space)',
  usage:
    'zicht explain <name@version> <area-code> [--set feature=value ...] [--interventional --background 100 --seed 1]',
  options: {
    set: { type: 'string', multiple: true },
    interventional: { type: 'boolean' },
    background: { type: 'string' },
    seed: { type: 'string' },
  },
  help: "Default: path-dependent TreeSHAP (tree models) or the additive terms (EBM, logistic), from the version's stored scores when the area is in them. --interventional explains against a seeded background sample of the period's areas instead (tree models; reads the feature store).",
  async run(ctx) {
    const ref = parseModelRef(requireArg(ctx, 0, 'name@version', this.usage));
    const asked = requireArg(ctx, 1, 'area', this.usage).trim().toUpperCase();
    const changes: Record<string, number> = {};
    for (const s of (ctx.options['set'] as string[] | undefined) ?? []) {
      const m = /^([a-z0-9_]+)=(-?[0-9.]+)$/.exec(s);
      if (!m) throw new ZichtError('BAD_ARGUMENT', `--set expects feature=value, got '${s}'`);
      changes[m[1]!] = Number(m[2]);
    }
    const interventional = ctx.options['interventional'] === true;
    if (interventional && Object.keys(changes).length)
      throw new ZichtError('BAD_ARGUMENT', '--set and --interventional cannot be combined');
    const seedText = stringOption(ctx, 'seed');
    if (interventional && seedText === undefined)
      throw new ZichtError('BAD_ARGUMENT', '--interventional needs --seed N for its background sample');
    const db = openOperationalDb(ctx.home);
    try {
      const registry = new ModelRegistry(db, ctx.home);
      const version = registry.get(ref.name, ref.version);
      // a version whose artifact fails its hash check is not used at all, even for stored rows
      registry.readFile(version, 'artifact.json');
      // the version's score set holds each scored area's registered explanation, computed from
      // the model at registration (bit for bit what recomputing gives); reading it needs neither
      // the model nor the feature store
      const { readScoreSet } = await import('./scoring/score-file.ts');
      const scores = readScoreSet(registry.readFile(version, 'scores.json'), `scores of ${ref.name}@${ref.version}`);
      const stored = scores.areas.find((a) => a.code === asked);
      const usable =
        !interventional &&
        stored !== undefined &&
        !stored.suppressed &&
        stored.contributions.every((c) => c.value !== null);
      let e: {
        area: string;
        name: string;
        period: string;
        baseValue: number;
        output: number;
        score: number;
        contributions: readonly { feature: string; value: number | null; contribution: number }[];
      };
      if (
        usable &&
        Object.keys(changes).length === 0 &&
        stored.margin !== null &&
        stored.score !== null &&
        stored.baseValue !== null
      ) {
        e = {
          area: stored.code,
          name: stored.name,
          period: scores.period,
          baseValue: stored.baseValue,
          output: stored.margin,
          score: stored.score,
          contributions: stored.contributions,
        };
      } else {
        const { loadVersionModel } = await import('./load.ts');
        const loaded = loadVersionModel(registry, ref.name, ref.version, { scores });
        if (usable) {
          // a what-if on the stored row: the model recomputes the explanation with the changes
          const r = loaded.whatIf(stored.code, changes);
          e = {
            area: stored.code,
            name: stored.name,
            period: scores.period,
            baseValue: r.baseValue,
            output: r.margin,
            score: r.score,
            contributions: r.contributions,
          };
        } else {
          const { FeatureStore, normaliseCode } = await import('../features/index.ts');
          const area = normaliseCode(asked) ?? asked;
          const store = await FeatureStore.open(ctx.home);
          try {
            e = interventional
              ? await loaded.explainAreaInterventional(store, area, {
                  background: Number(stringOption(ctx, 'background') ?? 100),
                  seed: Number(seedText),
                })
              : await loaded.explainArea(store, area, changes);
          } finally {
            store.close();
          }
        }
      }
      ctx.log(
        `${e.area} ${e.name} — ${ref.name}@${ref.version}, period ${e.period}${scores.synthetic ? ' [SYNTHETIC]' : ''}`,
      );
      ctx.log(
        `  base value ${e.baseValue.toFixed(4)} + contributions = output ${e.output.toFixed(4)} (margin); score ${e.score.toFixed(4)} ${scores.unit.en}`,
      );
      for (const c of [...e.contributions]
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
        .slice(0, 12))
        ctx.log(
          `  ${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(4).padStart(8)}  ${c.feature} = ${c.value === null ? '—' : c.value.toFixed(2)}`,
        );
      ctx.log(`verdict of ${ref.name}@${ref.version}: ${scores.verdict.status}`);
      return {
        area: e.area,
        model: `${ref.name}@${ref.version}`,
        baseValue: e.baseValue,
        output: e.output,
        contributions: e.contributions.map((c) => ({
          feature: c.feature,
          value: c.value,
          contribution: c.contribution,
        })),
        score: e.score,
        unit: scores.unit,
        verdict: scores.verdict,
        period: e.period,
        ...(Object.keys(changes).length ? { changes } : {}),
      };
    } finally {
      db.close();
    }
  },
};

/** CLI commands owned by training/. */
export const trainingCommands: readonly Command[] = [modelsList, modelsShow, modelsCompare, modelInspect, explain];
