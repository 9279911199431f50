import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDemoWorld } from '../demo-world/index.ts';
import { computeAdjacency } from '../geo/index.ts';
import { parseGeoJson } from '../sources/index.ts';
import { FeatureStore, adjacencyOf } from './index.ts';

const world = buildDemoWorld(7);
const geojson = (year: number) => world.files.get(`grenzen-${year}-synthetisch.geojson`)!;
/** The wijk boundaries of a file in code order, as the store hands them out. */
const wijken = (text: string) =>
  parseGeoJson(text, 'g.geojson')
    .boundaries.filter((b) => b.code.startsWith('WK'))
    .sort((a, b) => (a.code < b.code ? -1 : 1));

test('adjacency is computed once per vintage and level, kept, and recomputed when boundaries are ingested', async () => {
  const store = await FeatureStore.openPath(':memory:');
  assert.equal(await adjacencyOf(store, 2022, 'wijk'), null, 'no boundaries: no adjacency');
  for (const y of [2022, 2023])
    await store.ingest({ type: 'boundaries', set: parseGeoJson(geojson(y), `grenzen-${y}.geojson`) });
  const fresh = computeAdjacency(wijken(geojson(2022)));
  const first = await adjacencyOf(store, 2022, 'wijk');
  assert.deepEqual([...first!], [...fresh], 'same areas, neighbours and order as a fresh computation');
  assert.equal(await adjacencyOf(store, 2022, 'buurt'), null, 'the demo world has no buurt boundaries');

  // kept: what is in the cache is what comes back
  await store.db.run(`UPDATE adjacency SET neighbours = '[["WK000000",[]]]' WHERE vintage = 2022 AND level = 'wijk'`);
  assert.deepEqual([...(await adjacencyOf(store, 2022, 'wijk'))!], [['WK000000', []]]);
  await adjacencyOf(store, 2023, 'wijk');

  // revised boundaries of 2022 (every third area moved away): that vintage is computed again, 2023 stays cached
  type Feature = { geometry: { coordinates: number[][][] } };
  const json = JSON.parse(geojson(2022)) as { features: Feature[] };
  json.features.forEach((f, i) => {
    if (i % 3 === 0 && f.geometry.coordinates[0]![0]!.length === 2)
      f.geometry.coordinates = f.geometry.coordinates.map((ring) => ring.map(([x, y]) => [x! + 10, y!]));
  });
  const revised = JSON.stringify(json);
  await store.ingest({ type: 'boundaries', set: parseGeoJson(revised, 'grenzen-2022-herzien.geojson') });
  const cached = await store.db.all<{ vintage: number }>('SELECT vintage FROM adjacency ORDER BY vintage');
  assert.deepEqual(
    cached.map((r) => r.vintage),
    [2023],
  );
  const again = await adjacencyOf(store, 2022, 'wijk');
  assert.deepEqual([...again!], [...computeAdjacency(wijken(revised))]);
  assert.notDeepEqual([...again!], [...fresh]);
  store.close();
});
