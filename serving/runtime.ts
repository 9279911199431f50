import { serve as serveNode } from '@hono/node-server';
import { Hono } from 'hono';
import {
  ZichtError,
  intOption,
  openOperationalDb,
  sha256,
  stringOption,
  type Command,
  type SqliteDb,
} from '../core/index.ts';
import { FeatureStore, levelOf } from '../features/index.ts';
import {
  Governance,
  cardFor,
  cardGeometry,
  diffCards,
  renderHtml,
  renderMarkdown,
  type ModelCard,
} from '../model-cards/index.ts';
import { ModelRegistry, loadVersionModel, type ModelVersion } from '../training/index.ts';
import { createApp } from './app.ts';
import { openAuditLog } from './audit/audit-key.ts';
import { TokenStore, type Principal } from './auth/tokens.ts';
import type { ModelsPort, ModelSummary } from './ports.ts';
import { describeArea } from './area-view.ts';
import { visibleArea, visibleAreasOf } from './scope.ts';
import { ActiveModel, servingModel, type AreaScore, type ServingModel } from './scores.ts';
import { TrainingRunner } from './training-runner.ts';
import { createUi, type UiDeps } from './ui/index.ts';

const summary = (v: ModelVersion): ModelSummary => ({
  name: v.name,
  version: v.version,
  status: v.status,
  createdAt: v.createdAt,
  kind: v.kind,
  dataHash: v.dataHash,
  artifactHash: v.artifactHash,
  synthetic: v.synthetic,
  metrics: v.metrics,
});

