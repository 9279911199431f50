import { ZichtError, sha256 } from '../core/index.ts';
import { levelOf } from '../features/index.ts';
import {
  METRIC_WORDS,
  STATUS_WORDS,
  VERDICT_WORDS,
  diffCards,
  gateFailures,
  groupWords,
  num,
  renderHtmlBody,
  type Governance,
  type ModelCard,
} from '../model-cards/index.ts';
import { readScoreSet, type ModelRegistry, type ModelVersion } from '../training/index.ts';
import { describeArea, reasonsFor, scorePath } from './area-view.ts';
import type { AuditLog } from './audit/audit-log.ts';
import { formatValue } from './reasons/index.ts';
import type { Principal, TokenStore } from './auth/tokens.ts';
import { cardScopeOf, inScope, visibleArea, visibleAreasOf } from './scope.ts';
import type { ActiveModel, AreaScore, ScoreSet, ServingModel } from './scores.ts';
import type { StoreCache } from './store-cache.ts';
import type { TrainingRunner } from './training-runner.ts';
import type {
  AreaMap,
  CardComparison,
  Lang,
  ModelSummary,
  QualityReport,
  ScoreContext,
  TrainingRun,
  UiDeps,
  VerdictStatus,
} from './ui/index.ts';

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
const VERDICT_IDS: readonly string[] = ['beats-baselines', 'no-better-than-baseline', 'insufficient-evidence'];
const verdictOf = (s: string | undefined): VerdictStatus | null =>
  s !== undefined && VERDICT_IDS.includes(s) ? (s as VerdictStatus) : null;

function summaryOf(v: ModelVersion): ModelSummary {
  return {
    name: v.name,
    version: v.version,
    status: v.status,
    createdAt: v.createdAt,
    kind: v.kind,
    synthetic: v.synthetic,
    verdict: verdictOf(v.verdict),
  };
}

function contextOf(m: ServingModel, lang: Lang): ScoreContext {
  const s = m.scores;
  return {
    model: { name: m.name, version: m.version },
    meaning: s.meaning[lang],
    unit: { kind: s.unit.kind, label: s.unit[lang] },
    verdict: s.verdict.status,
    bands: s.bands,
    intervalMethod: s.intervalMethod[lang],
    period: s.period,
    vintage: s.vintage,
    synthetic: s.synthetic,
  };
}

/**
 * The web UI's functions on the real modules. Scope goes through the same rule as the API
 * (`scope.ts`), every page that shows a score or a card is audited like an API response, and
 * nothing here opens the feature store (the cache holds what pages need).
 */
