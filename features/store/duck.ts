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
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
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
   * Append columns to a table in chunks of 2,048 rows, written straight into the chunk's vectors:
   * one native copy per column per chunk for numbers, booleans and strings of at most 12 ASCII
   * characters, one native call per longer string (not a wrapper object per vector per chunk).
   * Columns are in table order and have the types given (DOUBLE, INTEGER, BOOLEAN or VARCHAR;
   * `null` is NULL). A `Float64Array` column's NaN becomes NULL and −0 becomes 0 (as a value
   * written as text and read back would). `onChunk` runs after each chunk; an error it throws
   * stops the append.
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
      const chunk = DuckDBDataChunk.create([...types]);
      const vectors = types.map((_, j) => duckdb.data_chunk_get_vector(chunk.chunk, j));
      const scratch = new ChunkScratch();
      for (let start = 0; start < n; start += CHUNK_ROWS) {
        const end = Math.min(n, start + CHUNK_ROWS);
        chunk.reset();
        chunk.rowCount = end - start;
        for (const [j, col] of columns.entries()) writeColumn(vectors[j]!, types[j]!, col, start, end, scratch);
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

/** DuckDB's standard vector size: the rows of one appended chunk. */
const CHUNK_ROWS = 2048;

/** Buffers reused for every column of every chunk of one append. */
class ChunkScratch {
  readonly bytes = new ArrayBuffer(CHUNK_ROWS * 8);
  readonly doubles = new Float64Array(this.bytes);
  readonly ints = new Int32Array(this.bytes);
  readonly bools = new Uint8Array(this.bytes);
  /** A validity mask: bit i of byte i >> 3 (DuckDB's 64-bit words, little-endian as on every platform it ships for). */
  readonly validity = new Uint8Array(CHUNK_ROWS / 8);
  /** One duckdb_string_t (16 bytes) per row. */
  readonly strings = new Uint8Array(CHUNK_ROWS * 16);
  /** The rows whose string is not stored inline. */
  readonly long = new Int32Array(CHUNK_ROWS);
}

/** Write `x` as an inline duckdb_string_t at `at` if it is at most 12 ASCII characters; false if not. */
function writeInline(out: Uint8Array, at: number, x: string): boolean {
  const n = x.length;
  if (n > 12) return false;
  for (let k = 0; k < n; k++) {
    const c = x.charCodeAt(k);
    if (c > 0x7f) return false;
    out[at + 4 + k] = c;
  }
  out[at] = n; // the length, a little-endian uint32 below 13
  return true;
}

/**
 * Write `col[start, end)` into a vector of a chunk just reset (every row valid). The values go in
 * by one copy of a scratch buffer; the validity mask is written only when a value is NULL.
 */
function writeColumn(
  vector: duckdb.Vector,
  type: DuckDBType,
  col: readonly DuckDBValue[] | Float64Array,
  start: number,
  end: number,
  s: ChunkScratch,
): void {
  const rows = end - start;
  let nulls = 0;
  if (type === DOUBLE) {
    const out = s.doubles;
    if (col instanceof Float64Array) {
      out.set(col.subarray(start, end));
      for (let i = 0; i < rows; i++) {
        const x = out[i]!;
        if (x === 0) out[i] = 0;
        else if (x !== x) nulls++;
      }
    } else
      for (let i = 0; i < rows; i++) {
        const x = col[start + i];
        if (typeof x === 'number') out[i] = x === 0 ? 0 : x;
        else if (x === null) nulls++;
        else throw new TypeError(`a DOUBLE column has ${typeof x} ${String(x)} at row ${start + i}`);
      }
    duckdb.copy_data_to_vector(vector, 0, s.bytes, 0, rows * 8);
  } else if (col instanceof Float64Array) {
    throw new TypeError(`a Float64Array goes into a DOUBLE column, not ${type}`);
  } else if (type === INTEGER || type === BOOLEAN) {
    const out = type === INTEGER ? s.ints : s.bools;
    for (let i = 0; i < rows; i++) {
      const x = col[start + i];
      if (x === null) nulls++;
      else if (type === INTEGER && typeof x === 'number' && Number.isInteger(x)) out[i] = x;
      else if (type === BOOLEAN && typeof x === 'boolean') out[i] = x ? 1 : 0;
      else throw new TypeError(`a ${type} column has ${typeof x} ${String(x)} at row ${start + i}`);
    }
    duckdb.copy_data_to_vector(vector, 0, s.bytes, 0, rows * out.BYTES_PER_ELEMENT);
  } else if (type === VARCHAR) {
    // a string of at most 12 ASCII characters is stored inline in its 16-byte duckdb_string_t
    // (length, then the bytes, zero-padded): written into the scratch buffer and copied with the
    // rest; a longer one is handed to DuckDB, which keeps it in the vector's own string heap
    const out = s.strings;
    out.fill(0, 0, rows * 16);
    let long = 0;
    for (let i = 0; i < rows; i++) {
      const x = col[start + i];
      if (typeof x === 'string') {
        if (!writeInline(out, i * 16, x)) s.long[long++] = i;
      } else if (x === null) nulls++;
      else throw new TypeError(`a VARCHAR column has ${typeof x} ${String(x)} at row ${start + i}`);
    }
    duckdb.copy_data_to_vector(vector, 0, out.buffer, 0, rows * 16);
    for (let k = 0; k < long; k++)
      duckdb.vector_assign_string_element(vector, s.long[k]!, col[start + s.long[k]!] as string);
  } else throw new TypeError(`append writes DOUBLE, INTEGER, BOOLEAN and VARCHAR columns, not ${type}`);
  if (nulls === 0) return;
  const mask = s.validity;
  mask.fill(0xff);
  for (let i = 0; i < rows; i++) {
    const x = col[start + i];
    if (x === null || (typeof x === 'number' && Number.isNaN(x))) mask[i >> 3]! &= ~(1 << (i & 7));
  }
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, Math.ceil(rows / 64) * 8);
}

export const T = { DOUBLE, VARCHAR, BOOLEAN, INTEGER } as const;
