import {
  ZichtError,
  intOption,
  requireArg,
  stringOption,
  type Command,
  type CommandContext,
} from '../../core/index.ts';
import { FeatureStore } from '../store/index.ts';
import type { AreaLevel } from '../types.ts';
import { fetchBoundaries } from './boundaries.ts';
import {
  CBS_ODATA_URL,
  POLICE_TABLE,
  THIRD_PARTY_ODATA_URL,
  boundariesUrlTemplate,
  kwbTable,
  odataBaseUrl,
} from './catalogue.ts';
import { fetchTable, type FetchResult, type FetchRun, type TableRequest } from './fetch-table.ts';
import { crimeFilter, periodsFilter, requireMunicipality } from './filters.ts';
import { readableUrl, type HttpOptions } from './http.ts';

const COMMON = {
  'base-url': { type: 'string' },
  'no-ingest': { type: 'boolean' },
  refresh: { type: 'boolean' },
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
  timeout: { type: 'string' },
} as const;

const COMMON_HELP = [
  'Downloads only when you run it; files and a manifest (URL, time, rows, SHA-256) are kept in',
  '$ZICHT_HOME/cache/, so the same request again is answered offline (--refresh downloads anew).',
  'The files then go through the same parsers and ingest as `zicht ingest`; a failed download, parse or',
  'ingest leaves the store and the cache manifest unchanged.',
  '  --base-url URL     OData service root (also $ZICHT_ODATA_BASE_URL)',
  '  --no-ingest        only download and check the files',
  '  --retries N        retries on 429 / 5xx / network errors, with exponential back-off (default 4)',
  '  --retry-delay MS   first back-off delay in milliseconds, doubled each retry (default 1000)',
  '  --timeout S        seconds per request (default 60)',
].join('\n');

