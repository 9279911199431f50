/**
 * Test doubles for the UI's deps, used only by the UI tests: two small made-up
 * municipalities on a grid, a few model versions and training runs. Scope and
 * suppression rules mirror the API's: out of scope, unknown and suppressed all
 * answer null.
 */
import type { Polygon } from 'geojson';
import { ZichtError } from '../../core/index.ts';
import type {
  AreaDetail,
  AreaMap,
  Band,
  CardComparison,
  GateOverride,
  MapArea,
  ModelStatus,
  ModelSummary,
  Principal,
  QualityReport,
  ReviewDecision,
  ScoreContext,
  StoredConfig,
  TrainingRun,
  UiDeps,
} from './deps.ts';

const TOKENS: Readonly<Record<string, Principal>> = {
  zt_marine_nijmegen: { tokenId: 'tok-marine', role: 'marine', municipality: 'GM0268' },
  zt_analyst_arnhem: { tokenId: 'tok-analyst', role: 'analyst', municipality: 'GM0202' },
  zt_ethics: { tokenId: 'tok-ethics', role: 'ethics_board', municipality: null },
  zt_datascience: { tokenId: 'tok-ds', role: 'data_scientist', municipality: null },
  zt_admin: { tokenId: 'tok-admin', role: 'admin', municipality: null },
};

/** A square cell, ring clockwise as d3-geo expects for an exterior ring. */
function cell(lon: number, lat: number, height: number, width: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon, lat + height],
        [lon + width, lat + height],
        [lon + width, lat],
        [lon, lat],
      ],
    ],
  };
}

const BANDS_AT = { hoog: 0.7, verhoogd: 0.5, gemiddeld: 0.3, reference: 0.4 };
const BAND_OF = (score: number): Band =>
  score >= 0.7 ? 'hoog' : score >= 0.5 ? 'verhoogd' : score >= 0.3 ? 'gemiddeld' : 'laag';

/** The context every fake page carries. */
function fakeContext(lang: 'nl' | 'en' = 'nl'): ScoreContext {
  return {
    model: { name: 'drugshandel-buurt', version: 2 },
    meaning:
      lang === 'nl'
        ? 'De kans dat dit gebied in 2025 bij de 10% gebieden hoort met de meeste geregistreerde drugshandel per inwoner.'
        : 'The probability that this area is among the 10% of areas with the most registered drug trade per inhabitant in 2025.',
    unit: { kind: 'probability', label: lang === 'nl' ? 'kans' : 'probability' },
    verdict: 'beats-baselines',
    bands: BANDS_AT,
    intervalMethod:
      lang === 'nl' ? 'de spreiding van de kruisvalidatiemodellen' : 'the spread of the cross-validation models',
    period: '2024JJ00',
    vintage: 2024,
    synthetic: true,
  };
}
const NAMES = ['Centrum', 'Oost', 'West', 'Noord', 'Zuid', 'Haven', 'Heide', 'Dorp', 'Park'];

function municipality(gm: string, name: string, lon0: number, lat0: number): AreaMap {
  const digits = gm.slice(2);
  const areas: MapArea[] = NAMES.map((n, i) => {
    const suppressed = i === 7;
    const score = suppressed ? null : Math.round((0.9 - i * 0.1) * 100) / 100;
    return {
      code: `BU${digits}00${String(i + 1).padStart(2, '0')}`,
      name: `${name}-${n}`,
      level: 'buurt',
      population: suppressed ? 40 : 1200 + i * 300,
      score,
      band: score === null ? null : BAND_OF(score),
      rank: null,
      interval: score === null ? null : { low: Math.max(0, score - 0.08), high: Math.min(1, score + 0.07) },
      suppressed,
      geometry: cell(lon0 + (i % 3) * 0.016, lat0 + Math.floor(i / 3) * 0.01, 0.0098, 0.0158),
    };
  });
  const ranked = areas.filter((a) => a.score !== null).sort((a, b) => b.score! - a.score!);
  return {
    gemeente: { code: gm, name },
    areas: areas.map((a) => ({ ...a, rank: a.score === null ? null : ranked.indexOf(a) + 1 })),
    context: fakeContext(),
  };
}

const model = (
  version: number,
  status: ModelStatus,
  createdAt: string,
  kind: string,
  verdict: ModelSummary['verdict'],
): { -readonly [K in keyof ModelSummary]: ModelSummary[K] } => ({
  name: 'drugshandel-buurt',
  version,
  status,
  createdAt,
  kind,
  synthetic: true,
  verdict,
});

