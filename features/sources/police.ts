import { ZichtError, sha256 } from '../../core/index.ts';
import { levelOf, normaliseCode, periodYear, yearPeriod } from '../areas/codes.ts';
import type { AreaLevel, LabelProvenance } from '../types.ts';
import { detectDelimiter, parseCbsNumber, parseDelimited, type CsvTable } from './csv.ts';
import {
  parseTableProperties,
  requirePeriodKey,
  requireRegionKey,
  topicByTitle,
  type TableProperties,
} from './data-properties.ts';
import type { ContentHashOption, SourceTable } from './types.ts';
import { statedVintage } from './vintage.ts';

/** 47018NED crime codes zicht names, with their provenance: found by enforcement or reported by residents. */
export const CRIME_CODES: Readonly<Record<string, { title: string; provenance: LabelProvenance }>> = {
  '0.0.0': { title: 'Totaal misdrijven', provenance: 'reported' },
  '1.1.1': { title: 'Diefstal/inbraak woning', provenance: 'reported' },
  '1.1.2': { title: 'Diefstal/inbraak box/garage/schuur', provenance: 'reported' },
  '1.2.3': { title: 'Diefstal van brom-, snor-, fietsen', provenance: 'reported' },
  '1.4.5': { title: 'Mishandeling', provenance: 'reported' },
  '1.4.6': { title: 'Straatroof', provenance: 'reported' },
  '1.6.1': { title: 'Brand/ontploffing', provenance: 'reported' },
  '2.1.1': { title: 'Drugs/drankoverlast', provenance: 'reported' },
  '2.2.1': { title: 'Vernieling cq. zaakbeschadiging', provenance: 'reported' },
  '2.4.1': { title: 'Burengerucht (relatieproblemen)', provenance: 'reported' },
  '2.4.2': { title: 'Huisvredebreuk', provenance: 'reported' },
  '3.1.1': { title: 'Drugshandel', provenance: 'discovered' },
  '3.1.3': { title: 'Wapenhandel', provenance: 'discovered' },
};

/**
 * Categories of the police's per-buurt open data (politie.nl "misdrijven per
 * buurt") mapped to 47018NED codes by their definitions in the SoortMisdrijf list.
 */
const POLICE_CATEGORY_CODES: Readonly<Record<string, string>> = {
  totaal: '0.0.0',
  woninginbraak: '1.1.1',
  'inbraak schuur of garage': '1.1.2',
  fietsendiefstal: '1.2.3',
  mishandeling: '1.4.5',
  straatroof: '1.4.6',
  'brand of ontploffing': '1.6.1',
  'drugs- en drankoverlast': '2.1.1',
  vernieling: '2.2.1',
  burengerucht: '2.4.1',
  huisvredebreuk: '2.4.2',
  drugshandel: '3.1.1',
};

export interface PoliceOptions extends ContentHashOption {
  /**
   * Boundary year of the codes (47018NED presents all years on its latest vintage). Default: the OData `MapYear`;
   * for CSV extracts, inferred from the area codes at ingest.
   */
  readonly vintage?: number;
  readonly synthetic?: boolean;
}

interface LongRow {
  code: string;
  period: string;
  measure: string;
  value: number;
  suppressed: boolean;
  row: number;
}

const ALIASES = {
  crime: ['SoortMisdrijf', 'Soort misdrijf'],
  area: ['WijkenEnBuurten', 'Wijken en buurten', 'RegioS', "Regio's"],
  period: ['Perioden'],
  count: ['GeregistreerdeMisdrijven', 'Geregistreerde misdrijven (aantal)', 'Geregistreerde misdrijven'],
} as const;

function column(csv: CsvTable, names: readonly string[], what: string): number {
  const j = csv.header.findIndex((h) => names.includes(h));
  if (j < 0) {
    const suffixed = csv.header.some((h) => /_\d+$/.test(h));
    throw new ZichtError(
      'PARSE_ERROR',
      `${csv.file}: required column ${what} missing (expected one of ${names.map((n) => `'${n}'`).join(', ')}; ` +
        `found ${csv.header.map((h) => `'${h}'`).join(', ')})` +
        (suffixed
          ? "; for suffixed OData keys give the table's metadata: --properties DataProperties_47018NED.json"
          : ''),
      { file: csv.file, column: names[0]! },
    );
  }
  return j;
}

/** Crime code from a `SoortMisdrijf` cell: `"3.1.1 "` or `"3.1.1 Drugshandel"`. */
function crimeCode(raw: string, at: { file: string; row: number }): string {
  const m = /^\s*(\d+(?:\.\d+){2})\b/.exec(raw);
  if (!m)
    throw new ZichtError(
      'PARSE_ERROR',
      `${at.file}: row ${at.row}, column 'SoortMisdrijf': '${raw}' is not a 47018NED crime code (expected e.g. '3.1.1 ')`,
      { file: at.file, row: at.row, column: 'SoortMisdrijf' },
    );
  return m[1]!;
}

/**
 * Parse a 47018NED extract as CSV: StatLine export titles or OData column
 * names; with the table's `DataProperties` (an OData export whose keys carry
 * a suffix, `GeregistreerdeMisdrijven_1`) the columns are found through it.
 */
