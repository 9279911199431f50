import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLongCsv } from '../sources/index.ts';
import { FeatureStore, exportSnapshot, loadSnapshot, materialize } from './index.ts';

const POP = 'Bevolking/Aantal inwoners';

test('features export: an area under the minimum population gets no feature values in the Parquet file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zicht-export-'));
  const store = await FeatureStore.openPath(':memory:');
  // three wijken of one gemeente; WK999902 has 40 inhabitants
  const rows = [
    ['WK999901', 1200, 300],
    ['WK999902', 40, 10],
    ['WK999903', 800, 100],
  ].flatMap(([code, pop, young]) => [
    `${code},2024JJ00,${POP},${pop}`,
    `${code},2024JJ00,Bevolking/Leeftijdsgroepen/15 tot 25 jaar,${young}`,
  ]);
  await store.ingest({
    type: 'table',
    table: parseLongCsv(['area_code,period,variable,value', ...rows].join('\n'), 'kwb.csv', { vintage: 2024 }),
  });
  const s = await materialize(store, 'kwb@1', { period: '2024JJ00', level: 'wijk' });
  assert.ok(s.features.some((f) => f.name === 'inwoners_log'));
  const out = join(dir, 'snapshot.parquet');
  const r = await exportSnapshot(store, s.id, out);
  assert.equal(r.rows, 3);
  const read = await store.db.all<Record<string, number | string | null>>(
    `SELECT * FROM read_parquet('${out}') ORDER BY code`,
  );
  assert.deepEqual(
    read.map((x) => x['code']),
    ['WK999901', 'WK999902', 'WK999903'],
  );
  const small = read[1]!;
  for (const [k, v] of Object.entries(small)) if (k !== 'code') assert.equal(v, null, `${k} of the small area`);
  assert.ok(Math.abs((read[0]!['inwoners_log'] as number) - Math.log1p(1200)) < 1e-12);
  assert.ok(Math.abs((read[2]!['aandeel_15_24'] as number) - 12.5) < 1e-12);
  assert.equal(r.suppressedAreas, 1);
  store.close();
});

test('a snapshot stored in the long layout of earlier versions loads and exports as before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zicht-legacy-'));
  const store = await FeatureStore.openPath(':memory:');
  const rows = ['WK999901', 'WK999902', 'WK999903', 'WK999904'].flatMap((code, i) => [
    `${code},2024JJ00,${POP},${[1200, 40, 800, 95][i]}`,
    `${code},2024JJ00,Bevolking/Leeftijdsgroepen/15 tot 25 jaar,${[300, 10, 100, 20][i]}`,
  ]);
  await store.ingest({
    type: 'table',
    table: parseLongCsv(['area_code,period,variable,value', ...rows].join('\n'), 'kwb.csv', { vintage: 2024 }),
  });
  const s = await materialize(store, 'kwb@1', { period: '2024JJ00', level: 'wijk' });
  const read = async (file: string) => {
    const r = await exportSnapshot(store, s.id, join(dir, file));
    const values = await store.db.all(`SELECT * FROM read_parquet('${join(dir, file)}')`);
    const columns = (
      await store.db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet('${join(dir, file)}')`)
    ).map((c) => c.column_name);
    const data = await loadSnapshot(store, s.id);
    return { r: { ...r, path: '' }, values, columns, codes: data.codes, data: [...data.columns].sort() };
  };
  const wide = await read('wide.parquet');
  const names = (
    await store.db.all<{ column_name: string }>(
      `SELECT column_name FROM duckdb_columns() WHERE table_name = 'snap_${s.id}' AND column_name <> 'code'`,
    )
  ).map((r) => `"${r.column_name}" AS '${r.column_name}'`);
  await store.db.run(`INSERT INTO snapshot_values SELECT '${s.id}', code, feature, value
    FROM snap_${s.id} UNPIVOT INCLUDE NULLS (value FOR feature IN (${names.join(', ')}))`);
  await store.db.run(`DROP TABLE snap_${s.id}`);
  assert.deepEqual(await read('long.parquet'), wide);
  store.close();
});