/** The fake gate: a version whose verdict is not "beats its baselines" fails on the verdict alone. */
const gateFailuresOf = (m: ModelSummary | undefined): GateOverride[] =>
  m && m.verdict !== null && m.verdict !== 'beats-baselines' ? ['verdict'] : [];

/** The fake card: Dutch throughout, with the review history the real card carries. */
function cardHtml(m: ModelSummary, lang: 'nl' | 'en'): string {
  const nl = lang === 'nl';
  return `<h1>${nl ? 'Modelkaart' : 'Model card'}: ${m.name}@${m.version}</h1><section id="verdict"><h2>${nl ? 'Oordeel' : 'Verdict'}</h2><p>${nl ? 'Dit model is beter dan de eenvoudige voorspellers.' : 'This model beats its baselines.'}</p></section><section id="fairness-summary"><h2>${nl ? 'Eerlijkheid in het kort' : 'Fairness at a glance'}</h2><ul><li>${nl ? 'Geen groep wijkt buiten de marge af.' : 'No group differs beyond the band.'}</li></ul></section><section id="reviews"><h2>${nl ? 'Beoordelingen door de ethische commissie' : 'Reviews by the ethics board'}</h2><div class="card-table"><table><thead><tr><th scope="col">${nl ? 'Wanneer' : 'When'}</th><th scope="col">${nl ? 'Beoordelaar' : 'Reviewer'}</th><th scope="col">${nl ? 'Rol' : 'Role'}</th><th scope="col">${nl ? 'Besluit' : 'Decision'}</th><th scope="col">${nl ? 'Bewust overschreven' : 'Explicitly overridden'}</th><th scope="col">${nl ? 'Motivering' : 'Rationale'}</th></tr></thead><tbody><tr><td>1 juni 2026 om 10:00</td><td>commissie-lid</td><td>${nl ? 'ethische commissie' : 'ethics board'}</td><td>${nl ? 'goedkeuren' : 'approve'}</td><td>—</td><td>${nl ? 'Voldoet aan de voorwaarden.' : 'Meets the conditions.'}</td></tr></tbody></table></div></section><section id="details"><h2>${nl ? 'Modelgegevens' : 'Model details'}</h2><div class="card-table"><table><tbody><tr><th scope="row">${nl ? 'Artefact (sha256)' : 'Artifact (sha256)'}</th><td>${'ab12'.repeat(16)}</td></tr><tr><th scope="row">${nl ? 'Beoogd gebruik' : 'Intended use'}</th><td>${nl ? 'gebieden, nooit personen' : 'areas, never people'}</td></tr></tbody></table></div></section>`;
}

