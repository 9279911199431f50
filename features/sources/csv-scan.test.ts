import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ZichtError } from '../../core/index.ts';
import { type CsvTable, cbsNumberAt, parseCbsNumber, parseDelimited } from './csv.ts';
import { scanDelimited } from './csv-scan.ts';

/** The character-at-a-time parser this module replaced, kept as the reference the scan must match. */
function referenceParse(text: string, file: string, delimiter: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.length === 0) {
      inQuotes = true;
      quoteLine = line;
      continue;
    }
    if (c === delimiter) {
      record.push(field);
      field = '';
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r') {
      record.push(field);
      field = '';
      if (!(record.length === 1 && record[0] === '')) {
        records.push(record);
        lines.push(recordLine);
      }
      record = [];
      line++;
      recordLine = line;
      continue;
    }
    field += c;
  }
  if (inQuotes) {
    throw new ZichtError(
      'PARSE_ERROR',
      `${file}: row ${records.length}, line ${quoteLine}: a quoted field is never closed — the file looks truncated`,
      { file, row: records.length, line: quoteLine },
    );
  }
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
    lines.push(recordLine);
  }
  const header = records.shift();
  lines.shift();
  if (!header || header.length === 0 || (header.length === 1 && header[0] === '')) {
    throw new ZichtError('PARSE_ERROR', `${file}: the file is empty (no header row)`, { file, row: 0 });
  }
  const trimmed = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  trimmed.forEach((h, j) => {
    const prev = seen.get(h);
    if (prev !== undefined) {
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: header row, column ${j + 1}: '${h}' duplicates column ${prev + 1}`,
        { file, row: 0, column: h },
      );
    }
    seen.set(h, j);
  });
  records.forEach((r, i) => {
    if (r.length !== trimmed.length) {
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: row ${i + 1} (line ${lines[i]}) has ${r.length} field${r.length === 1 ? '' : 's'}, the header has ${trimmed.length}` +
          (r.length < trimmed.length && i === records.length - 1 ? ' — the file looks truncated' : ''),
        { file, row: i + 1, line: lines[i]! },
      );
    }
  });
  return { file, header: trimmed, rows: records, lines };
}

function outcome(f: () => CsvTable): unknown {
  try {
    const t = f();
    return { header: t.header, rows: t.rows, lines: t.lines };
  } catch (e) {
    return { error: (e as Error).message, details: (e as ZichtError).details };
  }
}

const cell = fc.oneof(
  fc.constantFrom('', '.', 'x', '-', '12.5', '"', '""', '"a;b"', '"a""b"', '"x"y', 'a"b', ' 7 ', '"\n"', '"\r\n"'),
  fc.string({ unit: fc.constantFrom('a', '1', ';', ',', '"', '\n', '\r', ' ', '.') }),
);

test('the scan parses exactly as the character-at-a-time parser did (rows, lines, errors)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 6 }),
      fc.constantFrom('\r\n', '\n', '\r'),
      fc.boolean(),
      fc.boolean(),
      (records, eol, bom, trailing) => {
        const body = records.map((r) => r.join(';')).join(eol);
        const text = `${bom ? '\ufeff' : ''}${body}${trailing ? eol : ''}`;
        assert.deepEqual(
          outcome(() => parseDelimited(text, 'f.csv', ';')),
          outcome(() => referenceParse(text, 'f.csv', ';')),
        );
      },
    ),
    { numRuns: 3000 },
  );
});

test('a plain decimal read from the characters equals Number() bit for bit; other cells as parseCbsNumber', () => {
  const decimal = fc
    .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{0,9}$/), fc.option(fc.stringMatching(/^[0-9]{0,9}$/)))
    .map(([neg, a, b]) => `${neg ? '-' : ''}${a}${b === null ? '' : `.${b}`}`);
  const other = fc.oneof(
    fc.constantFrom('.', 'x', 'X', '-', '', ' 1.5', '1,5', '1.234,5', '1e3', '+2', '0.1234567890123456789'),
    fc.double({ noNaN: true }).map(String),
  );
  fc.assert(
    fc.property(fc.oneof(decimal, other), fc.boolean(), (raw, quoted) => {
      const scan = scanDelimited(`h;g\n${quoted ? `"${raw}"` : raw};z\n`, 'f.csv', ';');
      let want: number | string;
      try {
        want = parseCbsNumber(raw, { file: 'f.csv', row: 1, column: 'h' }).value;
      } catch (e) {
        want = (e as Error).message;
      }
      let got: number | string;
      try {
        got = cbsNumberAt(scan, 2, 1, 'h');
      } catch (e) {
        got = (e as Error).message;
      }
      assert.ok(Object.is(got, want), `${JSON.stringify(raw)}: ${got} ≠ ${want}`);
    }),
    { numRuns: 20000 },
  );
});
