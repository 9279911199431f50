import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, realDataPath, realDataTest } from '../../core/index.ts';
import { parseSourceFile } from '../sources/index.ts';
import { addFeatureView } from '../views/index.ts';
import { FeatureStore, buildDataset, checkView, loadSnapshot, materialize } from './index.ts';

/**
 * A municipality's own indicators (a long CSV) in a feature view, joined with the real KWB 2024
 * export. The indicator values are invented here (seeded), not real data.
 */
test(
  "a municipality's own indicators (long CSV) in a user view, joined with the real KWB 2024 export",
  realDataTest(),
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-own-'));
    const store = await FeatureStore.open(home);
    await store.ingest(
      parseSourceFile(realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv'), {
        period: '2024JJ00',
      }),
    );
    await store.ingest(
      parseSourceFile(realDataPath('politie-nijmegen-2023-2025', 'misdrijven_per_buurt_2023_2025.csv'), {
        vintage: 2024,
      }),
    );
    const buurten = (await store.areas({ level: 'buurt', municipality: 'GM0268', vintage: 2024 })).map((a) => a.code);
    assert.ok(buurten.length >= 40, `${buurten.length} Nijmegen buurten in the registry`);
    const rng = createRng(11);
    const invented = new Map(buurten.map((c) => [c, rng.int(40)]));
    const csv = join(home, 'nijmegen-eigen-indicatoren.csv');
    writeFileSync(
      csv,
      [
        'area_code,period,variable,value,vintage',
        ...buurten.flatMap((c) => [
          `${c},2024JJ00,meldingen_woonoverlast,${invented.get(c)}`,
          `${c},2024JJ00,cameratoezicht,${rng.int(2)}`,
        ]),
      ]
        .map((line, i) => (i === 0 ? line : `${line},2024`))
        .join('\n'),
    );
    await store.ingest(parseSourceFile(csv, { kind: 'long-csv' }));
    const spec = {
      views: ['kwb'],
      level: 'buurt' as const,
      featurePeriods: ['2024JJ00'],
      label: { crimeCode: '3.1.1', horizon: 1, target: 'count' as const },
      features: ['aandeel_15_24', 'woonoverlast_per_1000'],
    };
    // no view defines the feature yet
    await assert.rejects(buildDataset(store, spec), { code: 'UNKNOWN_FEATURE', message: /woonoverlast_per_1000/ });
    const viewFile = join(home, 'nijmegen-eigen.json');
    writeFileSync(
      viewFile,
      JSON.stringify({
        name: 'nijmegen-eigen',
        version: 1,
        descriptionNl: 'Eigen indicatoren van de gemeente Nijmegen (verzonnen testwaarden)',
        descriptionEn: 'Own indicators of the municipality of Nijmegen (invented test values)',
        populationKey: 'Bevolking/Aantal inwoners',
        features: [
          {
            name: 'woonoverlast_per_1000',
            descriptionNl: 'Meldingen van woonoverlast',
            descriptionEn: 'Reports of housing nuisance',
            unit: 'per 1.000 inwoners',
            expr: {
              op: 'ratio',
              num: { op: 'measure', key: 'meldingen_woonoverlast' },
              den: { op: 'measure', key: 'Bevolking/Aantal inwoners' },
              scale: 1000,
            },
          },
          {
            name: 'cameratoezicht',
            descriptionNl: 'Cameratoezicht in de buurt (0/1)',
            descriptionEn: 'CCTV in the neighbourhood (0/1)',
            unit: '0/1',
            expr: { op: 'measure', key: 'cameratoezicht' },
            tags: ['mutable'],
          },
        ],
      }),
    );
    addFeatureView(home, viewFile);
    const check = await checkView(store, 'nijmegen-eigen', { period: '2024JJ00', level: 'buurt' });
    assert.equal(check.computable, 2);
    const snap = await materialize(store, 'nijmegen-eigen@1', { period: '2024JJ00', level: 'buurt' });
    assert.deepEqual(
      snap.features.map((f) => f.name),
      ['woonoverlast_per_1000', 'cameratoezicht'],
    );
    assert.equal(snap.vintage, 2024);
    const data = await loadSnapshot(store, snap.id);
    const { dataset, report } = await buildDataset(store, { ...spec, views: ['kwb', 'nijmegen-eigen'] });
    assert.deepEqual(dataset.X.columns, ['aandeel_15_24', 'woonoverlast_per_1000']);
    assert.deepEqual(dataset.featureViews, [
      { name: 'kwb', version: 1 },
      { name: 'nijmegen-eigen', version: 1 },
    ]);
    assert.ok(report.rows >= 40 && report.rows <= 44, `${report.rows} buurten`);
    const j = dataset.X.columns.indexOf('woonoverlast_per_1000');
    dataset.areaCodes.forEach((code, i) => {
      const pop = data.columns.get('_population')![data.codes.indexOf(code)]!;
      const expected = (invented.get(code)! / pop) * 1000;
      assert.ok(Math.abs(dataset.X.data[j]![i]! - expected) < 1e-9, `${code}: ${dataset.X.data[j]![i]} vs ${expected}`);
    });
    store.close();
  },
);
