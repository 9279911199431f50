import { ZichtError, sha256 } from '../../core/index.ts';
import { levelOf, normaliseCode } from '../areas/codes.ts';
import type { AreaLevel } from '../types.ts';
import { detectDelimiter, parseDelimited } from './csv.ts';
import type { CodeList, ContentHashOption } from './types.ts';
import { statedVintage } from './vintage.ts';

/** Options of `parseCodeList`. */
export interface CodeListOptions extends ContentHashOption {
  /** Boundary year of the codes; default: the year in the code column's header (`Buurt2025`). */
  readonly vintage?: number;
  readonly synthetic?: boolean;
}

/** Header of the code column: CBS code-list files (`Buurt2025`, `Gemeente2025`) or an OData list (`Key`). */
const CODE_HEADER = /^(buurt|wijk|gemeente|gem|regio|code|key)\s*(\d{4})?$/i;
const NAME_HEADER = /^(buurtnaam|wijknaam|gemeentenaam|naam|name|title|regionaam)\s*(\d{4})?$/i;

/** Whether a file's first line looks like a code list (used to detect the kind). */
export function looksLikeCodeList(firstLine: string): boolean {
  const cells = firstLine.split(/[;,\t]/).map((c) => c.replace(/"/g, '').trim());
  return cells.length >= 2 && CODE_HEADER.test(cells[0]!) && NAME_HEADER.test(cells[1]!);
}

/**
 * Parse a CBS region code list: `;`-separated (or `,`), a code column and a
 * name column — the CBS files `buurt_2025_codes.csv` (`Buurt2025;buurtnaam2025`,
 * codes without prefix: `00140000` = `BU00140000`) and the region list of an
 * OData table (`Key, Title`, padded codes). It registers the areas of one
 * boundary year; the year comes from `--vintage` or the code column's header.
 */
export function parseCodeList(text: string, file: string, opts: CodeListOptions = {}): CodeList {
  const csv = parseDelimited(text, file, detectDelimiter(text, file));
  const jc = csv.header.findIndex((h) => CODE_HEADER.test(h));
  const jn = csv.header.findIndex((h) => NAME_HEADER.test(h));
  if (jc < 0)
    throw new ZichtError(
      'PARSE_ERROR',
      `${file}: no code column (expected a header such as 'Buurt2025', 'Wijk2025', 'Gemeente2025' or 'Key'; ` +
        `found ${csv.header.map((h) => `'${h}'`).join(', ')})`,
      { file, column: 'code' },
    );
  const year = CODE_HEADER.exec(csv.header[jc]!)?.[2];
  const codes: string[] = [],
    names: (string | null)[] = [],
    levels: AreaLevel[] = [],
    rowNumbers: number[] = [];
  const seen = new Map<string, number>();
  csv.rows.forEach((r, i) => {
    const row = i + 1;
    const raw = r[jc]!;
    const code = normaliseCode(raw);
    if (code === null) return;
    const level = levelOf(code);
    if (!level)
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: row ${row}, column '${csv.header[jc]}': '${raw.trim()}' is not a CBS area code ` +
          '(expected e.g. 0014, 001400, 00140000 or GM0014, WK001400, BU00140000)',
        { file, row, column: csv.header[jc]! },
      );
    const prev = seen.get(code);
    if (prev !== undefined)
      throw new ZichtError('DATA_CONFLICT', `${file}: row ${row} duplicates row ${prev}: area ${code}`, { file, row });
    seen.set(code, row);
    const name = jn >= 0 ? r[jn]!.trim() : '';
    codes.push(code);
    names.push(name === '' ? null : name);
    levels.push(level);
    rowNumbers.push(row);
  });
  if (codes.length === 0) throw new ZichtError('PARSE_ERROR', `${file}: no area codes`, { file });
  return {
    meta: {
      kind: 'code-list',
      file,
      tableId: null,
      title: null,
      periods: [],
      ...statedVintage(opts.vintage, year === undefined ? null : Number(year)),
      contentHash: opts.contentHash ?? sha256(text),
      synthetic: opts.synthetic ?? false,
      licence: 'CC BY 4.0, Centraal Bureau voor de Statistiek',
    },
    codes,
    names,
    levels,
    rowNumbers,
  };
}
