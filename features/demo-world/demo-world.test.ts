import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDemoWorld, demoWorldTruth, PLANTED } from './index.ts';
import { computeAdjacency } from '../geo/index.ts';
import { parseGeoJson, parseStatlineCsv } from '../sources/index.ts';

test('the demo world is deterministic for a seed and different for another', () => {
  const a = buildDemoWorld(3),
    b = buildDemoWorld(3),
    c = buildDemoWorld(4);
  for (const [name, text] of a.files) assert.equal(text, b.files.get(name), name);
  assert.notEqual(a.files.get('kwb-2022-synthetisch.csv'), c.files.get('kwb-2022-synthetisch.csv'));
});

const w = buildDemoWorld(11);

test("the world's latent truth, built without its files for the feedback simulation, is the generated world's", () => {
  const truth = demoWorldTruth(11);
  assert.deepEqual(truth.codes, w.codes);
  assert.deepEqual(truth.years, w.years);
  assert.ok(!('files' in truth), 'no file is rendered');
});

test('Netherlands-like size, synthetic everywhere, parsed by the real parsers', () => {
  assert.ok(w.manifest.gemeenten >= 300 && w.manifest.gemeenten <= 360);
  assert.ok(w.manifest.wijken >= 2700 && w.manifest.wijken <= 3400, `wijken ${w.manifest.wijken}`);
  assert.equal(w.manifest.synthetic, true);
  assert.ok(w.manifest.files.every((f) => /synthetisch/.test(f.file)));
  const t = parseStatlineCsv(w.files.get('kwb-2024-synthetisch.csv')!, 'kwb-2024.csv', { period: '2024JJ00' });
  assert.ok(t.measures.length >= 40, `${t.measures.length} KWB-like measures`);
  assert.ok(
    t.codes.every((c) => /^(GM9\d{3}|WK9\d{5})$/.test(c)),
    'codes cannot be confused with real CBS codes',
  );
  const geo = parseGeoJson(w.files.get('grenzen-2024-synthetisch.geojson')!, 'g.geojson');
  assert.equal(geo.meta.synthetic, true);
  const adj = computeAdjacency(geo.boundaries.filter((b) => b.code.startsWith('WK')));
  const isolated = [...adj.values()].filter((n) => n.length === 0).length;
  assert.ok(isolated / adj.size < 0.02, `contiguous map (${isolated} isolated)`);
});

test('a national-size world (bench:job --scale 1600): ~14,000 wijken, every code and name unique and synthetic', () => {
  const big = buildDemoWorld(1, 1600);
  assert.ok(big.manifest.wijken >= 13_000 && big.manifest.wijken <= 16_000, `wijken ${big.manifest.wijken}`);
  assert.ok(big.manifest.gemeenten >= 1400, `gemeenten ${big.manifest.gemeenten}`);
  const codes = big.gemeenten.map((g) => g.code);
  assert.equal(new Set(codes).size, codes.length);
  assert.ok(
    codes.every((c) => /^GM[89]\d{3}$/.test(c)),
    'four-digit codes outside the range of real gemeenten',
  );
  assert.equal(new Set(big.gemeenten.map((g) => g.name)).size, big.gemeenten.length, 'names are unique');
});

test('planted mechanism: drug trade follows the true drivers and the biased group is over-detected', () => {
  const y = w.years.get(2023)!;
  const pop = y.cols[0]!;
  const rate = Float64Array.from(y.drugTrade, (c, i) => (c / Math.max(pop[i]!, 1)) * 1000);
  const corr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    const n = a.length;
    let ma = 0,
      mb = 0;
    for (let i = 0; i < n; i++) {
      ma += a[i]!;
      mb += b[i]!;
    }
    ma /= n;
    mb /= n;
    let sab = 0,
      sa = 0,
      sb = 0;
    for (let i = 0; i < n; i++) {
      sab += (a[i]! - ma) * (b[i]! - mb);
      sa += (a[i]! - ma) ** 2;
      sb += (b[i]! - mb) ** 2;
    }
    return sab / Math.sqrt(sa * sb);
  };
  assert.ok(
    corr(
      Float64Array.from(y.incidence, Math.log),
      Float64Array.from(rate, (r) => Math.log1p(r)),
    ) > 0.3,
  );
  // discovered / true incidence is about twice as high in the over-enforced group
  let sb = 0,
    nb = 0,
    so = 0,
    no = 0;
  y.enforcement.forEach((e, i) => {
    const expected = (pop[i]! / 1000) * y.incidence[i]!;
    if (e > 1) {
      sb += y.drugTrade[i]!;
      nb += expected;
    } else {
      so += y.drugTrade[i]!;
      no += expected;
    }
  });
  const ratio = sb / nb / (so / no);
  assert.ok(Math.abs(ratio - PLANTED.biasedGroup.detectionMultiplier) < 0.3, `detection ratio ${ratio}`);
});
