import { ZichtError } from '../../core/index.ts';

const QUOTE = 34,
  CR = 13,
  LF = 10;

/**
 * The fields of delimited text located in place: one pass over the character codes records where
 * every field starts and ends, without making a string per field. A field is read as text only when
 * asked for (`field`), and a numeric cell can be read straight from the characters (`cbsNumberAt`
 * in `csv.ts`). Records include the header (record 0).
 */
export interface CsvScan {
  readonly file: string;
  /** The text without its byte-order mark. */
  readonly text: string;
  readonly records: number;
  /** Index of the first field of each record; the record's fields run to the next record's first. */
  readonly firstField: Int32Array;
  /** Per field: start and end of its content in `text` (between the quotes of a quoted field). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Content of the fields that are not one slice of the text (doubled quotes, text after a closing quote). */
  readonly decoded: ReadonlyMap<number, string>;
  /** 1-based line on which each record starts. */
  readonly lines: Int32Array;
}

/** Number of fields of record `r`. */
function fieldCount(scan: CsvScan, r: number): number {
  return scan.firstField[r + 1]! - scan.firstField[r]!;
}

/** The content of field `k` (a flat field index). */
export function fieldText(scan: CsvScan, k: number): string {
  return scan.decoded.get(k) ?? scan.text.slice(scan.starts[k]!, scan.ends[k]!);
}

class Growable {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Locate the records and fields of RFC-4180-style text: quoted fields with doubled quotes, newlines
 * inside quotes, CRLF, LF or CR line ends, an optional UTF-8 BOM; blank lines are skipped. A quote
 * opens a quoted field only as a field's first character; elsewhere it is an ordinary character.
 * An unclosed quote is a `PARSE_ERROR` naming the file, row and line.
 */
export function scanDelimited(input: string, file: string, delimiter: string): CsvScan {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  const starts = new Growable(n >> 2),
    ends = new Growable(n >> 2),
    firstField = new Growable(n >> 8),
    lines = new Growable(n >> 8);
  const decoded = new Map<number, string>();
  let line = 1;
  let i = 0;
  // one record per iteration of the outer loop, one field per iteration of the inner loop
  while (i < n) {
    const recordLine = line;
    const first = starts.length;
    let atEnd = false;
    let emptyRecord = true;
    for (;;) {
      let start = i,
        end = i,
        escaped = false;
      if (i < n && text.charCodeAt(i) === QUOTE) {
        const quoteLine = line;
        start = ++i;
        for (;;) {
          if (i >= n)
            throw new ZichtError(
              'PARSE_ERROR',
              `${file}: row ${firstField.length}, line ${quoteLine}: a quoted field is never closed — the file looks truncated`,
              { file, row: firstField.length, line: quoteLine },
            );
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              escaped = true;
              i += 2;
              continue;
            }
            break;
          }
          if (c === LF) line++;
          i++;
        }
        end = i++;
      }
      // unquoted text, or what follows a closing quote (kept as it is, quotes included)
      const tail = i;
      let c = 0;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i++;
      }
      const k = starts.length;
      if (start === tail) {
        // unquoted field
        starts.push(tail);
        ends.push(i);
      } else {
        starts.push(start);
        ends.push(end);
        if (escaped || i > tail) {
          const inner = text.slice(start, end);
          decoded.set(k, (escaped ? inner.replaceAll('""', '"') : inner) + text.slice(tail, i));
        }
      }
      if (emptyRecord && (i > tail || end > start || starts.length - first > 1)) emptyRecord = false;
      if (i >= n) {
        atEnd = true;
        break;
      }
      if (c === delim) {
        emptyRecord = false;
        i++;
        continue;
      }
      // a line end: CRLF, LF or a lone CR
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (emptyRecord) {
      // a blank line (or a lone empty quoted field): no record
      starts.length = first;
      ends.length = first;
      for (const k of [...decoded.keys()]) if (k >= first) decoded.delete(k);
    } else {
      firstField.push(first);
      lines.push(recordLine);
    }
    if (atEnd) break;
  }
  firstField.push(starts.length);
  return {
    file,
    text,
    records: lines.length,
    firstField: firstField.done(),
    starts: starts.done(),
    ends: ends.done(),
    decoded,
    lines: lines.done(),
  };
}

/**
 * The header and the field-count check of a scan: the trimmed header (no duplicates), and every
 * record must have as many fields as the header. Errors name the file, row, line and column.
 */
export function checkedHeader(scan: CsvScan): string[] {
  const { file } = scan;
  if (scan.records === 0 || (fieldCount(scan, 0) === 1 && fieldText(scan, 0) === ''))
    throw new ZichtError('PARSE_ERROR', `${file}: the file is empty (no header row)`, { file, row: 0 });
  const header = Array.from({ length: fieldCount(scan, 0) }, (_, j) => fieldText(scan, j).trim());
  const seen = new Map<string, number>();
  header.forEach((h, j) => {
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
  for (let r = 1; r < scan.records; r++) {
    const got = fieldCount(scan, r);
    if (got !== header.length) {
      const i = r - 1;
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: row ${i + 1} (line ${scan.lines[r]}) has ${got} field${got === 1 ? '' : 's'}, the header has ${header.length}` +
          (got < header.length && r === scan.records - 1 ? ' — the file looks truncated' : ''),
        { file, row: i + 1, line: scan.lines[r]! },
      );
    }
  }
  return header;
}