export function uiAdapter(parts: UiAdapterParts): UiDeps {
  const { tokens, audit, registry, governance, active, cache, training } = parts;
  const tokenName = (p: { tokenId: string }) => tokens.list().find((t) => t.tokenId === p.tokenId)?.name ?? p.tokenId;
  const nameOf = (gm: string) => cache.names.get(gm) ?? gm;
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
  const version = (name: string, v: number): ModelVersion | null => {
    try {
      return registry.get(name, v);
    } catch (e) {
      if (e instanceof ZichtError && (e.code === 'UNKNOWN_MODEL' || e.code === 'NOT_FOUND')) return null;
      throw e;
    }
  };
  // score sets of other versions, for comparisons (a few, most recent last)
  const sets = new Map<string, ScoreSet>();
  const scoresOf = (v: ModelVersion): ScoreSet => {
    const key = `${v.name}@${v.version}`;
    let s = sets.get(key);
    if (!s) {
      s = readScoreSet(registry.readFile(v, 'scores.json'), `scores of ${key}`);
      sets.set(key, s);
      if (sets.size > 4) sets.delete(sets.keys().next().value!);
    }
    return s;
  };
  /** Shown (not suppressed, registered population at least the minimum) and in scope. */
  const shownInScope = (p: Pick<Principal, 'municipality'>, s: ScoreSet, a: AreaScore) => {
    const registered = cache.populations.get(a.code);
    const small = registered !== undefined && (registered === null || registered < s.minPopulation);
    return !a.suppressed && !small && a.band !== null && inScope(p, a.gemeente);
  };
  const areaList = (
    p: Pick<Principal, 'municipality' | 'tokenId' | 'role'>,
    gm: string,
    lang: Lang,
    route: string,
  ): AreaMap | null => {
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
    const out: AreaMap = {
      gemeente: { code: gm, name: nameOf(gm) },
      context: contextOf(m, lang),
      areas: areas.map((a) => ({
        code: a.code,
        name: a.name,
        level: a.level,
        population: a.suppressed ? null : a.population,
        score: a.score,
        band: a.band,
        rank: a.rankInGemeente,
        interval: a.interval ? { low: a.interval.lo, high: a.interval.hi } : null,
        suppressed: a.suppressed,
        geometry: (cache.geometry.get(a.code) ?? null) as never,
      })),
    };
    const shown = areas.filter((a) => !a.suppressed).map((a) => a.code);
    record(p, `${m.name}@${m.version}`, route, shown, out);
    return out;
  };
  const runs = (): TrainingRun[] => {
    const listed = training.list();
    const made = new Set(listed.flatMap((r) => (r.result ? [`${r.result.name}@${r.result.version}`] : [])));
    const fromUi: TrainingRun[] = listed.map((r) => {
      const v = r.result ? version(r.result.name, r.result.version) : null;
      return {
        id: r.id,
        origin: 'ui',
        configName: r.config,
        status: r.status,
        progress: r.progress,
        stage: r.status === 'running' || r.status === 'queued' ? r.message : null,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        startedBy: null,
        model: r.result ? { name: r.result.name, version: r.result.version } : null,
        verdict: verdictOf(r.result?.verdict ?? v?.verdict),
        metrics: v?.metrics ?? {},
        error: r.status === 'failed' ? r.message : null,
      };
    });
    // versions registered by `zicht train` on the command line have no row of their own
    const fromCli: TrainingRun[] = registry
      .list()
      .filter((v) => !made.has(`${v.name}@${v.version}`))
      .map((v) => ({
        id: `${v.name}@${v.version}`,
        origin: 'cli',
        configName: null,
        status: 'succeeded',
        progress: 1,
        stage: null,
        startedAt: v.createdAt,
        finishedAt: null,
        startedBy: v.trainedBy,
        model: { name: v.name, version: v.version },
        verdict: verdictOf(v.verdict),
        metrics: v.metrics,
        error: null,
      }));
    return [...fromUi, ...fromCli].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  };
  return {
    authenticate: (t) => tokens.verify(t),
    isActive: (id) => tokens.isActive(id),
    municipalityName: (code) => cache.names.get(code) ?? null,
    listMunicipalities: (p) => {
      const m = active.current();
      if (!m) return [];
      const d = m.scores.domain;
      const codes = d.national ? [...new Set(m.scores.areas.map((a) => a.gemeente))] : d.municipalities;
      return codes
        .filter((gm) => inScope(p, gm))
        .map((code) => ({ code, name: nameOf(code) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    },
    listAreas: (p, gm, lang) => areaList(p, gm, lang, 'UI /kaart/:gemeente'),
    exportAreas: (p, gm, lang) => areaList(p, gm, lang, 'UI /kaart/:gemeente/export.csv'),
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
      const gemeente = { code: a.gemeente, name: nameOf(a.gemeente) };
      const d = describeArea(m, a, lang, gemeente.name);
      const feats = new Map(m.scores.features.map((f) => [f.name, f]));
      const path = scorePath(m, a);
      const out = {
        code: a.code,
        name: a.name,
        level: a.level,
        gemeente,
        context: contextOf(m, lang),
        score: a.score!,
        band: a.band!,
        rank: { position: a.rankInGemeente!, of: a.nInGemeente! },
        interval: { low: a.interval!.lo, high: a.interval!.hi },
        trend: [
          ...a.history.map((h) => ({ period: h.period, score: h.score })),
          { period: m.scores.period, score: a.score! },
        ],
        baseScore: path.baseScore,
        contributions: path.steps.map((c) => {
          const f = feats.get(c.feature);
          return {
            feature: c.feature,
            label: (lang === 'nl' ? f?.descriptionNl : f?.descriptionEn) ?? c.feature,
            value: c.value === null || !f ? null : formatValue(c.value, f.unit, lang),
            contribution: c.contribution,
            effect: c.effect,
          };
        }),
        // more than the API's five, so that both directions have their own list
        reasons: reasonsFor(m, a, lang, 10, gemeente.name).map((r) => ({ direction: r.direction, text: r.text })),
      };
      record(p, `${m.name}@${m.version}`, 'UI /gebied/:code', [a.code], { ...out, explanation: d.explanation });
      return out;
    },
    listModels: () => registry.list().map(summaryOf),
    getModelCard: (p, name, v, lang) => {
      const c = card(p, name, v);
      if (!c) return null;
      const html = renderHtmlBody(c, lang, { geometry: cache.boundariesOf(c.datasheet.level), names: cache.names });
      record(
        p,
        `${name}@${v}`,
        'UI /modellen/:name/:version',
        c.map.map((a) => a.code),
        html,
      );
      // completeness and the gate conditions do not depend on the scope (only the map does)
      return { html, missing: c.completeness.missing, failures: gateFailures(c).map((f) => f.id) };
    },
    compareCards: (p, a, b, lang) => {
      const ca = card(p, a.name, a.version),
        cb = card(p, b.name, b.version);
      const va = version(a.name, a.version),
        vb = version(b.name, b.version);
      if (!ca || !cb || !va || !vb) return null;
      return compare(ca, cb, summaryOf(va), summaryOf(vb), lang);
    },
    compareBands: (p, a, b) => {
      const va = version(a.name, a.version),
        vb = version(b.name, b.version);
      if (!va || !vb) return null;
      const sa = scoresOf(va),
        sb = scoresOf(vb);
      const inA = new Map(sa.areas.filter((x) => shownInScope(p, sa, x)).map((x) => [x.code, x]));
      const inB = new Map(sb.areas.filter((x) => shownInScope(p, sb, x)).map((x) => [x.code, x]));
      const codes = [...new Set([...inA.keys(), ...inB.keys()])].sort();
      const areas = codes
        .map((code) => ({ code, x: inA.get(code), y: inB.get(code) }))
        .filter(({ x, y }) => x?.band !== y?.band)
        .map(({ code, x, y }) => ({
          code,
          name: (x ?? y)!.name,
          gemeente: nameOf((x ?? y)!.gemeente),
          a: x?.band ?? null,
          b: y?.band ?? null,
        }));
      const out = { compared: codes.filter((c) => inA.has(c) && inB.has(c)).length, areas };
      record(
        p,
        `${a.name}@${a.version} ${b.name}@${b.version}`,
        'UI /modellen/vergelijk',
        areas.map((x) => x.code),
        out,
      );
      return out;
    },
    review: (p, name, v, decision, rationale, overrides) =>
      governance.review({
        name,
        version: v,
        decision: decision === 'request_changes' ? 'request-changes' : decision,
        reviewer: `${tokenName(p)} (${p.tokenId})`,
        role: p.role,
        rationale,
        overrides,
      }).status as never,
    listTrainingRuns: runs,
    getTrainingRun: (id) => runs().find((r) => r.id === id) ?? null,
    startTrainingRun: (p, config) => ({ id: training.start(p, config).id }),
    listStoredConfigs: () => training.configs().map((name) => ({ name, description: `configs/${name}.json` })),
    listQualityReports: (): readonly QualityReport[] => cache.quality,
  };
}

const interval = (lang: Lang, e: { estimate: number | null; lo: number | null; hi: number | null } | undefined) =>
  e ? `${num(lang, e.estimate)} [${num(lang, e.lo)}–${num(lang, e.hi)}]` : '—';

/** Two cards side by side, in the requested language. */
function compare(ca: ModelCard, cb: ModelCard, a: ModelSummary, b: ModelSummary, lang: Lang): CardComparison {
  const nl = lang === 'nl';
  const words = (table: Readonly<Record<string, { nl: string; en: string }>>, id: string) => table[id]?.[lang] ?? id;
  const metrics = [
    ...new Set([...Object.keys(ca.quantitative.crossValidation), ...Object.keys(cb.quantitative.crossValidation)]),
  ];
  const rows = [
    { label: nl ? 'Status' : 'Status', a: words(STATUS_WORDS, a.status), b: words(STATUS_WORDS, b.status) },
    {
      label: nl ? 'Oordeel t.o.v. eenvoudige voorspellers' : 'Verdict against the baselines',
      a: words(VERDICT_WORDS, ca.verdict.status),
      b: words(VERDICT_WORDS, cb.verdict.status),
    },
    ...metrics.map((k) => ({
      label: words(METRIC_WORDS, k),
      a: interval(lang, ca.quantitative.crossValidation[k]),
      b: interval(lang, cb.quantitative.crossValidation[k]),
    })),
    {
      label: nl ? 'Aantal indicatoren' : 'Number of indicators',
      a: String(ca.parameters.features.length),
      b: String(cb.parameters.features.length),
    },
  ];
  const key = (s: { attribute: string; group: string }) => `${s.attribute}|${s.group}`;
  const byA = new Map(ca.fairness.slices.map((s) => [key(s), s]));
  const byB = new Map(cb.fairness.slices.map((s) => [key(s), s]));
  const slice = (s: ModelCard['fairness']['slices'][number] | undefined) =>
    s && s.warning === null ? { ...s.ratio, inBand: s.inBand } : null;
  const disparity = [...new Set([...byA.keys(), ...byB.keys()])].map((k) => {
    const s = (byA.get(k) ?? byB.get(k))!;
    return {
      group: groupWords(lang, s.group),
      reference: groupWords(lang, s.reference),
      a: slice(byA.get(k)),
      b: slice(byB.get(k)),
    };
  });
  return {
    a,
    b,
    rows,
    fairnessBand: cb.fairness.band,
    disparity,
    changes: diffCards(ca, cb, lang).map((c) => ({ what: `${c.section}: ${c.what}`, why: c.why })),
  };
}
