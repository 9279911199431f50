import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/index.ts';
import { buildDemoWorld } from '../demo-world/index.ts';
import { parseStatlineCsv } from '../sources/index.ts';
import { FeatureStore, readObservationColumns, readObservations } from './index.ts';

/** The demo export of 2022 with some rows dropped and some cells emptied, as a later correction would. */
function corrected(text: string, seed: number): string {
  const rng = createRng(seed);
  const [head, ...rows] = text.split('\r\n');
  const kept = rows.filter((r) => r === '' || rng.next() < 0.6);
  const blanked = kept.map((r) =>
    r
      .split(';')
      .map((cell, j) => (j > 3 && rng.next() < 0.3 ? '' : cell))
      .join(';'),
  );
  return [head, ...blanked].join('\r\n');
}

test('readObservationColumns gives the values, winners and sources of readObservations', async () => {
  const world = buildDemoWorld(7);
  const text = world.files.get('kwb-2022-synthetisch.csv')!;
  const store = await FeatureStore.openPath(':memory:');
  for (const [i, t] of [text, corrected(text, 1), corrected(text, 2)].entries())
    await store.ingest({
      type: 'table',
      table: parseStatlineCsv(t, `kwb-${i}.csv`, { period: '2022JJ00', synthetic: i === 0 }),
    });
  const keys = ['Bevolking/Aantal inwoners', 'Bevolking/Bevolkingsdichtheid', 'Bestaat/Niet'];
  const rows = await readObservations(store, '2022JJ00', keys);
  const cols = await readObservationColumns(store, '2022JJ00', keys);
  assert.ok(rows.length > 1000);
  assert.equal(cols.sources.length, 3, 'each export wins some values');
  const index = new Map(cols.codes.map((c, a) => [c, a]));
  for (const r of rows) {
    const a = index.get(r.code)!;
    assert.equal(cols.values.get(r.measure)![a], r.value, `${r.code} ${r.measure}`);
    assert.equal(cols.sources[cols.from.get(r.measure)![a]!]!.id, r.id, `${r.code} ${r.measure} from ${r.id}`);
  }
  const cells = [...cols.values.values()].reduce((n, col) => n + col.filter((x) => !Number.isNaN(x)).length, 0);
  assert.equal(cells, rows.length, 'no value that readObservations does not have');
  assert.deepEqual(
    cols.sources.map((s) => s.id),
    [...new Set(rows.map((r) => r.id))],
    'winning sources in the order of their first row',
  );
  assert.deepEqual([...new Set(cols.codes)].sort(), [...new Set(rows.map((r) => r.code))].sort());
  assert.equal((await readObservationColumns(store, '2022JJ00', [])).codes.length, 0);
  store.close();
});