export function parsePoliceCsv(
  text: string,
  file: string,
  opts: PoliceOptions = {},
  properties?: { readonly text: string; readonly file: string },
): SourceTable {
  const csv = parseDelimited(text, file, detectDelimiter(text, file));
  const props = properties ? parseTableProperties(properties.text, properties.file) : null;
  const names = props
    ? {
        crime: [crimeDimension(props)],
        area: [requireRegionKey(props)],
        period: [requirePeriodKey(props)],
        count: [topicByTitle(props, POLICE_MEASURE_TITLE).odataKey],
      }
    : ALIASES;
  const [jc, ja, jp, jn] = [
    column(csv, names.crime, "'SoortMisdrijf'"),
    column(csv, names.area, "'WijkenEnBuurten'"),
    column(csv, names.period, "'Perioden'"),
    column(csv, names.count, "'GeregistreerdeMisdrijven'"),
  ];
  const rows: LongRow[] = [];
  csv.rows.forEach((r, i) => {
    const at = { file, row: i + 1 };
    const code = normaliseCode(r[ja]!);
    if (code === null) return;
    const cell = parseCbsNumber(r[jn]!, { ...at, column: csv.header[jn]! });
    rows.push({
      code,
      period: r[jp]!.trim(),
      measure: crimeCode(r[jc]!, at),
      value: cell.value,
      suppressed: cell.suppressed,
      row: i + 1,
    });
  });
  return widen(rows, file, 'police-csv', text + (properties?.text ?? ''), opts, undefined, props?.mapYear ?? null);
}

/** The crime-type dimension: the one plain Dimension of 47018NED besides region and period. */
function crimeDimension(props: TableProperties): string {
  if (props.dimensions.length !== 1)
    throw new ZichtError(
      'PARSE_ERROR',
      `${props.file}: expected one crime-type dimension (SoortMisdrijf) besides region and period, found ` +
        `${props.dimensions.length ? props.dimensions.map((d) => `'${d}'`).join(', ') : 'none'}`,
      { file: props.file },
    );
  return props.dimensions[0]!;
}

/** Title of the 47018NED measure in `DataProperties` (its key has a position suffix: `GeregistreerdeMisdrijven_1`). */
export const POLICE_MEASURE_TITLE = 'Geregistreerde misdrijven';

/**
 * Parse a 47018NED OData `TypedDataSet` JSON (`{value: [...]}` or a bare array)
 * with its `DataProperties`: the region, period and crime-type dimensions and
 * the measure (the Topic titled "Geregistreerde misdrijven") are resolved
 * through `DataProperties`, never by a hard-coded key. The boundary year is the
 * region dimension's `MapYear` unless given.
 */
export function parsePoliceOdata(
  text: string,
  file: string,
  propertiesText: string,
  propertiesFile: string,
  opts: PoliceOptions = {},
): SourceTable {
  const props = parseTableProperties(propertiesText, propertiesFile);
  const regionKey = requireRegionKey(props);
  const periodKey = requirePeriodKey(props);
  const measure = topicByTitle(props, POLICE_MEASURE_TITLE).odataKey;
  const crimeKey = crimeDimension(props);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ZichtError('PARSE_ERROR', `${file}: not valid JSON (${(e as Error).message}) — truncated?`, { file });
  }
  const list = Array.isArray(json) ? json : (json as { value?: unknown } | null)?.value;
  if (!Array.isArray(list))
    throw new ZichtError('PARSE_ERROR', `${file}: expected an OData TypedDataSet ({"value": [...]})`, { file });
  const rows: LongRow[] = [];
  list.forEach((o: unknown, i) => {
    const at = { file, row: i + 1 };
    if (o === null || typeof o !== 'object')
      throw new ZichtError('PARSE_ERROR', `${file}: record ${i + 1} is not an object`, { file, row: i + 1 });
    const rec = o as Record<string, unknown>;
    for (const k of [crimeKey, regionKey, periodKey, measure]) {
      if (!(k in rec))
        throw new ZichtError('PARSE_ERROR', `${file}: record ${i + 1}: required field '${k}' missing`, {
          file,
          row: i + 1,
          column: k,
        });
    }
    const code = normaliseCode(String(rec[regionKey]));
    if (code === null) return;
    const v = rec[measure];
    if (v !== null && typeof v !== 'number')
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: record ${i + 1}, field '${measure}': ${JSON.stringify(v)} is not a number`,
        { file, row: i + 1, column: measure },
      );
    rows.push({
      code,
      period: String(rec[periodKey]).trim(),
      measure: crimeCode(String(rec[crimeKey]), at),
      value: v ?? Number.NaN,
      suppressed: v === null,
      row: i + 1,
    });
  });
  return widen(rows, file, 'police-odata', text + propertiesText, opts, undefined, props.mapYear);
}

/**
 * Parse the police's per-buurt open-data CSV (`buurt_code, buurt_naam, wijk_code,
 * jaar, categorie, aantal`), mapping categories to 47018NED codes.
 */
export function parsePoliceBuurtCsv(text: string, file: string, opts: PoliceOptions = {}): SourceTable {
  const csv = parseDelimited(text, file, detectDelimiter(text, file, ','));
  const need = ['buurt_code', 'jaar', 'categorie', 'aantal'];
  const idx = need.map((n) => {
    const j = csv.header.indexOf(n);
    if (j < 0)
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: required column '${n}' missing (found ${csv.header.map((h) => `'${h}'`).join(', ')})`,
        { file, column: n },
      );
    return j;
  });
  const [jb, jy, jc, jn] = idx as [number, number, number, number];
  const jname = csv.header.indexOf('buurt_naam');
  const names = new Map<string, string>();
  const rows: LongRow[] = [];
  csv.rows.forEach((r, i) => {
    const cat = r[jc]!.trim().toLowerCase();
    const measure = POLICE_CATEGORY_CODES[cat];
    if (!measure)
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: row ${i + 1}, column 'categorie': unknown category '${r[jc]}' (known: ${Object.keys(POLICE_CATEGORY_CODES).join(', ')})`,
        { file, row: i + 1, column: 'categorie' },
      );
    const year = Number(r[jy]);
    if (!Number.isInteger(year))
      throw new ZichtError('PARSE_ERROR', `${file}: row ${i + 1}, column 'jaar': '${r[jy]}' is not a year`, {
        file,
        row: i + 1,
        column: 'jaar',
      });
    const code = normaliseCode(r[jb]!);
    if (code === null)
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: row ${i + 1}, column 'buurt_code': '${r[jb]}' is not a buurt code`,
        { file, row: i + 1, column: 'buurt_code' },
      );
    if (jname >= 0) names.set(code, r[jname]!.trim());
    const cell = parseCbsNumber(r[jn]!, { file, row: i + 1, column: 'aantal' });
    rows.push({ code, period: yearPeriod(year), measure, value: cell.value, suppressed: cell.suppressed, row: i + 1 });
  });
  return widen(rows, file, 'police-buurt-csv', text, opts, names);
}

