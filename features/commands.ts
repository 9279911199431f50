import { z } from 'zod';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { ZichtError, requireArg, stringOption, type Command, type CommandContext } from '../core/index.ts';
import { levelOf, periodYear } from './areas/codes.ts';
import { fetchCommands } from './fetch/index.ts';
import {
  parseSourceFile,
  SOURCE_KIND_HELP,
  SOURCE_KINDS,
  type ParsedSource,
  type SourceKind,
  type SourceTable,
} from './sources/index.ts';
import { POPULATION_COLUMN, exportSnapshot, listSnapshots, loadSnapshot, materialize } from './store/index.ts';
import { getFeatureView } from './views/index.ts';
import { level, periodsWithData, withStore } from './command-helpers.ts';
import { datasetBuild } from './dataset-commands.ts';
import { viewCommands } from './view-commands.ts';

/** A manifest of files to ingest (the demo world writes one): each file with its kind, vintage and period. */
/** Below this many inhabitants an area shows no feature value anywhere (the views' disclosure rule). */
const MIN_AREA_POPULATION = 100;

const ingestManifestSchema = z.object({
  synthetic: z.boolean().optional(),
  files: z.array(
    z.object({
      file: z.string().min(1),
      kind: z.enum(SOURCE_KINDS),
      vintage: z.number().int(),
      period: z.string().optional(),
    }),
  ),
});

function parseIngestManifest(text: string, path: string): z.infer<typeof ingestManifestSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ZichtError('PARSE_ERROR', `${path} is not valid JSON: ${(e as Error).message}`, { file: path });
  }
  const r = ingestManifestSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ZichtError('PARSE_ERROR', `${path}: field '${issue.path.join('.')}': ${issue.message}`, { file: path });
  }
  return r.data;
}

/** One file to ingest with its options (a manifest expands to all its files). */
interface Planned {
  path: string;
  kind?: SourceKind;
  period?: string;
  vintage?: number;
  synthetic?: boolean;
  joinRows?: string;
}

function plan(ctx: CommandContext): Planned[] {
  const kind = stringOption(ctx, 'kind');
  if (kind !== undefined && !SOURCE_KINDS.includes(kind as SourceKind))
    throw new ZichtError('BAD_ARGUMENT', `--kind must be one of ${SOURCE_KINDS.join(', ')}, got '${kind}'`);
  const vintage = stringOption(ctx, 'vintage');
  if (ctx.args.length === 0) throw new ZichtError('BAD_ARGUMENT', 'give at least one file: zicht ingest <file…>');
  return ctx.args.flatMap((p): Planned[] => {
    if (p.endsWith('manifest.json') && existsSync(p)) {
      const m = parseIngestManifest(readFileSync(p, 'utf8'), p);
      return m.files.map((f) => ({
        path: join(dirname(p), f.file),
        kind: f.kind,
        vintage: f.vintage,
        synthetic: m.synthetic === true,
        ...(f.period ? { period: f.period } : {}),
      }));
    }
    return [
      {
        path: p,
        ...(kind ? { kind: kind as SourceKind } : {}),
        ...(stringOption(ctx, 'period') ? { period: stringOption(ctx, 'period')! } : {}),
        ...(vintage ? { vintage: Number(vintage) } : {}),
        ...(ctx.options['synthetic'] === true ? { synthetic: true } : {}),
        ...(stringOption(ctx, 'join-rows') ? { joinRows: stringOption(ctx, 'join-rows')! } : {}),
      },
    ];
  });
}

