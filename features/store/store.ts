import { join } from 'node:path';
import { ZichtError, ensurePrivateDir, makePrivate } from '../../core/index.ts';
import { gemeenteOf, parentOf } from '../areas/codes.ts';
import {
  decideVintage,
  qualityReport,
  registerCodes,
  sourceMetaOf,
  withVintage,
  type BoundarySet,
  type CodeList,
  type ParsedSource,
  type QualityReport,
  type SourceTable,
  type VintageBasis,
  type VintageRegistry,
} from '../sources/index.ts';
import type { Area, AreaLevel } from '../types.ts';
import { ADJACENCY_SCHEMA } from './adjacency.ts';
import { Duck, T } from './duck.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sources (
  id VARCHAR PRIMARY KEY, seq INTEGER NOT NULL, kind VARCHAR NOT NULL, file VARCHAR NOT NULL, table_id VARCHAR,
  title VARCHAR, periods VARCHAR NOT NULL, vintage INTEGER NOT NULL, synthetic BOOLEAN NOT NULL, licence VARCHAR NOT NULL,
  ingested_at VARCHAR NOT NULL, quality VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS measures (source_id VARCHAR NOT NULL, idx INTEGER NOT NULL, key VARCHAR NOT NULL, title VARCHAR NOT NULL, unit VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS suppressed_cells (source_id VARCHAR NOT NULL, code VARCHAR NOT NULL, period VARCHAR NOT NULL, measure VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS areas (code VARCHAR NOT NULL, vintage INTEGER NOT NULL, level VARCHAR NOT NULL, name VARCHAR, parent VARCHAR, population DOUBLE, synthetic BOOLEAN NOT NULL, PRIMARY KEY (code, vintage));
CREATE TABLE IF NOT EXISTS boundaries (code VARCHAR NOT NULL, vintage INTEGER NOT NULL, name VARCHAR, geometry VARCHAR NOT NULL, synthetic BOOLEAN NOT NULL, PRIMARY KEY (code, vintage));
CREATE TABLE IF NOT EXISTS snapshots (
  id VARCHAR PRIMARY KEY, view VARCHAR NOT NULL, view_version INTEGER NOT NULL, vintage INTEGER NOT NULL, period VARCHAR NOT NULL,
  level VARCHAR NOT NULL, created_at VARCHAR NOT NULL, n_areas INTEGER NOT NULL, features VARCHAR NOT NULL, skipped VARCHAR NOT NULL,
  source_ids VARCHAR NOT NULL, synthetic BOOLEAN NOT NULL, suppressed VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS snapshot_values (snapshot_id VARCHAR NOT NULL, code VARCHAR NOT NULL, feature VARCHAR NOT NULL, value DOUBLE);
${ADJACENCY_SCHEMA};
`;

/** One ingested source as stored. */
export interface StoredSource {
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  readonly tableId: string | null;
  readonly periods: readonly string[];
  readonly vintage: number;
  readonly synthetic: boolean;
  readonly licence: string;
  readonly ingestedAt: string;
  readonly quality: QualityReport | null;
}

export interface IngestResult {
  readonly sourceId: string;
  readonly alreadyIngested: boolean;
  readonly kind: string;
  readonly file: string;
  readonly rows: number;
  readonly quality: QualityReport | null;
  /** Boundary year the source was registered under. */
  readonly vintage: number;
  /** How that year was decided (null for a source ingested earlier). */
  readonly vintageBasis: VintageBasis | null;
  /** Why, in words: "all 44 area codes are in the 2024 code list". */
  readonly vintageDetail: string;
}

/** Test hook: throw after this many observation rows were written, to prove atomicity. */
export interface FaultInjection {
  readonly failAfterRows?: number;
}

/**
 * The analytical feature store: an embedded DuckDB database at
 * `$ZICHT_HOME/features.duckdb`. Every write is one transaction. The values
 * of each source live in their own wide table `obs_<source id>` (area, period,
 * one DOUBLE column per measure, NULL = missing); suppressed cells are listed
 * in `suppressed_cells`.
 */
export class FeatureStore {
  private constructor(
    readonly db: Duck,
    /** `$ZICHT_HOME` of this store, whose `views/` holds the user feature views; null: built-in views only. */
    readonly home: string | null,
  ) {}

  static async open(home: string): Promise<FeatureStore> {
    ensurePrivateDir(home);
    const store = await FeatureStore.openPath(join(home, 'features.duckdb'), home);
    makePrivate(join(home, 'features.duckdb'), join(home, 'features.duckdb.wal'));
    return store;
  }

  /** Open a store file (`:memory:` for tests); `home` gives it the user feature views of that home. */
  static async openPath(path: string, home: string | null = null): Promise<FeatureStore> {
    const db = await Duck.open(path);
    for (const stmt of SCHEMA.split(';')
      .map((s) => s.trim())
      .filter(Boolean))
      await db.run(stmt);
    return new FeatureStore(db, home);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Ingest a parsed source: metadata, areas, observations (or boundaries, or a
   * code list), quality report. All or nothing. Its boundary vintage is decided
   * first (stated, or inferred from its area codes against the code lists
   * registered so far); an undecidable vintage is an error and writes nothing.
   */
  async ingest(parsed: ParsedSource, fault: FaultInjection = {}): Promise<IngestResult> {
    const meta0 = sourceMetaOf(parsed);
    const id = meta0.contentHash.slice(0, 16);
    const existing = await this.db.all<{ id: string; quality: string; vintage: number }>(
      'SELECT id, quality, vintage FROM sources WHERE id = ?',
      [id],
    );
    if (existing.length) {
      const q = JSON.parse(existing[0]!.quality) as QualityReport | null;
      const vintage = existing[0]!.vintage;
      return {
        sourceId: id,
        alreadyIngested: true,
        kind: meta0.kind,
        file: meta0.file,
        rows: q?.rows ?? 0,
        quality: q,
        vintage,
        vintageBasis: null,
        vintageDetail: `as registered when first ingested`,
      };
    }
    const decision = decideVintage(parsed, await this.codesByVintage());
    const source = withVintage(parsed, decision);
    const meta = sourceMetaOf(source);
    const vintage = decision.vintage;
    const known = new Set(((await this.db.columns('SELECT DISTINCT code FROM areas'))[0] ?? []) as string[]);
    return this.db.transaction(async () => {
      const seq = ((await this.db.all<{ s: number | null }>('SELECT MAX(seq) AS s FROM sources'))[0]!.s ?? 0) + 1;
      let quality: QualityReport | null = null;
      let rows = 0;
      if (source.type === 'table') {
        quality = qualityReport(source.table, known.size ? known : undefined);
        rows = await this.#writeTable(id, source.table, vintage, fault);
      } else if (source.type === 'boundaries') {
        rows = await this.#writeBoundaries(source.set, vintage);
      } else {
        rows = await this.#writeCodeList(source.list, vintage);
      }
      await this.db.run(`INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        id,
        seq,
        meta.kind,
        meta.file,
        meta.tableId,
        meta.title,
        JSON.stringify(meta.periods),
        vintage,
        meta.synthetic,
        meta.licence,
        new Date().toISOString(),
        JSON.stringify(quality),
      ]);
      return {
        sourceId: id,
        alreadyIngested: false,
        kind: meta.kind,
        file: meta.file,
        rows,
        quality,
        vintage,
        vintageBasis: decision.basis,
        vintageDetail: decision.detail,
      };
    });
  }

  /**
   * Ingest several sources: every vintage is decided before anything is
   * written (a later source may be placed by the codes of an earlier one), so a
   * source whose vintage cannot be decided changes nothing; each source is then
   * stored in its own transaction, in order.
   */
  async ingestMany(parsed: readonly ParsedSource[]): Promise<IngestResult[]> {
    let registry: VintageRegistry = await this.codesByVintage();
    const decided = parsed.map((p) => {
      const d = decideVintage(p, registry);
      registry = registerCodes(registry, p, d.vintage);
      return withVintage(p, d);
    });
    const out: IngestResult[] = [];
    for (const p of decided) out.push(await this.ingest(p));
    return out;
  }

  /** Area codes known per boundary year: the registered areas and boundaries of each vintage. */
  async codesByVintage(): Promise<Map<number, Set<string>>> {
    // as columns: a row object per area and year took most of this query's time
    const [vintages = [], codes = []] = (await this.db.columns(
      'SELECT vintage, code FROM areas UNION SELECT vintage, code FROM boundaries',
    )) as [number[]?, string[]?];
    const out = new Map<number, Set<string>>();
    codes.forEach((code, i) => {
      const set = out.get(vintages[i]!) ?? new Set<string>();
      set.add(code);
      out.set(vintages[i]!, set);
    });
    return out;
  }

  async #writeTable(id: string, t: SourceTable, vintage: number, fault: FaultInjection): Promise<number> {
    await this.db.append(
      'measures',
      [T.VARCHAR, T.INTEGER, T.VARCHAR, T.VARCHAR, T.VARCHAR],
      [
        t.measures.map(() => id),
        t.measures.map((_, j) => j),
        t.measures.map((m) => m.key),
        t.measures.map((m) => m.title),
        t.measures.map((m) => m.unit),
      ],
    );
    await this.#upsertAreas(t, vintage);
    const n = t.codes.length;
    // one DOUBLE column per measure, appended straight from the parsed columns (NaN → NULL)
    await this.db.run(
      `CREATE TABLE obs_${id} (code VARCHAR, period VARCHAR, ${t.measures.map((_, j) => `m${j} DOUBLE`).join(', ')})`,
    );
    await this.db.append(
      `obs_${id}`,
      [T.VARCHAR, T.VARCHAR, ...t.measures.map(() => T.DOUBLE)],
      [t.codes, t.periods, ...t.values],
      (done) => {
        if (fault.failAfterRows !== undefined && done >= fault.failAfterRows)
          throw new ZichtError('INTERNAL', `injected failure after ${done} rows`);
      },
    );
    const supp: [string[], string[], string[]] = [[], [], []];
    t.suppressed.forEach((s, j) => {
      const key = t.measures[j]!.key;
      s.forEach((x, i) => {
        if (!x) return;
        supp[0].push(t.codes[i]!);
        supp[1].push(t.periods[i]!);
        supp[2].push(key);
      });
    });
    if (supp[0].length)
      await this.db.append(
        'suppressed_cells',
        [T.VARCHAR, T.VARCHAR, T.VARCHAR, T.VARCHAR],
        [supp[0].map(() => id), ...supp],
      );
    return n;
  }

  async #upsertAreas(t: SourceTable, vintage: number): Promise<void> {
    const popIdx = t.measures.findIndex((m) => m.key === 'Bevolking/Aantal inwoners' || m.key === 'population');
    const vintageYear = `${vintage}JJ00`;
    const seen = new Set<string>();
    const rows: [string, string, string | null, string | null, number | null][] = [];
    // prefer the population of the period matching the vintage
    const order = t.codes
      .map((_, i) => i)
      .sort((a, b) => Number(t.periods[b] === vintageYear) - Number(t.periods[a] === vintageYear));
    for (const i of order) {
      const c = t.codes[i]!;
      if (seen.has(c)) continue;
      seen.add(c);
      const p = popIdx >= 0 ? t.values[popIdx]![i]! : Number.NaN;
      rows.push([c, t.levels[i]!, t.names[i] ?? null, parentOf(c), Number.isNaN(p) ? null : p]);
    }
    await this.#stageAreas(rows, vintage, t.meta.synthetic);
  }

  /** A code list registers the areas of its vintage with their names; it has no figures. */
  async #writeCodeList(list: CodeList, vintage: number): Promise<number> {
    await this.#stageAreas(
      list.codes.map((c, i) => [c, list.levels[i]!, list.names[i] ?? null, parentOf(c), null]),
      vintage,
      list.meta.synthetic,
    );
    return list.codes.length;
  }

  async #stageAreas(
    rows: readonly (readonly [string, string, string | null, string | null, number | null])[],
    vintage: number,
    synthetic: boolean,
  ): Promise<void> {
    // bulk: stage with the appender, then one upsert (single-row inserts are slow in DuckDB)
    await this.db.run('CREATE TEMP TABLE IF NOT EXISTS stage_areas AS SELECT * FROM areas LIMIT 0');
    await this.db.run('DELETE FROM stage_areas');
    await this.db.append(
      'stage_areas',
      [T.VARCHAR, T.INTEGER, T.VARCHAR, T.VARCHAR, T.VARCHAR, T.DOUBLE, T.BOOLEAN],
      [
        rows.map((r) => r[0]),
        rows.map(() => vintage),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        rows.map((r) => r[3]),
        rows.map((r) => r[4]),
        rows.map(() => synthetic),
      ],
    );
    // an upsert: known areas get a name or population they did not have or that changed, new areas are
    // added (ON CONFLICT DO UPDATE does the same, several times slower on a store with many areas)
    await this.db.run(`UPDATE areas SET name = COALESCE(s.name, areas.name), population = COALESCE(s.population, areas.population)
      FROM stage_areas s WHERE areas.code = s.code AND areas.vintage = s.vintage
      AND ((s.name IS NOT NULL AND s.name IS DISTINCT FROM areas.name)
        OR (s.population IS NOT NULL AND s.population IS DISTINCT FROM areas.population))`);
    await this.db.run(
      'INSERT INTO areas SELECT s.* FROM stage_areas s ANTI JOIN areas a ON a.code = s.code AND a.vintage = s.vintage',
    );
  }

  async #writeBoundaries(set: BoundarySet, vintage: number): Promise<number> {
    const b = set.boundaries;
    await this.db.run('CREATE TEMP TABLE IF NOT EXISTS stage_boundaries AS SELECT * FROM boundaries LIMIT 0');
    await this.db.run('DELETE FROM stage_boundaries');
    await this.db.append(
      'stage_boundaries',
      [T.VARCHAR, T.INTEGER, T.VARCHAR, T.VARCHAR, T.BOOLEAN],
      [
        b.map((x) => x.code),
        b.map(() => vintage),
        b.map((x) => x.name),
        b.map((x) => JSON.stringify(x.geometry)),
        b.map(() => set.meta.synthetic),
      ],
    );
    // contiguity cached for this vintage came from the boundaries being replaced
    await this.db.run('DELETE FROM adjacency WHERE vintage = ?', [vintage]);
    await this.db.run(`INSERT INTO boundaries SELECT * FROM stage_boundaries
      ON CONFLICT (code, vintage) DO UPDATE SET geometry = excluded.geometry, name = COALESCE(excluded.name, boundaries.name)`);
    return b.length;
  }

  /** Ingested sources, oldest first. */
  async sources(): Promise<StoredSource[]> {
    const rows = await this.db.all<{
      id: string;
      kind: string;
      file: string;
      table_id: string | null;
      periods: string;
      vintage: number;
      synthetic: boolean;
      licence: string;
      ingested_at: string;
      quality: string;
    }>('SELECT * FROM sources ORDER BY seq');
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      file: r.file,
      tableId: r.table_id,
      periods: JSON.parse(r.periods),
      vintage: r.vintage,
      synthetic: r.synthetic,
      licence: r.licence,
      ingestedAt: r.ingested_at,
      quality: JSON.parse(r.quality),
    }));
  }

  /** Areas of the registry; the latest vintage by default. */
  async areas(filter: { level?: AreaLevel; municipality?: string; vintage?: number } = {}): Promise<Area[]> {
    const vintage = filter.vintage ?? (await this.latestVintage());
    if (vintage === null) return [];
    const rows = await this.db.all<{
      code: string;
      level: AreaLevel;
      vintage: number;
      name: string | null;
      parent: string | null;
      population: number | null;
    }>('SELECT code, level, vintage, name, parent, population FROM areas WHERE vintage = ? ORDER BY code', [vintage]);
    return rows
      .filter(
        (r) =>
          (!filter.level || r.level === filter.level) &&
          (!filter.municipality || gemeenteOf(r.code) === filter.municipality),
      )
      .map((r) => ({
        code: r.code,
        level: r.level,
        vintage: r.vintage,
        name: r.name ?? r.code,
        parent: r.parent,
        population: r.population,
      }));
  }

  /** One area; `UNKNOWN_AREA` when the registry does not have it. */
  async area(code: string, vintage?: number): Promise<Area> {
    const list = (
      await this.db.all<{
        code: string;
        level: AreaLevel;
        vintage: number;
        name: string | null;
        parent: string | null;
        population: number | null;
      }>('SELECT code, level, vintage, name, parent, population FROM areas WHERE code = ? ORDER BY vintage DESC', [
        code,
      ])
    ).filter((r) => vintage === undefined || r.vintage === vintage);
    const r = list[0];
    if (!r)
      throw new ZichtError(
        'UNKNOWN_AREA',
        `unknown area '${code}'${vintage ? ` in vintage ${vintage}` : ''}; see 'zicht areas list'`,
        { code },
      );
    return {
      code: r.code,
      level: r.level,
      vintage: r.vintage,
      name: r.name ?? r.code,
      parent: r.parent,
      population: r.population,
    };
  }

  async latestVintage(): Promise<number | null> {
    return (await this.db.all<{ v: number | null }>('SELECT MAX(vintage) AS v FROM areas'))[0]!.v;
  }

  /** Boundaries of a vintage. */
  async boundaries(vintage: number): Promise<{ code: string; name: string | null; geometry: unknown }[]> {
    const rows = await this.db.all<{ code: string; name: string | null; geometry: string }>(
      'SELECT code, name, geometry FROM boundaries WHERE vintage = ? ORDER BY code',
      [vintage],
    );
    return rows.map((r) => ({ code: r.code, name: r.name, geometry: JSON.parse(r.geometry) }));
  }
}
