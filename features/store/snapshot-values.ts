import { ZichtError } from '../../core/index.ts';
import { T } from './duck.ts';
import type { FaultInjection, FeatureStore } from './store.ts';

/**
 * Where a snapshot's values live: its own wide table `snap_<id>`, one row per area and one DOUBLE
 * column per feature (and `_population`), NULL for a missing or suppressed value — as the source
 * values live in `obs_<source id>`. Snapshots written before this layout keep theirs in the long
 * table `snapshot_values` (one row per area and feature) and are read from there.
 */
const snapshotTable = (id: string): string => `snap_${id.replace(/[^0-9a-f]/g, '')}`;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Write a snapshot's values inside the caller's transaction: the columns go in as they are,
 * through the appender. With `fault.failAfterRows`, the write fails once that many values are
 * written (the caller's transaction rolls them back).
 */
export async function writeSnapshotValues(
  store: FeatureStore,
  id: string,
  codes: readonly string[],
  names: readonly string[],
  values: readonly Float64Array[],
  fault: FaultInjection,
): Promise<void> {
  const table = snapshotTable(id);
  await store.db.run(
    `CREATE TABLE ${table} (code VARCHAR NOT NULL, ${names.map((n) => `${ident(n)} DOUBLE`).join(', ')})`,
  );
  await store.db.append(table, [T.VARCHAR, ...names.map(() => T.DOUBLE)], [codes, ...values], (rows) => {
    if (fault.failAfterRows !== undefined && rows * names.length >= fault.failAfterRows)
      throw new ZichtError('INTERNAL', `injected failure after ${rows * names.length} values`);
  });
}

async function hasTable(store: FeatureStore, table: string): Promise<boolean> {
  const rows = await store.db.all<{ n: number | bigint }>(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
    [table],
  );
  return Number(rows[0]!.n) > 0;
}

/** A snapshot's values: area codes in order, one column per feature (NaN for NULL). */
export async function readSnapshotValues(
  store: FeatureStore,
  id: string,
): Promise<{ codes: string[]; columns: Map<string, Float64Array> }> {
  const table = snapshotTable(id);
  if (await hasTable(store, table)) {
    const names = (
      await store.db.all<{ column_name: string }>(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [table],
      )
    ).map((r) => r.column_name);
    const cols = await store.db.columns(`SELECT * FROM ${table} ORDER BY code`);
    const columns = new Map<string, Float64Array>();
    names.forEach((name, j) => {
      if (j > 0)
        columns.set(
          name,
          Float64Array.from(cols[j] as (number | null)[], (x) => x ?? Number.NaN),
        );
    });
    return { codes: cols[0] as string[], columns };
  }
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
  return { codes, columns };
}

/**
 * The SQL of a snapshot for export: one row per area in code order, one column per feature in name
 * order (as PIVOT gives them from the long layout), every value NULL for an area whose `population`
 * column is not at least `min`. Also the SQL counting those areas.
 */
export async function snapshotExportSql(
  store: FeatureStore,
  id: string,
  population: string,
  min: number,
): Promise<{ select: string; countHidden: string }> {
  const table = snapshotTable(id);
  if (await hasTable(store, table)) {
    const names = (
      await store.db.all<{ column_name: string }>(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? AND column_name <> 'code'",
        [table],
      )
    )
      .map((r) => r.column_name)
      .sort();
    const shown = `${ident(population)} >= ${min}`;
    return {
      select: `SELECT code, ${names.map((n) => `CASE WHEN ${shown} THEN ${ident(n)} END AS ${ident(n)}`).join(', ')} FROM ${table} ORDER BY code`,
      countHidden: `SELECT count(*) AS n FROM ${table} WHERE ${ident(population)} IS NULL OR NOT (${shown})`,
    };
  }
  const sid = id.replace(/[^0-9a-f]/g, '');
  const pop = `(SELECT code, value AS pop FROM snapshot_values WHERE snapshot_id = '${sid}' AND feature = '${population}')`;
  return {
    select: `PIVOT (SELECT v.code, v.feature, CASE WHEN p.pop >= ${min} THEN v.value END AS value
       FROM snapshot_values v LEFT JOIN ${pop} p ON p.code = v.code WHERE v.snapshot_id = '${sid}')
     ON feature USING first(value) ORDER BY code`,
    countHidden: `SELECT count(*) AS n FROM ${pop} WHERE pop IS NULL OR NOT (pop >= ${min})`,
  };
}
