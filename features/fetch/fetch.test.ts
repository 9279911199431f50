import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realDataTest, runCli, sha256 } from '../../core/index.ts';
import { featuresCommands } from '../commands.ts';
import { FeatureStore } from '../store/index.ts';
import { FetchCache } from './cache.ts';
import { nijmegenAreas, startFakeCbs, type FakeCbs } from './fake-cbs.test-support.ts';

const home = () => mkdtempSync(join(tmpdir(), 'zicht-fetch-'));

async function zicht(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const io = {
    stdout: (s: string) => {
      out += s;
    },
    stderr: (s: string) => {
      err += s;
    },
    isTTY: false,
    env: {},
    cwd: dir,
  };
  return { code: await runCli(featuresCommands, [...args, '--json'], io, dir), out, err };
}

interface Result {
  fromCache: boolean;
  pages: number;
  rows: number;
  key: string;
  url: string;
  ingested: { kind: string; vintage: number; vintageBasis: string; rows: number }[];
}
const ok = (r: { code: number; out: string; err: string }): Result => {
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Result;
};

function assertNoCacheEntry(dir: string, name: string): void {
  const cache = new FetchCache(dir, name);
  assert.deepEqual(cache.entries(), [], 'no manifest entry');
  const left = existsSync(cache.dir) ? readdirSync(cache.dir).filter((f) => f !== 'manifest.json') : [];
  assert.deepEqual(left, [], 'no half-written files');
}

async function storeOf(dir: string): Promise<FeatureStore> {
  return FeatureStore.open(dir);
}

const kwb = (s: FakeCbs, ...extra: string[]) => [
  'fetch',
  'kwb',
  '--year',
  '2024',
  '--municipality',
  'GM0268',
  '--base-url',
  s.baseUrl,
  '--retry-delay',
  '1',
  ...extra,
];
const police = (s: FakeCbs, ...extra: string[]) => [
  'fetch',
  'police',
  '--municipality',
  'GM0268',
  '--base-url',
  s.baseUrl,
  '--retry-delay',
  '1',
  ...extra,
];

test(
  'fetch kwb: metadata, every page of the TypedDataSet, the code list — ingested as a file would be; then offline',
  realDataTest(),
  async () => {
    const server = await startFakeCbs(20);
    const dir = home();
    const r = ok(await zicht(dir, kwb(server)));
    assert.equal(r.fromCache, false);
    assert.equal(r.rows, nijmegenAreas().length, 'the gemeente, its wijken and its buurten');
    assert.ok(r.pages >= 3, `${r.pages} pages followed through odata.nextLink`);
    const data = server.requests.filter((q) => q.includes('/TypedDataSet'));
    assert.ok(
      data.every((q) => q.startsWith('/ODataFeed/odata/85984NED/TypedDataSet?')),
      'data from the bulk feed',
    );
    assert.match(
      data[0]!,
      /\$filter=substringof\('GM0268',WijkenEnBuurten\) or substringof\('WK0268',WijkenEnBuurten\)/,
    );
    assert.ok(server.requests.includes('/ODataApi/odata/85984NED/DataProperties?$format=json'));
    assert.deepEqual(
      r.ingested.map((i) => [i.kind, i.vintage, i.vintageBasis]),
      [
        ['odata-json', 2024, 'file'],
        ['code-list', 2024, 'file'],
      ],
    );
    const store = await storeOf(dir);
    const buurten = await store.areas({ municipality: 'GM0268', level: 'buurt' });
    assert.equal(buurten.length, 44);
    const acker = buurten.find((a) => a.code === 'BU02680840')!;
    assert.equal(acker.name, "'t Acker", 'names from the code list');
    assert.ok(acker.population !== null && acker.population > 0, 'population from AantalInwoners_5');
    const sources = await store.sources();
    assert.ok(sources[0]!.file.endsWith('TypedDataSet.json'));
    store.close();
    // the manifest: URL, time, rows, sha256 of the data file as written
    const cache = new FetchCache(dir, 'odata');
    const [entry] = cache.entries();
    assert.equal(entry!.rows, nijmegenAreas().length);
    assert.equal(entry!.url, r.url);
    assert.equal(entry!.sha256, sha256(readFileSync(cache.pathOf(entry!.key, 'TypedDataSet.json'))));
    // the same request again with the service gone: answered from the cache, nothing downloaded
    await server.close();
    const again = ok(await zicht(dir, kwb(server)));
    assert.equal(again.fromCache, true);
    assert.equal(again.key, r.key);
  },
);

