import { z } from 'zod';
import { ZichtError } from '../../core/index.ts';
import { httpGetJson, readableUrl, type HttpOptions } from './http.ts';

/** Where a CBS catalogue serves its tables (OData v3). */
export interface OdataEndpoint {
  /** Service root for table metadata: `https://opendata.cbs.nl/ODataApi/odata`. */
  readonly apiUrl: string;
  /** Service root for data and code lists (paged past 10,000 rows): `https://opendata.cbs.nl/ODataFeed/odata`. */
  readonly feedUrl: string;
}

/**
 * The endpoint for a base URL. As cbsodata and cbsodataR do, metadata comes
 * from `…/ODataApi/odata` and data from the bulk `…/ODataFeed/odata` of the
 * same host; a base URL of another shape (a mirror) serves both.
 */
export function odataEndpoint(baseUrl: string): OdataEndpoint {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ZichtError('BAD_ARGUMENT', `--base-url '${baseUrl}' is not a URL`, { url: baseUrl });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ZichtError('BAD_ARGUMENT', `--base-url '${baseUrl}' must be an http(s) URL`, { url: baseUrl });
  const api = baseUrl.replace(/\/+$/, '');
  const feed = /\/ODataApi\/odata$/i.test(api) ? api.replace(/\/ODataApi\/odata$/i, '/ODataFeed/odata') : api;
  return { apiUrl: api, feedUrl: feed };
}

/** One page of an OData v3 collection in JSON (`$format=json`). */
const pageSchema = z.object({
  'odata.metadata': z.string().optional(),
  value: z.array(z.record(z.string(), z.unknown())),
  'odata.nextLink': z.string().optional(),
});

/** A collection request: `$filter` and `$select` as OData v3 expressions. */
export interface CollectionQuery {
  readonly filter?: string;
  readonly select?: readonly string[];
}

/** The URL of a collection (`TypedDataSet`, `DataProperties`, `WijkenEnBuurten`) with its query. */
export function collectionUrl(root: string, table: string, collection: string, q: CollectionQuery = {}): string {
  const params = new URLSearchParams({ $format: 'json' });
  if (q.filter) params.set('$filter', q.filter);
  if (q.select?.length) params.set('$select', q.select.join(','));
  // OData expressions as CBS documents them ($filter=substringof('GM0268',WijkenEnBuurten)): the query's
  // sub-delimiters stay readable, a space is %20 (URLSearchParams would write '+')
  const query = [...params]
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%(24|27|28|29|2C|3A)/gi, (m) => decodeURIComponent(m))}`)
    .join('&');
  return `${root}/${encodeURIComponent(table)}/${collection}?${query}`;
}

/** All rows of a collection, following `odata.nextLink` from page to page. */
export interface CollectionResult {
  readonly rows: Record<string, unknown>[];
  readonly urls: readonly string[];
}

/**
 * Download every page of a collection: each page is parsed with a schema, and
 * `odata.nextLink` is followed until the last page (a link seen twice is an
 * error, not a loop). Nothing is returned unless every page arrived whole.
 */
export async function fetchCollection(
  url: string,
  http: HttpOptions,
  onPage?: (pages: number, rows: number) => void,
): Promise<CollectionResult> {
  const rows: Record<string, unknown>[] = [];
  const urls: string[] = [];
  for (let next: string | undefined = url; next !== undefined; ) {
    if (urls.includes(next))
      throw new ZichtError(
        'PARSE_ERROR',
        `GET ${readableUrl(next)}: odata.nextLink points back to a page already read`,
        {
          url: next,
        },
      );
    urls.push(next);
    const { json } = await httpGetJson(next, http);
    const page = pageSchema.safeParse(json);
    if (!page.success) {
      const issue = page.error.issues[0]!;
      throw new ZichtError(
        'PARSE_ERROR',
        `GET ${readableUrl(next)}: not an OData collection page ({"value": [...]}): ` +
          `${issue.path.join('.') || 'body'}: ${issue.message}`,
        { url: next },
      );
    }
    for (const r of page.data.value) rows.push(r);
    onPage?.(urls.length, rows.length);
    const link = page.data['odata.nextLink'];
    next = link === undefined ? undefined : new URL(link, next).toString();
  }
  return { rows, urls };
}

/** Quote a value for an OData v3 expression (`'` doubled). */
export const odataString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
