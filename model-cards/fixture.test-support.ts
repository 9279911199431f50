// A registered version with a small synthetic evaluation report, for the model-card tests only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEvaluationReport, defaultVerdictRule, verdictReasonText, type RunFacts } from '../evaluation/index.ts';
import { createRng } from '../core/index.ts';
import { packScores, type ModelRegistry, type ModelVersion, type ScoreSet } from '../training/index.ts';

export interface FixtureOptions {
  /** `beats`: the model beats its baseline; `worse`: a baseline beats the model. */
  readonly quality?: 'beats' | 'worse';
  /** Plant a flag-rate disparity in the top third by share born outside Europe. */
  readonly disparity?: boolean;
  /** Whether the run had boundaries (and so neighbour features and a spatial section). */
  readonly boundaries?: boolean;
  readonly name?: string;
}

function fixtureRun(o: FixtureOptions = {}): RunFacts {
  return {
    configHash: 'c'.repeat(64),
    cv: { folds: 3, grouping: 'gemeente', groups: 40 },
    calibration: { method: 'platt', crossFitted: true },
    capacity: { k: 2, per: 'gemeente' },
    sources: [
      {
        kind: 'statline-csv',
        file: 'kwb-2022.csv',
        tableId: '85318NED',
        periods: ['2022JJ00'],
        vintage: 2022,
        synthetic: true,
      },
      {
        kind: 'police-csv',
        file: 'police.csv',
        tableId: '47018NED',
        periods: ['2023JJ00'],
        vintage: 2022,
        synthetic: true,
      },
      ...(o.boundaries
        ? [{ kind: 'geojson', file: 'wijken.geojson', tableId: null, periods: [], vintage: 2022, synthetic: true }]
        : []),
    ],
    boundaries: o.boundaries === true,
    features: {
      used: [
        { name: 'corporatiewoningen', transform: '[Wonen/Corporatie] / [Wonen/Totaal] × 100' },
        ...(o.boundaries ? [{ name: 'bijstand_buren', transform: 'neighbour mean of ([Bijstand])' }] : []),
      ],
      skipped: o.boundaries
        ? []
        : [
            {
              feature: 'bijstand_buren',
              view: 'kwb@1',
              reason: 'no boundaries ingested for this vintage, so no neighbours',
            },
          ],
    },
    excluded: [{ reason: 'population', areas: 7 }],
    domain: { level: 'wijk', municipalities: Array.from({ length: 40 }, (_, g) => `GM9${100 + g}`), national: false },
    reportedLabelModel: false,
    feedbackSimulation: false,
    differentialPrivacy: false,
  };
}