/** `zicht ingest --help`: every kind with its shape, and the options with an example each. */
function ingestHelp(): string {
  const width = Math.max(...SOURCE_KINDS.map((k) => k.length)) + 2;
  const wrap = (text: string): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && line.length + word.length + 1 > 120 - width - 4) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    return [...lines, line];
  };
  const kinds = SOURCE_KINDS.flatMap((k) =>
    wrap(SOURCE_KIND_HELP[k]).map((l, i) => `  ${(i === 0 ? k : '').padEnd(width)}${l}`),
  );
  return [
    'Every file is parsed and checked, and its boundary vintage decided, before anything is written; each file is',
    'then stored in one transaction. A malformed file is reported with its row and column and changes nothing.',
    '',
    'Kinds (--kind K; detected from the file name and first line when omitted):',
    ...kinds,
    '',
    'Options in detail (a demo manifest.json gives kind, period and vintage for each of its files):',
    '  --vintage YYYY    boundary year (CBS code set) of the area codes, when the file does not state it and the',
    '                    registry cannot infer it from its codes. e.g.',
    '                    zicht ingest misdrijven_per_buurt_2023_2025.csv --vintage 2024',
    '  --period P        period of every row of an export without a Perioden column (2024JJ00, 2024KW01). e.g.',
    '                    zicht ingest Kerncijfers_wijken_en_buurten_2024.csv --period 2024JJ00',
    "  --properties F    the table's DataProperties JSON, which names every OData measure. e.g.",
    '                    zicht ingest TypedDataSet.json --kind police-odata --properties DataProperties_47018NED.json',
    '  --join-rows F     for a StatLine export without a code column: the export of the same rows that has them. e.g.',
    '                    zicht ingest herkomst.csv --period 2024JJ00 --join-rows geslachten.csv',
    '  --synthetic       mark the data as generated (demo); every output that shows it says so.',
  ].join('\n');
}

const ingest: Command = {
  words: ['ingest'],
  summary: 'ingest CBS / police extracts (StatLine CSV, OData JSON, 47018NED, GeoJSON, long CSV) or a demo manifest',
  usage:
    'zicht ingest <file…> [--kind K] [--period 2024JJ00] [--vintage 2024] [--synthetic] [--properties DataProperties.json] [--join-rows codes.csv]',
  options: {
    kind: { type: 'string' },
    period: { type: 'string' },
    vintage: { type: 'string' },
    synthetic: { type: 'boolean' },
    properties: { type: 'string' },
    'join-rows': { type: 'string' },
  },
  help: ingestHelp(),
  async run(ctx) {
    const planned = plan(ctx);
    // parse everything first: one bad file means nothing is written
    const parsed: ParsedSource[] = [];
    const joins = new Map<string, SourceTable>();
    for (const p of planned) {
      let joinTable: SourceTable | undefined;
      if (p.joinRows) {
        joinTable = joins.get(p.joinRows);
        if (!joinTable) {
          const j = parseSourceFile(p.joinRows, { ...(p.period ? { period: p.period } : {}) });
          if (j.type !== 'table') throw new ZichtError('BAD_ARGUMENT', `--join-rows ${p.joinRows} is not a table`);
          joinTable = j.table;
          joins.set(p.joinRows, joinTable);
        }
      }
      parsed.push(
        parseSourceFile(p.path, {
          ...(p.kind ? { kind: p.kind } : {}),
          ...(p.period ? { period: p.period } : {}),
          ...(p.vintage !== undefined ? { vintage: p.vintage } : {}),
          ...(p.synthetic !== undefined ? { synthetic: p.synthetic } : {}),
          ...(stringOption(ctx, 'properties') ? { properties: stringOption(ctx, 'properties')! } : {}),
          ...(joinTable ? { joinRows: joinTable } : {}),
        }),
      );
    }
    return withStore(ctx, async (store) => {
      const results = await store.ingestMany(parsed);
      for (const r of results) {
        const q = r.quality;
        ctx.log(
          `${r.alreadyIngested ? 'already ingested' : 'ingested'}: ${r.file} (${r.kind}) — ${r.rows} rows, ` +
            `vintage ${r.vintage} (${r.vintageDetail})` +
            (q
              ? `, ${q.areas} areas (${Object.entries(q.byLevel)
                  .map(([l, n]) => `${n} ${l}`)
                  .join(', ')}), periods ${q.periods.join(', ')}`
              : ''),
        );
        if (q) {
          const worst = [...q.measures]
            .sort((a, b) => b.missingShare - a.missingShare)
            .slice(0, 3)
            .filter((m) => m.missingShare > 0);
          for (const m of worst)
            ctx.log(
              `  missing ${(100 * m.missingShare).toFixed(1)}% (suppressed ${(100 * m.suppressedShare).toFixed(1)}%): ${m.key}`,
            );
          const out = q.measures.filter((m) => m.outOfRange > 0);
          for (const m of out) ctx.log(`  ${m.outOfRange} values out of range: ${m.key}`);
          if (q.unmatchedCodes.length)
            ctx.log(
              `  ${q.unmatchedCodes.length} codes not in the registry yet (new areas or another vintage): ${q.unmatchedCodes.slice(0, 5).join(', ')}${q.unmatchedCodes.length > 5 ? ', …' : ''}`,
            );
        }
      }
      return results;
    });
  },
};

