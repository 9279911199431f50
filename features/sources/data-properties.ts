import { z } from 'zod';
import { ZichtError } from '../../core/index.ts';
import type { MeasureInfo } from './types.ts';

/** One entry of a CBS OData `DataProperties` list, as far as zicht reads it. */
const entrySchema = z.looseObject({
  ID: z.number().int(),
  ParentID: z.number().int().nullable().optional(),
  Type: z.string(),
  Key: z.string(),
  Title: z.string(),
  Unit: z.string().nullable().optional(),
  Datatype: z.string().nullable().optional(),
  MapYear: z
    .union([z.number().int(), z.string().regex(/^\s*\d{4}\s*$/)])
    .nullable()
    .optional(),
});
type Entry = z.infer<typeof entrySchema>;

/** A measure (`Topic`) of a table: its OData key with the title path zicht stores it under. */
export interface TopicInfo extends MeasureInfo {
  /** The OData key, with its position suffix (`AantalInwoners_5`). */
  readonly odataKey: string;
  /** True for numbers; false for text topics (names, codes published as strings). */
  readonly numeric: boolean;
}

/** What `DataProperties` says about a table: its dimensions and its measures. */
export interface TableProperties {
  readonly file: string;
  /** Key of the region dimension (`GeoDimension` or `GeoDetail`), e.g. `WijkenEnBuurten`. */
  readonly regionKey: string | null;
  /** Key of the period dimension (`TimeDimension`), e.g. `Perioden`. */
  readonly periodKey: string | null;
  /** Keys of the other dimensions (`SoortMisdrijf`). */
  readonly dimensions: readonly string[];
  /** Boundary year of the region codes (`MapYear` of the region dimension). */
  readonly mapYear: number | null;
  /** Topics by OData key. */
  readonly topics: ReadonlyMap<string, TopicInfo>;
}

const NUMERIC_DATATYPES = new Set(['Long', 'Double', 'Float', 'Integer', 'Int32', 'Int64', 'Short', 'Decimal']);

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ZichtError('PARSE_ERROR', `${file}: not valid JSON (${(e as Error).message}) — truncated?`, { file });
  }
}

function entries(json: unknown, file: string): Entry[] {
  const list = Array.isArray(json) ? json : z.object({ value: z.array(z.unknown()) }).safeParse(json).data?.value;
  if (!list)
    throw new ZichtError('PARSE_ERROR', `${file}: expected a DataProperties list ([...] or {"value": [...]})`, {
      file,
    });
  return list.map((raw, i) => {
    const r = entrySchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: entry ${i + 1}, field '${issue.path.join('.') || '?'}': ${issue.message}`,
        { file, row: i + 1, column: issue.path.join('.') },
      );
    }
    return r.data;
  });
}

/**
 * The title path of a Topic: its TopicGroups' titles, outermost first, then
 * its own title (`Bevolking/Aantal inwoners`). A parent that is missing or is
 * not a TopicGroup is an error: a bare title would silently be another measure.
 */
function titlePath(p: Entry, byId: ReadonlyMap<number, Entry>, file: string): string {
  const path = [p.Title.trim()];
  const seen = new Set<number>([p.ID]);
  for (let parent = p.ParentID; parent !== null && parent !== undefined; ) {
    const g = byId.get(parent);
    if (g?.Type !== 'TopicGroup')
      throw new ZichtError(
        'PARSE_ERROR',
        `${file}: Topic '${p.Key}' (ID ${p.ID}) belongs to TopicGroup ${parent}, which is not in DataProperties` +
          (g ? ` (ID ${parent} is a ${g.Type})` : '') +
          '; the measure cannot be named by its title path',
        { file, column: p.Key },
      );
    if (seen.has(g.ID))
      throw new ZichtError('PARSE_ERROR', `${file}: TopicGroup ${g.ID} is its own ancestor (ParentID cycle)`, {
        file,
      });
    seen.add(g.ID);
    path.unshift(g.Title.trim());
    parent = g.ParentID;
  }
  return path.join('/');
}

/**
 * Read a CBS OData `DataProperties` list (parsed with a schema at the
 * boundary): the region, period and other dimensions, the boundary year, and
 * each Topic's key (`AantalInwoners_5`) mapped to its title path
 * (`Bevolking/Aantal inwoners`) — the same key a StatLine CSV header gives,
 * so a measure is matched by title, never by its position suffix.
 */
export function parseTableProperties(text: string, file: string): TableProperties {
  const list = entries(parseJson(text, file), file);
  const byId = new Map(list.map((p) => [p.ID, p]));
  const topics = new Map<string, TopicInfo>();
  let regionKey: string | null = null;
  let periodKey: string | null = null;
  let mapYear: number | null = null;
  const dimensions: string[] = [];
  for (const p of list) {
    if (p.Type === 'GeoDimension' || p.Type === 'GeoDetail') {
      regionKey = p.Key;
      if (p.MapYear !== null && p.MapYear !== undefined) mapYear = Number(p.MapYear);
    } else if (p.Type === 'TimeDimension') periodKey = p.Key;
    else if (p.Type === 'Dimension') dimensions.push(p.Key);
    else if (p.Type === 'Topic') {
      const unit = (p.Unit ?? '').trim();
      const key = titlePath(p, byId, file);
      const numeric = p.Datatype ? NUMERIC_DATATYPES.has(p.Datatype) : !isTextUnit(key, unit);
      topics.set(p.Key, { key, title: p.Title.trim(), unit, odataKey: p.Key, numeric });
    }
  }
  return { file, regionKey, periodKey, dimensions, mapYear, topics };
}

/** Without a `Datatype`: units CBS uses for text topics (names, descriptions, codes other than classes). */
function isTextUnit(key: string, unit: string): boolean {
  if (unit === 'naam' || unit === 'omschrijving') return true;
  return unit === 'code' && !(key.startsWith('Stedelijkheid/') || key === 'Postcode/Dekkingspercentage');
}

/** The region dimension's key, or a `PARSE_ERROR` naming the DataProperties file. */
export function requireRegionKey(props: TableProperties): string {
  if (props.regionKey === null)
    throw new ZichtError(
      'PARSE_ERROR',
      `${props.file}: no region dimension (GeoDimension or GeoDetail) in DataProperties; zicht reads area tables only`,
      { file: props.file },
    );
  return props.regionKey;
}

/** The period dimension's key, or a `PARSE_ERROR` naming the DataProperties file. */
export function requirePeriodKey(props: TableProperties): string {
  if (props.periodKey === null)
    throw new ZichtError('PARSE_ERROR', `${props.file}: no period dimension (TimeDimension) in DataProperties`, {
      file: props.file,
    });
  return props.periodKey;
}

/** The Topic with this title (case and padding ignored), or a `PARSE_ERROR` listing the topics there are. */
export function topicByTitle(props: TableProperties, title: string): TopicInfo {
  const want = title.trim().toLowerCase();
  const found = [...props.topics.values()].filter((t) => t.title.toLowerCase() === want);
  if (found.length === 1) return found[0]!;
  const known = [...props.topics.values()].map((t) => `'${t.title}' (${t.odataKey})`);
  throw new ZichtError(
    'PARSE_ERROR',
    found.length === 0
      ? `${props.file}: no Topic titled '${title}' in DataProperties (topics: ${known.join(', ') || 'none'})`
      : `${props.file}: ${found.length} Topics titled '${title}' (${found.map((t) => t.odataKey).join(', ')})`,
    { file: props.file, column: title },
  );
}
