import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realDataPath, realDataTest } from '../../core/index.ts';
import { parseSourceFile, resolveVintage, type SourceMeta, type VintageRegistry } from './index.ts';

const meta = (vintage: number | null, vintageBasis: SourceMeta['vintageBasis']): SourceMeta => ({
  kind: 'statline-csv',
  file: 'x.csv',
  tableId: null,
  title: null,
  periods: ['2023JJ00'],
  vintage,
  vintageBasis,
  contentHash: 'h',
  synthetic: false,
  licence: '',
});
const registry: VintageRegistry = new Map([
  [2023, new Set(['GM0001', 'WK000101', 'WK000102'])],
  [2024, new Set(['GM0001', 'WK000101', 'WK000103'])],
]);
const codes = (...c: string[]) => new Set(c);

test('vintage inferred: the one registered code list that holds every code of the file', () => {
  const d = resolveVintage(meta(null, null), codes('GM0001', 'WK000103'), registry);
  assert.deepEqual([d.vintage, d.basis], [2024, 'codes']);
  assert.match(d.detail, /all 2 area codes are in the 2024 code list/);
});

test('vintage not inferable: ambiguous, unknown codes, empty registry — each asks for --vintage YYYY', () => {
  const fails = (c: Set<string>, r: VintageRegistry, message: RegExp) =>
    assert.throws(
      () => resolveVintage(meta(null, null), c, r),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'BAD_ARGUMENT');
        assert.match(e.message, message);
        assert.match(e.message, /^x\.csv: .*pass --vintage YYYY/);
        return true;
      },
    );
  fails(codes('GM0001', 'WK000101'), registry, /in the code lists of 2023, 2024 alike/);
  fails(codes('GM0001', 'WK000199'), registry, /match none of the registered code lists \(closest: 2024.*WK000199/);
  fails(codes('GM0001'), new Map(), /no code lists are registered/);
});

test('a stated vintage is kept unless the registry proves it wrong; --vintage is always kept', () => {
  assert.equal(resolveVintage(meta(2025, 'period'), codes('GM0001', 'WK000103'), registry).vintage, 2025);
  assert.equal(resolveVintage(meta(2024, 'file'), codes('GM0001', 'WK000199'), registry).vintage, 2024);
  assert.throws(
    () => resolveVintage(meta(2023, 'period'), codes('GM0001', 'WK000103'), registry),
    new RegExp(
      'x\\.csv: its vintage 2023 is the year of its period .* 1 of its 2 area codes are not in the 2023 code list ' +
        '\\(WK000103\\), while all are in 2024; pass --vintage',
    ),
  );
  const given = resolveVintage(meta(2023, 'option'), codes('GM0001', 'WK000103'), registry);
  assert.deepEqual([given.vintage, given.basis], [2023, 'option']);
});

test('code list: the real CBS 2025 lists (codes without prefix) with the year from the header', realDataTest(), () => {
  const counts: [string, number, string, string][] = [
    ['gem_2025_codes.csv', 343, 'GM0014', 'Groningen'],
    ['wijk_2025_codes.csv', 3505, 'WK001400', 'Centrum'],
    ['buurt_2025_codes.csv', 14823, 'BU00140000', 'Binnenstad-Noord'],
  ];
  for (const [name, n, code, title] of counts) {
    const p = parseSourceFile(realDataPath('cbs-codes-2025', name));
    assert.equal(p.type, 'codes', `${name} is detected as a code list`);
    if (p.type !== 'codes') continue;
    assert.equal(p.list.codes.length, n, name);
    assert.equal(p.list.meta.vintage, 2025);
    assert.equal(p.list.meta.vintageBasis, 'file');
    assert.equal(p.list.names[p.list.codes.indexOf(code)], title);
  }
});

test('code list: the region list of 47018NED (Key, Title; padded codes) needs --vintage', realDataTest(), () => {
  const path = realDataPath('politie-47018NED', 'data_crime_WijkenEnBuurten.csv');
  const p = parseSourceFile(path, { kind: 'code-list', vintage: 2024 });
  assert.equal(p.type, 'codes');
  if (p.type !== 'codes') return;
  assert.ok(!p.list.codes.includes('NL00'), 'the national row is not an area');
  assert.equal(p.list.names[p.list.codes.indexOf('BU16800000')], 'Annen');
  assert.equal(parseSourceFile(path, { kind: 'code-list' }).type === 'codes', true);
  const q = parseSourceFile(path, { kind: 'code-list' });
  assert.equal(q.type === 'codes' ? q.list.meta.vintage : -1, null, 'no year in its header: not stated');
});

test('code list: bad codes and duplicates name the row', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zicht-codes-'));
  const bad = join(dir, 'buurt_bad.csv');
  writeFileSync(bad, 'Buurt2025;buurtnaam2025\r\n00140000;A\r\n0014X;B\r\n');
  assert.throws(
    () => parseSourceFile(bad),
    /buurt_bad\.csv: row 2, column 'Buurt2025': '0014X' is not a CBS area code/,
  );
  const dup = join(dir, 'buurt_dup.csv');
  writeFileSync(dup, 'Buurt2025;buurtnaam2025\r\n00140000;A\r\nBU00140000;B\r\n');
  assert.throws(() => parseSourceFile(dup), /buurt_dup\.csv: row 2 duplicates row 1: area BU00140000/);
});
