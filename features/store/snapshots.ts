import { ZichtError, hashValue } from '../../core/index.ts';
import { levelOf } from '../areas/codes.ts';
import { computeAdjacency } from '../geo/index.ts';
import type { GeoJsonGeometry } from '../sources/index.ts';
import type { AreaLevel } from '../types.ts';
import { computeView, exprMeasures, getFeatureView, describeFeature } from '../views/index.ts';
import type { FaultInjection, FeatureStore } from './store.ts';

/** Column holding the population used by the disclosure rule, stored with every snapshot. */
export const POPULATION_COLUMN = '_population';

/** Metadata of an immutable feature snapshot. */
export interface SnapshotInfo {
  readonly id: string;
  readonly view: string;
  readonly viewVersion: number;
  readonly vintage: number;
  readonly period: string;
  readonly level: AreaLevel;
  readonly createdAt: string;
  readonly nAreas: number;
  readonly features: readonly {
    readonly name: string;
    readonly transform: string;
    readonly unit: string;
    readonly protected: boolean;
  }[];
  readonly skipped: readonly { readonly feature: string; readonly reason: string }[];
  readonly sourceIds: readonly string[];
  readonly synthetic: boolean;
  /** Cells suppressed by the disclosure rule, per feature name. */
  readonly suppressed: Readonly<Record<string, number>>;
  readonly alreadyExisted?: boolean;
}

/** Snapshot values: one column per feature (plus `_population`), rows = area codes. */
export interface SnapshotData {
  readonly info: SnapshotInfo;
  readonly codes: readonly string[];
  readonly columns: ReadonlyMap<string, Float64Array>;
}

interface ObsRow {
  code: string;
  measure: string;
  value: number | null;
  vintage: number;
  id: string;
  synthetic: boolean;
}

/** Observations of some measures in one period; the most recently ingested source wins per (area, measure). */
export async function readObservations(
  store: FeatureStore,
  period: string,
  measures: readonly string[],
): Promise<ObsRow[]> {
  if (measures.length === 0) return [];
  const holders = await store.db.all<{
    source_id: string;
    idx: number;
    key: string;
    vintage: number;
    synthetic: boolean;
    periods: string;
  }>(
    `
    SELECT m.source_id, m.idx, m.key, s.vintage, s.synthetic, s.periods FROM measures m JOIN sources s ON s.id = m.source_id
    WHERE m.key IN (${measures.map(() => '?').join(', ')}) ORDER BY s.seq`,
    [...measures],
  );
  const latest = new Map<string, ObsRow>();
  const bySource = new Map<string, typeof holders>();
  for (const h of holders)
    if ((JSON.parse(h.periods) as string[]).includes(period))
      bySource.set(h.source_id, [...(bySource.get(h.source_id) ?? []), h]);
  for (const [id, hs] of bySource) {
    const cols = await store.db.columns(
      `SELECT code, ${hs.map((h) => `m${h.idx}`).join(', ')} FROM obs_${id} WHERE period = ?`,
      [period],
    );
    const codes = cols[0] as string[];
    hs.forEach((h, k) => {
      const vals = cols[k + 1] as (number | null)[];
      codes.forEach((code, i) => {
        const v = vals[i];
        if (v === null || v === undefined) return;
        latest.set(`${code}|${h.key}`, {
          code,
          measure: h.key,
          value: v,
          vintage: h.vintage,
          id,
          synthetic: h.synthetic,
        });
      });
    });
  }
  return [...latest.values()];
}

/**
 * Materialize a feature view for one period and level into an immutable
 * snapshot identified by the hash of its content. Re-materializing identical
 * inputs returns the existing snapshot. One transaction: a failure leaves no
 * half-written snapshot.
 */
