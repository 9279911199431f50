import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realDataPath, realDataTest } from '../../core/index.ts';
import { parseSourceFile, qualityReport, type SourceTable } from './index.ts';

const kwb24 = () => realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv');
const table = (p: ReturnType<typeof parseSourceFile>): SourceTable => {
  assert.equal(p.type, 'table');
  return (p as { table: SourceTable }).table;
};
const count = (t: SourceTable, level: string) => t.levels.filter((l) => l === level).length;

test('StatLine CSV: the real KWB 2024 export loads every buurt, wijk and gemeente', realDataTest(), () => {
  const t = table(parseSourceFile(kwb24(), { period: '2024JJ00' }));
  assert.equal(count(t, 'buurt'), 14574);
  assert.equal(count(t, 'wijk'), 3393);
  assert.equal(count(t, 'gemeente'), 342);
  assert.equal(t.meta.kind, 'statline-csv');
  assert.equal(t.meta.vintage, 2024);
  assert.ok(
    t.codes.every((c) => c === c.trim()),
    'codes are trimmed',
  );
  const i = t.codes.indexOf('GM1680');
  const pop = t.measures.findIndex((m) => m.key === 'Bevolking/Aantal inwoners');
  assert.equal(t.measures[pop]!.unit, 'aantal');
  assert.equal(t.values[pop]![i], 25845);
  assert.ok(t.codes.includes('BU0363AA01'), 'Amsterdam buurt codes with letters');
});

test('StatLine CSV without a code column joins by row order and checks the names', realDataTest(), () => {
  const base = table(parseSourceFile(kwb24(), { period: '2024JJ00' }));
  const t = table(
    parseSourceFile(realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv'), {
      period: '2024JJ00',
      joinRows: base,
    }),
  );
  assert.equal(t.codes.length, base.codes.length);
  const outside = t.measures.findIndex((m) => m.key.endsWith('Herkomstland/Buiten Europa'));
  assert.ok(outside >= 0);
  assert.equal(t.values[outside]![t.codes.indexOf('GM1680')], 1330);
});

test('OData TypedDataSet maps measures by title through DataProperties', realDataTest(), () => {
  const t = table(
    parseSourceFile(realDataPath('cbs-kwb-2024', 'stripped_filtered_data_2024.json'), {
      properties: realDataPath('cbs-kwb-2024', 'DataProperties_85984NED.json'),
      period: '2024JJ00',
    }),
  );
  assert.equal(t.meta.vintage, 2024, 'MapYear from the GeoDetail property');
  const pop = t.measures.findIndex((m) => m.key === 'Bevolking/Aantal inwoners');
  assert.ok(pop >= 0, 'AantalInwoners_5 → Bevolking/Aantal inwoners');
  assert.equal(t.values[pop]![t.codes.indexOf('WK168000')], 3590);
  assert.ok(count(t, 'gemeente') >= 342 && count(t, 'wijk') >= 3000);
});

test('police per-buurt counts of Nijmegen join 44 of 44 buurten of KWB 2024', realDataTest(), () => {
  const police = table(
    parseSourceFile(realDataPath('politie-nijmegen-2023-2025', 'misdrijven_per_buurt_2023_2025.csv')),
  );
  const kwb = table(parseSourceFile(kwb24(), { period: '2024JJ00' }));
  const buurten = new Set(police.codes);
  assert.equal(buurten.size, 44);
  const known = new Set(kwb.codes);
  assert.equal([...buurten].filter((c) => known.has(c)).length, 44);
  assert.deepEqual(police.meta.periods, ['2023JJ00', '2024JJ00', '2025JJ00']);
  const drug = police.measures.findIndex((m) => m.key === '3.1.1');
  assert.ok(drug >= 0, 'drugshandel → 3.1.1');
  assert.ok(police.values[drug]!.every((v) => Number.isFinite(v) && v >= 0));
});