/** Build a fresh set of test doubles (state is per instance). */
export function fakeDeps(): UiDeps & {
  readonly reviews: { ref: string; decision: ReviewDecision; rationale: string; overrides: readonly GateOverride[] }[];
  readonly started: string[];
  readonly exports: string[];
} {
  const maps = new Map<string, AreaMap>([
    ['GM0268', municipality('GM0268', 'Nijmegen', 5.83, 51.82)],
    ['GM0202', municipality('GM0202', 'Arnhem', 5.88, 51.97)],
  ]);
  const models = [
    model(1, 'retired', '2026-01-10T09:00:00Z', 'ebm', 'beats-baselines'),
    model(2, 'production', '2026-06-02T09:00:00Z', 'ebm', 'beats-baselines'),
    model(3, 'candidate', '2026-11-20T09:00:00Z', 'gbm', 'no-better-than-baseline'),
  ];
  const runs: TrainingRun[] = [
    {
      id: 'run-0007',
      origin: 'ui',
      configName: 'buurt-gam',
      status: 'succeeded',
      progress: 1,
      stage: null,
      startedAt: '2026-11-20T08:00:00Z',
      finishedAt: '2026-11-20T08:04:12Z',
      startedBy: null,
      model: { name: 'drugshandel-buurt', version: 3 },
      verdict: 'no-better-than-baseline',
      metrics: { auc: 0.912, brier: 0.061, ece: 0.012 },
      error: null,
    },
    {
      id: 'run-0008',
      origin: 'ui',
      configName: 'buurt-boosted',
      status: 'running',
      progress: 0.45,
      stage: 'cross-validation',
      startedAt: '2026-11-25T06:30:00Z',
      finishedAt: null,
      startedBy: null,
      model: null,
      verdict: null,
      metrics: {},
      error: null,
    },
    {
      id: 'drugshandel-buurt@2',
      origin: 'cli',
      configName: null,
      status: 'succeeded',
      progress: 1,
      stage: null,
      startedAt: '2026-06-02T09:00:00Z',
      finishedAt: null,
      startedBy: 'datateam',
      model: { name: 'drugshandel-buurt', version: 2 },
      verdict: 'beats-baselines',
      metrics: { auc: 0.9 },
      error: null,
    },
  ];
  const configs: StoredConfig[] = [
    { name: 'buurt-gam', description: 'additief model per buurt' },
    { name: 'buurt-boosted', description: 'boosted trees per buurt' },
  ];
  const reports: QualityReport[] = [
    {
      ingestId: 'ing-2024-kwb',
      source: 'kwb-2024.csv',
      period: '2024JJ00',
      createdAt: '2026-11-19T10:00:00Z',
      rows: 17_000,
      checks: [
        {
          kind: 'areas',
          measure: null,
          status: 'ok',
          figures: { gemeente: 342, wijk: 3245, buurt: 13808 },
        },
        {
          kind: 'missing',
          measure: 'Inkomen/Gemiddeld inkomen per inwoner',
          status: 'warn',
          figures: { missing: 0.12, suppressed: 0.1 },
        },
        { kind: 'unmatched', measure: null, status: 'ok', figures: { count: 0 } },
      ],
    },
  ];
  const reviews: { ref: string; decision: ReviewDecision; rationale: string; overrides: readonly GateOverride[] }[] =
    [];
  const started: string[] = [];
  const exports: string[] = [];
  const inScope = (p: Principal, gm: string) => p.municipality === null || p.municipality === gm;
  const find = (r: { name: string; version: number }) =>
    models.find((x) => x.name === r.name && x.version === r.version);

  return {
    reviews,
    started,
    exports,
    authenticate: (token) => TOKENS[token] ?? null,
    isActive: (id) => Object.values(TOKENS).some((p) => p.tokenId === id),
    municipalityName: (code) => maps.get(code)?.gemeente.name ?? null,
    listMunicipalities: (p) =>
      [...maps.values()].filter((m) => inScope(p, m.gemeente.code)).map((m) => ({ ...m.gemeente })),
    listAreas: (p, gm, lang) => {
      const m = inScope(p, gm) ? maps.get(gm) : undefined;
      return m ? { ...m, context: fakeContext(lang) } : null;
    },
    exportAreas: (p, gm, lang) => {
      const m = inScope(p, gm) ? maps.get(gm) : undefined;
      if (m) exports.push(`${p.tokenId} ${gm}`);
      return m ? { ...m, context: fakeContext(lang) } : null;
    },
    getArea: async (p, code, lang): Promise<AreaDetail | null> => {
      const gm = `GM${code.slice(2, 6)}`;
      const map = maps.get(gm);
      const a = map?.areas.find((x) => x.code === code);
      if (!map || !a || a.suppressed || a.score === null || a.band === null || !inScope(p, gm)) return null;
      const nl = lang === 'nl';
      const base = 0.2;
      // effects in the score's unit, adding up to the score
      const effects = [0.6, 0.3, -0.15, 0.05].map((w) => (w * (a.score! - base)) / 0.8);
      const contributions = [
        {
          feature: 'corporatiewoningen',
          label: nl ? 'Aandeel corporatiewoningen' : 'Social housing share',
          value: '62%',
        },
        { feature: 'bijstand', label: nl ? 'Inwoners met bijstand' : 'Residents on benefits', value: '88 per 1.000' },
        { feature: 'bedrijven', label: nl ? 'Bedrijfsvestigingen' : 'Businesses', value: '140 per 1.000' },
        { feature: 'woz', label: nl ? 'WOZ-waarde' : 'Property value', value: null },
      ].map((c, i) => ({ ...c, contribution: effects[i]! * 4, effect: effects[i]! }));
      const say = (up: boolean, what: string, v: string, ref: string) =>
        nl
          ? `${what}: ${up ? 'hoger' : 'lager'} dan gemiddeld in ${map.gemeente.name} (${v} tegen ${ref}) — hangt samen met een ${up ? 'hogere' : 'lagere'} score; dit is een verband, geen oorzaak`
          : `${what}: ${up ? 'higher' : 'lower'} than the average in ${map.gemeente.name} (${v} against ${ref}) — goes with a ${up ? 'higher' : 'lower'} score; this is an association, not a cause`;
      return {
        code: a.code,
        name: a.name,
        level: a.level,
        gemeente: map.gemeente,
        context: fakeContext(lang),
        score: a.score,
        band: a.band,
        rank: { position: a.rank ?? 1, of: map.areas.filter((x) => !x.suppressed).length },
        interval: a.interval!,
        trend: [
          { period: '2023JJ00', score: Math.max(0, a.score - 0.04) },
          { period: '2024JJ00', score: a.score },
        ],
        baseScore: base,
        contributions,
        reasons: [
          { direction: 'up', text: say(true, contributions[0]!.label, '62%', '38%') },
          { direction: 'up', text: say(true, contributions[1]!.label, '88', '41') },
          { direction: 'down', text: say(false, contributions[2]!.label, '140', '190') },
        ],
      };
    },
    listModels: () => models,
    getModelCard: (_p, name, version, lang) => {
      const m = find({ name, version });
      if (!m) return null;
      return {
        html: cardHtml(m, lang),
        missing: version === 3 && name === 'drugshandel-buurt' ? ['governance.legalBasis'] : [],
        failures: gateFailuresOf(m),
      };
    },
    compareCards: (_p, a, b, lang): CardComparison | null => {
      const ma = find(a),
        mb = find(b);
      if (!ma || !mb) return null;
      const nl = lang === 'nl';
      return {
        a: ma,
        b: mb,
        rows: [
          { label: nl ? 'Soort model' : 'Model kind', a: ma.kind, b: mb.kind },
          { label: 'Status', a: ma.status, b: mb.status },
          { label: nl ? 'Beoogd gebruik' : 'Intended use', a: 'gebieden', b: 'gebieden' },
        ],
        fairnessBand: [0.8, 1.25],
        disparity: [
          {
            group: nl ? 'het hoogste derde naar herkomst buiten Europa' : 'the highest third by origin outside Europe',
            reference: nl ? 'het laagste derde' : 'the lowest third',
            a: { estimate: 1.1, lo: 0.9, hi: 1.3, inBand: true },
            b: { estimate: 1.6, lo: 1.3, hi: 2.0, inBand: false },
          },
        ],
        changes: [
          {
            what: nl ? 'nauwkeurigheid: ROC AUC 0,9 → 0,91' : 'accuracy: ROC AUC 0.9 → 0.91',
            why: nl ? 'het verschil kan toeval zijn' : 'the difference may be noise',
          },
        ],
      };
    },
    compareBands: (p, a, b) => {
      if (!find(a) || !find(b)) return null;
      const areas = [...maps.values()]
        .filter((m) => inScope(p, m.gemeente.code))
        .flatMap((m) =>
          m.areas
            .filter((x) => !x.suppressed && x.band !== null && (x.rank === 2 || x.rank === 5))
            .map((x) => ({
              code: x.code,
              name: x.name,
              gemeente: m.gemeente.name,
              a: x.band,
              b: (x.band === 'laag' ? 'gemiddeld' : 'hoog') as Band,
            })),
        );
      return { compared: 16, areas };
    },
    review: (_p, name, version, decision, rationale, overrides): ModelStatus => {
      const m = find({ name, version });
      if (!m) throw new ZichtError('UNKNOWN_MODEL', `no model ${name}@${version}`, { name, version });
      if (m.status !== 'candidate')
        throw new ZichtError('GATE_REFUSED', `${name}@${version} is ${m.status}, only a candidate can be reviewed`, {
          name,
          version,
        });
      // like the real governance: an approval must override exactly what fails
      const uncovered = gateFailuresOf(m).filter((f) => !overrides.includes(f));
      if (decision === 'approve' && uncovered.length)
        throw new ZichtError(
          'GATE_REFUSED',
          `${name}@${version} cannot be approved: override ${uncovered.join(', ')}`,
          {
            name,
            version,
          },
        );
      reviews.push({ ref: `${name}@${version}`, decision, rationale, overrides });
      m.status = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'candidate';
      return m.status;
    },
    listTrainingRuns: () => runs,
    getTrainingRun: (id) => runs.find((r) => r.id === id) ?? null,
    startTrainingRun: (_p, configName) => {
      // like the runner: a config that is queued or running is that run
      const pending = runs.find(
        (r) => r.configName === configName && (r.status === 'queued' || r.status === 'running'),
      );
      if (pending) return { id: pending.id };
      const id = `run-${String(runs.length + 7).padStart(4, '0')}`;
      started.push(configName);
      runs.unshift({
        id,
        origin: 'ui',
        configName,
        status: 'queued',
        progress: 0,
        stage: 'waiting for the run before it',
        startedAt: '2026-11-25T07:00:00Z',
        finishedAt: null,
        startedBy: null,
        model: null,
        verdict: null,
        metrics: {},
        error: null,
      });
      return { id };
    },
    listStoredConfigs: () => configs,
    listQualityReports: () => reports,
  };
}
