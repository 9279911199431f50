// A registered version with a small synthetic evaluation report, for the model-card tests only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEvaluationReport } from '../evaluation/index.ts';
import { createRng } from '../core/index.ts';
import type { ModelRegistry, ModelVersion } from '../training/index.ts';

export function fixtureVersion(registry: ModelRegistry, home: string, governance: object | null): ModelVersion {
  const rng = createRng(3);
  const n = 400;
  const codes = Array.from(
    { length: n },
    (_, i) => `WK9${String(100 + (i % 40)).padStart(3, '0')}${String(Math.floor(i / 40)).padStart(2, '0')}`,
  );
  const groups = codes.map((c) => `GM${c.slice(2, 6)}`);
  const p = Float64Array.from({ length: n }, () => rng.next() * 0.4);
  const y = p.map((q) => (rng.next() < q ? 1 : 0));
  const report = buildEvaluationReport({
    model: { name: 'fixture', kind: 'gbm' },
    seed: 1,
    synthetic: true,
    target: 'binary-top',
    crimeCode: '3.1.1',
    cv: {
      folds: 3,
      codes,
      periods: codes.map(() => '2022JJ00'),
      groups,
      fold: Int32Array.from(codes, (_, i) => i % 3),
      y,
      counts: y.map((v) => v * 7),
      population: y.map(() => 1000),
      prediction: p,
    },
    holdout: null,
    baselines: [],
    protectedAttributes: new Map([['buiten_europa', Float64Array.from(p, (q) => q * 50 + rng.next() * 10)]]),
    groupSpecs: [{ attribute: 'buiten_europa', kind: 'quantile', bins: 3 }],
    capacityK: 2,
    flagShare: 0.1,
    adjacency: null,
    labelBias: { comparison: null, persistence: null, feedback: null },
    differentialPrivacy: null,
    globalImportance: [{ feature: 'corporatiewoningen', meanAbsContribution: 0.4 }],
    replicates: 30,
  });
  const artifact = {
    format: 'zicht-model',
    formatVersion: 1,
    name: 'fixture',
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
      {
        name: 'bijstand_per_1000',
        view: 'kwb',
        viewVersion: 1,
        unit: 'per 1.000 inwoners',
        transform: 'x',
        descriptionNl: 'Bijstand',
        descriptionEn: 'Social assistance',
        protected: false,
      },
    ],
    label: { crimeCode: '3.1.1', horizon: 1, target: 'binary-top', topShare: 0.1 },
    link: 'logit',
    params: {},
    model: {},
    calibration: null,
    data: {
      hash: 'd',
      snapshotHashes: ['s'],
      synthetic: true,
      level: 'wijk',
      vintage: 2024,
      featurePeriods: ['2022JJ00'],
      labelPeriods: ['2023JJ00'],
      nRows: n,
    },
  };
  const scores = {
    format: 'zicht-scores',
    version: 1,
    model: { name: 'fixture', version: 1 },
    synthetic: true,
    period: '2024JJ00',
    vintage: 2024,
    minPopulation: 100,
    link: 'logit',
    features: [],
    protectedAreInputs: false,
    references: { national: {}, municipal: {} },
    bands: { hoog: 0.3, verhoogd: 0.2, gemiddeld: 0.1 },
    areas: ['hoog', 'laag', 'gemiddeld'].map((band, i) => ({
      code: `WK91000${i}`,
      name: `Wijk ${i}`,
      level: 'wijk',
      gemeente: 'GM9100',
      population: 1000,
      suppressed: false,
      margin: 0,
      probability: 0.2,
      band,
      uncertainty: { lo: 0.1, hi: 0.3, method: 'm' },
      rankInGemeente: i + 1,
      nInGemeente: 3,
      percentileInGemeente: 50,
      rankNational: i + 1,
      percentileNational: 50,
      baseValue: 0,
      contributions: [],
      previous: null,
    })),
  };
  if (governance) {
    mkdirSync(join(home, 'governance'), { recursive: true });
    writeFileSync(join(home, 'governance', 'fixture.json'), JSON.stringify(governance));
  }
  return registry.register({
    name: 'fixture',
    kind: 'gbm',
    trainedBy: 'ds@test',
    dataHash: 'd',
    synthetic: true,
    metrics: { auc: 0.7 },
    artifactText: JSON.stringify(artifact),
    files: { 'evaluation.json': JSON.stringify(report), 'scores.json': JSON.stringify(scores) },
  });
}
