import { ZichtError, sha256 } from '../../core/index.ts';
import { levelOf, normaliseCode, periodYear } from '../areas/codes.ts';
import type { AreaLevel } from '../types.ts';
import { detectDelimiter, parseCbsNumber, parseDelimited } from './csv.ts';
import type { ContentHashOption, MeasureInfo, SourceTable } from './types.ts';
import { statedVintage } from './vintage.ts';

/** CBS urbanity classes (mate van stedelijkheid): 1 = extremely urbanised … 5 = not urbanised. */
const URBANITY_CLASSES: Readonly<Record<string, number>> = {
  'extremely urbanised': 1,
  'strongly urbanised': 2,
  'moderately urbanised': 3,
  'hardly urbanised': 4,
  'not urbanised': 5,
  'zeer sterk stedelijk': 1,
  'sterk stedelijk': 2,
  'matig stedelijk': 3,
  'weinig stedelijk': 4,
  'niet stedelijk': 5,
};

/** Units of the tidy KWB 2022 columns (tmap's NLD_dist / NLD_muni). */
const TIDY_UNITS: Readonly<Record<string, string>> = {
  area: 'km²',
  urbanity: 'klasse 1-5',
  population: 'aantal',
  pop_0_14: '%',
  pop_15_24: '%',
  pop_25_44: '%',
  pop_45_64: '%',
  pop_65plus: '%',
  dwelling_total: 'aantal',
  dwelling_value: 'x 1 000 euro',
  dwelling_ownership: '%',
  employment_rate: '%',
  income_low: '%',
  income_high: '%',
  edu_appl_sci: '%',
};

export interface TidyOptions extends ContentHashOption {
  readonly period?: string;
  readonly vintage?: number;
  readonly synthetic?: boolean;
}

/**
 * Parse the tidy KWB CSV (`code,name,province,area,urbanity,population,...`,
 * one row per area, comma-separated, empty = missing). Urbanity labels become
 * CBS classes 1–5.
 */
export function parseKwbTidyCsv(text: string, file: string, opts: TidyOptions = {}): SourceTable {
  const csv = parseDelimited(text, file, detectDelimiter(text, file, ','));
  const jc = csv.header.indexOf('code');
  if (jc < 0)
    throw new ZichtError(
      'PARSE_ERROR',
      `${file}: required column 'code' missing (found ${csv.header.map((h) => `'${h}'`).join(', ')})`,
      { file, column: 'code' },
    );
  const jn = csv.header.indexOf('name');
  const period = opts.period ?? '2022JJ00';
  periodYear(period);
  const cols = csv.header.map((h, j) => [h, j] as const).filter(([h, j]) => j !== jc && j !== jn && h !== 'province');
  const measures: MeasureInfo[] = cols.map(([h]) => ({ key: h, title: h, unit: TIDY_UNITS[h] ?? '' }));
  const n = csv.rows.length;
  const values = cols.map(() => new Float64Array(n));
  const suppressed = cols.map(() => new Uint8Array(n));
  const codes: string[] = [],
    names: (string | null)[] = [],
    levels: AreaLevel[] = [],
    rowNumbers: number[] = [];
  csv.rows.forEach((r, i) => {
    const code = normaliseCode(r[jc]!);
    const level = code === null ? null : levelOf(code);
    if (!code || !level)
      throw new ZichtError('PARSE_ERROR', `${file}: row ${i + 1}, column 'code': '${r[jc]}' is not a CBS area code`, {
        file,
        row: i + 1,
        column: 'code',
      });
    codes.push(code);
    names.push(jn >= 0 ? r[jn]! : null);
    levels.push(level);
    rowNumbers.push(i + 1);
    cols.forEach(([h, j], m) => {
      if (h === 'urbanity') {
        const s = r[j]!.trim().toLowerCase();
        const cls = s === '' ? Number.NaN : URBANITY_CLASSES[s];
        if (cls === undefined)
          throw new ZichtError(
            'PARSE_ERROR',
            `${file}: row ${i + 1}, column 'urbanity': unknown class '${r[j]}' (known: ${Object.keys(URBANITY_CLASSES).slice(0, 5).join(', ')})`,
            { file, row: i + 1, column: 'urbanity' },
          );
        values[m]![i] = cls;
        return;
      }
      const cell = parseCbsNumber(r[j]!, { file, row: i + 1, column: h });
      values[m]![i] = cell.value;
      suppressed[m]![i] = cell.suppressed ? 1 : 0;
    });
  });
  return {
    meta: {
      kind: 'kwb-tidy-csv',
      file,
      tableId: null,
      title: 'Kerncijfers wijken en buurten (tidy)',
      periods: [period],
      ...statedVintage(opts.vintage, null, periodYear(period)),
      contentHash: opts.contentHash ?? sha256(text),
      synthetic: opts.synthetic ?? false,
      licence: 'CC BY 4.0, Centraal Bureau voor de Statistiek',
    },
    codes,
    rowNumbers,
    names,
    levels,
    periods: codes.map(() => period),
    measures,
    values,
    suppressed,
  };
}

