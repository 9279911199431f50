import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLongCsv } from '../sources/index.ts';
import { FeatureStore, LAG_FEATURE, buildDataset, smoothedRates } from './index.ts';

const POP = 'Bevolking/Aantal inwoners';
const CODES = ['WK999901', 'WK999902', 'WK999903', 'WK999904', 'WK999905', 'WK999906', 'WK999907'];
const POPS = [1000, 2500, 4000, 800, 3000, 60, 1500];

async function store(counts2024: readonly number[], counts2025: readonly number[]): Promise<FeatureStore> {
  const s = await FeatureStore.openPath(':memory:');
  const long = (name: string, lines: string[]) =>
    s.ingest({
      type: 'table',
      table: parseLongCsv(['area_code,period,variable,value', ...lines].join('\n'), name, { vintage: 2024 }),
    });
  await long(
    'kwb.csv',
    CODES.map((c, i) => `${c},2024JJ00,${POP},${POPS[i]}`),
  );
  await long('politie.csv', [
    ...CODES.map((c, i) => `${c},2024JJ00,3.1.1,${counts2024[i]}`),
    ...CODES.map((c, i) => `${c},2025JJ00,3.1.1,${counts2025[i]}`),
  ]);
  return s;
}

const spec = (lagFeature: boolean) => ({
  views: ['kwb'],
  level: 'wijk' as const,
  featurePeriods: ['2024JJ00'],
  label: { crimeCode: '3.1.1', horizon: 1, target: 'count' as const, lagFeature },
});

const C2024 = [2, 10, 3, 0, 7, 1, 4];
const C2025 = [3, 12, 1, 2, 9, 0, 5];

test('lagged label: the smoothed rate of the feature period, never of the label period', async () => {
  const a = await store(C2024, C2025);
  const { dataset } = await buildDataset(a, spec(true));
  const j = dataset.X.columns.indexOf(LAG_FEATURE.name);
  assert.ok(j >= 0, 'the lag is a model input');
  const shown = CODES.filter((_, i) => POPS[i]! >= 100);
  assert.deepEqual(dataset.areaCodes, shown);
  const expected = smoothedRates(CODES, Float64Array.from(C2024), Float64Array.from(POPS), 100).filter(
    (_, i) => POPS[i]! >= 100,
  );
  assert.deepEqual(Array.from(dataset.X.data[j]!), Array.from(expected));
  // other label-period counts: the lag column is bit-identical (a lag read from the label period would move)
  const b = await store(C2024, [40, 0, 0, 30, 0, 5, 0]);
  const other = (await buildDataset(b, spec(true))).dataset;
  assert.notDeepEqual(Array.from(other.counts), Array.from(dataset.counts));
  assert.deepEqual(Array.from(other.X.data[j]!), Array.from(dataset.X.data[j]!));
  // other feature-period counts: it moves
  const c = await store([0, 0, 0, 9, 0, 1, 0], C2025);
  const moved = (await buildDataset(c, spec(true))).dataset;
  assert.notDeepEqual(Array.from(moved.X.data[j]!), Array.from(dataset.X.data[j]!));
  // off by default
  assert.ok(!(await buildDataset(a, spec(false))).dataset.X.columns.includes(LAG_FEATURE.name));
  for (const s of [a, b, c]) s.close();
});

test('smoothed rates: shrunk toward the gemeente rate, more so for small areas; suppressed areas take no part', () => {
  const codes = ['WK000101', 'WK000102', 'WK000103', 'WK000201', 'WK000202'];
  const pop = Float64Array.from([10000, 200, 5000, 3000, 50]);
  const counts = Float64Array.from([30, 4, 5, 9, 3]);
  const r = smoothedRates(codes, counts, pop, 100);
  const gm1 = (30 + 4 + 5) / 15.2;
  // between its raw rate and the gemeente's
  for (const i of [0, 1, 2]) {
    const raw = counts[i]! / (pop[i]! / 1000);
    assert.ok(Math.min(raw, gm1) - 1e-12 <= r[i]! && r[i]! <= Math.max(raw, gm1) + 1e-12, `${codes[i]}: ${r[i]}`);
  }
  // the small buurt (200 inhabitants, raw 20 per 1,000) is pulled further than the large one
  const pull = (i: number) =>
    Math.abs(r[i]! - counts[i]! / (pop[i]! / 1000)) / Math.abs(gm1 - counts[i]! / (pop[i]! / 1000));
  assert.ok(pull(1) > pull(0));
  assert.ok(Number.isNaN(r[4]!), 'under the minimum population: no value');
  // a suppressed area's count changes nothing
  const r2 = smoothedRates(codes, Float64Array.from([30, 4, 5, 9, 300]), pop, 100);
  assert.deepEqual(Array.from(r2), Array.from(r));
  // equal rates everywhere: the rate itself
  const same = smoothedRates(['WK000101', 'WK000102'], Float64Array.from([2, 4]), Float64Array.from([1000, 2000]), 100);
  assert.deepEqual(Array.from(same), [2, 2]);
});
