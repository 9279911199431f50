import {
  DuckDBInstance,
  type DuckDBConnection,
  DOUBLE,
  VARCHAR,
  BOOLEAN,
  INTEGER,
  DuckDBDataChunk,
  type DuckDBValue,
  type DuckDBType,
  type DuckDBVector,
} from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Settings of the store's database. The checkpoint threshold is raised from DuckDB's 16 MB: one
 * ingested KWB buurt extract is about that much, so every ingest would otherwise end in a
 * checkpoint that rewrites the changed tables; now the write-ahead log collects them and the
 * checkpoint runs once, when the store is closed (a crash loses nothing: the log is replayed on open).
 */
export const STORE_SETTINGS: Readonly<Record<string, string>> = { checkpoint_threshold: '1GB' };

/** A thin wrapper over one DuckDB connection: typed reads and transactions. */
export class Duck {
  private constructor(
    readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<Duck> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path, { ...STORE_SETTINGS });
    return new Duck(instance, await instance.connect());
  }

  async run(sql: string, params: DuckDBValue[] = []): Promise<void> {
    await this.conn.run(sql, params);
  }

  /** Rows as plain JS objects. */
  async all<T>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  /** Columns as arrays of values. */
  async columns(sql: string, params: DuckDBValue[] = []): Promise<DuckDBValue[][]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getColumns();
  }

  /** Run `fn` in one transaction; any error rolls everything back. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.conn.run('COMMIT');
      return out;
    } catch (e) {
      await this.conn.run('ROLLBACK');
      throw e;
    }
  }

  /**
   * Append columns to a table in chunks of 2,048 rows (one native call per
   * column per chunk, not per value). Columns are in table order. A
   * `Float64Array` column is copied straight into the DOUBLE vector: NaN becomes
   * NULL and −0 becomes 0 (as a value written as text and read back would).
   * `onChunk` runs after each chunk; an error it throws stops the append.
   */
  async append(
    table: string,
    types: readonly DuckDBType[],
    columns: readonly (readonly DuckDBValue[] | Float64Array)[],
    onChunk?: (rowsDone: number) => void,
  ): Promise<void> {
    const n = columns[0]?.length ?? 0;
    const appender = await this.conn.createAppender(table);
    try {
      const size = 2048;
      for (let start = 0; start < n; start += size) {
        const end = Math.min(n, start + size);
        const chunk = DuckDBDataChunk.create([...types], end - start);
        columns.forEach((col, j) => {
          if (col instanceof Float64Array) setDoubles(chunk.getColumnVector(j), col, start, end);
          else chunk.setColumnValues(j, col.slice(start, end));
        });
        appender.appendDataChunk(chunk);
        onChunk?.(end);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /**
   * Bulk-load rows through a temporary CSV read by DuckDB's parallel reader:
   * far faster than appending millions of values from JavaScript. `sql` gets
   * `$CSV` replaced by a `read_csv(...)` over the file with the given columns.
   */
  async loadCsv(
    header: readonly string[],
    types: readonly string[],
    lines: Iterable<string>,
    sql: string,
  ): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'zicht-load-'));
    try {
      const path = join(dir, 'load.csv');
      writeFileSync(path, `${[header.join(','), ...lines].join('\n')}\n`);
      const columns = `{${header.map((h, j) => `'${h}': '${types[j]}'`).join(', ')}}`;
      await this.run(
        sql.replace(
          '$CSV',
          `read_csv('${path.replace(/'/g, "''")}', header = true, columns = ${columns}, nullstr = '', quote = '"')`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Fill a DOUBLE vector from `col[start, end)`. The values go in first, while the vector has no
 * validity mask (setting a valid item is then a plain store); the NULLs after, which is the only
 * time the mask is touched.
 */
function setDoubles(vector: DuckDBVector, col: Float64Array, start: number, end: number): void {
  const v = vector as DuckDBVector<number>;
  let nulls = 0;
  for (let i = start; i < end; i++) {
    const x = col[i]!;
    if (!Number.isNaN(x)) v.setItem(i - start, x === 0 ? 0 : x);
    else nulls++;
  }
  if (nulls > 0) for (let i = start; i < end; i++) if (Number.isNaN(col[i]!)) v.setItem(i - start, null);
  v.flush();
}

export const T = { DOUBLE, VARCHAR, BOOLEAN, INTEGER } as const;