export function fixtureVersion(
  registry: ModelRegistry,
  home: string,
  governance: object | null,
  o: FixtureOptions = {},
): ModelVersion {
  const name = o.name ?? 'fixture';
  const rng = createRng(3);
  const n = 400;
  const codes = Array.from(
    { length: n },
    (_, i) => `WK9${String(100 + (i % 40)).padStart(3, '0')}${String(Math.floor(i / 40)).padStart(2, '0')}`,
  );
  const groups = codes.map((c) => `GM${c.slice(2, 6)}`);
  const truth = Float64Array.from({ length: n }, () => 0.02 + rng.next() * 0.5);
  const y = truth.map((q) => (rng.next() < q ? 1 : 0));
  const good = truth.map((q) => Math.min(0.98, Math.max(0.02, q + 0.03 * (rng.next() - 0.5))));
  const noisy = truth.map(() => 0.02 + rng.next() * 0.6);
  const prediction = o.quality === 'worse' ? noisy : good;
  const attribute = Float64Array.from({ length: n }, (_, i) =>
    o.disparity ? (prediction[i]! > 0.35 ? 60 : 10) + rng.next() * 5 : rng.next() * 50,
  );
  const run = fixtureRun(o);
  const report = buildEvaluationReport({
    model: { name, kind: 'gbm' },
    seed: 1,
    synthetic: true,
    target: 'binary-top',
    crimeCode: '3.1.1',
    cv: {
      folds: 3,
      codes,
      periods: codes.map(() => '2022JJ00'),
      groups,
      gemeenten: groups,
      fold: Int32Array.from(codes, (_, i) => i % 3),
      y,
      counts: y.map((v) => v * 7),
      population: y.map(() => 1000),
      prediction,
    },
    holdout: null,
    baselines: [
      { name: 'base-rate', description: 'base rate', prediction: new Float64Array(n).fill(0.27) },
      ...(o.quality === 'worse' ? [{ name: 'persistence', description: 'persistence', prediction: good }] : []),
    ],
    verdict: { rule: defaultVerdictRule('binary-top'), degenerate: null },
    protectedAttributes: new Map([['buiten_europa', attribute]]),
    inputs: new Map([['corporatiewoningen', Float64Array.from(truth, (q) => q * 100 + rng.next())]]),
    groupSpecs: [{ attribute: 'buiten_europa', kind: 'quantile', bins: 3 }],
    capacityK: 2,
    flagShare: 0.1,
    adjacency: null,
    labelBias: { comparison: null, persistence: null, feedback: null },
    differentialPrivacy: null,
    globalImportance: [{ feature: 'corporatiewoningen', meanAbsContribution: 0.4 }],
    run,
    replicates: 30,
  });
  const artifact = {
    format: 'zicht-model',
    formatVersion: 2,
    name,
    kind: 'gbm',
    createdAt: '2026-01-01T00:00:00Z',
    codeVersion: 'zicht test',
    seed: 1,
    features: [
      {
        name: 'corporatiewoningen',
        view: 'kwb',
        viewVersion: 1,
        unit: '%',
        transform: 'x',
        descriptionNl: 'Aandeel corporatiewoningen',
        descriptionEn: 'Share of housing-association dwellings',
        protected: false,
      },
    ],
    label: { crimeCode: '3.1.1', horizon: 1, target: 'binary-top', topShare: 0.1 },
    link: 'logit',
    params: {},
    model: {},
    calibration: null,
    domain: run.domain,
    data: {
      hash: 'd',
      snapshotHashes: ['s'],
      synthetic: true,
      level: 'wijk',
      vintage: 2022,
      featurePeriods: ['2022JJ00'],
      labelPeriods: ['2023JJ00'],
      nRows: n,
    },
  };
  const scores = {
    format: 'zicht-scores',
    version: 2,
    model: { name, version: 1 },
    synthetic: true,
    period: '2024JJ00',
    vintage: 2022,
    minPopulation: 100,
    link: 'logit',
    target: 'binary-top',
    crimeCode: '3.1.1',
    topShare: 0.1,
    unit: { kind: 'probability', nl: 'kans', en: 'probability' },
    meaning: {
      nl: 'De kans dat dit gebied in 2025 bij de 10% hoort.',
      en: 'The probability of being in the top 10% in 2025.',
    },
    intervalMethod: { nl: 'spreiding', en: 'spread' },
    domain: run.domain,
    verdict: {
      status: report.verdict.status,
      reasons: report.verdict.reasons.map((r) => ({ nl: verdictReasonText(r, 'nl'), en: verdictReasonText(r, 'en') })),
    },
    features: [],
    protectedAreInputs: false,
    references: { national: {}, municipal: {} },
    bands: { hoog: 0.4, verhoogd: 0.2, gemiddeld: 0.05, reference: 0.1 },
    disclosure: { suppressedAreas: 0, valuesWithheld: 0, recoverable: 0 },
    areas: ['hoog', 'laag', 'gemiddeld', 'verhoogd'].map((band, i) => ({
      code: `WK9${i < 3 ? '100' : '101'}0${i}`,
      name: `Wijk ${i}`,
      level: 'wijk',
      gemeente: i < 3 ? 'GM9100' : 'GM9101',
      population: 1000,
      suppressed: false,
      margin: 0,
      score: 0.2,
      band,
      interval: { lo: 0.1, hi: 0.3 },
      rankInGemeente: i + 1,
      nInGemeente: 3,
      percentileInGemeente: 50,
      rateRatioToGemeente: null,
      rankNational: null,
      percentileNational: null,
      baseValue: 0,
      contributions: [],
      history: [],
    })),
  };
  if (governance) {
    mkdirSync(join(home, 'governance'), { recursive: true });
    writeFileSync(join(home, 'governance', `${name}.json`), JSON.stringify(governance));
  }
  return registry.register({
    name,
    kind: 'gbm',
    trainedBy: 'ds@test',
    dataHash: 'd',
    synthetic: true,
    verdict: report.verdict.status,
    metrics: { auc: 0.7 },
    artifactText: JSON.stringify(artifact),
    files: {
      'evaluation.json': JSON.stringify(report),
      'scores.json': JSON.stringify(packScores(scores as unknown as ScoreSet)),
    },
  });
}
