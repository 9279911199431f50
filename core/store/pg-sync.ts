import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { ZichtError, type ErrorDetails } from '../errors.ts';
import { toPositional } from './placeholders.ts';
import { WORKER_SOURCE, type WorkerReply, type WorkerRequest } from './pg-worker-source.ts';

/** A value bound to a `?` placeholder. */
export type SqlParam = string | number | bigint | boolean | null | Uint8Array | Date;

export interface PgRunResult {
  changes: number;
  /** Always null: PostgreSQL has no rowid. Use `INSERT … RETURNING id` with `get()`. */
  lastInsertRowid: number | bigint | null;
}

/** A statement of `PgSyncDb.prepare`, shaped like better-sqlite3's `Statement`. */
export interface PgStatement {
  readonly source: string;
  /** The first row, or undefined when there is none. */
  get(...params: SqlParam[]): unknown;
  all(...params: SqlParam[]): unknown[];
  run(...params: SqlParam[]): PgRunResult;
  /** Rows one by one; the whole result is fetched first (no server-side cursor). */
  iterate(...params: SqlParam[]): IterableIterator<unknown>;
}

/**
 * A transaction function of `PgSyncDb.transaction`. The variants exist for better-sqlite3's
 * callers; in PostgreSQL all three are a plain `BEGIN` (READ COMMITTED): there is no database
 * write lock, so read-then-write code must lock what it reads (`SELECT … FOR UPDATE`,
 * `pg_advisory_xact_lock`).
 */
export interface PgTransaction<A extends unknown[], R> {
  (...args: A): R;
  deferred(...args: A): R;
  immediate(...args: A): R;
  exclusive(...args: A): R;
}

/** The subset of better-sqlite3's `Database` that zicht uses, synchronous, over PostgreSQL. */
export interface PgSyncDb {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): PgStatement;
  /** Run one or more statements without parameters (PostgreSQL runs them as one implicit transaction). */
  exec(sql: string): this;
  /** `fn` between BEGIN and COMMIT, ROLLBACK when it throws; nested calls use savepoints. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): PgTransaction<A, R>;
  close(): void;
}

export interface PgOptions {
  /** How long one query may take before it fails with NOT_READY (default 30 000 ms). */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
// The server cancels a statement after timeoutMs (statement_timeout), which keeps the connection;
// the main thread gives up a little later, for a server or network that does not answer at all.
const CLIENT_GRACE_MS = 1_000;

/**
 * Open a synchronous PostgreSQL connection (`postgres://user:password@host:port/db`).
 * The `pg` client runs in a worker thread; each call posts the query and blocks the calling
 * thread with `Atomics.wait` until the answer. Fails with NOT_READY when the server cannot be
 * reached, INVALID_CONFIG when the URL is not a PostgreSQL URL.
 */