export interface LongCsvOptions extends ContentHashOption {
  readonly synthetic?: boolean;
  readonly vintage?: number;
}

/**
 * Parse a generic long CSV for municipal data: `area_code, period, variable,
 * value` (optional `unit`, `vintage`). One vintage per file.
 */
export function parseLongCsv(text: string, file: string, opts: LongCsvOptions = {}): SourceTable {
  const csv = parseDelimited(text, file, detectDelimiter(text, file));
  const need = ['area_code', 'period', 'variable', 'value'];
  const [ja, jp, jv, jx] = need.map((n) => {
    const j = csv.header.indexOf(n);
    if (j < 0)
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: required column '${n}' missing (found ${csv.header.map((h) => `'${h}'`).join(', ')})`,
        { file, column: n },
      );
    return j;
  }) as [number, number, number, number];
  const allowed = new Set([...need, 'unit', 'vintage']);
  const unknown = csv.header.filter((h) => !allowed.has(h));
  if (unknown.length)
    throw new ZichtError(
      'PARSE_ERROR',
      `${file}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} (allowed: ${[...allowed].join(', ')})`,
      { file, column: unknown[0]! },
    );
  const ju = csv.header.indexOf('unit'),
    jvin = csv.header.indexOf('vintage');
  const vintages = new Set<string>();
  const keyIdx = new Map<string, number>();
  const measureIdx = new Map<string, number>();
  const measures: MeasureInfo[] = [];
  const codes: string[] = [],
    periods: string[] = [],
    levels: AreaLevel[] = [],
    rowNumbers: number[] = [];
  const cells: [number, number, number, boolean, number][] = [];
  csv.rows.forEach((r, i) => {
    const row = i + 1;
    const code = normaliseCode(r[ja]!);
    const level = code === null ? null : levelOf(code);
    if (!code || !level)
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: row ${row}, column 'area_code': '${r[ja]}' is not a CBS area code`,
        { file, row, column: 'area_code' },
      );
    const period = r[jp]!.trim();
    try {
      periodYear(period);
    } catch {
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: row ${row}, column 'period': '${period}' is not a CBS period (e.g. 2023JJ00)`,
        { file, row, column: 'period' },
      );
    }
    if (jvin >= 0) vintages.add(r[jvin]!.trim());
    const variable = r[jv]!.trim();
    if (!variable)
      throw new ZichtError('PARSE_ERROR', `${file}: row ${row}, column 'variable' is empty`, {
        file,
        row,
        column: 'variable',
      });
    if (!measureIdx.has(variable)) {
      measureIdx.set(variable, measures.length);
      measures.push({ key: variable, title: variable, unit: ju >= 0 ? r[ju]!.trim() : '' });
    }
    const k = `${code}|${period}`;
    if (!keyIdx.has(k)) {
      keyIdx.set(k, codes.length);
      codes.push(code);
      periods.push(period);
      levels.push(level);
      rowNumbers.push(row);
    }
    const cell = parseCbsNumber(r[jx]!, { file, row, column: 'value' });
    cells.push([keyIdx.get(k)!, measureIdx.get(variable)!, cell.value, cell.suppressed, row]);
  });
  if (vintages.size > 1)
    throw new ZichtError(
      'DATA_CONFLICT',
      `${file}: column 'vintage' mixes boundary years ${[...vintages].sort().join(', ')}; split the file per vintage`,
      { file, column: 'vintage' },
    );
  const values = measures.map(() => new Float64Array(codes.length).fill(Number.NaN));
  const suppressed = measures.map(() => new Uint8Array(codes.length));
  const seen = measures.map(() => new Int32Array(codes.length));
  for (const [i, m, v, s, row] of cells) {
    if (seen[m]![i])
      throw new ZichtError(
        'DATA_CONFLICT',
        `${file}: row ${row} duplicates row ${seen[m]![i]}: area ${codes[i]}, period ${periods[i]}, variable '${measures[m]!.key}'`,
        { file, row },
      );
    seen[m]![i] = row;
    values[m]![i] = v;
    suppressed[m]![i] = s ? 1 : 0;
  }
  const uniquePeriods = [...new Set(periods)].sort();
  const stated = vintages.size === 1 ? [...vintages][0]! : null;
  if (stated !== null && !/^\d{4}$/.test(stated))
    throw new ZichtError('PARSE_ERROR', `${file}: column 'vintage': '${stated}' is not a year (e.g. 2024)`, {
      file,
      column: 'vintage',
    });
  return {
    meta: {
      kind: 'long-csv',
      file,
      tableId: null,
      title: null,
      periods: uniquePeriods,
      ...statedVintage(opts.vintage, stated === null ? null : Number(stated)),
      contentHash: opts.contentHash ?? sha256(text),
      synthetic: opts.synthetic ?? false,
      licence: 'as supplied by the municipality',
    },
    codes,
    rowNumbers,
    names: codes.map(() => null),
    levels,
    periods,
    measures,
    values,
    suppressed,
  };
}
