import { ZichtError, sha256 } from '../core/index.ts';
import { levelOf } from '../features/index.ts';
import { diffCards, renderHtml, type Governance, type ModelCard } from '../model-cards/index.ts';
import type { ModelRegistry } from '../training/index.ts';
import { describeArea } from './area-view.ts';
import type { AuditLog } from './audit/audit-log.ts';
import type { Principal, TokenStore } from './auth/tokens.ts';
import { cardScopeOf, visibleArea, visibleAreasOf } from './scope.ts';
import type { ActiveModel, AreaScore, ServingModel } from './scores.ts';
import type { StoreCache } from './store-cache.ts';
import type { TrainingRunner } from './training-runner.ts';
import type { UiDeps } from './ui/index.ts';

/** What the UI adapter is built from: the runtime's real parts. */
export interface UiAdapterParts {
  readonly tokens: TokenStore;
  readonly audit: AuditLog;
  readonly registry: ModelRegistry;
  readonly governance: Governance;
  readonly active: ActiveModel;
  readonly cache: StoreCache;
  readonly training: TrainingRunner;
}

const hidden = (e: unknown) => e instanceof ZichtError && (e.code === 'NOT_FOUND' || e.code === 'OUT_OF_DOMAIN');

/**
 * The web UI's functions on the real modules. Scope goes through the same rule as the API
 * (`scope.ts`), every page that shows a score or a card is audited like an API response, and
 * nothing here opens the feature store (the cache holds what pages need).
 */
export function uiAdapter(parts: UiAdapterParts): UiDeps {
  const { tokens, audit, registry, governance, active, cache, training } = parts;
  const tokenName = (p: { tokenId: string }) => tokens.list().find((t) => t.tokenId === p.tokenId)?.name ?? p.tokenId;
  const record = (p: { tokenId: string; role: string }, model: string, route: string, areas: string[], body: unknown) =>
    audit.record([
      {
        tokenId: p.tokenId,
        role: p.role,
        route,
        areas,
        model,
        purpose: null,
        responseHash: sha256(JSON.stringify(body)),
      },
    ]);
  const card = (p: Pick<Principal, 'municipality'>, name: string, version: number): ModelCard | null => {
    try {
      return governance.card(name, version, cardScopeOf(p));
    } catch (e) {
      if (e instanceof ZichtError && e.code === 'UNKNOWN_MODEL') return null;
      throw e;
    }
  };
  return {
    authenticate: (t) => tokens.verify(t),
    isActive: (id) => tokens.isActive(id),
    listAreas: (p, gm) => {
      const m = active.current();
      if (!m || levelOf(gm) !== 'gemeente') return null;
      let areas: AreaScore[];
      try {
        areas = visibleAreasOf(p, m, gm);
      } catch (e) {
        if (hidden(e)) return null;
        throw e;
      }
      if (!areas.length) return null;
      const out = {
        gemeente: { code: gm, name: cache.names.get(gm) ?? gm },
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
          geometry: (cache.geometry.get(a.code) ?? null) as never,
        })),
      };
      const shown = areas.filter((a) => !a.suppressed).map((a) => a.code);
      record(p, `${m.name}@${m.version}`, 'UI /kaart/:gemeente', shown, out);
      return out;
    },
    getArea: (p, code, lang) => {
      const m: ServingModel | null = active.current();
      if (!m) return null;
      let a: AreaScore;
      try {
        a = visibleArea(p, m, code);
      } catch (e) {
        if (hidden(e)) return null;
        throw e;
      }
      const d = describeArea(m, a, lang);
      const feats = new Map(m.scores.features.map((f) => [f.name, f]));
      const out = {
        code: a.code,
        name: a.name,
        level: a.level,
        gemeente: { code: a.gemeente, name: cache.names.get(a.gemeente) ?? a.gemeente },
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
      record(p, `${m.name}@${m.version}`, 'UI /gebied/:code', [a.code], out);
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
    getCardHtml: (p, name, version, lang) => {
      const c = card(p, name, version);
      if (!c) return null;
      const html = renderHtml(c, lang, cache.boundariesOf(c.datasheet.level));
      record(
        p,
        `${name}@${version}`,
        'UI /modellen/:name/:version',
        c.map.map((a) => a.code),
        html,
      );
      return html;
    },
    compareCards: (p, a, b) => {
      const ca = card(p, a.name, a.version),
        cb = card(p, b.name, b.version);
      if (!ca || !cb) return null;
      const metric = (c: ModelCard, k: string) => {
        const e = c.quantitative.crossValidation[k];
        return e?.estimate === null || e === undefined
          ? '—'
          : `${e.estimate.toFixed(3)} [${e.lo?.toFixed(3)}–${e.hi?.toFixed(3)}]`;
      };
      const rows = [
        { label: 'status', a: ca.modelDetails.status, b: cb.modelDetails.status },
        { label: 'verdict', a: ca.verdict.status, b: cb.verdict.status },
        { label: 'kind', a: ca.modelDetails.kind, b: cb.modelDetails.kind },
        ...[
          ...new Set([
            ...Object.keys(ca.quantitative.crossValidation),
            ...Object.keys(cb.quantitative.crossValidation),
          ]),
        ].map((k) => ({ label: k, a: metric(ca, k), b: metric(cb, k) })),
        { label: 'data', a: ca.modelDetails.dataHash, b: cb.modelDetails.dataHash },
        { label: 'features', a: String(ca.parameters.features.length), b: String(cb.parameters.features.length) },
        ...diffCards(ca, cb).map((c) => ({ label: `Δ ${c.section}`, a: c.what, b: c.why })),
      ];
      return { a, b, rows };
    },
    missingCardFields: (name, version) => governance.card(name, version).completeness.missing,
    review: (p, name, version, decision, rationale) =>
      governance.review({
        name,
        version,
        decision: decision === 'request_changes' ? 'request-changes' : decision,
        reviewer: `${tokenName(p)} (${p.tokenId})`,
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
    startTrainingRun: (p, config) => ({ id: training.start(p, config).id }),
    listStoredConfigs: () =>
      training.configs().map((name) => ({ name, description: `$ZICHT_HOME/configs/${name}.json` })),
    listQualityReports: () => cache.quality,
  };
}