export function openPostgres(url: string, options: PgOptions = {}): PgSyncDb {
  return new PgSyncConnection(url, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

class PgSyncConnection implements PgSyncDb {
  readonly #url: string;
  readonly #server: Server;
  readonly #timeoutMs: number;
  #link: WorkerLink | null = null;
  #depth = 0;
  #lostInTransaction = false;
  #closed = false;

  constructor(url: string, timeoutMs: number) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new ZichtError('INVALID_CONFIG', `PostgreSQL timeout must be a positive number of ms, got ${timeoutMs}`);
    this.#url = url;
    this.#server = parseServer(url);
    this.#timeoutMs = timeoutMs;
    this.#connect('');
  }

  get open(): boolean {
    return !this.#closed;
  }

  get inTransaction(): boolean {
    return this.#depth > 0;
  }

  prepare(sql: string): PgStatement {
    const { text, count } = toPositional(sql);
    const query = (mode: 'get' | 'all' | 'run', params: SqlParam[]): WorkerReply & { ok: true } => {
      if (params.length !== count)
        throw new ZichtError('INTERNAL', `SQL statement expects ${count} parameters, got ${params.length}`, {
          sqlstate: null,
          sql: sql.slice(0, 200),
        });
      for (const p of params)
        if (typeof p === 'object' && p !== null && Object.getPrototypeOf(p) === Object.prototype)
          throw new ZichtError('INTERNAL', 'named parameters are not supported: bind values to ? in order', {
            sqlstate: null,
            sql: sql.slice(0, 200),
          });
      return this.#call({ op: mode, sql: text, params }, sql);
    };
    return {
      source: sql,
      get: (...params) => query('get', params).rows[0],
      all: (...params) => query('all', params).rows,
      run: (...params) => ({ changes: query('run', params).changes, lastInsertRowid: null }),
      iterate: (...params) => query('all', params).rows[Symbol.iterator](),
    };
  }

  exec(sql: string): this {
    this.#call({ op: 'exec', sql, params: [] }, sql);
    return this;
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): PgTransaction<A, R> {
    const run = (...args: A): R => {
      const savepoint = this.#depth === 0 ? null : `zicht_savepoint_${this.#depth}`;
      this.#control(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
      this.#depth++;
      try {
        const result = fn(...args);
        if (result instanceof Promise) throw new TypeError('a transaction function cannot return a promise');
        this.#control(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
        return result;
      } catch (e) {
        // A failed COMMIT has already ended the transaction; ROLLBACK then only warns.
        if (!this.#lostInTransaction) {
          try {
            this.#control(
              savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK',
            );
          } catch {
            // the error that made us roll back is the one to report
          }
        }
        throw e;
      } finally {
        this.#depth--;
        if (this.#depth === 0) this.#lostInTransaction = false;
      }
    };
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const link = this.#link;
    this.#link = null;
    if (!link) return;
    link.request({ op: 'close', sql: '', params: [] }, Math.min(this.#timeoutMs, 5_000));
    link.terminate();
  }

  #control(sql: string): void {
    this.#call({ op: 'exec', sql, params: [] }, sql);
  }

  /** A new worker and connection; `sql` is the statement that needs it, for error details. */
  #connect(sql: string): WorkerLink {
    const link = new WorkerLink(this.#url, this.#timeoutMs);
    this.#link = link;
    this.#call({ op: 'connect', sql: '', params: [] }, sql);
    return link;
  }

  /** Send one request and block until its answer; every failure becomes a ZichtError. */
  #call(request: Omit<WorkerRequest, 'id'>, sql: string): WorkerReply & { ok: true } {
    const details = { sqlstate: null, sql: sql.slice(0, 200), server: this.#server.address };
    if (this.#closed) throw new ZichtError('INTERNAL', 'the PostgreSQL connection is closed', details);
    if (this.#lostInTransaction)
      throw new ZichtError(
        'NOT_READY',
        `the connection to PostgreSQL at ${this.#server.address} was lost inside a transaction, which the server rolled back`,
        details,
      );
    const link = this.#link ?? this.#connect(sql);
    const reply = link.request(request, this.#timeoutMs + CLIENT_GRACE_MS);
    if (reply?.ok) return reply;
    if (reply === null || reply.error.lost) this.#drop();
    if (reply === null)
      throw new ZichtError(
        'NOT_READY',
        `PostgreSQL at ${this.#server.address} did not answer within ${this.#timeoutMs} ms`,
        { ...details, timeoutMs: this.#timeoutMs },
      );
    const { message, sqlstate, constraint, table } = reply.error;
    const text = this.#server.redact(message);
    const more: ErrorDetails = {
      ...details,
      sqlstate,
      ...(constraint ? { constraint } : {}),
      ...(table ? { table } : {}),
    };
    if (sqlstate === '57014')
      throw new ZichtError('NOT_READY', `PostgreSQL: ${text} (timeout ${this.#timeoutMs} ms)`, {
        ...more,
        timeoutMs: this.#timeoutMs,
      });
    if (reply.error.lost || request.op === 'connect')
      throw new ZichtError('NOT_READY', `PostgreSQL at ${this.#server.address} cannot be reached: ${text}`, more);
    if (sqlstate?.startsWith('23')) throw new ZichtError('CONFLICT', `PostgreSQL: ${text}`, more);
    throw new ZichtError('INTERNAL', `PostgreSQL: ${text}`, more);
  }

  /** Forget a connection that failed or hung; the next call outside a transaction opens a new one. */
  #drop(): void {
    this.#link?.terminate();
    this.#link = null;
    if (this.#depth > 0) this.#lostInTransaction = true;
  }
}

/** One worker thread holding one `pg` client, spoken to synchronously. */
class WorkerLink {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #signal: Int32Array;
  #nextId = 1;

  constructor(url: string, timeoutMs: number) {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    // An eval worker needs no TypeScript loader, so the same code runs under tsx and from dist/;
    // pg is resolved here, next to this module, and required by absolute path in the thread.
    // No inherited flags: --input-type=module would make the CommonJS source an ES module.
    let pgPath: string;
    try {
      pgPath = createRequire(import.meta.url).resolve('pg');
    } catch (e) {
      throw new ZichtError('INTERNAL', 'the pg package is not installed: npm install pg', {}, { cause: e });
    }
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { pgPath, url, timeoutMs, port: port2, signal },
      transferList: [port2],
    });
    // Errors in the thread arrive while the main thread waits; the wait's timeout reports them.
    this.#worker.on('error', () => {});
    this.#worker.unref();
    this.#port = port1;
    this.#signal = new Int32Array(signal);
  }

  /** The answer to `request`, or null when none came within `waitMs`. */
  request(request: Omit<WorkerRequest, 'id'>, waitMs: number): WorkerReply | null {
    const id = this.#nextId++;
    Atomics.store(this.#signal, 0, 0);
    this.#port.postMessage({ ...request, id } satisfies WorkerRequest);
    if (Atomics.wait(this.#signal, 0, 0, waitMs) === 'timed-out') return null;
    // The worker posts before it signals, so the answer is already queued on the port.
    const reply = receiveMessageOnPort(this.#port)?.message as WorkerReply | undefined;
    if (reply?.id !== id)
      throw new ZichtError('INTERNAL', `the PostgreSQL worker answered out of turn (request ${id})`);
    return reply;
  }

  terminate(): void {
    this.#port.close();
    void this.#worker.terminate();
  }
}

/** The server's `host:port` for messages, and a redactor that keeps the password out of them. */
interface Server {
  readonly address: string;
  redact(text: string): string;
}

function parseServer(url: string): Server {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // the URL itself is not repeated: it may hold a password
    throw new ZichtError(
      'INVALID_CONFIG',
      'the PostgreSQL URL is not a valid URL (expected postgres://user@host:port/db)',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new ZichtError('INVALID_CONFIG', `the PostgreSQL URL must start with postgres://, not ${parsed.protocol}//`);
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const secrets = [parsed.password, safeDecode(parsed.password)].filter((s) => s.length > 0);
  return {
    address: `${host}:${parsed.port || '5432'}`,
    redact: (text) => secrets.reduce((t, s) => t.split(s).join('***'), text),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