/** Everything `zicht serve` runs, built on the real modules in `$ZICHT_HOME`. */
export async function buildRuntime(home: string, opts: { modelName?: string } = {}) {
  const db: SqliteDb = openOperationalDb(home);
  const tokens = new TokenStore(db),
    audit = openAuditLog(home, db),
    registry = new ModelRegistry(db, home),
    governance = new Governance(db, registry, home);
  const training = new TrainingRunner(db, home);
  const active = new ActiveModel();
  const reload = () => {
    const prod = registry.productionVersions().filter((v) => !opts.modelName || v.name === opts.modelName);
    const v = prod[0];
    if (!v) {
      active.swap(null);
      return;
    }
    const cur = active.current();
    if (cur && cur.name === v.name && cur.version === v.version) return;
    const loaded = loadVersionModel(registry, v.name, v.version);
    active.swap(servingModel(loaded.scores, (code, changes) => loaded.whatIf(code, changes)));
  };
  reload();
  // geometry and gemeente names for maps and cards, read once
  const store = await FeatureStore.open(home);
  const vintage = await store.latestVintage();
  const geometry = vintage === null ? [] : await store.boundaries(vintage);
  const gemeenteNames = new Map((await store.areas({ level: 'gemeente' })).map((a) => [a.code, a.name]));
  store.close();
  const geometryByCode = new Map(geometry.map((g) => [g.code, g.geometry]));
  const renderCard = async (card: ModelCard, lang: 'nl' | 'en') =>
    renderHtml(card, lang, await cardGeometry(home, card.datasheet.vintage, card.datasheet.level));
  const tokenName = (p: Principal) => tokens.list().find((t) => t.tokenId === p.tokenId)?.name ?? p.tokenId;

  const models: ModelsPort = {
    list: () => registry.list().map(summary),
    get: (name, version) => summary(registry.get(name, version)),
    card: (name, version, format, lang) => {
      const card = cardFor(registry, home, name, version);
      return format === 'json' ? card : format === 'md' ? renderMarkdown(card, lang) : renderCard(card, lang);
    },
    review: (p, name, version, decision, rationale) =>
      governance.review({
        name,
        version,
        decision,
        reviewer: `${tokenName(p)} (${p.tokenId})`,
        role: p.role,
        rationale,
      }),
    promote: (p, name, version) => {
      const v = governance.promote(name, version, `${tokenName(p)} (${p.tokenId})`);
      return summary(v);
    },
  };
  const app = createApp({ db, tokens, audit, active, models, training, reload });

  const record = (
    p: { tokenId: string; role: string },
    m: ServingModel,
    route: string,
    areas: string[],
    body: unknown,
  ) =>
    audit.record([
      {
        tokenId: p.tokenId,
        role: p.role,
        route,
        areas,
        model: `${m.name}@${m.version}`,
        purpose: null,
        responseHash: sha256(JSON.stringify(body)),
      },
    ]);
  const ui: UiDeps = {
    authenticate: (t) => tokens.verify(t),
    listAreas: (p, gm) => {
      const m = active.current();
      if (!m || levelOf(gm) !== 'gemeente') return null;
      let areas: AreaScore[];
      try {
        areas = visibleAreasOf(p, m, gm);
      } catch (e) {
        if (e instanceof ZichtError && (e.code === 'NOT_FOUND' || e.code === 'OUT_OF_DOMAIN')) return null;
        throw e;
      }
      if (!areas.length) return null;
      const out = {
        gemeente: { code: gm, name: gemeenteNames.get(gm) ?? gm },
        synthetic: m.scores.synthetic,
        modelVersion: `${m.name}@${m.version}`,
        vintage: m.scores.vintage,
        areas: areas.map((a) => ({
          code: a.code,
          name: a.name,
          level: a.level,
          population: a.suppressed ? null : a.population,
          score: a.score,
          band: a.band,
          rank: a.rankInGemeente,
          suppressed: a.suppressed,
          geometry: (geometryByCode.get(a.code) ?? null) as never,
        })),
      };
      record(
        p,
        m,
        'UI /kaart/:gemeente',
        areas.filter((a) => !a.suppressed).map((a) => a.code),
        out,
      );
      return out;
    },
    getArea: (p, code, lang) => {
      const m = active.current();
      if (!m) return null;
      let a: AreaScore;
      try {
        a = visibleArea(p, m, code);
      } catch (e) {
        if (e instanceof ZichtError && (e.code === 'NOT_FOUND' || e.code === 'OUT_OF_DOMAIN')) return null;
        throw e;
      }
      const d = describeArea(m, a, lang);
      const feats = new Map(m.scores.features.map((f) => [f.name, f]));
      const out = {
        code: a.code,
        name: a.name,
        level: a.level,
        gemeente: { code: a.gemeente, name: gemeenteNames.get(a.gemeente) ?? a.gemeente },
        score: a.score!,
        unit: d.unit,
        meaning: d.meaning,
        verdict: d.verdict,
        rank: { position: a.rankInGemeente!, of: a.nInGemeente! },
        band: a.band!,
        interval: { low: a.interval!.lo, high: a.interval!.hi, method: d.interval!.method },
        trend: [
          ...(a.previous ? [{ period: a.previous.period, score: a.previous.score }] : []),
          { period: m.scores.period, score: a.score! },
        ],
        contributions: [...a.contributions]
          .sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution))
          .map((c) => ({
            feature: c.feature,
            label:
              (lang === 'nl' ? feats.get(c.feature)?.descriptionNl : feats.get(c.feature)?.descriptionEn) ?? c.feature,
            value: c.value,
            contribution: c.contribution,
          })),
        baseValue: a.baseValue!,
        reasons: d.reasons.map((r) => r.text),
        modelVersion: `${m.name}@${m.version}`,
        vintage: m.scores.vintage,
        synthetic: m.scores.synthetic,
      };
      record(p, m, 'UI /gebied/:code', [a.code], out);
      return out;
    },
    listModels: () =>
      registry.list().map((v) => ({
        name: v.name,
        version: v.version,
        status: v.status,
        createdAt: v.createdAt,
        kind: v.kind,
        synthetic: v.synthetic,
      })),
    getCardHtml: async (name, version, lang) => {
      try {
        return await renderCard(cardFor(registry, home, name, version), lang);
      } catch (e) {
        if (e instanceof ZichtError && e.code === 'UNKNOWN_MODEL') return null;
        throw e;
      }
    },
    compareCards: (a, b) => {
      try {
        const ca = cardFor(registry, home, a.name, a.version),
          cb = cardFor(registry, home, b.name, b.version);
        const metric = (c: ModelCard, k: string) => {
          const e = c.quantitative.crossValidation[k];
          return e?.estimate === null || e === undefined
            ? '—'
            : `${e.estimate.toFixed(3)} [${e.lo?.toFixed(3)}–${e.hi?.toFixed(3)}]`;
        };
        const rows = [
          { label: 'status', a: ca.modelDetails.status, b: cb.modelDetails.status },
          { label: 'kind', a: ca.modelDetails.kind, b: cb.modelDetails.kind },
          ...[
            ...new Set([
              ...Object.keys(ca.quantitative.crossValidation),
              ...Object.keys(cb.quantitative.crossValidation),
            ]),
          ].map((k) => ({ label: k, a: metric(ca, k), b: metric(cb, k) })),
          { label: 'data', a: ca.modelDetails.dataHash, b: cb.modelDetails.dataHash },
          { label: 'features', a: String(ca.parameters.features.length), b: String(cb.parameters.features.length) },
          {
            label: 'fairness slices outside 0.8–1.25',
            a: String(ca.fairness.slices.filter((s) => !s.inBand).length),
            b: String(cb.fairness.slices.filter((s) => !s.inBand).length),
          },
          ...diffCards(ca, cb).map((c) => ({ label: `Δ ${c.section}`, a: c.what, b: c.why })),
        ];
        return { a, b, rows };
      } catch (e) {
        if (e instanceof ZichtError && e.code === 'UNKNOWN_MODEL') return null;
        throw e;
      }
    },
    missingCardFields: (name, version) => cardFor(registry, home, name, version).completeness.missing,
    review: (p, name, version, decision, rationale) =>
      governance.review({
        name,
        version,
        decision: decision === 'request_changes' ? 'request-changes' : decision,
        reviewer: `${tokenName(p as Principal)} (${p.tokenId})`,
        role: p.role,
        rationale,
      }).status as never,
    listTrainingRuns: () =>
      training.list().map((r) => ({
        id: r.id,
        configName: r.config,
        status: r.status,
        progress: r.progress,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        modelVersion: r.result ? `${r.result.name}@${r.result.version}` : null,
        error: r.status === 'failed' ? r.message : null,
      })),
    startTrainingRun: (p, config) => ({ id: training.start(p as Principal, config).id }),
    listStoredConfigs: () =>
      training.configs().map((name) => ({ name, description: `$ZICHT_HOME/configs/${name}.json` })),
    listQualityReports: async () => {
      const s = await FeatureStore.open(home);
      try {
        return (await s.sources())
          .filter((x) => x.quality)
          .map((x) => ({
            ingestId: x.id,
            source: x.file,
            period: x.periods.join(', '),
            createdAt: x.ingestedAt,
            rows: x.quality!.rows,
            checks: [
              {
                name: 'areas',
                status: 'ok' as const,
                detail: Object.entries(x.quality!.byLevel)
                  .map(([l, k]) => `${k} ${l}`)
                  .join(', '),
              },
              ...x
                .quality!.measures.filter((q) => q.missingShare > 0.05)
                .slice(0, 6)
                .map((q) => ({
                  name: q.key,
                  status: (q.missingShare > 0.3 ? 'fail' : 'warn') as 'fail' | 'warn',
                  detail: `${(100 * q.missingShare).toFixed(1)}% missing (${(100 * q.suppressedShare).toFixed(1)}% suppressed)`,
                })),
              ...x
                .quality!.measures.filter((q) => q.outOfRange > 0)
                .slice(0, 4)
                .map((q) => ({ name: q.key, status: 'warn' as const, detail: `${q.outOfRange} values out of range` })),
              {
                name: 'unmatched codes',
                status: (x.quality!.unmatchedCodes.length ? 'warn' : 'ok') as 'ok' | 'warn',
                detail: String(x.quality!.unmatchedCodes.length),
              },
            ],
          }));
      } finally {
        s.close();
      }
    },
  };
  const root = new Hono();
  root.route('/', app);
  root.route('/', createUi(ui));
  return { app: root, db, tokens, audit, registry, governance, active, reload };
}

/** `zicht serve`: the API and the web UI on one port. */
export const serveCommand: Command = {
  words: ['serve'],
  summary: 'serve the API (/v1, /docs) and the web UI',
  usage: 'zicht serve [--port 8080] [--host 127.0.0.1] [--model NAME]',
  options: { port: { type: 'string' }, host: { type: 'string' }, model: { type: 'string' } },
  async run(ctx) {
    const port = intOption(ctx, 'port', 8080),
      host = stringOption(ctx, 'host') ?? '127.0.0.1';
    const model = stringOption(ctx, 'model');
    const rt = await buildRuntime(ctx.home, model ? { modelName: model } : {});
    const m = rt.active.current();
    if (!m) ctx.log('warning: no production model yet — /readyz answers 503 until an approved version is promoted');
    await new Promise<void>((resolve) => {
      serveNode({ fetch: rt.app.fetch, port, hostname: host }, (info) => {
        ctx.log(
          `zicht serving ${m ? `${m.name}@${m.version}${m.scores.synthetic ? ' (SYNTHETIC demo data)' : ''}` : 'no model'} on http://${host}:${info.port} — UI /, API /v1, docs /docs`,
        );
        resolve();
      });
    });
    await new Promise(() => {});
    return null;
  },
};
