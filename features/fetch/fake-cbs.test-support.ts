/**
 * A stand-in for the CBS OData v3 services (and a WFS) on 127.0.0.1 for the
 * fetch tests: it serves the real KWB 2024 metadata from ../shared/data, the
 * published 47018NED DataProperties shape, and generated rows in the exact
 * OData v3 JSON shape (`odata.metadata`, `value`, `odata.nextLink`), paged;
 * and it can answer with the failures a real service produces.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { realDataPath } from '../../core/index.ts';
import { pad, policeDataProperties, policeRecord } from '../sources/fixtures.test-support.ts';

/** A failure to answer with instead of the real response. */
type Fault = { readonly status: 429 | 500 | 503 | 404; readonly retryAfter?: string } | 'truncate' | 'html' | 'hang';

interface Planned {
  readonly match: RegExp;
  readonly faults: Fault[];
  readonly forever: boolean;
}

export interface FakeCbs {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `<origin>/ODataApi/odata` — the base URL to pass as --base-url. */
  readonly baseUrl: string;
  /** A WFS URL template serving the 2022 wijken of Nijmegen and Utrecht, PDOK-style (latitude first). */
  readonly wfsTemplate: string;
  /** Every request received (path and query, decoded). */
  readonly requests: string[];
  /** Answer the next requests whose decoded path+query matches with these faults, in turn (or always). */
  fail(match: RegExp, faults: readonly Fault[], opts?: { forever?: boolean }): void;
  close(): Promise<void>;
}

