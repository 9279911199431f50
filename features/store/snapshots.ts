import { ZichtError, hashValue } from '../../core/index.ts';
import { levelOf } from '../areas/codes.ts';
import type { AreaLevel } from '../types.ts';
import { computeView, exprMeasures, getFeatureView, describeFeature } from '../views/index.ts';
import { adjacencyOf } from './adjacency.ts';
import { readObservationColumns } from './observations.ts';
import type { FaultInjection, FeatureStore } from './store.ts';
import { readSnapshotValues, snapshotExportSql, writeSnapshotValues } from './snapshot-values.ts';

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
  return (await materializeData(store, viewRef, opts, fault)).info;
}

/**
 * Materialize, and hand back the snapshot's values as computed: the snapshot is identified by
 * the hash of exactly these values, so they equal what the store holds, without reading it back.
 */
export async function materializeData(
  store: FeatureStore,
  viewRef: string,
  opts: { period: string; level: AreaLevel },
  fault: FaultInjection = {},
): Promise<SnapshotData> {
  const view = getFeatureView(viewRef, store.home);
  // The same view over the same ingested sources gives the same snapshot: an open store computes
  // it once (a training job asks for each period up to four times: the demo's materialize step,
  // the dataset, the label-bias comparison's dataset, scoring). Any ingest changes the sources.
  const sources = await store.db.all<{ id: string }>('SELECT id FROM sources ORDER BY id');
  const key = hashValue({ view, period: opts.period, level: opts.level, sources: sources.map((r) => r.id) });
  const known = computed.get(store)?.get(key);
  if (known) return { info: { ...(await snapshotInfo(store, known.id)), alreadyExisted: true }, ...known.values };
  const data = await computeSnapshot(store, view, opts, fault);
  const byKey = computed.get(store) ?? new Map();
  computed.set(store, byKey);
  byKey.set(key, { id: data.info.id, values: { codes: data.codes, columns: data.columns } });
  return data;
}

/** Snapshots an open store has computed, by their inputs (see materializeData). */
const computed = new WeakMap<
  FeatureStore,
  Map<string, { id: string; values: Pick<SnapshotData, 'codes' | 'columns'> }>
>();

async function computeSnapshot(
  store: FeatureStore,
  view: ReturnType<typeof getFeatureView>,
  opts: { period: string; level: AreaLevel },
  fault: FaultInjection,
): Promise<SnapshotData> {
  const needed = [...new Set([view.populationKey, ...view.features.flatMap((f) => exprMeasures(f.expr))])];
  const obs = await readObservationColumns(store, opts.period, needed);
  if (obs.sources.length === 0) {
    throw new ZichtError(
      'NOT_FOUND',
      `no ingested data for feature view ${view.name}@${view.version} in period ${opts.period}; ingest an extract for that period first`,
      { view: view.name, period: opts.period },
    );
  }
  const vintages = [...new Set(obs.sources.map((s) => s.vintage))];
  if (vintages.length > 1) {
    const bySource = obs.sources.map((s) => `${s.id} (vintage ${s.vintage})`);
    throw new ZichtError(
      'DATA_CONFLICT',
      `mixed vintages for period ${opts.period}: sources ${bySource.join(', ')} describe areas on different boundary years; ingest one vintage per period`,
      { period: opts.period },
    );
  }
  const vintage = vintages[0]!;
  const rowsAt = obs.codes.flatMap((c, a) => (levelOf(c) === opts.level ? [a] : []));
  rowsAt.sort((x, y) => (obs.codes[x]! < obs.codes[y]! ? -1 : obs.codes[x]! > obs.codes[y]! ? 1 : 0));
  const codes = rowsAt.map((a) => obs.codes[a]!);
  if (codes.length === 0)
    throw new ZichtError('NOT_FOUND', `no ${opts.level} rows for period ${opts.period}`, {
      period: opts.period,
      level: opts.level,
    });
  // a measure without any value at this level is absent (its features are skipped, not all-NaN)
  const measures = new Map<string, Float64Array>();
  for (const [key, all] of obs.values) {
    const col = Float64Array.from(rowsAt, (a) => all[a]!);
    if (col.some((x) => !Number.isNaN(x))) measures.set(key, col);
  }
  // contiguity only for a view that has a neighbour mean (cached in the store per vintage and level)
  const adjacency = view.features.some((f) => f.context?.kind === 'neighbour-mean')
    ? await adjacencyOf(store, vintage, opts.level)
    : null;
  const out = computeView(view, {
    codes,
    measures,
    ...(adjacency ? { adjacency } : {}),
  });
  const population = measures.get(view.populationKey)!;
  const names = [...out.features.map((f) => f.name), POPULATION_COLUMN];
  const values = [...out.values, population];
  const sourceIds = obs.sources.map((s) => s.id).sort();
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
    synthetic: obs.sources.some((s) => s.synthetic),
    suppressed: Object.fromEntries(out.features.map((f, j) => [f.name, out.suppressedCells[j]!])),
  };
  const columns = new Map(names.map((n, j) => [n, values[j]!]));
  const existing = await store.db.all<{ id: string }>('SELECT id FROM snapshots WHERE id = ?', [id]);
  if (existing.length) return { info: { ...(await snapshotInfo(store, id)), alreadyExisted: true }, codes, columns };
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
    await writeSnapshotValues(store, id, codes, names, values, fault);
  });
  return { info, codes, columns };
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
  return { info, ...(await readSnapshotValues(store, id)) };
}

/** Areas with fewer inhabitants are never shown: no output of zicht carries their values. */
const DISCLOSURE_MIN_POPULATION = 100;

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
  const sql = await snapshotExportSql(store, id, POPULATION_COLUMN, min);
  await store.db.run(`COPY (${sql.select}) TO '${safe}' (FORMAT parquet)`);
  const [n] = await store.db.all<{ n: number | bigint }>(sql.countHidden);
  return { path, rows: info.nAreas, suppressedAreas: Number(n!.n) };
}
