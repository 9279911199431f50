import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ZichtError } from '../../core/index.ts';
import { gemeenteOf, levelOf, normaliseCode } from '../areas/codes.ts';
import {
  parseSourceFile,
  parseTableProperties,
  POLICE_MEASURE_TITLE,
  type ParsedSource,
  type TableProperties,
} from '../sources/index.ts';
import type { FeatureStore, IngestResult } from '../store/index.ts';
import type { AreaLevel } from '../types.ts';
import { FetchCache, type CacheEntry, type CacheFile } from './cache.ts';
import { allOf, crimeFilter, municipalityFilter, periodsFilter, resolveSelect } from './filters.ts';
import { readableUrl, type HttpOptions } from './http.ts';
import { collectionUrl, fetchCollection, odataEndpoint } from './odata-client.ts';

/** What to fetch from a CBS OData table. */
export interface TableRequest {
  /** OData service root (`https://opendata.cbs.nl/ODataApi/odata`); data come from its ODataFeed twin. */
  readonly baseUrl: string;
  readonly table: string;
  /** One municipality and its areas down to `level`. */
  readonly municipality?: string;
  readonly level?: AreaLevel;
  /** 47018NED crime codes (`3.1.1`) to keep. */
  readonly crimes?: readonly string[];
  readonly periods?: readonly string[];
  /** A raw `$filter`, combined with the above by `and`. */
  readonly filter?: string;
  /** Measures: OData keys or title paths, resolved through DataProperties. */
  readonly select?: readonly string[];
  /** Parser; default: `police-odata` for a table with a "Geregistreerde misdrijven" measure, else `odata-json`. */
  readonly kind?: 'odata-json' | 'police-odata';
}

/** How a fetch runs. */
export interface FetchRun {
  readonly home: string;
  readonly http: HttpOptions;
  /** Download even when the cache has the answer. */
  readonly refresh?: boolean;
  /** Where to ingest; null only downloads (and checks that the files parse). */
  readonly store: FeatureStore | null;
  readonly log?: (line: string) => void;
}

/** What a fetch did. */
export interface FetchResult {
  readonly table: string;
  readonly key: string;
  readonly fromCache: boolean;
  readonly url: string;
  readonly pages: number;
  readonly rows: number;
  readonly files: readonly string[];
  readonly ingested: readonly IngestResult[];
}

const tableInfoSchema = z.looseObject({ Identifier: z.string(), Title: z.string(), Period: z.string().optional() });

/** The period of a single-year table (KWB: `Period: "2024"` → `2024JJ00`). */
function singlePeriod(info: z.infer<typeof tableInfoSchema>): string | undefined {
  const p = info.Period?.trim();
  return p && /^\d{4}$/.test(p) ? `${p}JJ00` : undefined;
}

const json = (rows: readonly unknown[], metadata?: string): string =>
  `${JSON.stringify({ ...(metadata ? { 'odata.metadata': metadata } : {}), value: rows })}\n`;

/** The region code list as a code-list file: `Regio<MapYear>;Naam`, one area a line (the national row left out). */
function regionCodeList(rows: readonly Record<string, unknown>[], mapYear: number | null, url: string): string {
  const lines = rows.flatMap((r, i) => {
    const key = r['Key'];
    const title = r['Title'];
    if (typeof key !== 'string' || typeof title !== 'string')
      throw new ZichtError('PARSE_ERROR', `GET ${readableUrl(url)}: code ${i + 1} has no Key and Title`, {
        url,
        row: i + 1,
      });
    const code = normaliseCode(key);
    if (code === null || !levelOf(code)) return [];
    return [`${code};${title.replace(/[;\r\n]/g, ' ').trim()}`];
  });
  return `${[`Regio${mapYear ?? ''};Naam`, ...lines].join('\n')}\n`;
}

