import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FeatureCollection, Polygon } from 'geojson';
import { realDataPath, realDataTest } from '../../core/index.ts';
import { MapSvg, rewindForD3 } from './map-svg.tsx';
import { translator } from './i18n.ts';
import type { MapArea } from './deps.ts';

const t = translator('nl');
const square = (x: number, y: number, ccw = false): Polygon => {
  const ring = [
    [x, y],
    [x, y + 0.01],
    [x + 0.01, y + 0.01],
    [x + 0.01, y],
    [x, y],
  ];
  return { type: 'Polygon', coordinates: [ccw ? ring.reverse() : ring] };
};
const areas: MapArea[] = [
  {
    code: 'BU02680001',
    name: 'Een',
    level: 'buurt',
    population: 1500,
    score: 0.812,
    band: 'hoog',
    rank: 1,
    interval: { low: 0.7, high: 0.9 },
    suppressed: false,
    geometry: square(5.8, 51.8),
  },
  {
    code: 'BU02680002',
    name: 'Twee',
    level: 'buurt',
    population: 900,
    score: 0.25,
    band: 'laag',
    rank: 2,
    interval: { low: 0.2, high: 0.3 },
    suppressed: false,
    geometry: square(5.81, 51.8, true),
  },
  {
    code: 'BU02680003',
    name: 'Drie',
    level: 'buurt',
    population: 20,
    score: null,
    band: null,
    rank: null,
    interval: null,
    suppressed: true,
    geometry: square(5.8, 51.81),
  },
  {
    code: 'BU02680004',
    name: 'Vier',
    level: 'buurt',
    population: null,
    score: 0.4,
    band: 'gemiddeld',
    rank: 3,
    interval: { low: 0.3, high: 0.5 },
    suppressed: false,
    geometry: null,
  },
];

async function render(list: readonly MapArea[]): Promise<string> {
  const label = (a: MapArea) => `${a.rank}. ${a.name}: ${a.score}, band ${a.band}`;
  return (
    await (<MapSvg areas={list} title="Kaart" description="Beschrijving" t={t} lang="nl" areaLabel={label} />)
  ).toString();
}

/** The markup of one area's element, up to its closing tag. */
function areaMarkup(svg: string, code: string): string {
  const start = svg.indexOf(`data-code="${code}"`);
  assert.ok(start >= 0, `${code} present`);
  const open = svg.lastIndexOf('<', start);
  const tag = svg.slice(open + 1, svg.indexOf(' ', open));
  return svg.slice(open, svg.indexOf(`</${tag}>`, start) + tag.length + 3);
}

test('the map is one well-formed SVG with one path per drawn area', async () => {
  const svg = await render(areas);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 640 520"/);
  assert.match(svg, /<\/svg>$/);
  const paths = svg.match(/<path d="M[^"]+"/g) ?? [];
  assert.equal(paths.length, 3, 'the area without geometry is not drawn');
  assert.equal((svg.match(/<svg/g) ?? []).length, (svg.match(/<\/svg>/g) ?? []).length);
  assert.equal((svg.match(/<a /g) ?? []).length, (svg.match(/<\/a>/g) ?? []).length);
});

test('scored areas are links with a tooltip, an accessible name, a pattern and a numbered marker', async () => {
  const svg = await render(areas);
  const one = areaMarkup(svg, 'BU02680001');
  assert.match(one, /^<a href="\/gebied\/BU02680001"/);
  assert.match(one, /aria-label="1\. Een: 0.812, band hoog"/);
  assert.match(one, /<title>1\. Een: 0.812, band hoog<\/title>/);
  assert.match(one, /fill="url\(#band-hoog\)"/);
  assert.match(one, /<g class="zicht-marker"><circle[^>]*><\/circle><text[^>]*>1<\/text><\/g>/);
  for (const b of ['hoog', 'verhoogd', 'gemiddeld', 'laag']) assert.match(svg, new RegExp(`<pattern id="band-${b}"`));
});

test('areas are drawn in rank order, so the keyboard follows the table', async () => {
  const shuffled = [areas[2]!, areas[1]!, areas[0]!];
  const svg = await render(shuffled);
  const codes = [...svg.matchAll(/<a href="\/gebied\/(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(codes, ['BU02680001', 'BU02680002']);
});

test('suppressed areas are hatched, labelled, not links, and carry no score', async () => {
  const svg = await render(areas);
  const three = areaMarkup(svg, 'BU02680003');
  assert.match(three, /^<g /);
  assert.match(three, /fill="url\(#suppressed-hatch\)"/);
  assert.match(three, /niet getoond: te weinig inwoners/);
  assert.doesNotMatch(three, /score|band|href/);
  assert.match(svg, /<pattern id="suppressed-hatch"/);
});

test('rings wound either way project to the same small area, not the whole globe', async () => {
  const ccw = rewindForD3(square(5.81, 51.8, true)) as Polygon;
  assert.deepEqual(ccw.coordinates[0], square(5.81, 51.8).coordinates[0]);
  const svg = await render(areas);
  // Both squares are the same size: their path strings have the same shape.
  const d1 = /data-code="BU02680001"[\s\S]*?<path d="([^"]+)"/.exec(svg)![1]!;
  const d2 = /data-code="BU02680002"[\s\S]*?<path d="([^"]+)"/.exec(svg)![1]!;
  const size = (d: string) => {
    const n = d.match(/-?[\d.]+/g)!.map(Number);
    const xs = n.filter((_, i) => i % 2 === 0);
    return Math.max(...xs) - Math.min(...xs);
  };
  assert.ok(Math.abs(size(d1) - size(d2)) < 1, `${size(d1)} vs ${size(d2)}`);
  assert.ok(size(d1) < 640);
});

test('real Nijmegen wijk boundaries render inside the frame', realDataTest(), async () => {
  const fc = JSON.parse(
    readFileSync(realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_wgs84.geojson'), 'utf8'),
  ) as FeatureCollection;
  const wijken = fc.features.filter((f) => String(f.properties?.['code']).startsWith('WK0268'));
  assert.ok(wijken.length > 5);
  const list: MapArea[] = wijken.map((f, i) => ({
    code: String(f.properties?.['code']),
    name: `wijk ${i}`,
    level: 'wijk',
    population: 1000,
    score: 0.5,
    band: 'verhoogd',
    rank: i + 1,
    interval: null,
    suppressed: false,
    geometry: f.geometry,
  }));
  const svg = await render(list);
  assert.equal((svg.match(/<path d="M/g) ?? []).length, wijken.length);
  const nums = [...svg.matchAll(/<path d="([^"]+)"/g)].flatMap((m) => m[1]!.match(/-?\d+(?:\.\d+)?/g)!.map(Number));
  assert.ok(Math.min(...nums) >= 0 && Math.max(...nums) <= 640, 'all coordinates inside the viewBox');
});
