/**
 * A StatLine CSV export written from any table parses back to the same table: codes (padded),
 * names (quotes, semicolons, spaces inside), periods, measures with their units, and every cell
 * — numbers with a decimal point or comma, `.`/`x` suppressed, `-` nil, empty missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStatlineCsv } from './statline-csv.ts';

type Cell =
  | { kind: 'num'; v: number; comma: boolean }
  | { kind: 'suppressed'; sym: '.' | 'x' }
  | { kind: 'nil' }
  | { kind: 'empty' };

const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.record({
    kind: fc.constant('num' as const),
    // numbers as CBS prints them: integers and decimals of a few digits
    v: fc.oneof(
      fc.integer({ min: -1e6, max: 1e7 }),
      fc.integer({ min: -99999, max: 99999 }).map((x) => x / 10),
    ),
    comma: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('suppressed' as const), sym: fc.constantFrom('.' as const, 'x' as const) }),
  fc.constant({ kind: 'nil' as const }),
  fc.constant({ kind: 'empty' as const }),
);
const nameChar = fc.constantFrom(...'abcdëéijk AZ;"-/\'()0'.split(''));
const name = fc
  .array(nameChar, { minLength: 1, maxLength: 16 })
  .map((cs) => cs.join('').trim())
  .filter((s) => s.length > 0);
const measure = fc.record({
  group: fc.constantFrom('Bevolking', 'Wonen', 'Inkomen', 'Sociale zekerheid'),
  title: fc.stringMatching(/^[A-Z][a-z]{2,12}( [a-z]{2,8})?$/),
  unit: fc.constantFrom('aantal', '%', 'x 1 000 euro', 'per km2'),
});
const table = fc
  .record({
    measures: fc.uniqueArray(measure, { minLength: 1, maxLength: 5, selector: (m) => `${m.group}/${m.title}` }),
    rows: fc.uniqueArray(
      fc.record({
        code: fc.oneof(
          fc.integer({ min: 1, max: 9999 }).map((n) => `GM${String(n).padStart(4, '0')}`),
          fc.integer({ min: 1, max: 999999 }).map((n) => `WK${String(n).padStart(6, '0')}`),
          fc.integer({ min: 1, max: 99999999 }).map((n) => `BU${String(n).padStart(8, '0')}`),
        ),
        name,
        pad: fc.nat(4),
      }),
      { minLength: 1, maxLength: 12, selector: (r) => r.code },
    ),
    year: fc.integer({ min: 2015, max: 2025 }),
  })
  .chain((t) =>
    fc.record({
      t: fc.constant(t),
      cells: fc.array(fc.array(cell, { minLength: t.measures.length, maxLength: t.measures.length }), {
        minLength: t.rows.length,
        maxLength: t.rows.length,
      }),
    }),
  );

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
function write(c: Cell): string {
  if (c.kind === 'suppressed') return c.sym;
  if (c.kind === 'nil') return '-';
  if (c.kind === 'empty') return '';
  const s = String(c.v);
  return c.comma ? s.replace('.', ',') : s;
}

test('a StatLine CSV export parses back to the table it was written from', () => {
  fc.assert(
    fc.property(table, ({ t, cells }) => {
      const period = `${t.year}JJ00`;
      const header = [
        'Wijken en buurten',
        'Regioaanduiding/Gemeentenaam (naam)',
        'Regioaanduiding/Codering (code)',
        'Perioden',
        ...t.measures.map((m) => `${m.group}/${m.title} (${m.unit})`),
      ];
      const lines = [header.map(quote).join(';')];
      t.rows.forEach((r, i) => {
        lines.push(
          [
            quote(r.name),
            quote('Gemeente'),
            quote(r.code.padEnd(r.code.length + r.pad)),
            quote(period),
            ...cells[i]!.map(write),
          ].join(';'),
        );
      });
      const parsed = parseStatlineCsv(`\uFEFF${lines.join('\r\n')}\r\n`, 'prop.csv', { vintage: t.year });
      assert.deepEqual(
        parsed.codes,
        t.rows.map((r) => r.code),
      );
      assert.deepEqual(
        parsed.names,
        t.rows.map((r) => r.name),
      );
      assert.deepEqual(
        parsed.periods,
        t.rows.map(() => period),
      );
      assert.deepEqual(
        parsed.measures.map((m) => [m.key, m.title, m.unit]),
        t.measures.map((m) => [`${m.group}/${m.title}`, m.title, m.unit]),
      );
      for (let i = 0; i < t.rows.length; i++)
        for (let j = 0; j < t.measures.length; j++) {
          const c = cells[i]![j]!;
          const v = parsed.values[j]![i]!;
          const s = parsed.suppressed[j]![i]!;
          const where = `row ${i}, measure ${j}, cell ${JSON.stringify(c)}`;
          if (c.kind === 'num') assert.ok(Object.is(v, c.v === 0 ? 0 : c.v) || v === c.v, `${where}: got ${v}`);
          if (c.kind === 'nil') assert.equal(v, 0, where);
          if (c.kind === 'suppressed' || c.kind === 'empty') assert.ok(Number.isNaN(v), where);
          assert.equal(s, c.kind === 'suppressed' ? 1 : 0, where);
        }
    }),
    { numRuns: 300 },
  );
});