function kindOf(props: TableProperties): 'odata-json' | 'police-odata' {
  const police = [...props.topics.values()].some((t) => t.title.toLowerCase() === POLICE_MEASURE_TITLE.toLowerCase());
  return police && props.dimensions.length === 1 ? 'police-odata' : 'odata-json';
}

/** The `$filter` of a request, now that DataProperties names the table's dimensions. */
function filterFor(req: TableRequest, props: TableProperties): string | undefined {
  const region = props.regionKey;
  if ((req.municipality || req.crimes?.length || req.periods?.length) && region === null)
    throw new ZichtError('BAD_ARGUMENT', `${req.table} has no region dimension to filter on`, { table: req.table });
  if (req.crimes?.length && props.dimensions.length !== 1)
    throw new ZichtError('BAD_ARGUMENT', `--crime: ${req.table} has no single crime-type dimension`, {
      table: req.table,
    });
  if (req.periods?.length && props.periodKey === null)
    throw new ZichtError('BAD_ARGUMENT', `--periods: ${req.table} has no period dimension`, { table: req.table });
  return allOf(
    req.municipality ? municipalityFilter(region!, req.municipality, req.level) : undefined,
    req.crimes?.length ? crimeFilter(props.dimensions[0]!, req.crimes) : undefined,
    req.periods?.length ? periodsFilter(props.periodKey!, req.periods) : undefined,
    req.filter,
  );
}

/** Download everything of a request into memory: nothing is written until every page arrived whole. */
async function download(req: TableRequest, run: FetchRun, key: string, cache: FetchCache) {
  const ep = odataEndpoint(req.baseUrl);
  const say = run.log ?? (() => {});
  const get = (root: string, collection: string, q: { filter?: string; select?: readonly string[] } = {}) =>
    fetchCollection(collectionUrl(root, req.table, collection, q), run.http, (pages, rows) =>
      say(`  ${collection}: page ${pages}, ${rows} rows`),
    );
  const infos = await get(ep.apiUrl, 'TableInfos');
  const info = tableInfoSchema.safeParse(infos.rows[0]);
  if (!info.success)
    throw new ZichtError(
      'PARSE_ERROR',
      `GET ${readableUrl(infos.urls[0]!)}: no table description (Identifier, Title)`,
      {
        url: infos.urls[0]!,
      },
    );
  const dp = await get(ep.apiUrl, 'DataProperties');
  const dpText = json(dp.rows);
  const props = parseTableProperties(dpText, cache.pathOf(key, 'DataProperties.json'));
  const filter = filterFor(req, props);
  const select = req.select?.length ? resolveSelect(props, req.select) : undefined;
  const data = await get(ep.feedUrl, 'TypedDataSet', { ...(filter ? { filter } : {}), ...(select ? { select } : {}) });
  if (data.rows.length === 0)
    throw new ZichtError(
      'NOT_FOUND',
      `GET ${readableUrl(data.urls[0]!)}: no rows match the request (--municipality, --filter?)`,
      {
        url: data.urls[0]!,
      },
    );
  const files: CacheFile[] = [
    { name: 'TableInfos.json', text: json(infos.rows) },
    { name: 'DataProperties.json', text: dpText },
    { name: 'TypedDataSet.json', text: json(data.rows) },
  ];
  const dims = [props.regionKey, props.periodKey, ...props.dimensions].filter((d): d is string => d !== null);
  for (const dim of dims) {
    const codeFilter =
      dim === props.regionKey && req.municipality ? municipalityFilter('Key', req.municipality, req.level) : undefined;
    const list = await get(ep.feedUrl, dim, codeFilter ? { filter: codeFilter } : {}).catch((e: unknown) => {
      // a table without this code list still has its figures; the areas then have no names
      if (e instanceof ZichtError && e.details['status'] === 404) {
        say(`  ${dim}: no code list (${e.message})`);
        return null;
      }
      throw e;
    });
    if (list === null) continue;
    files.push({ name: `${dim}.json`, text: json(list.rows) });
    if (dim === props.regionKey)
      files.push({ name: `${dim}.csv`, text: regionCodeList(list.rows, props.mapYear, list.urls[0]!) });
  }
  return { files, props, info: info.data, url: data.urls[0]!, pages: data.urls.length, rows: data.rows.length };
}

