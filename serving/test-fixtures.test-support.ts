// Test doubles for the serving tests only: a small synthetic score set and in-memory ports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZichtError, openOperationalDb } from '../core/index.ts';
import { openAuditLog } from './audit/audit-key.ts';
import { RefusalLog } from './audit/refusals.ts';
import { serverTokenStore } from './auth/tokens.ts';
import { createApp, type AppOptions } from './app.ts';
import type { ModelsPort, TrainingPort, TrainingRunStatus } from './ports.ts';
import { ActiveModel, servingModel, type ScoreSet } from './scores.ts';

export function fixtureScores(version = 1, areas = 40): ScoreSet {
  const features = [
    {
      name: 'corporatiewoningen',
      descriptionNl: 'Aandeel woningen van een woningcorporatie',
      descriptionEn: 'Share of housing-association dwellings',
      unit: '%',
      protected: false,
      mutable: true,
      range: { min: 0, max: 90 },
    },
    {
      name: 'bijstand_per_1000',
      descriptionNl: 'Inwoners met bijstand',
      descriptionEn: 'Residents on social assistance',
      unit: 'per 1.000 inwoners',
      protected: false,
      mutable: false,
      range: { min: 0, max: 200 },
    },
  ];
  return {
    format: 'zicht-scores',
    version: 2,
    model: { name: 'drugs-wijk', version },
    synthetic: true,
    period: '2024JJ00',
    vintage: 2024,
    minPopulation: 100,
    link: 'logit',
    target: 'binary-top',
    crimeCode: '3.1.1',
    topShare: 0.1,
    unit: { kind: 'probability', nl: 'kans', en: 'probability' },
    meaning: {
      nl: 'De kans dat dit gebied in 2025 bij de 10% hoort.',
      en: 'The probability that this area is in the top 10% in 2025.',
    },
    intervalMethod: { nl: 'spreiding van de 5 modellen', en: 'spread of the 5 models' },
    domain: { level: 'wijk', municipalities: ['GM9001', 'GM9002'], national: false },
    verdict: {
      status: 'beats-baselines',
      reasons: [
        { nl: 'het model is beter dan de beste eenvoudige voorspeller', en: 'the model beats the best baseline' },
      ],
    },
    features,
    protectedAreInputs: false,
    references: {
      national: { corporatiewoningen: 25, bijstand_per_1000: 30 },
      municipal: {
        GM9001: { corporatiewoningen: 30, bijstand_per_1000: 35 },
        GM9002: { corporatiewoningen: 20, bijstand_per_1000: 25 },
      },
    },
    bands: { hoog: 0.3, verhoogd: 0.15, gemiddeld: 0.05, reference: 0.1 },
    disclosure: { suppressedAreas: 1, valuesWithheld: 0, recoverable: 0 },
    areas: Array.from({ length: areas }, (_, i) => {
      const gm = i % 2 === 0 ? 'GM9001' : 'GM9002';
      const suppressed = i === 3;
      // each version scores differently, so a response shows which version produced it
      const p = ((i + 1) / (areas + 2)) ** version;
      return {
        code: `WK${gm.slice(2)}${String(i).padStart(2, '0')}`,
        name: `Wijk ${i}`,
        level: 'wijk' as const,
        gemeente: gm,
        population: suppressed ? 40 : 1000 + i,
        suppressed,
        margin: suppressed ? null : Math.log(p / (1 - p)),
        score: suppressed ? null : p,
        band: suppressed ? null : p > 0.3 ? ('hoog' as const) : p > 0.15 ? ('verhoogd' as const) : ('laag' as const),
        interval: suppressed ? null : { lo: p * 0.8, hi: Math.min(1, p * 1.2) },
        rankInGemeente: suppressed ? null : 1,
        nInGemeente: 20,
        percentileInGemeente: 50,
        rateRatioToGemeente: null,
        rankNational: null,
        percentileNational: null,
        baseValue: suppressed ? null : -1,
        contributions: suppressed
          ? []
          : [
              { feature: 'corporatiewoningen', value: 40, contribution: 0.5 },
              { feature: 'bijstand_per_1000', value: 20, contribution: Math.log(p / (1 - p)) + 1 - 0.5 },
            ],
        history: [],
      };
    }),
  };
}

