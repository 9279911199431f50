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
  MapArea,
  ModelStatus,
  ModelSummary,
  Principal,
  QualityReport,
  ReviewDecision,
  StoredConfig,
  TrainingRun,
  UiDeps,
} from './deps.ts';

export const TOKENS: Readonly<Record<string, Principal>> = {
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

const BAND_OF = (score: number): Band =>
  score >= 0.7 ? 'hoog' : score >= 0.5 ? 'verhoogd' : score >= 0.3 ? 'gemiddeld' : 'laag';
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
      suppressed,
      geometry: cell(lon0 + (i % 3) * 0.016, lat0 + Math.floor(i / 3) * 0.01, 0.0098, 0.0158),
    };
  });
  const ranked = areas.filter((a) => a.score !== null).sort((a, b) => b.score! - a.score!);
  return {
    gemeente: { code: gm, name },
    areas: areas.map((a) => ({ ...a, rank: a.score === null ? null : ranked.indexOf(a) + 1 })),
    synthetic: true,
    modelVersion: 'drugshandel-buurt@2',
    vintage: 2024,
  };
}

/** Build a fresh set of test doubles (state is per instance). */
export function fakeDeps(): UiDeps & {
  readonly reviews: { ref: string; decision: ReviewDecision; rationale: string }[];
} {
  const maps = new Map<string, AreaMap>([
    ['GM0268', municipality('GM0268', 'Nijmegen', 5.83, 51.82)],
    ['GM0202', municipality('GM0202', 'Arnhem', 5.88, 51.97)],
  ]);
  const models: { -readonly [K in keyof ModelSummary]: ModelSummary[K] }[] = [
    {
      name: 'drugshandel-buurt',
      version: 1,
      status: 'retired',
      createdAt: '2026-01-10T09:00:00Z',
      kind: 'gam',
      synthetic: true,
    },
    {
      name: 'drugshandel-buurt',
      version: 2,
      status: 'production',
      createdAt: '2026-06-02T09:00:00Z',
      kind: 'gam',
      synthetic: true,
    },
    {
      name: 'drugshandel-buurt',
      version: 3,
      status: 'candidate',
      createdAt: '2026-11-20T09:00:00Z',
      kind: 'boosted-trees',
      synthetic: true,
    },
  ];
  const runs: TrainingRun[] = [
    {
      id: 'run-0007',
      configName: 'buurt-gam',
      status: 'succeeded',
      progress: 1,
      startedAt: '2026-11-20T08:00:00Z',
      finishedAt: '2026-11-20T08:04:00Z',
      modelVersion: 'drugshandel-buurt@3',
      error: null,
    },
    {
      id: 'run-0008',
      configName: 'buurt-boosted',
      status: 'running',
      progress: 0.45,
      startedAt: '2026-11-25T06:30:00Z',
      finishedAt: null,
      modelVersion: null,
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
      source: 'CBS 85984NED',
      period: '2024JJ00',
      createdAt: '2026-11-19T10:00:00Z',
      rows: 17_000,
      checks: [
        { name: 'codes', status: 'ok', detail: 'alle codes bekend' },
        { name: 'onderdrukte waarden', status: 'warn', detail: '12% van de buurtwaarden onderdrukt (.)' },
      ],
    },
  ];
  const reviews: { ref: string; decision: ReviewDecision; rationale: string }[] = [];
  const inScope = (p: Principal, gm: string) => p.municipality === null || p.municipality === gm;

  return {
    reviews,
    authenticate: (token) => TOKENS[token] ?? null,
    isActive: (id) => Object.values(TOKENS).some((p) => p.tokenId === id),
    listAreas: (p, gm) => (inScope(p, gm) ? (maps.get(gm) ?? null) : null),
    getArea: async (p, code, lang): Promise<AreaDetail | null> => {
      const gm = `GM${code.slice(2, 6)}`;
      const map = maps.get(gm);
      const a = map?.areas.find((x) => x.code === code);
      if (!map || !a || a.suppressed || a.score === null || a.band === null || !inScope(p, gm)) return null;
      const nl = lang === 'nl';
      const contributions = [
        {
          feature: 'income_low_share',
          label: nl ? 'Aandeel lage inkomens' : 'Low-income share',
          value: 31,
          contribution: 0.42,
        },
        {
          feature: 'benefit_recipients_per_1000',
          label: nl ? 'Uitkeringen per 1000 inwoners' : 'Benefits per 1,000 residents',
          value: 88,
          contribution: 0.25,
        },
        {
          feature: 'business_density',
          label: nl ? 'Bedrijfsvestigingen per km²' : 'Businesses per km²',
          value: 140,
          contribution: -0.12,
        },
        {
          feature: 'social_housing_share',
          label: nl ? 'Aandeel sociale huur' : 'Social housing share',
          value: null,
          contribution: 0.05,
        },
      ];
      return {
        code: a.code,
        name: a.name,
        level: a.level,
        gemeente: map.gemeente,
        score: a.score,
        unit: { kind: 'probability' as const, label: nl ? 'kans' : 'probability' },
        meaning: nl
          ? 'De kans dat dit gebied volgend jaar bij de 10% hoort.'
          : 'The probability of being in the top 10% next year.',
        verdict: { status: 'beats-baselines' as const, reasons: [] },
        rank: { position: a.rank ?? 1, of: map.areas.length },
        band: a.band,
        interval: { low: a.score - 0.08, high: a.score + 0.07, method: nl ? 'spreiding' : 'spread' },
        trend: [
          { period: '2021', score: a.score - 0.1 },
          { period: '2022', score: a.score - 0.04 },
          { period: '2023', score: a.score },
        ],
        contributions,
        baseValue: -1.2,
        reasons: contributions.map(
          (c) =>
            `${c.label}: ${c.value ?? '—'} — ${c.contribution >= 0 ? (nl ? 'verhoogt de score' : 'raises the score') : nl ? 'verlaagt de score' : 'lowers the score'}`,
        ),
        modelVersion: map.modelVersion,
        vintage: map.vintage,
        synthetic: true,
      };
    },
    listModels: () => models,
    getCardHtml: (_p, name, version, lang) => {
      const m = models.find((x) => x.name === name && x.version === version);
      return m
        ? `<!DOCTYPE html><html lang="${lang}"><body><h1>${name}@${version}</h1><p>Status: ${m.status}</p><p>Intended use: areas, never people.</p></body></html>`
        : null;
    },
    compareCards: (_p, a, b): CardComparison | null => {
      const ma = models.find((x) => x.name === a.name && x.version === a.version);
      const mb = models.find((x) => x.name === b.name && x.version === b.version);
      if (!ma || !mb) return null;
      return {
        a,
        b,
        rows: [
          { label: 'Soort model', a: ma.kind, b: mb.kind },
          { label: 'Status', a: ma.status, b: mb.status },
          { label: 'Beoogd gebruik', a: 'gebieden, nooit personen', b: 'gebieden, nooit personen' },
        ],
      };
    },
    missingCardFields: (name, version) =>
      version === 3 && name === 'drugshandel-buurt' ? ['Bekende beperkingen'] : [],
    review: (_p, name, version, decision, rationale): ModelStatus => {
      const m = models.find((x) => x.name === name && x.version === version);
      if (!m) throw new ZichtError('UNKNOWN_MODEL', `no model ${name}@${version}`, { name, version });
      if (m.status !== 'candidate')
        throw new ZichtError('GATE_REFUSED', `${name}@${version} is ${m.status}, only a candidate can be reviewed`, {
          name,
          version,
        });
      reviews.push({ ref: `${name}@${version}`, decision, rationale });
      m.status = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'candidate';
      return m.status;
    },
    listTrainingRuns: () => runs,
    startTrainingRun: (_p, configName) => {
      const id = `run-${String(runs.length + 7).padStart(4, '0')}`;
      runs.unshift({
        id,
        configName,
        status: 'queued',
        progress: 0,
        startedAt: '2026-11-25T07:00:00Z',
        finishedAt: null,
        modelVersion: null,
        error: null,
      });
      return { id };
    },
    listStoredConfigs: () => configs,
    listQualityReports: () => reports,
  };
}