/** The table's single period (KWB) from the cached TableInfos, if it has one. */
function cachedPeriod(cache: FetchCache, key: string): string | undefined {
  const path = cache.pathOf(key, 'TableInfos.json');
  const parsed = z.object({ value: z.array(tableInfoSchema).min(1) }).safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new ZichtError('CORRUPT_ARTIFACT', `${path}: not a TableInfos list`, { file: path });
  return singlePeriod(parsed.data.value[0]!);
}

/** Parse the cached files through the same parsers as `zicht ingest`: the table, then its region code list. */
function parseFiles(req: TableRequest, cache: FetchCache, key: string): ParsedSource[] {
  const dpPath = cache.pathOf(key, 'DataProperties.json');
  const props = parseTableProperties(readFileSync(dpPath, 'utf8'), dpPath);
  const period = cachedPeriod(cache, key);
  const table = parseSourceFile(cache.pathOf(key, 'TypedDataSet.json'), {
    kind: req.kind ?? kindOf(props),
    properties: dpPath,
    tableId: req.table,
    ...(period ? { period } : {}),
  });
  if (table.type === 'table' && req.municipality) {
    const outside = table.table.codes.find((c) => gemeenteOf(c) !== req.municipality);
    if (outside)
      throw new ZichtError('PARSE_ERROR', `${table.table.meta.file}: area ${outside} is outside ${req.municipality}`, {
        file: table.table.meta.file,
      });
  }
  const out: ParsedSource[] = [table];
  const regions = props.regionKey ? cache.pathOf(key, `${props.regionKey}.csv`) : null;
  if (regions && existsSync(regions)) out.push(parseSourceFile(regions, { kind: 'code-list' }));
  return out;
}

/**
 * Fetch (part of) a CBS OData table — TableInfos, DataProperties, the
 * TypedDataSet (`$filter`, `$select`, every page) and its code lists —, keep
 * the files in `$ZICHT_HOME/cache/odata/<key>/`, and ingest them through the
 * same parsers as a file given to `zicht ingest`. The manifest entry is
 * written last: a failed download, parse or ingest leaves neither an entry
 * nor a changed store. An identical request is answered from the cache.
 */
export async function fetchTable(req: TableRequest, run: FetchRun): Promise<FetchResult> {
  const cache = new FetchCache(run.home, 'odata');
  const ep = odataEndpoint(req.baseUrl);
  const key = FetchCache.key(req.table, { ...req, baseUrl: ep.apiUrl });
  const hit = run.refresh ? { entry: null, problem: null } : cache.lookup(key);
  if (hit.problem) run.log?.(`cache: ${hit.problem}; fetching again`);
  const fresh = hit.entry ? null : await download(req, run, key, cache);
  try {
    const staged = fresh ? cache.stage(key, fresh.files) : null;
    const parsed = parseFiles(req, cache, key);
    const ingested = run.store ? await run.store.ingestMany(parsed) : [];
    let entry: CacheEntry;
    if (fresh && staged) {
      entry = {
        key,
        table: req.table,
        url: fresh.url,
        fetchedAt: new Date().toISOString(),
        rows: fresh.rows,
        sha256: staged.find((f) => f.name === 'TypedDataSet.json')!.sha256,
        dataFile: 'TypedDataSet.json',
        files: staged,
      };
      cache.commit(entry);
    } else entry = hit.entry!;
    return {
      table: req.table,
      key,
      fromCache: fresh === null,
      url: entry.url,
      pages: fresh?.pages ?? 0,
      rows: entry.rows,
      files: entry.files.map((f) => cache.pathOf(key, f.name)),
      ingested,
    };
  } catch (e) {
    if (fresh) cache.forget(key);
    throw e;
  }
}