test('tidy KWB 2022 wijk CSV and its GeoJSON boundaries', realDataTest(), () => {
  const t = table(parseSourceFile(realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_attributes.csv')));
  assert.equal(t.codes.length, 3340);
  const urb = t.measures.findIndex((m) => m.key === 'urbanity');
  assert.ok([...t.values[urb]!].filter(Number.isFinite).every((v) => v >= 1 && v <= 5));
  const emp = t.measures.findIndex((m) => m.key === 'employment_rate');
  const missing = [...t.values[emp]!].filter(Number.isNaN).length;
  assert.equal(missing, 268, 'employment_rate missing for 268 wijken, as documented');
  const g = parseSourceFile(realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_wgs84.geojson'), { vintage: 2022 });
  assert.equal(g.type, 'boundaries');
  if (g.type === 'boundaries') assert.equal(g.set.boundaries.length, 3340);
  const q = qualityReport(t);
  assert.equal(q.rows, 3340);
  assert.ok(Math.abs(q.measures[emp]!.missingShare - 268 / 3340) < 1e-12);
});

// ---- bad input: each one names the file, row and column; nothing partial is returned

const dir = mkdtempSync(join(tmpdir(), 'zicht-src-'));
function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const HEADER =
  '\ufeff"Wijken en buurten";"Regioaanduiding/Codering (code)";"Bevolking/Aantal inwoners (aantal)";"Inkomen/Laag inkomen (%)"\r\n';

test('StatLine: "." is suppressed (NaN and counted), "-" is zero, decimal comma', () => {
  const p = file('ok.csv', `${HEADER}"A";"GM0001    ";1000;"12,5"\r\n"B";"WK000101  ";.;-\r\n`);
  const t = table(parseSourceFile(p, { period: '2023JJ00' }));
  assert.equal(t.values[1]![0], 12.5);
  assert.ok(Number.isNaN(t.values[0]![1]!));
  assert.equal(t.suppressed[0]![1], 1);
  assert.equal(t.values[1]![1], 0);
  assert.equal(qualityReport(t).measures[0]!.suppressedShare, 0.5);
});

const bad: [string, string, RegExp, object?][] = [
  ['truncated.csv', `${HEADER}"A";"GM0001    ";1000;12\r\n"B";"WK00`, /row 2.*truncated|never closed/],
  ['comma.csv', HEADER.replace(/;/g, ','), /expected ';'-separated.*wrong delimiter/],
  [
    'dupheader.csv',
    HEADER.replace('"Inkomen/Laag inkomen (%)"', '"Bevolking/Aantal inwoners (aantal)"'),
    /column 4.*duplicates column 3/,
  ],
  [
    'text.csv',
    `${HEADER}"A";"GM0001    ";duizend;12\r\n`,
    /row 1, column 'Bevolking\/Aantal inwoners \(aantal\)': 'duizend' is not a number/,
  ],
  ['dups.csv', `${HEADER}"A";"GM0001    ";1;1\r\n"A";"GM0001    ";2;2\r\n`, /row 2 duplicates row 1: area GM0001/],
  ['nocode.csv', '"Wijken en buurten";"Bevolking/Aantal inwoners (aantal)"\r\n"A";1\r\n', /no region-code column/],
  ['badcode.csv', `${HEADER}"A";"XX12      ";1;1\r\n`, /row 1.*'XX12' is not a CBS area code/],
  ['long-missing.csv', 'area_code,period,value\nGM0001,2023JJ00,1\n', /required column 'variable' missing/],
  ['long-unknown.csv', 'area_code,period,variable,value,colour\nGM0001,2023JJ00,x,1,red\n', /unknown column 'colour'/],
  [
    'long-vintage.csv',
    'area_code,period,variable,value,vintage\nGM0001,2023JJ00,x,1,2023\nGM0002,2023JJ00,x,1,2024\n',
    /mixes boundary years 2023, 2024/,
  ],
  [
    'police.csv',
    '"SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven"\n"3.1.1 ","BU00010000","2023JJ00",4\n"3.1.1 ","BU00010000","2023JJ00",5\n',
    /row 2 duplicates row 1/,
  ],
  [
    'police-missing.csv',
    '"SoortMisdrijf","WijkenEnBuurten","Perioden"\n"3.1.1 ","BU00010000","2023JJ00"\n',
    /required column 'GeregistreerdeMisdrijven' missing/,
  ],
  ['empty.csv', '', /empty/],
];
for (const [name, content, message] of bad) {
  test(`bad input is a clear error: ${name}`, () => {
    const p = file(name, content);
    assert.throws(
      () => parseSourceFile(p, { period: '2023JJ00' }),
      (e: Error & { code?: string; details?: { file?: string } }) => {
        assert.match(e.message, message);
        assert.ok(e.message.includes(p), 'the message names the file');
        assert.ok(['PARSE_ERROR', 'DATA_CONFLICT'].includes(e.code ?? ''), `code ${e.code}`);
        return true;
      },
    );
  });
}
