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
  close(): void;
}

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
    close: () => {
      conn.close();
    },
  };
}
