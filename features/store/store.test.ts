import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoWorld } from '../demo-world/index.ts';
import { parseStatlineCsv, parsePoliceCsv, parseGeoJson } from '../sources/index.ts';
import { FeatureStore, buildDataset, listSnapshots, materialize, materializeData, loadSnapshot } from './index.ts';

const world = buildDemoWorld(7);
const file = (name: string) => world.files.get(name)!;

async function demoStore(years: number[] = [2021, 2022, 2023]): Promise<FeatureStore> {
  const store = await FeatureStore.openPath(':memory:');
  for (const y of years) {
    await store.ingest({
      type: 'table',
      table: parseStatlineCsv(file(`kwb-${y}-synthetisch.csv`), `kwb-${y}-synthetisch.csv`, {
        period: `${y}JJ00`,
        synthetic: true,
      }),
    });
    await store.ingest({
      type: 'boundaries',
      set: parseGeoJson(file(`grenzen-${y}-synthetisch.geojson`), `grenzen-${y}.geojson`, { vintage: y }),
    });
  }
  await store.ingest({
    type: 'table',
    table: parsePoliceCsv(file('politie-47018NED-synthetisch.csv'), 'politie.csv', { synthetic: true, vintage: 2024 }),
  });
  return store;
}

const label = { crimeCode: '3.1.1', horizon: 1, target: 'binary-top' as const, topShare: 0.1 };

test('demo world through the store: snapshot, dataset, protected attributes kept out of X', async () => {
  const store = await demoStore();
  const { dataset, report } = await buildDataset(store, {
    views: ['kwb'],
    level: 'wijk',
    featurePeriods: ['2021JJ00', '2022JJ00'],
    label,
  });
  assert.ok(dataset.synthetic);
  assert.ok(report.rows > 5000);
  assert.ok(!dataset.X.columns.includes('buiten_europa'), 'protected attribute is not a model input');
  assert.ok(dataset.protectedAttributes.columns.includes('buiten_europa'));
  assert.ok(
    dataset.labelPeriods.every((lp, i) => Number(lp.slice(0, 4)) === Number(dataset.periods[i]!.slice(0, 4)) + 1),
  );
  const positives = Array.from(dataset.y).filter((v) => v === 1).length;
  assert.ok(Math.abs(positives / report.rows - 0.1) < 0.03, `≈10% positives, got ${positives}/${report.rows}`);
  // changed codes: reported by code, never silently dropped
  const changed = world.manifest.codeChanges.map((c) => c.from);
  assert.ok(changed.length > 0);
  for (const c of changed) assert.ok(dataset.unmatched.featureOnly.includes(`${c}@2021JJ00`), `${c} reported for 2021`);
  assert.equal(report.featureOnly, dataset.unmatched.featureOnly.length);
  // every row holds the values of its own period's snapshot, inputs and protected attributes alike
  for (const period of ['2021JJ00', '2022JJ00']) {
    const snap = await materializeData(store, 'kwb@1', { period, level: 'wijk' });
    const at = new Map(snap.codes.map((c, i) => [c, i]));
    for (const frame of [dataset.X, dataset.protectedAttributes])
      frame.columns.forEach((name, j) => {
        dataset.areaCodes.forEach((code, i) => {
          if (dataset.periods[i] !== period) return;
          const want = snap.columns.get(name)![at.get(code)!]!;
          assert.ok(Object.is(frame.data[j]![i], want), `${name} of ${code} in ${period}`);
        });
      });
  }
  store.close();
});

test('leakage: a label of the same or an earlier period is refused', async () => {
  const store = await demoStore([2022]);
  await assert.rejects(
    buildDataset(store, {
      views: ['kwb'],
      level: 'wijk',
      featurePeriods: ['2022JJ00'],
      label: { ...label, horizon: 0 },
    }),
    { code: 'LEAKAGE' },
  );
  await assert.rejects(
    buildDataset(store, {
      views: ['kwb'],
      level: 'wijk',
      featurePeriods: ['2022JJ00'],
      label,
      labelPeriod: '2022JJ00',
    }),
    { code: 'LEAKAGE', message: /label period 2022JJ00 is not after feature period 2022JJ00/ },
  );
  await assert.rejects(
    buildDataset(store, {
      views: ['kwb'],
      level: 'wijk',
      featurePeriods: ['2022JJ00'],
      label,
      labelPeriod: '2021JJ00',
    }),
    { code: 'LEAKAGE' },
  );
  store.close();
});

test('snapshots are immutable and content-addressed', async () => {
  const store = await demoStore([2022]);
  const a = await materialize(store, 'kwb', { period: '2022JJ00', level: 'wijk' });
  const b = await materialize(store, 'kwb', { period: '2022JJ00', level: 'wijk' });
  assert.equal(a.id, b.id);
  assert.equal(b.alreadyExisted, true);
  assert.equal((await listSnapshots(store)).length, 1);
  const data = await loadSnapshot(store, a.id);
  const small = data.columns.get('_population')!.findIndex((p) => p < 100);
  assert.ok(small >= 0, 'the demo world has small wijken');
  assert.ok(
    Number.isNaN(data.columns.get('bijstand_per_1000')![small]!),
    'values of areas under 100 inhabitants are suppressed',
  );
  store.close();
});