function csv(ctx: CommandContext, name: string): string[] | undefined {
  const v = stringOption(ctx, name);
  return v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function levelOption(ctx: CommandContext, allowed: readonly AreaLevel[], fallback: AreaLevel): AreaLevel {
  const l = stringOption(ctx, 'level') ?? fallback;
  if (!allowed.includes(l as AreaLevel))
    throw new ZichtError('BAD_ARGUMENT', `--level must be one of ${allowed.join(', ')}, got '${l}'`, {
      option: '--level',
    });
  return l as AreaLevel;
}

function positive(ctx: CommandContext, name: string, fallback: number): number {
  const n = intOption(ctx, name, fallback);
  if (n < 0) throw new ZichtError('BAD_ARGUMENT', `--${name} must be 0 or more, got ${n}`, { option: `--${name}` });
  return n;
}

function httpOptions(ctx: CommandContext): HttpOptions {
  return {
    retries: positive(ctx, 'retries', 4),
    baseDelayMs: positive(ctx, 'retry-delay', 1000),
    timeoutMs: Math.max(1, positive(ctx, 'timeout', 60)) * 1000,
    onRetry: ({ url, attempt, reason, delayMs }) =>
      ctx.progress(`retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s: ${reason} (${readableUrl(url)})\n`),
  };
}

/** Run a fetch with the store open (unless --no-ingest) and report it. */
async function run(ctx: CommandContext, fn: (r: FetchRun) => Promise<FetchResult>): Promise<FetchResult> {
  const ingest = ctx.options['no-ingest'] !== true;
  const store = ingest ? await FeatureStore.open(ctx.home) : null;
  try {
    const r = await fn({
      home: ctx.home,
      http: httpOptions(ctx),
      refresh: ctx.options['refresh'] === true,
      store,
      log: (line) => ctx.progress(`${line}\n`),
    });
    ctx.log(
      `${r.fromCache ? 'from cache' : `fetched ${r.pages} page${r.pages === 1 ? '' : 's'}`}: ${r.table}, ` +
        `${r.rows} rows (${readableUrl(r.url)})`,
    );
    for (const f of r.files) ctx.log(`  ${f}`);
    for (const i of r.ingested)
      ctx.log(
        `${i.alreadyIngested ? 'already ingested' : 'ingested'}: ${i.kind}, ${i.rows} rows, ` +
          `vintage ${i.vintage} (${i.vintageDetail})`,
      );
    if (!ingest) ctx.log('not ingested (--no-ingest)');
    return r;
  } finally {
    store?.close();
  }
}

function tableRun(ctx: CommandContext, req: Omit<TableRequest, 'baseUrl'>, fallback: string) {
  const baseUrl = odataBaseUrl(stringOption(ctx, 'base-url'), ctx.env, fallback);
  return run(ctx, (r) => fetchTable({ ...req, baseUrl }, r));
}

function year(ctx: CommandContext, usage: string): number {
  const y = stringOption(ctx, 'year');
  if (y === undefined || !/^\d{4}$/.test(y))
    throw new ZichtError('BAD_ARGUMENT', `--year YYYY is required${y ? `, got '${y}'` : ''}. Usage: ${usage}`, {
      option: '--year',
    });
  return Number(y);
}

const fetchKwb: Command = {
  words: ['fetch', 'kwb'],
  summary: 'download the CBS Kerncijfers wijken en buurten (KWB) of a year from CBS OData and ingest it',
  usage:
    'zicht fetch kwb --year 2024 [--municipality GM0268] [--level wijk|buurt] [--select AantalInwoners_5,…] ' +
    '[--base-url URL] [--no-ingest] [--refresh]',
  options: {
    ...COMMON,
    year: { type: 'string' },
    municipality: { type: 'string' },
    level: { type: 'string' },
    select: { type: 'string' },
  },
  help: `${COMMON_HELP}\n  --select M,…       measures by OData key or title path ('Bevolking/Aantal inwoners')`,
  async run(ctx) {
    const table = kwbTable(year(ctx, this.usage));
    const m = stringOption(ctx, 'municipality');
    const select = csv(ctx, 'select');
    return tableRun(
      ctx,
      {
        table,
        ...(m ? { municipality: requireMunicipality(m), level: levelOption(ctx, ['wijk', 'buurt'], 'buurt') } : {}),
        ...(select ? { select } : {}),
        kind: 'odata-json',
      },
      CBS_ODATA_URL,
    );
  },
};

const fetchPolice: Command = {
  words: ['fetch', 'police'],
  summary: 'download police registered crime per wijk and buurt (47018NED, third-party catalogue) and ingest it',
  usage:
    'zicht fetch police --municipality GM0268 [--level wijk|buurt] [--crime 3.1.1,2.1.1] [--periods 2022JJ00,…] ' +
    '[--base-url URL] [--no-ingest] [--refresh]',
  options: {
    ...COMMON,
    municipality: { type: 'string' },
    level: { type: 'string' },
    crime: { type: 'string' },
    periods: { type: 'string' },
  },
  help: COMMON_HELP,
  async run(ctx) {
    const m = stringOption(ctx, 'municipality');
    if (!m) throw new ZichtError('BAD_ARGUMENT', `--municipality is required. Usage: ${this.usage}`);
    const crimes = csv(ctx, 'crime');
    const periods = csv(ctx, 'periods');
    // check them now, before anything is asked of the service
    if (crimes) crimeFilter('SoortMisdrijf', crimes);
    if (periods) periodsFilter('Perioden', periods);
    return tableRun(
      ctx,
      {
        table: POLICE_TABLE,
        municipality: requireMunicipality(m),
        level: levelOption(ctx, ['wijk', 'buurt'], 'buurt'),
        ...(crimes ? { crimes } : {}),
        ...(periods ? { periods } : {}),
        kind: 'police-odata',
      },
      THIRD_PARTY_ODATA_URL,
    );
  },
};

const fetchTableCommand: Command = {
  words: ['fetch', 'table'],
  summary: 'download any CBS OData table (region × period figures) with $filter / $select and ingest it',
  usage:
    'zicht fetch table <id> [--filter "substringof(\'GM0268\',WijkenEnBuurten)"] [--select K,…] [--third-party] ' +
    '[--kind odata-json|police-odata] [--base-url URL] [--no-ingest] [--refresh]',
  options: {
    ...COMMON,
    filter: { type: 'string' },
    select: { type: 'string' },
    'third-party': { type: 'boolean' },
    kind: { type: 'string' },
  },
  help: `${COMMON_HELP}\n  --third-party      the dataderden.cbs.nl catalogue (police, other third parties)`,
  async run(ctx) {
    const id = requireArg(ctx, 0, 'id', this.usage);
    if (!/^[0-9A-Za-z]{5,12}$/.test(id))
      throw new ZichtError('BAD_ARGUMENT', `'${id}' is not a StatLine table id such as 85984NED`, { option: 'id' });
    const kind = stringOption(ctx, 'kind');
    if (kind !== undefined && kind !== 'odata-json' && kind !== 'police-odata')
      throw new ZichtError('BAD_ARGUMENT', `--kind must be odata-json or police-odata, got '${kind}'`);
    const filter = stringOption(ctx, 'filter');
    const select = csv(ctx, 'select');
    return tableRun(
      ctx,
      { table: id, ...(filter ? { filter } : {}), ...(select ? { select } : {}), ...(kind ? { kind } : {}) },
      ctx.options['third-party'] === true ? THIRD_PARTY_ODATA_URL : CBS_ODATA_URL,
    );
  },
};

const fetchBoundariesCommand: Command = {
  words: ['fetch', 'boundaries'],
  summary: 'download the CBS wijk- en buurtkaart of a year as GeoJSON (PDOK WFS) and ingest it',
  usage:
    'zicht fetch boundaries --year 2024 [--level gemeente|wijk|buurt] [--municipality GM0268] ' +
    '[--url-template URL] [--no-ingest] [--refresh]',
  options: {
    ...COMMON,
    year: { type: 'string' },
    level: { type: 'string' },
    municipality: { type: 'string' },
    'url-template': { type: 'string' },
    'page-size': { type: 'string' },
  },
  help:
    `${COMMON_HELP}\n  --url-template URL with {year}, {layer}, {count}, {startIndex} ` +
    '(also $ZICHT_BOUNDARIES_URL; default: the PDOK WFS, WGS84)',
  async run(ctx) {
    const y = year(ctx, this.usage);
    const m = stringOption(ctx, 'municipality');
    return run(ctx, (r) =>
      fetchBoundaries(
        {
          year: y,
          level: levelOption(ctx, ['gemeente', 'wijk', 'buurt'], 'wijk'),
          urlTemplate: boundariesUrlTemplate(stringOption(ctx, 'url-template'), ctx.env),
          pageSize: Math.max(1, positive(ctx, 'page-size', 1000)),
          ...(m ? { municipality: requireMunicipality(m) } : {}),
        },
        r,
      ),
    );
  },
};

/** CLI commands of `zicht fetch`. */
export const fetchCommands: readonly Command[] = [fetchKwb, fetchPolice, fetchTableCommand, fetchBoundariesCommand];
