import { ZichtError } from '../../core/index.ts';
import { type CsvScan, checkedHeader, fieldText, scanDelimited } from './csv-scan.ts';

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
  const scan = scanDelimited(text, file, delimiter);
  const header = checkedHeader(scan);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 1; r < scan.records; r++) {
    const first = scan.firstField[r]!;
    rows.push(Array.from({ length: header.length }, (_, j) => fieldText(scan, first + j)));
    lines.push(scan.lines[r]!);
  }
  return { file, header, rows, lines };
}

/** The first line of a text (no BOM, no line end), without splitting the rest. */
function firstLineOf(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(start, end);
}

/**
 * Guess the delimiter from the header line (`;` for StatLine exports, `,` for
 * tidy CSVs). A header that splits on neither is a clear error.
 */
export function detectDelimiter(text: string, file: string, expected?: string): string {
  const firstLine = firstLineOf(text);
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

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The number in field `k` of a scan, read from the characters when the cell is a plain decimal
 * (optional minus, digits, one point, at most 15 digits): the integer of its digits divided by a
 * power of ten is then exact up to one rounding, so it equals `Number(cell)` bit for bit (Clinger's
 * fast path). Every other cell goes through `parseCbsNumber`. NaN for a missing or suppressed cell;
 * `row` and `column` name the cell in an error.
 */
export function cbsNumberAt(scan: CsvScan, k: number, row: number, column: string): number {
  if (scan.decoded.size === 0 || !scan.decoded.has(k)) {
    const v = plainDecimal(scan.text, scan.starts[k]!, scan.ends[k]!);
    if (!Number.isNaN(v)) return v;
  }
  return parseCbsNumber(fieldText(scan, k), { file: scan.file, row, column }).value;
}

function plainDecimal(text: string, from: number, to: number): number {
  let i = from;
  const neg = i < to && text.charCodeAt(i) === 45;
  if (neg) i++;
  let m = 0,
    digits = 0,
    frac = 0,
    dot = false;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const v = frac === 0 ? m : m / POW10[frac]!;
  return neg ? -v : v;
}
