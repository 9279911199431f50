import { ZichtError } from '../../core/index.ts';
import { T } from './duck.ts';
import type { FaultInjection, FeatureStore } from './store.ts';

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Write a snapshot's values into `snapshot_values` (one row per area and feature, NULL for NaN)
 * inside the caller's transaction. The columns go in as they are, through the appender, into a
 * wide staging table (one DOUBLE column per feature); DuckDB then unnests that into the long
 * table, so no row is built in JavaScript. With `fault.failAfterRows`, that many rows are written
 * and then the write fails (the caller's transaction rolls them back).
 */
export async function writeSnapshotValues(
  store: FeatureStore,
  id: string,
  codes: readonly string[],
  names: readonly string[],
  values: readonly Float64Array[],
  fault: FaultInjection,
): Promise<void> {
  const cols = names.map((_, j) => `v${j}`);
  await store.db.run(
    `CREATE OR REPLACE TEMP TABLE stage_snapshot (code VARCHAR, ${cols.map((c) => `${c} DOUBLE`).join(', ')})`,
  );
  await store.db.append('stage_snapshot', [T.VARCHAR, ...names.map(() => T.DOUBLE)], [codes, ...values]);
  const fail = fault.failAfterRows !== undefined && codes.length * names.length >= fault.failAfterRows;
  await store.db.run(
    `INSERT INTO snapshot_values SELECT ${literal(id)}, code, unnest([${names.map(literal).join(', ')}]), unnest([${cols.join(', ')}])
     FROM stage_snapshot${fail ? ` LIMIT ${fault.failAfterRows}` : ''}`,
  );
  await store.db.run('DROP TABLE stage_snapshot');
  if (fail) throw new ZichtError('INTERNAL', `injected failure after ${fault.failAfterRows} rows`);
}
