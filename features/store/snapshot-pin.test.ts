import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../core/index.ts';
import { buildDemoWorld } from '../demo-world/index.ts';
import { parseGeoJson, parseStatlineCsv } from '../sources/index.ts';
import { FeatureStore, loadSnapshot, materialize, type SnapshotData } from './index.ts';

/**
 * Pins the store's outputs: snapshot ids (content-addressed) and the exact bits of every stored
 * value, for a generated StatLine export (every expression op, both context transforms, suppressed,
 * nil and decimal-comma cells) and the demo world. The expected values were recorded with the
 * store as it was before ingest and materialize were made fast (issue 15); any change to how
 * values are parsed, stored or computed shows up here.
 */

const KEYS = [
  'Bevolking/Aantal inwoners',
  'Bevolking/Leeftijdsgroepen/15 tot 25 jaar',
  'Bevolking/Leeftijdsgroepen/65 jaar of ouder',
  'Wonen en vastgoed/Gemiddelde WOZ-waarde van woningen',
  'Wonen en vastgoed/Woningen naar eigendom/Koopwoningen',
  'Sociale zekerheid/Personen per soort uitkering; Bijstand',
  'Extra/Indicator 0',
  'Extra/Indicator 1',
];

/** 4 gemeenten × 5 wijken × 12 buurten on a grid; buurt (g, w, b) is the square at (w·12 + b, g). */
function generated(year: number, seed: number): { csv: string; geojson: string } {
  const rng = createRng(seed);
  const head = ['Wijken en buurten', 'Regioaanduiding/Codering (code)', ...KEYS.map((k) => `${k} (aantal)`)];
  const lines = [head.map((h) => `"${h}"`).join(';')];
  const features: unknown[] = [];
  for (let g = 0; g < 4; g++)
    for (let w = 0; w < 5; w++)
      for (let b = 0; b < 12; b++) {
        const code = `BU${String(2000 + g)}${String(w).padStart(2, '0')}${String(b).padStart(2, '0')}`;
        const pop = rng.next() < 0.15 ? 5 * rng.int(20) : Math.round(50 + 3000 * rng.next());
        const cells = KEYS.map((_, j) => {
          if (j === 0) return String(pop);
          const u = rng.next();
          if (u < 0.04) return '.';
          if (u < 0.05) return 'x';
          if (u < 0.07) return '-';
          if (u < 0.09) return ((1000 * rng.next()) / 7).toFixed(2).replace('.', ',');
          return j < 3 ? String(Math.round(pop * 0.3 * rng.next())) : (100 * rng.next()).toFixed(1);
        });
        lines.push(`"Buurt ${code}";"${code.padEnd(10)}";${cells.join(';')}`);
        const x = (w * 12 + b) * 0.01,
          y = g * 0.01;
        const ring = [
          [x, y],
          [x + 0.01, y],
          [x + 0.01, y + 0.01],
          [x, y + 0.01],
          [x, y],
        ];
        features.push({ type: 'Feature', properties: { code }, geometry: { type: 'Polygon', coordinates: [ring] } });
      }
  return {
    csv: `\ufeff${lines.join('\r\n')}\r\n`,
    geojson: JSON.stringify({ type: 'FeatureCollection', vintage: year, features }),
  };
}

const m = (key: string) => ({ op: 'measure', key });
const POP = m('Bevolking/Aantal inwoners');
const PIN_VIEW = {
  name: 'pin',
  version: 1,
  descriptionNl: 'Elke bewerking (test)',
  descriptionEn: 'Every operation (test)',
  populationKey: 'Bevolking/Aantal inwoners',
  features: [
    ['inwoners_log', { op: 'log1p', of: POP }, 0],
    ['jong', { op: 'ratio', num: m(KEYS[1]!), den: POP, scale: 100 }, 100],
    ['oud_per_1000', { op: 'ratio', num: m(KEYS[2]!), den: POP, scale: 1000 }, 50],
    ['jong_plus_oud', { op: 'sum', of: [m(KEYS[1]!), m(KEYS[2]!), { op: 'const', value: 0.1 }] }, 100],
    ['huur', { op: 'minus', a: { op: 'const', value: 100 }, b: m(KEYS[4]!) }, 100],
    ['woz_log', { op: 'log1p', of: { op: 'minus', a: m(KEYS[3]!), b: { op: 'const', value: 50 } } }, 100],
    ['bijstand_tov_gemeente', { op: 'ratio', num: m(KEYS[5]!), den: POP, scale: 1000 }, 100, 'diff-from-gemeente'],
    ['extra_buren', { op: 'measure', key: KEYS[6]! }, 100, 'neighbour-mean'],
    ['extra_min', { op: 'minus', a: m(KEYS[7]!), b: m(KEYS[6]!) }, 0, 'diff-from-gemeente'],
    ['ontbreekt', m('Extra/Bestaat niet'), 100],
  ].map(([name, expr, minPopulation, context]) => ({
    name,
    descriptionNl: String(name),
    descriptionEn: String(name),
    unit: '-',
    expr,
    minPopulation,
    ...(context ? { context: { kind: context } } : {}),
  })),
};