const areaJson = (a: {
  code: string;
  level: string;
  name: string;
  vintage: number;
  population: number | null;
  parent: string | null;
}) => ({ code: a.code, level: a.level, name: a.name, vintage: a.vintage, population: a.population, parent: a.parent });

const areasList: Command = {
  words: ['areas', 'list'],
  summary: 'list areas of the registry',
  usage: 'zicht areas list [--level gemeente|wijk|buurt] [--municipality GM0268] [--vintage 2024]',
  options: { level: { type: 'string' }, municipality: { type: 'string' }, vintage: { type: 'string' } },
  async run(ctx) {
    const municipality = stringOption(ctx, 'municipality');
    if (municipality !== undefined && levelOf(municipality) !== 'gemeente')
      throw new ZichtError(
        'BAD_ARGUMENT',
        `--municipality must be a gemeente code such as GM0268, got '${municipality}'`,
      );
    return withStore(ctx, async (store) => {
      const vintage = stringOption(ctx, 'vintage');
      const list = await store.areas({
        ...(ctx.options['level'] ? { level: level(ctx, 'wijk') } : {}),
        ...(municipality ? { municipality } : {}),
        ...(vintage ? { vintage: Number(vintage) } : {}),
      });
      for (const a of list.slice(0, 200))
        ctx.log(`${a.code.padEnd(11)} ${a.level.padEnd(8)} ${String(a.population ?? '?').padStart(7)}  ${a.name}`);
      if (list.length > 200) ctx.log(`… ${list.length - 200} more (use --json for all)`);
      return list.map(areaJson);
    });
  },
};

const areasShow: Command = {
  words: ['areas', 'show'],
  summary: 'one area with its parent chain and latest feature values',
  usage: 'zicht areas show <code>',
  async run(ctx) {
    const code = requireArg(ctx, 0, 'code', this.usage).trim().toUpperCase();
    if (!levelOf(code))
      throw new ZichtError('UNKNOWN_AREA', `'${code}' is not a CBS area code (GMgggg, WKggggww or BUggggwwbb)`, {
        code,
      });
    return withStore(ctx, async (store) => {
      const a = await store.area(code);
      const snaps = (await listSnapshots(store)).filter((s) => s.level === a.level);
      const features: Record<string, number | null> = {};
      let period: string | null = null;
      for (const s of snaps) {
        if (period !== null && s.period !== period) continue;
        const data = await loadSnapshot(store, s.id);
        const i = data.codes.indexOf(code);
        if (i < 0) continue;
        period = s.period;
        // the disclosure rule of the views applies here too: a small area shows no feature at all
        const pop = data.columns.get(POPULATION_COLUMN)?.[i] ?? Number.NaN;
        if (!(pop >= MIN_AREA_POPULATION)) continue;
        for (const f of s.features) {
          const v = data.columns.get(f.name)![i]!;
          features[f.name] = Number.isNaN(v) ? null : v;
        }
      }
      ctx.log(
        `${a.code} ${a.name} (${a.level}, vintage ${a.vintage}), population ${a.population ?? 'unknown'}, parent ${a.parent ?? '—'}`,
      );
      if (period !== null && Object.keys(features).length === 0)
        ctx.log(`  no feature values: fewer than ${MIN_AREA_POPULATION} inhabitants (disclosure rule)`);
      for (const [k, v] of Object.entries(features))
        ctx.log(`  ${k.padEnd(28)} ${v === null ? '— (suppressed or missing)' : v.toFixed(2)}`);
      return { ...areaJson(a), period, features };
    });
  },
};

