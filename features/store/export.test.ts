import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLongCsv } from '../sources/index.ts';
import { FeatureStore, exportSnapshot, materialize } from './index.ts';

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