test('fetch kwb --select by title path: resolved through DataProperties, dimensions kept', realDataTest(), async () => {
  const server = await startFakeCbs(100);
  const dir = home();
  const r = ok(await zicht(dir, kwb(server, '--select', 'Bevolking/Aantal inwoners,Mannen_6', '--no-ingest')));
  assert.deepEqual(r.ingested, []);
  const data = server.requests.find((q) => q.includes('/TypedDataSet'))!;
  assert.match(data, /\$select=WijkenEnBuurten,AantalInwoners_5,Mannen_6/);
  const bad = await zicht(dir, kwb(server, '--select', 'Bevolking/Aantal katten', '--refresh'));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--select: 'Bevolking\/Aantal katten' is not a measure of this table/);
  await server.close();
});

test(
  'fetch police: 429 with Retry-After, then a 500 — retried, then ingested with its MapYear',
  realDataTest(),
  async () => {
    const server = await startFakeCbs(100);
    server.fail(/TypedDataSet\?(?!.*skip)/, [{ status: 429, retryAfter: '1' }]);
    server.fail(/TypedDataSet\?.*skip=100/, [{ status: 500 }]);
    const dir = home();
    const started = Date.now();
    const r = ok(await zicht(dir, police(server, '--crime', '3.1.1,2.1.1,0.0.0')));
    assert.ok(Date.now() - started >= 1000, 'waited the Retry-After second');
    assert.equal(r.rows, nijmegenAreas().length * 3 * 3);
    assert.match(server.requests.find((q) => q.includes('/TypedDataSet'))!, /SoortMisdrijf eq '3\.1\.1 '/);
    assert.equal(server.requests.filter((q) => /TypedDataSet\?(?!.*skip)/.test(q)).length, 2, 'first page asked twice');
    assert.deepEqual(
      r.ingested.map((i) => [i.kind, i.vintage, i.vintageBasis]),
      [
        ['police-odata', 2024, 'file'],
        ['code-list', 2024, 'file'],
      ],
    );
    const store = await storeOf(dir);
    const [source] = await store.sources();
    assert.deepEqual(source!.periods, ['2021JJ00', '2022JJ00', '2023JJ00']);
    const drug = await store.db.all<{ m: number }>(
      `SELECT m.idx AS m FROM measures m WHERE m.source_id = ? AND m.key = '3.1.1'`,
      [source!.id],
    );
    assert.equal(drug.length, 1, 'measure 3.1.1 (Drugshandel) stored under its crime code');
    store.close();
    await server.close();
  },
);

const failures: [string, (s: FakeCbs) => void, RegExp, string][] = [
  [
    'a 500 forever',
    (s) => s.fail(/TypedDataSet\?.*skip=20/, [{ status: 500 }], { forever: true }),
    /GET http:\/\/127\.0\.0\.1:\d+\/ODataFeed\/odata\/85984NED\/TypedDataSet\?.*skip=20: HTTP 500 .*after 3 attempts/,
    'NOT_FOUND',
  ],
  [
    'a truncated body',
    (s) => s.fail(/TypedDataSet\?.*skip=40/, ['truncate'], { forever: true }),
    /GET http:\/\/127\.0\.0\.1:\d+\/ODataFeed\/odata\/85984NED\/TypedDataSet\?.*skip=40: .*(truncated|cut off)/,
    'NOT_FOUND',
  ],
  [
    'an HTML error page',
    (s) => s.fail(/DataProperties/, ['html'], { forever: true }),
    new RegExp(
      'GET http://127\\.0\\.0\\.1:\\d+/ODataApi/odata/85984NED/DataProperties\\?\\$format=json: ' +
        "expected application/json, got 'text/html' — an error page\\? Onderhoud",
    ),
    'PARSE_ERROR',
  ],
  [
    'an unknown table',
    (s) => s.fail(/TableInfos/, [{ status: 404 }], { forever: true }),
    /GET http:\/\/127\.0\.0\.1:\d+\/ODataApi\/odata\/85984NED\/TableInfos\?\$format=json: HTTP 404/,
    'NOT_FOUND',
  ],
];
for (const [what, plan, message, code] of failures) {
  test(
    `fetch kwb, ${what}: a clear error naming the URL, nothing ingested, no manifest entry`,
    realDataTest(),
    async () => {
      const server = await startFakeCbs(20);
      plan(server);
      const dir = home();
      const r = await zicht(dir, kwb(server, '--retries', '2'));
      assert.equal(r.code, 1, r.out);
      const error = (JSON.parse(r.out) as { error: { code: string; message: string } }).error;
      assert.equal(error.code, code);
      assert.match(error.message, message);
      const store = await storeOf(dir);
      assert.deepEqual(await store.sources(), [], 'the store is unchanged');
      assert.equal(await store.latestVintage(), null);
      store.close();
      const cache = new FetchCache(dir, 'odata');
      assert.deepEqual(cache.entries(), [], 'no manifest entry');
      assert.ok(!existsSync(join(cache.dir, r.out.match(/85984NED-\w+/)?.[0] ?? 'none')), 'no half-written files');
      await server.close();
    },
  );
}