export function fixtureApp(options: AppOptions = {}, home = mkdtempSync(join(tmpdir(), 'zicht-srv-')), areas = 40) {
  const areas0 = areas;
  // as the server opens it (buildRuntime): checkpoints in their own thread
  const db = openOperationalDb(home, process.env, { checkpointThread: true });
  const tokens = serverTokenStore(db);
  const audit = openAuditLog(home, db, {});
  const active = new ActiveModel();
  const whatIf = (_code: string, changes: Readonly<Record<string, number>>) => ({
    margin: Object.values(changes).reduce((a, b) => a + b / 100, 0),
    score: 0.5,
    baseValue: -1,
    contributions: [],
  });
  active.swap(servingModel(fixtureScores(1, areas), whatIf));
  const versions = [
    { name: 'drugs-wijk', version: 1, status: 'production' },
    { name: 'drugs-wijk', version: 2, status: 'approved' },
  ];
  const models: ModelsPort = {
    list: () =>
      versions.map((v) => ({
        ...v,
        createdAt: '2026-01-01',
        kind: 'gbm',
        dataHash: 'd',
        artifactHash: 'a',
        synthetic: true,
        metrics: { auc: 0.8 },
      })),
    get: (name, version) => {
      const v = models.list().find((x) => x.name === name && x.version === version);
      if (!v) throw new ZichtError('UNKNOWN_MODEL', `model ${name}@${version} is not registered`);
      return v;
    },
    card: (name, version, format, _lang, scope) => {
      models.get(name, version);
      const areas = fixtureScores(version, areas0).areas.filter(
        (a) => !a.suppressed && (scope.municipality === null || a.gemeente === scope.municipality),
      );
      const map = areas.map((a) => ({ code: a.code, band: a.band }));
      const body = format === 'json' ? { name, version, map } : format === 'md' ? `# ${name}` : `<h1>${name}</h1>`;
      return { body, areas: map.map((a) => a.code) };
    },
    review: (_p, name, version, decision) => {
      models.get(name, version);
      return { decision };
    },
    promote: (_p, name, version) => {
      models.get(name, version);
      versions.forEach((v) => {
        if (v.status === 'production') v.status = 'retired';
        if (v.version === version) v.status = 'production';
      });
      return { name, version, status: 'production' };
    },
  };
  const runs: TrainingRunStatus[] = [];
  const training: TrainingPort = {
    configs: () => ['demo'],
    start: (_p, config) => {
      if (config !== 'demo') throw new ZichtError('NOT_FOUND', `no stored config '${config}'`);
      const r = {
        id: `run_${'0'.repeat(11)}${runs.length}`,
        status: 'queued' as const,
        progress: 0,
        message: '',
        config,
        startedAt: 'now',
        finishedAt: null,
        result: null,
      };
      runs.push(r);
      return r;
    },
    get: (id) => {
      const r = runs.find((x) => x.id === id);
      if (!r) throw new ZichtError('NOT_FOUND', `no training run '${id}'`);
      return r;
    },
    list: () => runs,
  };
  const reload = () => {
    const v = versions.find((x) => x.status === 'production')!;
    active.swap(servingModel(fixtureScores(v.version, areas), whatIf));
  };
  const refusals = new RefusalLog(audit);
  const app = createApp({ db, tokens, audit, active, models, training, reload, options, refusals });
  const token = (role: string, municipality?: string) =>
    tokens.create({ role, ...(municipality ? { municipality } : {}) }).token;
  return { app, db, tokens, audit, active, home, token, flushRefusals: () => refusals.flush() };
}
