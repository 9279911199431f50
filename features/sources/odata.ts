import { ZichtError, sha256 } from '../../core/index.ts';
import { levelOf, normaliseCode, periodYear } from '../areas/codes.ts';
import type { AreaLevel } from '../types.ts';
import { isTextMeasure, type MeasureInfo, type SourceTable } from './types.ts';

interface DataProperty {
  ID: number;
  ParentID: number | null;
  Type: string;
  Key: string;
  Title: string;
  Unit?: string | null;
  MapYear?: number;
}

export interface OdataOptions {
  /** Period of every record when records carry no `Perioden` (e.g. `2024JJ00`). */
  readonly period?: string;
  readonly tableId?: string;
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
 * mapped to the path of its topic-group titles plus its title
 * (`Bevolking/Aantal inwoners`) — the same key a StatLine CSV header gives, so
 * a measure is matched by title, never by its position suffix.
 */
export function parseDataProperties(
  text: string,
  file: string,
): { measures: Map<string, MeasureInfo>; mapYear: number | null } {
  const json = parseJson(text, file);
  const list = Array.isArray(json) ? json : (json as { value?: unknown }).value;
  if (!Array.isArray(list)) throw new ZichtError('PARSE_ERROR', `${file}: expected a DataProperties array`, { file });
  const props = list as DataProperty[];
  const byId = new Map(props.map((p) => [p.ID, p]));
  const measures = new Map<string, MeasureInfo>();
  let mapYear: number | null = null;
  for (const p of props) {
    if (p.Type === 'GeoDetail' && typeof p.MapYear === 'number') mapYear = p.MapYear;
    if (p.Type !== 'Topic') continue;
    const path = [p.Title.trim()];
    for (let parent = p.ParentID; parent !== null && parent !== undefined; ) {
      const g = byId.get(parent);
      if (!g) break;
      path.unshift(g.Title.trim());
      parent = g.ParentID;
    }
    measures.set(p.Key, { key: path.join('/'), title: p.Title.trim(), unit: (p.Unit ?? '').trim() });
  }
  return { measures, mapYear };
}

/**
 * Parse a CBS OData `TypedDataSet` (`{value: [{WijkenEnBuurten, Perioden?, Key_n: v}]}`
 * or an object keyed by area code) with its `DataProperties`.
 */
export function parseOdataTable(
  text: string,
  file: string,
  propertiesText: string,
  propertiesFile: string,
  opts: OdataOptions = {},
): SourceTable {
  const { measures: props, mapYear } = parseDataProperties(propertiesText, propertiesFile);
  const json = parseJson(text, file);
  let records: [string, Record<string, unknown>][];
  if (Array.isArray(json) || Array.isArray((json as { value?: unknown }).value)) {
    const list = (Array.isArray(json) ? json : (json as { value: unknown[] }).value) as Record<string, unknown>[];
    records = list.map((r, i) => {
      const code = r['WijkenEnBuurten'] ?? r['RegioS'];
      if (typeof code !== 'string')
        throw new ZichtError('PARSE_ERROR', `${file}: record ${i + 1}: required field 'WijkenEnBuurten' missing`, {
          file,
          row: i + 1,
          column: 'WijkenEnBuurten',
        });
      return [code, r];
    });
  } else if (json !== null && typeof json === 'object') {
    records = Object.entries(json as Record<string, Record<string, unknown>>);
  } else {
    throw new ZichtError('PARSE_ERROR', `${file}: expected an OData TypedDataSet`, { file });
  }
  const keys = new Set<string>();
  for (const [, r] of records) for (const k of Object.keys(r)) keys.add(k);
  const measureKeys = [...keys].filter((k) => !['ID', 'WijkenEnBuurten', 'RegioS', 'Perioden'].includes(k));
  for (const k of measureKeys) {
    if (!props.has(k))
      throw new ZichtError('PARSE_ERROR', `${file}: measure '${k}' is not described in ${propertiesFile}`, {
        file,
        column: k,
      });
  }
  const numeric = measureKeys.filter((k) => !isTextMeasure(props.get(k)!.key, props.get(k)!.unit));
  const codes: string[] = [],
    rowNumbers: number[] = [],
    levels: AreaLevel[] = [],
    periods: string[] = [];
  const kept: Record<string, unknown>[] = [];
  records.forEach(([raw, r], i) => {
    const code = normaliseCode(raw);
    if (code === null) return;
    const level = levelOf(code);
    if (!level)
      throw new ZichtError('PARSE_ERROR', `${file}: record ${i + 1}: '${raw.trim()}' is not a CBS area code`, {
        file,
        row: i + 1,
        column: 'WijkenEnBuurten',
      });
    const period = typeof r['Perioden'] === 'string' ? r['Perioden'].trim() : opts.period;
    if (!period)
      throw new ZichtError('PARSE_ERROR', `${file}: records carry no 'Perioden'; give the period (--period 2024JJ00)`, {
        file,
        column: 'Perioden',
      });
    periodYear(period);
    codes.push(code);
    rowNumbers.push(i + 1);
    levels.push(level);
    periods.push(period);
    kept.push(r);
  });
  const values = numeric.map(() => new Float64Array(kept.length));
  const suppressed = numeric.map(() => new Uint8Array(kept.length));
  kept.forEach((r, i) => {
    numeric.forEach((k, m) => {
      const v = r[k];
      if (v === null || v === undefined) {
        values[m]![i] = Number.NaN;
        suppressed[m]![i] = v === null ? 1 : 0;
        return;
      }
      if (typeof v !== 'number')
        throw new ZichtError(
          'PARSE_ERROR',
          `${file}: record ${rowNumbers[i]}, field '${k}': ${JSON.stringify(v)} is not a number`,
          { file, row: rowNumbers[i]!, column: k },
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
      vintage: mapYear ?? periodYear(uniquePeriods[0] ?? '0000JJ00'),
      contentHash: sha256(text + propertiesText),
      synthetic: opts.synthetic ?? false,
      licence: 'CC BY 4.0, Centraal Bureau voor de Statistiek',
    },
    codes,
    rowNumbers,
    names: codes.map(() => null),
    levels,
    periods,
    measures: numeric.map((k) => props.get(k)!),
    values,
    suppressed,
  };
}