export async function materialize(
  store: FeatureStore,
  viewRef: string,
  opts: { period: string; level: AreaLevel },
  fault: FaultInjection = {},
): Promise<SnapshotInfo> {
  const view = getFeatureView(viewRef, store.home);
  const needed = [...new Set([view.populationKey, ...view.features.flatMap((f) => exprMeasures(f.expr))])];
  const rows = await readObservations(store, opts.period, needed);
  if (rows.length === 0) {
    throw new ZichtError(
      'NOT_FOUND',
      `no ingested data for feature view ${view.name}@${view.version} in period ${opts.period}; ingest an extract for that period first`,
      { view: view.name, period: opts.period },
    );
  }
  const vintages = [...new Set(rows.map((r) => r.vintage))];
  if (vintages.length > 1) {
    const bySource = [...new Map(rows.map((r) => [r.id, r.vintage])).entries()].map(
      ([id, v]) => `${id} (vintage ${v})`,
    );
    throw new ZichtError(
      'DATA_CONFLICT',
      `mixed vintages for period ${opts.period}: sources ${bySource.join(', ')} describe areas on different boundary years; ingest one vintage per period`,
      { period: opts.period },
    );
  }
  const vintage = vintages[0]!;
  const codes = [...new Set(rows.filter((r) => levelOf(r.code) === opts.level).map((r) => r.code))].sort();
  if (codes.length === 0)
    throw new ZichtError('NOT_FOUND', `no ${opts.level} rows for period ${opts.period}`, {
      period: opts.period,
      level: opts.level,
    });
  const cols = (list: string[]) => {
    const idx = new Map(list.map((c, i) => [c, i]));
    const m = new Map<string, Float64Array>();
    for (const r of rows) {
      const i = idx.get(r.code);
      if (i === undefined) continue;
      let col = m.get(r.measure);
      if (!col) {
        col = new Float64Array(list.length).fill(Number.NaN);
        m.set(r.measure, col);
      }
      col[i] = r.value ?? Number.NaN;
    }
    return m;
  };
  const measures = cols(codes);
  const bounds = await store.boundaries(vintage);
  const levelBounds = bounds.filter((b) => levelOf(b.code) === opts.level);
  const adjacency = levelBounds.length
    ? computeAdjacency(levelBounds.map((b) => ({ code: b.code, geometry: b.geometry as GeoJsonGeometry })))
    : undefined;
  const out = computeView(view, {
    codes,
    measures,
    ...(adjacency ? { adjacency } : {}),
  });
  const population = measures.get(view.populationKey)!;
  const names = [...out.features.map((f) => f.name), POPULATION_COLUMN];
  const values = [...out.values, population];
  const sourceIds = [...new Set(rows.map((r) => r.id))].sort();
  const id = hashValue({
    view: view.name,
    version: view.version,
    vintage,
    period: opts.period,
    level: opts.level,
    codes,
    names,
    values: values.map((v) => Array.from(v, (x) => (Number.isNaN(x) ? null : x))),
  }).slice(0, 24);
  const info: SnapshotInfo = {
    id,
    view: view.name,
    viewVersion: view.version,
    vintage,
    period: opts.period,
    level: opts.level,
    createdAt: new Date().toISOString(),
    nAreas: codes.length,
    features: out.features.map((f) => ({
      name: f.name,
      transform: describeFeature(f),
      unit: f.unit,
      protected: f.tags.includes('protected'),
    })),
    skipped: out.skipped,
    sourceIds,
    synthetic: rows.some((r) => r.synthetic),
    suppressed: Object.fromEntries(out.features.map((f, j) => [f.name, out.suppressedCells[j]!])),
  };
  const existing = await store.db.all<{ id: string }>('SELECT id FROM snapshots WHERE id = ?', [id]);
  if (existing.length) return { ...(await snapshotInfo(store, id)), alreadyExisted: true };
  await store.db.transaction(async () => {
    await store.db.run('INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      id,
      view.name,
      view.version,
      vintage,
      opts.period,
      opts.level,
      info.createdAt,
      codes.length,
      JSON.stringify(info.features),
      JSON.stringify(info.skipped),
      JSON.stringify(sourceIds),
      info.synthetic,
      JSON.stringify(info.suppressed),
    ]);
    const n = codes.length;
    const lines: string[] = [];
    names.forEach((name, j) => {
      for (let i = 0; i < n; i++) {
        const x = values[j]![i]!;
        lines.push(`${codes[i]},${JSON.stringify(name)},${Number.isNaN(x) ? '' : x}`);
      }
    });
    if (fault.failAfterRows !== undefined && lines.length >= fault.failAfterRows) {
      await store.db.loadCsv(
        ['code', 'feature', 'value'],
        ['VARCHAR', 'VARCHAR', 'DOUBLE'],
        lines.slice(0, fault.failAfterRows),
        `INSERT INTO snapshot_values SELECT '${id}', code, feature, value FROM $CSV`,
      );
      throw new ZichtError('INTERNAL', `injected failure after ${fault.failAfterRows} rows`);
    }
    await store.db.loadCsv(
      ['code', 'feature', 'value'],
      ['VARCHAR', 'VARCHAR', 'DOUBLE'],
      lines,
      `INSERT INTO snapshot_values SELECT '${id}', code, feature, value FROM $CSV`,
    );
  });
  return info;
}