test('fetch police: a missing code list (404) costs the area names, not the figures', realDataTest(), async () => {
  const server = await startFakeCbs(100);
  server.fail(/\/WijkenEnBuurten\?/, [{ status: 404 }], { forever: true });
  const dir = home();
  const r = ok(await zicht(dir, police(server, '--no-ingest')));
  assert.equal(r.rows, nijmegenAreas().length * 3 * 3);
  const cache = new FetchCache(dir, 'odata');
  assert.ok(!existsSync(cache.pathOf(r.key, 'WijkenEnBuurten.csv')));
  assert.ok(existsSync(cache.pathOf(r.key, 'SoortMisdrijf.json')));
  await server.close();
});

test('fetch police: bad options are usage errors before any request', realDataTest(), async () => {
  const server = await startFakeCbs(100);
  const dir = home();
  // --level must be wijk or buurt; --crime must be a crime code: usage errors before any request
  assert.equal((await zicht(dir, police(server, '--level', 'gemeente'))).code, 2);
  assert.equal((await zicht(dir, police(server, '--crime', 'drugs'))).code, 2);
  assert.equal(server.requests.length, 0, 'nothing asked of the service');
  await server.close();
});

test(
  'fetch table: a DataProperties that misses a measure fails after the download — files removed, no entry',
  realDataTest(),
  async () => {
    const server = await startFakeCbs(100);
    const dir = home();
    const r = await zicht(dir, ['fetch', 'table', 'BAD01NED', '--base-url', server.baseUrl]);
    assert.equal(r.code, 1);
    assert.match(r.err, /TypedDataSet\.json: measure 'Mannen_6' has no Topic in .*DataProperties\.json/);
    const store = await storeOf(dir);
    assert.deepEqual(await store.sources(), []);
    store.close();
    assertNoCacheEntry(dir, 'odata');
    await server.close();
  },
);

test(
  'fetch boundaries: WFS pages, latitude-first coordinates put right, one municipality, then offline',
  realDataTest(),
  async () => {
    const server = await startFakeCbs();
    const dir = home();
    const args = ['fetch', 'boundaries', '--year', '2022', '--level', 'wijk', '--municipality', 'GM0268'];
    const r = ok(await zicht(dir, [...args, '--url-template', server.wfsTemplate, '--page-size', '5']));
    assert.equal(r.rows, 9, 'the 9 wijken of Nijmegen in 2022, not Utrecht');
    assert.equal(r.pages, 4, '19 features in pages of 5');
    assert.deepEqual(
      r.ingested.map((i) => [i.kind, i.vintage, i.vintageBasis]),
      [['geojson', 2022, 'file']],
    );
    const store = await storeOf(dir);
    const b = await store.boundaries(2022);
    assert.equal(b.length, 9);
    const first = (b[0]!.geometry as { coordinates: number[][][][] }).coordinates[0]![0]![0]!;
    assert.ok(first[0]! > 5 && first[0]! < 6.5 && first[1]! > 51 && first[1]! < 52.5, `lon, lat: ${first}`);
    store.close();
    await server.close();
    const again = ok(await zicht(dir, [...args, '--url-template', server.wfsTemplate, '--page-size', '5']));
    assert.equal(again.fromCache, true);
  },
);

test('fetch boundaries: projected (RD) coordinates are refused, nothing kept', realDataTest(), async () => {
  const server = await startFakeCbs();
  const dir = home();
  const r = await zicht(dir, [
    'fetch',
    'boundaries',
    '--year',
    '2022',
    '--url-template',
    `${server.wfsTemplate}&srs=rd`,
  ]);
  assert.equal(r.code, 1);
  assert.match(r.err, /GET http:\/\/127\.0\.0\.1:\d+\/wfs\/2022\?.*are not WGS84 degrees/);
  assertNoCacheEntry(dir, 'boundaries');
  await server.close();
});
