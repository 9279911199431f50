import { ZichtError } from '../../core/index.ts';

/** A parsed delimited file: header plus rows, each row remembering its 1-based line number. */
export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** 1-based line number where each row starts (the header is line 1). */
  readonly lines: readonly number[];
}

/**
 * Parse RFC-4180-style delimited text: quoted fields with doubled quotes,
 * newlines inside quotes, CRLF or LF, an optional UTF-8 BOM. Every structural
 * problem is a `PARSE_ERROR` naming the file, row and column.
 */
export function parseDelimited(text: string, file: string, delimiter: string): CsvTable {
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

/**
 * Guess the delimiter from the header line (`;` for StatLine exports, `,` for
 * tidy CSVs). A header that splits on neither is a clear error.
 */
export function detectDelimiter(text: string, file: string, expected?: string): string {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((d) => [d, countOutsideQuotes(firstLine, d)] as const);
  if (expected !== undefined) {
    const got = counts.find(([d]) => d === expected)![1];
    if (got === 0) {
      const other = counts.filter(([d, c]) => d !== expected && c > 0).map(([d]) => JSON.stringify(d));
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: header row: expected '${expected}'-separated columns${other.length ? `, but the header is separated by ${other.join(' or ')}` : ', found a single column'} (wrong delimiter?)`,
        { file, row: 0 },
      );
    }
    return expected;
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  if (best[1] === 0)
    throw new ZichtError(
      'PARSE_ERROR',
      `${file}: header row has a single column; expected ';' or ',' separated values`,
      { file, row: 0 },
    );
  return best[0];
}

function countOutsideQuotes(line: string, d: string): number {
  let inQ = false,
    n = 0;
  for (const c of line) {
    if (c === '"') inQ = !inQ;
    else if (c === d && !inQ) n++;
  }
  return n;
}

/** Symbols CBS uses in numeric cells. */
export type CellValue = { value: number; suppressed: boolean };

/**
 * Parse a CBS numeric cell: `.` unknown or suppressed and `x` secret (both NaN
 * and suppressed), `-` nil (0), empty missing (NaN, not suppressed), decimal
 * comma or point. Anything else is a `PARSE_ERROR` naming the cell.
 */
export function parseCbsNumber(raw: string, at: { file: string; row: number; column: string }): CellValue {
  const s = raw.trim();
  if (s === '') return { value: Number.NaN, suppressed: false };
  if (s === '.' || s === 'x' || s === 'X') return { value: Number.NaN, suppressed: true };
  if (s === '-') return { value: 0, suppressed: false };
  if (isPlainNumber(s)) return { value: Number(s), suppressed: false };
  const normalised = /^-?\d{1,3}(\.\d{3})+,\d+$/.test(s) ? s.replace(/\./g, '').replace(',', '.') : s.replace(',', '.');
  const v = Number(normalised);
  if (!Number.isFinite(v) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(normalised)) {
    throw new ZichtError(
      'PARSE_ERROR',
      `${at.file}: row ${at.row}, column '${at.column}': '${raw}' is not a number (expected digits, '.', 'x' or '-')`,
      { file: at.file, row: at.row, column: at.column },
    );
  }
  return { value: v, suppressed: false };
}

/** Fast path: digits with an optional sign, one decimal point and exponent (no comma, no hex). */
function isPlainNumber(s: string): boolean {
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (
      !(
        c === 46 ||
        ((c === 45 || c === 43) && (i === 0 || s[i - 1] === 'e' || s[i - 1] === 'E')) ||
        c === 101 ||
        c === 69
      )
    )
      return false;
  }
  return digits > 0 && Number.isFinite(Number(s));
}
