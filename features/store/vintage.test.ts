import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realDataPath, realDataTest } from '../../core/index.ts';
import { parseSourceFile } from '../sources/index.ts';
import { FeatureStore } from './index.ts';

const kwb2024 = () =>
  parseSourceFile(realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv'), {
    period: '2024JJ00',
  });
const policeBuurten = () =>
  parseSourceFile(realDataPath('politie-nijmegen-2023-2025', 'misdrijven_per_buurt_2023_2025.csv'));
const wijken2022 = () => parseSourceFile(realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_wgs84.geojson'));
const codes2025 = (level: string) => parseSourceFile(realDataPath('cbs-codes-2025', `${level}_2025_codes.csv`));

const asksForVintage = (e: Error & { code?: string }) => {
  assert.equal(e.code, 'BAD_ARGUMENT');
  assert.match(e.message, /pass --vintage YYYY/);
  return true;
};

test(
  'police buurt CSV: its vintage is inferred from its codes (2024), not taken from its last year',
  realDataTest(),
  async () => {
    const store = await FeatureStore.openPath(':memory:');
    await assert.rejects(store.ingest(policeBuurten()), asksForVintage, 'an empty registry cannot tell');
    assert.equal((await store.sources()).length, 0, 'nothing written');
    await store.ingest(kwb2024());
    const r = await store.ingest(policeBuurten());
    assert.equal(r.vintage, 2024);
    assert.equal(r.vintageBasis, 'codes');
    assert.match(r.vintageDetail, /all 44 area codes are in the 2024 code list/);
    assert.equal(await store.latestVintage(), 2024, 'no stray vintage 2025 with 44 areas');
    const buurten = await store.areas({ municipality: 'GM0268', level: 'buurt' });
    assert.equal(buurten.length, 44);
    assert.ok(
      buurten.every((a) => a.population !== null && a.vintage === 2024),
      'the buurten of the registry keep their KWB population',
    );
    store.close();
  },
);

test('code lists register a vintage; codes valid in two vintages then need --vintage', realDataTest(), async () => {
  const store = await FeatureStore.openPath(':memory:');
  await store.ingest(kwb2024());
  for (const level of ['gem', 'wijk', 'buurt']) {
    const r = await store.ingest(codes2025(level));
    assert.deepEqual([r.kind, r.vintage, r.vintageBasis], ['code-list', 2025, 'file']);
  }
  const nijmegen = await store.areas({ vintage: 2025, municipality: 'GM0268', level: 'buurt' });
  assert.equal(nijmegen.length, 44);
  assert.equal(nijmegen.find((a) => a.code === 'BU02680840')?.name, "'t Acker");
  await assert.rejects(store.ingest(policeBuurten()), (e: Error & { code?: string }) => {
    asksForVintage(e);
    assert.match(e.message, /in the code lists of 2024, 2025 alike/);
    return true;
  });
  const r = await store.ingest(
    parseSourceFile(realDataPath('politie-nijmegen-2023-2025', 'misdrijven_per_buurt_2023_2025.csv'), {
      vintage: 2024,
    }),
  );
  assert.deepEqual([r.vintage, r.vintageBasis], [2024, 'option']);
  store.close();
});

test(
  'GeoJSON boundaries: never a silent vintage 0 — inferred from the registry or refused',
  realDataTest(),
  async () => {
    const store = await FeatureStore.openPath(':memory:');
    await assert.rejects(store.ingest(wijken2022()), asksForVintage);
    assert.equal((await store.boundaries(0)).length, 0);
    assert.equal((await store.sources()).length, 0);
    await store.ingest(parseSourceFile(realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_attributes.csv')));
    const r = await store.ingest(wijken2022());
    assert.deepEqual([r.vintage, r.vintageBasis], [2022, 'codes']);
    assert.equal((await store.boundaries(2022)).length, 3340);
    store.close();
  },
);