/** Long (area, period, crime code, count) rows → the wide SourceTable; duplicates are an error. */
function widen(
  rows: LongRow[],
  file: string,
  kind: 'police-csv' | 'police-odata' | 'police-buurt-csv',
  text: string,
  opts: PoliceOptions,
  names?: Map<string, string>,
  fileVintage: number | null = null,
): SourceTable {
  if (rows.length === 0) throw new ZichtError('PARSE_ERROR', `${file}: no area rows`, { file });
  const measureKeys = [...new Set(rows.map((r) => r.measure))].sort();
  const mIdx = new Map(measureKeys.map((m, i) => [m, i]));
  const keyIdx = new Map<string, number>();
  const codes: string[] = [],
    periods: string[] = [],
    levels: AreaLevel[] = [],
    rowNumbers: number[] = [];
  for (const r of rows) {
    const k = `${r.code}|${r.period}`;
    if (!keyIdx.has(k)) {
      const level = levelOf(r.code);
      if (!level)
        throw new ZichtError('PARSE_ERROR', `${file}: row ${r.row}: '${r.code}' is not a CBS area code`, {
          file,
          row: r.row,
        });
      periodYear(r.period);
      keyIdx.set(k, codes.length);
      codes.push(r.code);
      periods.push(r.period);
      levels.push(level);
      rowNumbers.push(r.row);
    }
  }
  const values = measureKeys.map(() => new Float64Array(codes.length).fill(Number.NaN));
  const suppressed = measureKeys.map(() => new Uint8Array(codes.length));
  const seen = measureKeys.map(() => new Int32Array(codes.length).fill(-1));
  for (const r of rows) {
    const i = keyIdx.get(`${r.code}|${r.period}`)!;
    const m = mIdx.get(r.measure)!;
    if (seen[m]![i] !== -1) {
      throw new ZichtError(
        'DATA_CONFLICT',
        `${file}: row ${r.row} duplicates row ${seen[m]![i]}: area ${r.code}, period ${r.period}, crime code ${r.measure}`,
        { file, row: r.row },
      );
    }
    seen[m]![i] = r.row;
    values[m]![i] = r.value;
    suppressed[m]![i] = r.suppressed ? 1 : 0;
  }
  const uniquePeriods = [...new Set(periods)].sort();
  return {
    meta: {
      kind,
      file,
      tableId: kind === 'police-buurt-csv' ? null : '47018NED',
      title: 'Geregistreerde misdrijven',
      periods: uniquePeriods,
      ...statedVintage(opts.vintage, fileVintage),
      contentHash: opts.contentHash ?? sha256(text),
      synthetic: opts.synthetic ?? false,
      licence: 'CC BY 4.0, Politie / Centraal Bureau voor de Statistiek',
    },
    codes,
    rowNumbers,
    names: codes.map((c) => names?.get(c) ?? null),
    levels,
    periods,
    measures: measureKeys.map((k) => ({ key: k, title: CRIME_CODES[k]?.title ?? k, unit: 'aantal' })),
    values,
    suppressed,
  };
}
