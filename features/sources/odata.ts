import { ZichtError, sha256 } from '../../core/index.ts';
import { levelOf, normaliseCode, periodYear } from '../areas/codes.ts';
import type { AreaLevel } from '../types.ts';
import { parseTableProperties, requireRegionKey } from './data-properties.ts';
import { isTextMeasure, type MeasureInfo, type SourceTable } from './types.ts';
import { statedVintage } from './vintage.ts';

export interface OdataOptions {
  /** Period of every record when records carry no `Perioden` (e.g. `2024JJ00`). */
  readonly period?: string;
  readonly tableId?: string;
  readonly vintage?: number;
  readonly synthetic?: boolean;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ZichtError('PARSE_ERROR', `${file}: not valid JSON (${(e as Error).message}) — truncated?`, { file });
  }
}

/**
 * Measure metadata from `DataProperties`: each Topic's key (`AantalInwoners_5`)
 * mapped to its title path (`Bevolking/Aantal inwoners`), and the boundary year.
 */
function _parseDataProperties(
  text: string,
  file: string,
): { measures: Map<string, MeasureInfo>; mapYear: number | null } {
  const props = parseTableProperties(text, file);
  const measures = new Map<string, MeasureInfo>();
  for (const [k, t] of props.topics) measures.set(k, { key: t.key, title: t.title, unit: t.unit });
  return { measures, mapYear: props.mapYear };
}

/** Keys every TypedDataSet record may carry besides its dimensions and Topics. */
const RECORD_KEYS = new Set(['ID']);

/** TypedDataSet records with their 1-based record numbers: a `value` list, a bare list, or an object keyed by code. */
function records(json: unknown, file: string, regionKey: string): [string, Record<string, unknown>, number][] {
  const list = Array.isArray(json)
    ? json
    : json !== null && typeof json === 'object' && Array.isArray((json as { value?: unknown }).value)
      ? (json as { value: unknown[] }).value
      : null;
  if (list === null) {
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new ZichtError('PARSE_ERROR', `${file}: expected an OData TypedDataSet ({"value": [...]})`, { file });
    return Object.entries(json).map(([code, r], i) => {
      if (r === null || typeof r !== 'object' || Array.isArray(r))
        throw new ZichtError('PARSE_ERROR', `${file}: record ${i + 1} ('${code}') is not an object`, {
          file,
          row: i + 1,
        });
      return [code, r as Record<string, unknown>, i + 1];
    });
  }
  return list.map((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r))
      throw new ZichtError('PARSE_ERROR', `${file}: record ${i + 1} is not an object`, { file, row: i + 1 });
    const rec = r as Record<string, unknown>;
    const code = rec[regionKey];
    if (typeof code !== 'string')
      throw new ZichtError('PARSE_ERROR', `${file}: record ${i + 1}: required field '${regionKey}' missing`, {
        file,
        row: i + 1,
        column: regionKey,
      });
    return [code, rec, i + 1];
  });
}

/**
 * Parse a CBS OData `TypedDataSet` (`{value: [{WijkenEnBuurten, Perioden?, Key_n: v}]}`
 * or an object keyed by area code) with its `DataProperties`: the region and
 * period keys and every measure are resolved through `DataProperties`, and a
 * measure is stored under its title path, never under its suffixed key.
 */
export function parseOdataTable(
  text: string,
  file: string,
  propertiesText: string,
  propertiesFile: string,
  opts: OdataOptions = {},
): SourceTable {
  const props = parseTableProperties(propertiesText, propertiesFile);
  const regionKey = requireRegionKey(props);
  const periodKey = props.periodKey;
  const list = records(parseJson(text, file), file, regionKey);
  const keys = new Set<string>();
  for (const [, r] of list) for (const k of Object.keys(r)) keys.add(k);
  const extra = props.dimensions.filter((d) => keys.has(d));
  if (extra.length)
    throw new ZichtError(
      'PARSE_ERROR',
      `${file}: records have the dimension${extra.length > 1 ? 's' : ''} ${extra.map((d) => `'${d}'`).join(', ')}` +
        ' besides region and period; fetch or export one value of it (police tables: --kind police-odata)',
      { file, column: extra[0]! },
    );
  const measureKeys = [...keys].filter((k) => !RECORD_KEYS.has(k) && k !== regionKey && k !== periodKey);
  for (const k of measureKeys) {
    if (!props.topics.has(k))
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: measure '${k}' has no Topic in ${propertiesFile}; its title (and so the measure) is unknown`,
        { file, column: k },
      );
  }
  const numeric = measureKeys
    .map((k) => props.topics.get(k)!)
    .filter((t) => t.numeric && !isTextMeasure(t.key, t.unit));
  const codes: string[] = [],
    rowNumbers: number[] = [],
    levels: AreaLevel[] = [],
    periods: string[] = [];
  const kept: Record<string, unknown>[] = [];
  for (const [raw, r, row] of list) {
    const code = normaliseCode(raw);
    if (code === null) continue;
    const level = levelOf(code);
    if (!level)
      throw new ZichtError('PARSE_ERROR', `${file}: record ${row}: '${raw.trim()}' is not a CBS area code`, {
        file,
        row,
        column: regionKey,
      });
    const p = periodKey === null ? undefined : r[periodKey];
    const period = typeof p === 'string' ? p.trim() : opts.period;
    if (!period)
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: records carry no '${periodKey ?? 'Perioden'}'; give the period (--period 2024JJ00)`,
        { file, column: periodKey ?? 'Perioden' },
      );
    periodYear(period);
    codes.push(code);
    rowNumbers.push(row);
    levels.push(level);
    periods.push(period);
    kept.push(r);
  }
  const values = numeric.map(() => new Float64Array(kept.length));
  const suppressed = numeric.map(() => new Uint8Array(kept.length));
  kept.forEach((r, i) => {
    numeric.forEach((t, m) => {
      const v = r[t.odataKey];
      if (v === null || v === undefined) {
        values[m]![i] = Number.NaN;
        suppressed[m]![i] = v === null ? 1 : 0;
        return;
      }
      if (typeof v !== 'number')
        throw new ZichtError(
          'PARSE_ERROR',
          `${file}: record ${rowNumbers[i]}, field '${t.odataKey}': ${JSON.stringify(v)} is not a number`,
          { file, row: rowNumbers[i]!, column: t.odataKey },
        );
      values[m]![i] = v;
    });
  });
  const uniquePeriods = [...new Set(periods)].sort();
  return {
    meta: {
      kind: 'odata-json',
      file,
      tableId: opts.tableId ?? null,
      title: null,
      periods: uniquePeriods,
      ...statedVintage(opts.vintage, props.mapYear, periodYear(uniquePeriods[0] ?? '0000JJ00')),
      contentHash: sha256(text + propertiesText),
      synthetic: opts.synthetic ?? false,
      licence: 'CC BY 4.0, Centraal Bureau voor de Statistiek',
    },
    codes,
    rowNumbers,
    names: codes.map(() => null),
    levels,
    periods,
    measures: numeric.map((t) => ({ key: t.key, title: t.title, unit: t.unit })),
    values,
    suppressed,
  };
}