interface SnapRow {
  id: string;
  view: string;
  view_version: number;
  vintage: number;
  period: string;
  level: AreaLevel;
  created_at: string;
  n_areas: number;
  features: string;
  skipped: string;
  source_ids: string;
  synthetic: boolean;
  suppressed: string;
}

function toInfo(r: SnapRow): SnapshotInfo {
  return {
    id: r.id,
    view: r.view,
    viewVersion: r.view_version,
    vintage: r.vintage,
    period: r.period,
    level: r.level,
    createdAt: r.created_at,
    nAreas: r.n_areas,
    features: JSON.parse(r.features),
    skipped: JSON.parse(r.skipped),
    sourceIds: JSON.parse(r.source_ids),
    synthetic: r.synthetic,
    suppressed: JSON.parse(r.suppressed),
  };
}

/** All snapshots, newest first. */
export async function listSnapshots(store: FeatureStore): Promise<SnapshotInfo[]> {
  return (await store.db.all<SnapRow>('SELECT * FROM snapshots ORDER BY period DESC, view, created_at DESC')).map(
    toInfo,
  );
}

export async function snapshotInfo(store: FeatureStore, id: string): Promise<SnapshotInfo> {
  const r = (await store.db.all<SnapRow>('SELECT * FROM snapshots WHERE id = ?', [id]))[0];
  if (!r) throw new ZichtError('NOT_FOUND', `no feature snapshot '${id}'; see 'zicht features list'`, { snapshot: id });
  return toInfo(r);
}

/** Load a snapshot's values. */
export async function loadSnapshot(store: FeatureStore, id: string): Promise<SnapshotData> {
  const info = await snapshotInfo(store, id);
  const [code, feature, value] = (await store.db.columns(
    'SELECT code, feature, value FROM snapshot_values WHERE snapshot_id = ? ORDER BY code',
    [id],
  )) as [string[], string[], (number | null)[]];
  const codes = [...new Set(code)].sort();
  const idx = new Map(codes.map((c, i) => [c, i]));
  const columns = new Map<string, Float64Array>();
  for (let r = 0; r < code.length; r++) {
    let col = columns.get(feature[r]!);
    if (!col) {
      col = new Float64Array(codes.length).fill(Number.NaN);
      columns.set(feature[r]!, col);
    }
    col[idx.get(code[r]!)!] = value[r] ?? Number.NaN;
  }
  return { info, codes, columns };
}

/** Areas with fewer inhabitants are never shown: no output of zicht carries their values. */
export const DISCLOSURE_MIN_POPULATION = 100;

/**
 * Write a snapshot to Parquet (DuckDB COPY), one row per area, one column per feature. Areas
 * under the minimum population keep their code but get no values at all (not even those of
 * features whose own rule is lower, such as the population itself), as nothing else shows them.
 */
export async function exportSnapshot(
  store: FeatureStore,
  id: string,
  path: string,
  opts: { minPopulation?: number } = {},
): Promise<{ path: string; rows: number; suppressedAreas: number }> {
  const info = await snapshotInfo(store, id);
  const min = opts.minPopulation ?? DISCLOSURE_MIN_POPULATION;
  if (!(Number.isFinite(min) && min >= 0))
    throw new ZichtError('BAD_ARGUMENT', `the minimum population must be a number ≥ 0, got ${min}`);
  const safe = path.replace(/'/g, "''");
  const sid = id.replace(/[^0-9a-f]/g, '');
  const pop = `(SELECT code, value AS pop FROM snapshot_values WHERE snapshot_id = '${sid}' AND feature = '${POPULATION_COLUMN}')`;
  await store.db.run(
    `COPY (PIVOT (SELECT v.code, v.feature, CASE WHEN p.pop >= ${min} THEN v.value END AS value
       FROM snapshot_values v LEFT JOIN ${pop} p ON p.code = v.code WHERE v.snapshot_id = '${sid}')
     ON feature USING first(value) ORDER BY code) TO '${safe}' (FORMAT parquet)`,
  );
  const [n] = await store.db.all<{ n: number | bigint }>(
    `SELECT COUNT(*) AS n FROM ${pop} WHERE pop IS NULL OR NOT (pop >= ${min})`,
  );
  return { path, rows: info.nAreas, suppressedAreas: Number(n!.n) };
}
