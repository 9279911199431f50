import type Database from 'better-sqlite3';
import type { PgSyncDb, SqlParam } from './pg-sync.ts';

/** Which SQL dialect an operational store speaks. */
type Dialect = 'sqlite' | 'postgres';

/** A prepared statement: `?` placeholders, bound in order. */
export interface OperationalStatement {
  /** The first row, or undefined when there is none. */
  get(...params: SqlParam[]): unknown;
  all(...params: SqlParam[]): unknown[];
  run(...params: SqlParam[]): { changes: number };
  iterate(...params: SqlParam[]): IterableIterator<unknown>;
}

/** A transaction function: plain call or `immediate` (SQLite takes the write lock at BEGIN). */
interface OperationalTransaction<A extends unknown[], R> {
  (...args: A): R;
  immediate(...args: A): R;
}

/**
 * The operational store (registry, reviews, tokens, sessions, run queue, audit log, privacy
 * budgets): embedded SQLite by default, PostgreSQL when several replicas share one deployment.
 * The callers write SQL valid in both dialects (`?` placeholders, `INSERT … ON CONFLICT`,
 * no `INSERT OR …`, no pragmas); what differs lives in the per-dialect migrations.
 */
export interface OperationalDb {
  readonly dialect: Dialect;
  readonly open: boolean;
  prepare(sql: string): OperationalStatement;
  /** Statements without parameters. */
  exec(sql: string): void;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): OperationalTransaction<A, R>;
  /**
   * Inside a transaction: serialise with every other process taking the same lock until the
   * transaction ends. SQLite's IMMEDIATE transactions already hold the one write lock (no-op);
   * PostgreSQL takes `pg_advisory_xact_lock` on the name's hash.
   */
  lock(name: string): void;
  /**
   * Run `fn` (which takes the write lock) without waiting for another connection's lock: where
   * SQLite would sleep in its busy handler — 1, 2, 5, 10 ms and on, holding the event loop — this
   * says `busy` at once, so that the caller can try again later. PostgreSQL runs `fn` as it is.
   */
  unlessBusy<R>(fn: () => R): Attempt<R>;
  close(): void;
}

/** What `unlessBusy` gives: the function's value, or that another connection held the lock. */
export type Attempt<R> = { readonly busy: false; readonly value: R } | { readonly busy: true; readonly error: unknown };

/** SQLite's error codes for a lock held elsewhere (SQLITE_BUSY and its extended codes). */
const isBusy = (e: unknown): boolean => {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

/** The SQLite operational store over a better-sqlite3 handle. */
/** `beforeClose` runs before the handle closes (a checkpoint thread stops first). */
export function sqliteOperationalDb(raw: Database.Database, beforeClose?: () => void): OperationalDb {
  return {
    dialect: 'sqlite',
    get open() {
      return raw.open;
    },
    prepare: (sql) => raw.prepare<unknown[]>(sql),
    exec: (sql) => {
      raw.exec(sql);
    },
    transaction: (fn) => raw.transaction(fn),
    lock: () => {},
    unlessBusy: (fn) => {
      const timeout = raw.pragma('busy_timeout', { simple: true }) as number;
      raw.pragma('busy_timeout = 0');
      try {
        return { busy: false, value: fn() };
      } catch (e) {
        if (isBusy(e)) return { busy: true, error: e };
        throw e;
      } finally {
        raw.pragma(`busy_timeout = ${timeout}`);
      }
    },
    close: () => {
      beforeClose?.();
      raw.close();
    },
  };
}

/** The PostgreSQL operational store over a synchronous connection. */
export function postgresOperationalDb(conn: PgSyncDb): OperationalDb {
  return {
    dialect: 'postgres',
    get open() {
      return conn.open;
    },
    prepare: (sql) => conn.prepare(sql),
    exec: (sql) => {
      conn.exec(sql);
    },
    transaction: (fn) => conn.transaction(fn),
    lock: (name) => {
      if (!conn.inTransaction) throw new TypeError(`lock('${name}') must be taken inside a transaction`);
      conn.prepare('SELECT pg_advisory_xact_lock(hashtext(?))').get(name);
    },
    unlessBusy: (fn) => ({ busy: false, value: fn() }),
    close: () => {
      conn.close();
    },
  };
}
