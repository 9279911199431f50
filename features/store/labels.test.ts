import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realDataPath, realDataTest } from '../../core/index.ts';
import { parseLongCsv, parseSourceFile } from '../sources/index.ts';
import { FeatureStore, buildDataset } from './index.ts';

const POP = 'Bevolking/Aantal inwoners';
const label = { crimeCode: '3.1.1', horizon: 1, target: 'count' as const };

async function ingestLong(store: FeatureStore, name: string, lines: string[]): Promise<void> {
  await store.ingest({
    type: 'table',
    table: parseLongCsv(['area_code,period,variable,value', ...lines].join('\n'), name, { vintage: 2024 }),
  });
}

test('labels: a wijk without counts of its own gets the sum of its buurten; one with a missing buurt is left out', async () => {
  const store = await FeatureStore.openPath(':memory:');
  // two wijken of two buurten each, with their populations (the registry knows every buurt)
  const areas: [string, number][] = [
    ['GM9999', 1900],
    ['WK999901', 1000],
    ['BU99990101', 600],
    ['BU99990102', 400],
    ['WK999902', 900],
    ['BU99990201', 500],
    ['BU99990202', 400],
  ];
  await ingestLong(
    store,
    'kwb.csv',
    areas.map(([c, p]) => `${c},2024JJ00,${POP},${p}`),
  );
  // police counts per buurt only; BU99990202 has none
  await ingestLong(store, 'politie.csv', [
    'BU99990101,2025JJ00,3.1.1,4',
    'BU99990102,2025JJ00,3.1.1,1',
    'BU99990201,2025JJ00,3.1.1,7',
  ]);
  const { dataset, report } = await buildDataset(store, {
    views: ['kwb'],
    level: 'wijk',
    featurePeriods: ['2024JJ00'],
    label,
  });
  assert.deepEqual(dataset.areaCodes, ['WK999901']);
  assert.deepEqual(Array.from(dataset.counts), [5]);
  assert.equal(report.labelsAggregated, 1);
  assert.deepEqual(report.labelsIncomplete, ['WK999902']);
  assert.equal(report.featureOnly, 0, 'reported as incomplete, not as a code missing from the police extract');
  // the buurt level is unchanged: its own counts
  const b = await buildDataset(store, { views: ['kwb'], level: 'buurt', featurePeriods: ['2024JJ00'], label });
  assert.deepEqual(b.dataset.areaCodes, ['BU99990101', 'BU99990102', 'BU99990201']);
  assert.equal(b.report.labelsAggregated, 0);
  // a gemeente sums its wijken, so one incomplete wijk leaves the gemeente out too
  await assert.rejects(
    buildDataset(store, { views: ['kwb'], level: 'gemeente', featurePeriods: ['2024JJ00'], label }),
    { code: 'NOT_FOUND', message: /GM9999 left out: a buurt or wijk has no count/ },
  );
  store.close();
});

test('labels: an own count wins over the sum of the buurten', async () => {
  const store = await FeatureStore.openPath(':memory:');
  await ingestLong(store, 'kwb.csv', [`WK999901,2024JJ00,${POP},1000`, `BU99990101,2024JJ00,${POP},1000`]);
  await ingestLong(store, 'politie.csv', ['WK999901,2025JJ00,3.1.1,9', 'BU99990101,2025JJ00,3.1.1,4']);
  const { dataset, report } = await buildDataset(store, {
    views: ['kwb'],
    level: 'wijk',
    featurePeriods: ['2024JJ00'],
    label,
  });
  assert.deepEqual(Array.from(dataset.counts), [9]);
  assert.equal(report.labelsAggregated, 0);
  store.close();
});

/** Drug trade counts of 2025 per wijk, summed from the police's buurt file by its wijk_code column. */
function wijkSums(file: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const cells = line.split(',');
    const [wijk, year, category, n] = [cells[2]!, cells[3]!, cells[4]!, cells[5]!];
    if (year === '2025' && category === 'drugshandel') sums.set(wijk, (sums.get(wijk) ?? 0) + Number(n));
  }
  return sums;
}

test(
  'labels on real data: Nijmegen wijken from the police buurt file, and a wijk missing a buurt',
  realDataTest(),
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-labels-'));
    const police = realDataPath('politie-nijmegen-2023-2025', 'misdrijven_per_buurt_2023_2025.csv');
    const store = await FeatureStore.openPath(':memory:');
    await store.ingest(
      parseSourceFile(realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv'), {
        period: '2024JJ00',
      }),
    );
    await store.ingest(parseSourceFile(police, { vintage: 2024 }));
    const spec = { views: ['kwb'], level: 'wijk' as const, featurePeriods: ['2024JJ00'], label };
    const { dataset, report } = await buildDataset(store, spec);
    const expected = wijkSums(police);
    assert.equal(expected.size, 9);
    assert.deepEqual(dataset.areaCodes, [...expected.keys()].sort());
    for (const [i, c] of dataset.areaCodes.entries()) assert.equal(dataset.counts[i], expected.get(c), c);
    assert.equal(report.labelsAggregated, 9);
    assert.deepEqual(report.labelsIncomplete, []);
    store.close();
    // the same file without one buurt of Lindenholt (WK026801): that wijk is left out, not under-counted
    const text = readFileSync(police, 'utf8').trim().split('\n');
    const dropped = text.find((l) => l.split(',')[2] === 'WK026801')!.split(',')[0]!;
    const partial = join(home, 'misdrijven-zonder-een-buurt.csv');
    writeFileSync(partial, text.filter((l) => l.split(',')[0] !== dropped).join('\n'));
    const store2 = await FeatureStore.openPath(':memory:');
    await store2.ingest(
      parseSourceFile(realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv'), {
        period: '2024JJ00',
      }),
    );
    await store2.ingest(parseSourceFile(partial, { vintage: 2024 }));
    const r2 = await buildDataset(store2, spec);
    assert.ok(!r2.dataset.areaCodes.includes('WK026801'));
    assert.equal(r2.dataset.areaCodes.length, 8);
    assert.deepEqual(r2.report.labelsIncomplete, ['WK026801']);
    store2.close();
  },
);