/** SHA-256 of the codes and of every column's IEEE-754 bytes, columns by name. */
function valuesHash(data: SnapshotData): string {
  const h = createHash('sha256');
  h.update(data.codes.join(','));
  for (const name of [...data.columns.keys()].sort()) {
    h.update(name);
    h.update(new Uint8Array(data.columns.get(name)!.buffer));
  }
  return h.digest('hex').slice(0, 16);
}

test('pinned: a generated export gives the same snapshot ids and bit-identical values', async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-pin-'));
  mkdirSync(join(home, 'views'));
  writeFileSync(join(home, 'views', 'pin@1.json'), JSON.stringify(PIN_VIEW));
  const store = await FeatureStore.openPath(join(home, 'features.duckdb'), home);
  const got: string[] = [];
  for (const [year, seed] of [
    [2023, 1],
    [2024, 2],
  ] as const) {
    const { csv, geojson } = generated(year, seed);
    await store.ingest({
      type: 'table',
      table: parseStatlineCsv(csv, `pin-${year}.csv`, { period: `${year}JJ00`, synthetic: true }),
    });
    await store.ingest({ type: 'boundaries', set: parseGeoJson(geojson, `pin-${year}.geojson`) });
    for (const view of ['pin', 'kwb']) {
      const info = await materialize(store, view, { period: `${year}JJ00`, level: 'buurt' });
      if (view === 'pin') {
        assert.equal(info.features.length, 9, 'every feature but one is computed');
        assert.deepEqual(
          info.skipped.map((s) => s.feature),
          ['ontbreekt'],
        );
      }
      got.push(`${view} ${year} ${info.id} ${valuesHash(await loadSnapshot(store, info.id))}`);
    }
  }
  store.close();
  assert.deepEqual(got, [
    'pin 2023 d4ee4d93cd6330e26553d310 8b5b0fe26ba99c91',
    'kwb 2023 5d2a32a489726f79ee533f88 ef4b781bb0b6489a',
    'pin 2024 e12dfb096c7b5c026761d462 d71f191af6a23253',
    'kwb 2024 e7fc5a2c936c07e4b7d1f4cd 6202b92dfb04daae',
  ]);
});

test('pinned: the demo world gives the same snapshot ids and bit-identical values', async () => {
  const world = buildDemoWorld(7);
  const file = (name: string) => world.files.get(name)!;
  const store = await FeatureStore.openPath(':memory:');
  const got: string[] = [];
  for (const y of [2021, 2023]) {
    await store.ingest({
      type: 'table',
      table: parseStatlineCsv(file(`kwb-${y}-synthetisch.csv`), `kwb-${y}.csv`, {
        period: `${y}JJ00`,
        synthetic: true,
      }),
    });
    for (const level of ['gemeente', 'wijk'] as const) {
      const info = await materialize(store, 'kwb', { period: `${y}JJ00`, level });
      got.push(`${y} ${level} ${info.id} ${valuesHash(await loadSnapshot(store, info.id))}`);
    }
  }
  store.close();
  assert.deepEqual(got, [
    '2021 gemeente e1940c9b14ebe9e9da6c490f 51cc5bb866dfface',
    '2021 wijk f1037fb826af714dece0a01c fbdb89cd1ab96be3',
    '2023 gemeente e81d310ebe1603014741ae16 f6ec7c1199cfda21',
    '2023 wijk d4e45c2c183e7b9f0ca61bd0 cd7fff1fa9f733dd',
  ]);
});