const featuresMaterialize: Command = {
  words: ['features', 'materialize'],
  summary: 'compute a feature view into an immutable snapshot per period',
  usage: 'zicht features materialize <view[@version]> [--period 2023JJ00|all] [--level wijk]',
  options: { period: { type: 'string' }, level: { type: 'string' } },
  async run(ctx) {
    const view = requireArg(ctx, 0, 'view', this.usage);
    getFeatureView(view, ctx.home);
    return withStore(ctx, async (store) => {
      const p = stringOption(ctx, 'period') ?? 'all';
      const periods = p === 'all' ? await periodsWithData(store) : [p];
      if (periods.length === 0)
        throw new ZichtError('NOT_FOUND', 'no ingested indicator extracts; run zicht ingest first');
      const out = [];
      for (const period of periods) {
        periodYear(period);
        const s = await materialize(store, view, { period, level: level(ctx, 'wijk') });
        ctx.log(
          `${s.alreadyExisted ? 'unchanged' : 'snapshot'} ${s.id}: ${s.view}@${s.viewVersion} ${s.level} ${s.period}, ${s.nAreas} areas, ${s.features.length} features${s.skipped.length ? `, ${s.skipped.length} skipped (${s.skipped.map((k) => k.feature).join(', ')})` : ''}${s.synthetic ? ' [SYNTHETIC]' : ''}`,
        );
        out.push(s);
      }
      return out;
    });
  },
};

const featuresExport: Command = {
  words: ['features', 'export'],
  summary: 'write a snapshot as Parquet',
  usage: 'zicht features export <snapshot-id> --out file.parquet',
  options: { out: { type: 'string' } },
  async run(ctx) {
    const id = requireArg(ctx, 0, 'snapshot-id', this.usage);
    const out = stringOption(ctx, 'out');
    if (!out) throw new ZichtError('BAD_ARGUMENT', `--out is required. Usage: ${this.usage}`);
    return withStore(ctx, async (store) => {
      const r = await exportSnapshot(store, id, resolve(out));
      ctx.log(`wrote ${r.rows} areas to ${r.path}; ${r.suppressedAreas} under the minimum population have no values`);
      return r;
    });
  },
};

const quality: Command = {
  words: ['quality'],
  summary: 'data-quality reports of the ingested extracts',
  usage: 'zicht quality [source-id]',
  async run(ctx) {
    return withStore(ctx, async (store) => {
      const sources = (await store.sources()).filter((s) => ctx.args.length === 0 || ctx.args.includes(s.id));
      for (const s of sources)
        ctx.log(
          `${s.id} ${s.kind} ${s.file}${s.synthetic ? ' [SYNTHETIC]' : ''}: ` +
            (s.quality
              ? `${s.quality.rows} rows, ${s.quality.areas} areas, ${s.quality.unmatchedCodes.length} unmatched codes`
              : s.kind === 'code-list'
                ? 'code list'
                : 'boundaries') +
            `, vintage ${s.vintage}`,
        );
      return sources;
    });
  },
};

/** CLI commands owned by features/. */
export const featuresCommands: readonly Command[] = [
  ingest,
  areasList,
  areasShow,
  ...viewCommands,
  featuresMaterialize,
  featuresExport,
  datasetBuild,
  quality,
  ...fetchCommands,
];
