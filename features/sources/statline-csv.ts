import { ZichtError, sha256 } from '../../core/index.ts';
import { levelOf, normaliseCode, periodYear } from '../areas/codes.ts';
import type { AreaLevel } from '../types.ts';
import { cbsNumberAt, detectDelimiter, parseCbsNumber } from './csv.ts';
import { checkedHeader, fieldText, scanDelimited } from './csv-scan.ts';
import { type ContentHashOption, isTextMeasure, type MeasureInfo, type SourceTable } from './types.ts';
import { statedVintage } from './vintage.ts';

export interface StatlineOptions extends ContentHashOption {
  /** Period of every row when the export has no `Perioden` column (e.g. `2024JJ00`). */
  readonly period?: string;
  /** Boundary year of the codes; default: the year of the (first) period. */
  readonly vintage?: number;
  readonly tableId?: string;
  readonly synthetic?: boolean;
  /**
   * For an export without a code column: take codes from this table, matching
   * row by row (the region-name column must agree on every row).
   */
  readonly joinByRowOrder?: SourceTable;
}

/** Split `"Bevolking/Aantal inwoners (aantal)"` into key path, title and unit. */
function splitHeader(h: string): { key: string; title: string; unit: string } {
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(h);
  const path = (m ? m[1]! : h).trim();
  const unit = m ? m[2]!.trim() : '';
  const parts = path.split('/').map((p) => p.trim());
  return { key: parts.join('/'), title: parts[parts.length - 1]!, unit };
}

/**
 * Parse a CBS StatLine CSV export (`;`, BOM, quoted `/`-path headers with the
 * unit in parentheses, space-padded codes, `.` suppressed). Rows without an
 * area code (the national total) are skipped.
 */
export function parseStatlineCsv(text: string, file: string, opts: StatlineOptions = {}): SourceTable {
  const delimiter = detectDelimiter(text, file, ';');
  // fields located in place: only codes, names and periods become strings; numbers are read from the characters
  const scan = scanDelimited(text, file, delimiter);
  const header = checkedHeader(scan);
  const h = header.map(splitHeader);
  const codeCol = h.findIndex((x) => x.title === 'Codering' || x.key === 'WijkenEnBuurten' || x.key === "Regio's");
  const nameCol = h.findIndex(
    (x, j) =>
      j !== codeCol &&
      (x.key === 'Wijken en buurten' || x.key === "Regio's" || x.key === 'Regioaanduiding/Gemeentenaam'),
  );
  const periodCol = h.findIndex((x) => x.key === 'Perioden');
  if (codeCol < 0 && !opts.joinByRowOrder) {
    throw new ZichtError(
      'PARSE_ERROR',
      `${file}: no region-code column (expected a header like "Regioaanduiding/Codering (code)"); for an export without codes, join it by row order to the export that has them (--join-rows <file>)`,
      { file, column: 'Regioaanduiding/Codering (code)' },
    );
  }
  if (periodCol < 0 && !opts.period) {
    throw new ZichtError(
      'PARSE_ERROR',
      `${file}: no 'Perioden' column; give the period of the export (--period 2024JJ00)`,
      { file, column: 'Perioden' },
    );
  }
  const measureCols: number[] = [];
  const measures: MeasureInfo[] = [];
  h.forEach((x, j) => {
    if (j === codeCol || j === nameCol || j === periodCol || j === 0 || isTextMeasure(x.key, x.unit)) return;
    measureCols.push(j);
    measures.push({ key: x.key, title: x.title, unit: x.unit });
  });
  if (measures.length === 0) throw new ZichtError('PARSE_ERROR', `${file}: no numeric measure columns found`, { file });

  const codes: string[] = [];
  const rowNumbers: number[] = [];
  const names: (string | null)[] = [];
  const levels: AreaLevel[] = [];
  const periods: string[] = [];
  const keep: number[] = [];
  const join = opts.joinByRowOrder;
  const joinRows = new Map<number, number>();
  join?.rowNumbers.forEach((rn, k) => {
    joinRows.set(rn, k);
  });
  let joined = 0;
  for (let i = 0; i + 1 < scan.records; i++) {
    const first = scan.firstField[i + 1]!;
    const name = fieldText(scan, first).trim();
    let code: string | null;
    if (codeCol >= 0) {
      code = normaliseCode(fieldText(scan, first + codeCol));
    } else {
      // same rows, same order: row i here is row i there; rows without a code there (the national total) are skipped
      const k = joinRows.get(i + 1);
      if (k === undefined) {
        if (i + 1 > Math.max(0, ...join!.rowNumbers))
          throw new ZichtError(
            'DATA_CONFLICT',
            `${file}: row ${i + 1} has no counterpart in ${join!.meta.file}; the files do not match row by row`,
            { file, row: i + 1 },
          );
        continue;
      }
      const jn = join!.names[k];
      if (jn !== null && jn !== undefined && jn !== name)
        throw new ZichtError(
          'DATA_CONFLICT',
          `${file}: row ${i + 1}: region '${name}' does not match row ${i + 1} of ${join!.meta.file} ('${jn}'); the files are not in the same order`,
          { file, row: i + 1, column: header[0]! },
        );
      code = join!.codes[k]!;
      joined++;
    }
    if (code === null) continue;
    const level = levelOf(code);
    if (!level)
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: row ${i + 1}, column '${header[codeCol] ?? ''}': '${fieldText(scan, first + codeCol).trim()}' is not a CBS area code`,
        { file, row: i + 1, column: header[codeCol] ?? '' },
      );
    const period = periodCol >= 0 ? fieldText(scan, first + periodCol).trim() : opts.period!;
    periodYear(period);
    codes.push(code);
    rowNumbers.push(i + 1);
    names.push(name || null);
    levels.push(level);
    periods.push(period);
    keep.push(i);
  }
  if (join && codeCol < 0 && joined !== join.codes.length) {
    throw new ZichtError(
      'DATA_CONFLICT',
      `${file}: ${joined} area rows matched, but ${join.meta.file} has ${join.codes.length}; the files do not match row by row`,
      { file },
    );
  }
  const values = measures.map(() => new Float64Array(keep.length));
  const suppressed = measures.map(() => new Uint8Array(keep.length));
  keep.forEach((rowIdx, k) => {
    const first = scan.firstField[rowIdx + 1]!;
    for (let m = 0; m < measureCols.length; m++) {
      const j = measureCols[m]!;
      const v = cbsNumberAt(scan, first + j, rowIdx + 1, header[j]!);
      values[m]![k] = v;
      // only a cell without a number can be suppressed ('.', 'x')
      if (
        Number.isNaN(v) &&
        parseCbsNumber(fieldText(scan, first + j), { file, row: rowIdx + 1, column: header[j]! }).suppressed
      )
        suppressed[m]![k] = 1;
    }
  });
  const uniquePeriods = [...new Set(periods)].sort();
  return {
    meta: {
      kind: 'statline-csv',
      file,
      tableId: opts.tableId ?? null,
      title: null,
      periods: uniquePeriods,
      ...statedVintage(opts.vintage, null, periodYear(uniquePeriods[0] ?? opts.period ?? '0000JJ00')),
      contentHash: opts.contentHash ?? sha256(text),
      synthetic: opts.synthetic ?? false,
      licence: 'CC BY 4.0, Centraal Bureau voor de Statistiek',
    },
    codes,
    rowNumbers,
    names,
    levels,
    periods,
    measures,
    values,
    suppressed,
  };
}