/** Nijmegen's areas: the gemeente, its wijken and the 44 buurten of the real police extract (2024 codes). */
export function nijmegenAreas(): { code: string; name: string }[] {
  const lines = readFileSync(realDataPath('politie-nijmegen-2023-2025', 'misdrijven_per_buurt_2023_2025.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1);
  const buurten = new Map<string, string>();
  const wijken = new Set<string>();
  for (const l of lines) {
    const [code, name, wijk] = l.split(',');
    buurten.set(code!, name!);
    wijken.add(wijk!);
  }
  return [
    { code: 'GM0268', name: 'Nijmegen' },
    ...[...wijken].sort().map((c) => ({ code: c, name: `Wijk ${c.slice(6)} Nijmegen` })),
    ...[...buurten].map(([code, name]) => ({ code, name })),
  ];
}

const KWB = '85984NED';
const POLICE = '47018NED';
const CRIMES = ['0.0.0', '2.1.1', '3.1.1'];
const PERIODS = ['2021JJ00', '2022JJ00', '2023JJ00'];

function realJson(name: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(realDataPath('cbs-kwb-2024', name), 'utf8')) as Record<string, unknown>[];
}

/** KWB rows: every Topic of the real DataProperties, typed by its Datatype; small buurten suppressed. */
function kwbRows(): Record<string, unknown>[] {
  const topics = realJson(`DataProperties_${KWB}.json`).filter((p) => p['Type'] === 'Topic');
  return nijmegenAreas().map((a, i) => {
    const population = a.code === 'GM0268' ? 179120 : 800 + 97 * i;
    const row: Record<string, unknown> = { ID: i, WijkenEnBuurten: pad(a.code, 10) };
    for (const t of topics) {
      const key = t['Key'] as string;
      const type = t['Datatype'] as string;
      row[key] =
        key === 'AantalInwoners_5'
          ? population
          : key === 'Gemeentenaam_1'
            ? pad('Nijmegen', 40)
            : key === 'SoortRegio_2'
              ? pad(a.code.startsWith('BU') ? 'Buurt' : a.code.startsWith('WK') ? 'Wijk' : 'Gemeente', 10)
              : type === 'String'
                ? pad(a.code, 10)
                : population < 1000 && a.code.startsWith('BU')
                  ? null
                  : type === 'Double'
                    ? Math.round((population / 97) * 10) / 10
                    : (population * (key.length % 7)) % 1000;
    }
    return row;
  });
}

function policeRows(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  nijmegenAreas().forEach((a, i) => {
    for (const c of CRIMES)
      for (const p of PERIODS) out.push(policeRecord(out.length, c, a.code, p, c === '3.1.1' ? i % 4 : 10 + i));
  });
  return out;
}

function codeList(keys: readonly string[], width: number): Record<string, unknown>[] {
  return keys.map((k) => ({ Key: pad(k, width), Title: k, Description: null }));
}

function regionList(): Record<string, unknown>[] {
  return [
    { Key: 'NL00      ', Title: 'Nederland', Description: null, Municipality: '', DetailRegionCode: '' },
    ...nijmegenAreas().map((a) => ({
      Key: pad(a.code, 10),
      Title: a.name,
      Description: null,
      Municipality: 'GM0268',
      DetailRegionCode: a.code,
    })),
  ];
}

/** The rows of a region-filtered collection: our client's `substringof('BU0268',Col)` prefixes, or all. */
function filtered(rows: Record<string, unknown>[], filter: string | null): Record<string, unknown>[] {
  if (!filter) return rows;
  const prefixes = [...filter.matchAll(/substringof\('(\w+)',(\w+)\)/g)].map((m) => [m[1]!, m[2]!] as const);
  const crimes = [...filter.matchAll(/SoortMisdrijf eq '([^']+)'/g)].map((m) => m[1]!);
  return rows.filter(
    (r) =>
      (prefixes.length === 0 || prefixes.some(([p, col]) => String(r[col]).startsWith(p))) &&
      (crimes.length === 0 || crimes.includes(String(r['SoortMisdrijf']))),
  );
}

/** The 2022 wijken of Nijmegen and Utrecht as the PDOK WFS gives them: PDOK property names, latitude first. */
function wfsWijken(rd = false): Record<string, unknown>[] {
  const geo = JSON.parse(readFileSync(realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_wgs84.geojson'), 'utf8')) as {
    features: { properties: { code: string; name: string }; geometry: { type: string; coordinates: unknown } }[];
  };
  const swap = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? rd
        ? [c[0] * 30000, c[1] * 9000]
        : [c[1], c[0]]
      : Array.isArray(c)
        ? c.map(swap)
        : c;
  return geo.features
    .filter((f) => /^WK(0268|0344)/.test(f.properties.code))
    .map((f) => ({
      type: 'Feature',
      id: `wijken.${f.properties.code}`,
      properties: {
        wijkcode: f.properties.code,
        wijknaam: f.properties.name,
        gemeentecode: `GM${f.properties.code.slice(2, 6)}`,
        water: 'NEE',
      },
      geometry: { type: f.geometry.type, coordinates: swap(f.geometry.coordinates) },
    }));
}

/** KWB rows with a measure key its DataProperties does not describe. */
function undescribed(): Record<string, unknown>[] {
  return realJson(`DataProperties_${KWB}.json`).filter((p) => p['Key'] !== 'Mannen_6');
}

function tables(): Record<string, Record<string, () => Record<string, unknown>[]>> {
  return {
    BAD01NED: {
      TableInfos: () => [{ ID: 0, Identifier: 'BAD01NED', Title: 'metadata that misses a measure', Period: '2024' }],
      DataProperties: undescribed,
      TypedDataSet: kwbRows,
      WijkenEnBuurten: regionList,
    },
    [KWB]: {
      TableInfos: () => realJson(`TableInfos_${KWB}.json`),
      DataProperties: () => realJson(`DataProperties_${KWB}.json`),
      TypedDataSet: kwbRows,
      WijkenEnBuurten: regionList,
    },
    [POLICE]: {
      TableInfos: () => [{ ID: 0, Identifier: POLICE, Title: 'Geregistreerde misdrijven; wijk, buurt, jaarcijfers' }],
      DataProperties: () => policeDataProperties(),
      TypedDataSet: policeRows,
      WijkenEnBuurten: regionList,
      SoortMisdrijf: () => codeList(CRIMES, 6),
      Perioden: () => codeList(PERIODS, 8),
    },
  };
}

/**
 * Start the fake service. `pageSize` rows per page, then `odata.nextLink`
 * (`$skip`), as the CBS bulk feed does past its page cap.
 */
export async function startFakeCbs(pageSize = 20): Promise<FakeCbs> {
  const requests: string[] = [];
  const planned: Planned[] = [];
  const data = tables();
  let origin = '';
  const send = (res: ServerResponse, status: number, type: string, body: string, headers = {}) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const seen = decodeURIComponent(url.pathname + url.search);
    requests.push(seen);
    const plan = planned.find((p) => p.match.test(seen) && p.faults.length > 0);
    const fault = plan ? (plan.forever ? plan.faults[0] : plan.faults.shift()) : undefined;
    if (fault === 'hang') return;
    if (fault === 'html')
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        '<html><body><h1>Onderhoud</h1><p>Probeer later.</p></body></html>',
      );
    if (typeof fault === 'object')
      return send(res, fault.status, 'text/plain', `fault ${fault.status}`, {
        ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
      });
    const wfs = /^\/wfs\/(\d{4})$/.exec(url.pathname);
    if (wfs) {
      const all = wfsWijken(url.searchParams.get('srs') === 'rd');
      const start = Number(url.searchParams.get('startIndex') ?? 0);
      const count = Number(url.searchParams.get('count') ?? all.length);
      const body = JSON.stringify({ type: 'FeatureCollection', features: all.slice(start, start + count) });
      return send(res, 200, 'application/json; subtype=geojson; charset=utf-8', body);
    }
    const m = /^\/(ODataApi|ODataFeed)\/odata\/(\w+)\/(\w+)$/.exec(url.pathname);
    const rows = m ? data[m[2]!]?.[m[3]!] : undefined;
    if (!m || !rows) return send(res, 404, 'text/plain', 'Resource not found for the segment');
    const all = filtered(rows(), url.searchParams.get('$filter'));
    const select = url.searchParams.get('$select')?.split(',');
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    const page = all
      .slice(skip, skip + pageSize)
      .map((r) => (select ? Object.fromEntries(Object.entries(r).filter(([k]) => select.includes(k))) : r));
    const next = new URL(url.toString());
    next.searchParams.set('$skip', String(skip + pageSize));
    const body = JSON.stringify({
      'odata.metadata': `${origin}/${m[1]}/odata/${m[2]}/$metadata#Cbs.OData.WebAPI.${m[3]}`,
      value: page,
      ...(skip + pageSize < all.length ? { 'odata.nextLink': next.toString() } : {}),
    });
    if (fault === 'truncate') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      res.socket?.destroy();
      return;
    }
    send(res, 200, 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8', body);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/ODataApi/odata`,
    wfsTemplate: `${origin}/wfs/{year}?layer={layer}&count={count}&startIndex={startIndex}`,
    requests,
    fail(match, faults, opts = {}) {
      planned.push({ match, faults: [...faults], forever: opts.forever === true });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
