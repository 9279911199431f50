import { z } from 'zod';
import { ZichtError } from '../../core/index.ts';
import { gemeenteOf, levelOf, normaliseCode } from '../areas/codes.ts';
import { parseSourceFile } from '../sources/index.ts';
import type { AreaLevel } from '../types.ts';
import { FetchCache } from './cache.ts';
import type { FetchResult, FetchRun } from './fetch-table.ts';
import { httpGetJson, readableUrl } from './http.ts';

/** Which boundaries to fetch. */
export interface BoundariesRequest {
  readonly year: number;
  readonly level: AreaLevel;
  readonly municipality?: string;
  /** URL with `{year}`, `{layer}`, and for paging `{count}` and `{startIndex}`. */
  readonly urlTemplate: string;
  /** Features per page (default 1000). */
  readonly pageSize?: number;
}

const LAYERS: Readonly<Record<AreaLevel, string>> = { gemeente: 'gemeenten', wijk: 'wijken', buurt: 'buurten' };
const CODE_PROPERTIES: Readonly<Record<AreaLevel, string>> = {
  gemeente: 'gemeentecode',
  wijk: 'wijkcode',
  buurt: 'buurtcode',
};

const featureSchema = z.looseObject({
  type: z.literal('Feature'),
  properties: z.record(z.string(), z.unknown()).nullable(),
  geometry: z.looseObject({ type: z.string(), coordinates: z.unknown() }).nullable(),
});
const pageSchema = z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(featureSchema) });
type Feature = z.infer<typeof featureSchema>;

const fill = (template: string, values: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? encodeURIComponent(String(values[k])) : m));

/** The area code of a feature: `code`/`statcode` (CBS files) or the layer's code property (PDOK). */
function codeOf(f: Feature, level: AreaLevel): string | null {
  const p = f.properties ?? {};
  const raw = [p['code'], p['statcode'], p[CODE_PROPERTIES[level]]].find((v) => typeof v === 'string');
  const code = typeof raw === 'string' ? normaliseCode(raw) : null;
  return code !== null && levelOf(code) === level ? code : null;
}

/** Visit every coordinate pair of a (Multi)Polygon. */
function positions(coords: unknown, visit: (p: number[]) => void): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') visit(coords as number[]);
  else for (const c of coords) positions(c, visit);
}

/**
 * WGS84 as [longitude, latitude]: a WFS 2.0 service may answer EPSG:4326 in
 * latitude-first order, and the Netherlands' latitudes (50.7–53.7) cannot be
 * mistaken for its longitudes (3.3–7.3), so swapped pairs are put right.
 * Projected coordinates (RD New, metres) are an error.
 */
function lonLat(features: Feature[], url: string): void {
  let first: number[] | undefined;
  positions(features[0]?.geometry?.coordinates, (p) => {
    first ??= p;
  });
  if (!first) return;
  const [x, y] = first as [number, number];
  if (Math.abs(x) > 360 || Math.abs(y) > 360)
    throw new ZichtError(
      'PARSE_ERROR',
      `GET ${readableUrl(url)}: coordinates (${x}, ${y}) are not WGS84 degrees (RD New?); ` +
        'ask srsName=EPSG:4326 in --url-template',
      { url },
    );
  if (x > 50 && x < 54 && y > 2 && y < 8)
    for (const f of features)
      positions(f.geometry?.coordinates, (p) => {
        [p[0], p[1]] = [p[1]!, p[0]!];
      });
}

/**
 * Fetch the CBS wijk- en buurtkaart of a year (one level, optionally one
 * municipality) as GeoJSON, page by page; keep it in
 * `$ZICHT_HOME/cache/boundaries/<key>/` with its year stated in the file; and
 * ingest it as a `geojson` source. Like `fetchTable`, the manifest entry is
 * written last and an identical request is answered from the cache.
 */
export async function fetchBoundaries(req: BoundariesRequest, run: FetchRun): Promise<FetchResult> {
  const cache = new FetchCache(run.home, 'boundaries');
  const name = `wijkenbuurten-${req.year}-${LAYERS[req.level]}${req.municipality ? `-${req.municipality}` : ''}`;
  const key = FetchCache.key(name, req);
  const file = `${name}.geojson`;
  const hit = run.refresh ? { entry: null, problem: null } : cache.lookup(key);
  if (hit.problem) run.log?.(`cache: ${hit.problem}; fetching again`);
  let fresh: { text: string; url: string; pages: number; rows: number } | null = null;
  if (!hit.entry) {
    const count = req.pageSize ?? 1000;
    const paged = req.urlTemplate.includes('{startIndex}');
    const features: Feature[] = [];
    const urls: string[] = [];
    for (let start = 0; ; start += count) {
      const url = fill(req.urlTemplate, { year: req.year, layer: LAYERS[req.level], count, startIndex: start });
      urls.push(url);
      const { json } = await httpGetJson(url, run.http, ['application/json', 'application/geo+json']);
      const page = pageSchema.safeParse(json);
      if (!page.success)
        throw new ZichtError('PARSE_ERROR', `GET ${readableUrl(url)}: not a GeoJSON FeatureCollection`, { url });
      features.push(...page.data.features);
      run.log?.(`  ${LAYERS[req.level]}: page ${urls.length}, ${features.length} features`);
      if (!paged || page.data.features.length < count) break;
    }
    const kept = features.filter((f) => {
      const code = codeOf(f, req.level);
      return code !== null && (!req.municipality || gemeenteOf(code) === req.municipality);
    });
    if (kept.length === 0)
      throw new ZichtError(
        'NOT_FOUND',
        `GET ${readableUrl(urls[0]!)}: no ${req.level} boundaries${req.municipality ? ` of ${req.municipality}` : ''}`,
        {
          url: urls[0]!,
        },
      );
    lonLat(kept, urls[0]!);
    const text = `${JSON.stringify({ type: 'FeatureCollection', vintage: req.year, features: kept })}\n`;
    fresh = { text, url: urls[0]!, pages: urls.length, rows: kept.length };
  }
  try {
    const staged = fresh ? cache.stage(key, [{ name: file, text: fresh.text }]) : null;
    const parsed = parseSourceFile(cache.pathOf(key, file), { kind: 'geojson' });
    const ingested = run.store ? await run.store.ingestMany([parsed]) : [];
    const entry = staged
      ? {
          key,
          table: name,
          url: fresh!.url,
          fetchedAt: new Date().toISOString(),
          rows: fresh!.rows,
          sha256: staged[0]!.sha256,
          dataFile: file,
          files: staged,
        }
      : hit.entry!;
    if (staged) cache.commit(entry);
    return {
      table: name,
      key,
      fromCache: fresh === null,
      url: entry.url,
      pages: fresh?.pages ?? 0,
      rows: entry.rows,
      files: [cache.pathOf(key, file)],
      ingested,
    };
  } catch (e) {
    if (fresh) cache.forget(key);
    throw e;
  }
}