test('an open store computes a snapshot once for the same inputs, and again after any ingest', async () => {
  const store = await FeatureStore.openPath(':memory:');
  await store.ingest({
    type: 'table',
    table: parseStatlineCsv(file('kwb-2022-synthetisch.csv'), 'kwb-2022-synthetisch.csv', {
      period: '2022JJ00',
      synthetic: true,
    }),
  });
  const at = { period: '2022JJ00', level: 'wijk' as const };
  const first = await materializeData(store, 'kwb', at);
  const again = await materializeData(store, 'kwb@1', at);
  // the same values, not computed a second time (the very same columns), and the stored info
  assert.equal(again.columns, first.columns);
  assert.equal(again.info.id, first.info.id);
  assert.equal(again.info.alreadyExisted, true);
  const { alreadyExisted: _, ...stored } = again.info;
  assert.deepEqual(stored, (await loadSnapshot(store, first.info.id)).info);
  // the boundaries give the neighbour means: a new source makes a new snapshot
  const neighbourMean = [...first.columns.keys()].filter((k) => k.endsWith('_buren'));
  await store.ingest({
    type: 'boundaries',
    set: parseGeoJson(file('grenzen-2022-synthetisch.geojson'), 'grenzen-2022.geojson', { vintage: 2022 }),
  });
  const after = await materializeData(store, 'kwb', at);
  assert.notEqual(after.info.id, first.info.id);
  assert.ok(
    [...after.columns.keys()].filter((k) => k.endsWith('_buren')).length > neighbourMean.length,
    `neighbour means after the boundaries: ${[...after.columns.keys()].join(', ')}`,
  );
  store.close();
});

test('atomicity: a failure injected mid-write leaves no half-written source or snapshot', async () => {
  const store = await FeatureStore.openPath(join(mkdtempSync(join(tmpdir(), 'zicht-atom-')), 'f.duckdb'));
  const table = parseStatlineCsv(file('kwb-2022-synthetisch.csv'), 'kwb-2022.csv', {
    period: '2022JJ00',
    synthetic: true,
  });
  await assert.rejects(store.ingest({ type: 'table', table }, { failAfterRows: 1000 }), /injected failure/);
  assert.equal((await store.sources()).length, 0);
  assert.equal(
    (await store.db.all<{ n: bigint }>("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'obs_%'"))[0]!
      .n,
    0n,
  );
  assert.equal((await store.areas()).length, 0);
  await store.ingest({ type: 'table', table });
  await assert.rejects(
    materialize(store, 'kwb', { period: '2022JJ00', level: 'wijk' }, { failAfterRows: 10000 }),
    /injected failure/,
  );
  assert.equal((await listSnapshots(store)).length, 0);
  assert.equal((await store.db.all<{ n: bigint }>('SELECT count(*) AS n FROM snapshot_values'))[0]!.n, 0n);
  assert.equal(
    (
      await store.db.all<{ n: bigint }>(
        "SELECT count(*) AS n FROM duckdb_tables() WHERE starts_with(table_name, 'snap_')",
      )
    )[0]!.n,
    0n,
    'no table of snapshot values',
  );
  const ok = await materialize(store, 'kwb', { period: '2022JJ00', level: 'wijk' });
  assert.equal((await listSnapshots(store))[0]!.id, ok.id);
  store.close();
});

test('unknown area is a clear error, not an empty result', async () => {
  const store = await demoStore([2022]);
  await assert.rejects(store.area('WK999999'), { code: 'UNKNOWN_AREA', message: /unknown area 'WK999999'/ });
  const a = await store.area(world.codes[0]!);
  assert.equal(a.level, 'wijk');
  assert.equal(a.parent, `GM${world.codes[0]!.slice(2, 6)}`);
  store.close();
});

test('a suppressed cell (. or x) is recorded by source, area, period and measure; an empty cell is not', async () => {
  const csv = [
    '"Wijken en buurten";"Regioaanduiding/Codering (code)";"Bevolking/Aantal inwoners (aantal)";"Extra/Indicator A (%)";"Extra/Indicator B (%)"',
    '"Buurt een";"BU03630000";"120";".";"4.5"',
    '"Buurt twee";"BU03630001";"x";"";"."',
    '"Buurt drie";"BU03630002";"80";"3.0";"x"',
  ].join('\r\n');
  const store = await FeatureStore.openPath(':memory:');
  const r = await store.ingest({
    type: 'table',
    table: parseStatlineCsv(csv, 'klein.csv', { period: '2024JJ00', vintage: 2024, synthetic: true }),
  });
  const rows = await store.db.all<{ source_id: string; code: string; period: string; measure: string }>(
    'SELECT * FROM suppressed_cells ORDER BY code, measure',
  );
  assert.deepEqual(
    rows.map((x) => [x.source_id, x.code, x.period, x.measure]),
    [
      [r.sourceId, 'BU03630000', '2024JJ00', 'Extra/Indicator A'],
      [r.sourceId, 'BU03630001', '2024JJ00', 'Bevolking/Aantal inwoners'],
      [r.sourceId, 'BU03630001', '2024JJ00', 'Extra/Indicator B'],
      [r.sourceId, 'BU03630002', '2024JJ00', 'Extra/Indicator B'],
    ],
  );
  store.close();
});
