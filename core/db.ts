import Database from 'better-sqlite3';
import { ZichtError } from './errors.ts';
import { ensurePrivateDir, makePrivate } from './fs.ts';
import { join } from 'node:path';
import { type OperationalDb, postgresOperationalDb, sqliteOperationalDb } from './store/operational.ts';
import { openPostgres } from './store/pg-sync.ts';
import { startWalCheckpointer } from './store/wal-checkpointer.ts';

/**
 * How long a SQLite connection waits for a lock held by another connection before it fails with
 * SQLITE_BUSY (its `busy_timeout`); the audit log's group commit waits as long, without blocking.
 */
export const BUSY_TIMEOUT_MS = 5000;

/** How a store is opened: `checkpointThread` for a long-running server (see wal-checkpointer.ts). */
interface OpenOptions {
  readonly checkpointThread?: boolean;
}

/**
 * The operational store: model registry, reviews, tokens, sessions, audit log, training runs.
 * Embedded SQLite at `$ZICHT_HOME/zicht.db` by default; PostgreSQL when `ZICHT_DATABASE_URL`
 * is a `postgres://` URL (several `zicht serve` replicas then share one deployment). Each
 * folder brings its tables up to date with `migrate` (versioned, per dialect).
 */
export function openOperationalDb(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
  opts: OpenOptions = {},
): OperationalDb {
  const url = env['ZICHT_DATABASE_URL'];
  if (url !== undefined && url !== '') {
    // the home still holds the artifacts, the audit key and its anchors
    ensurePrivateDir(home);
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new ZichtError('INVALID_CONFIG', 'ZICHT_DATABASE_URL must be a postgres:// URL (or unset for SQLite)');
    return postgresOperationalDb(openPostgres(url));
  }
  return openSqlite(home, opts);
}

/** The embedded SQLite store of a home, whatever the environment says. */
export function openSqlite(home: string, opts: OpenOptions = {}): OperationalDb {
  ensurePrivateDir(home);
  const file = join(home, 'zicht.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  makePrivate(file, `${file}-wal`, `${file}-shm`);
  // WAL with NORMAL: a committed transaction survives the process being killed at any
  // moment (the audit log relies on that); only an OS crash or power cut can lose the
  // last commits. Set ZICHT_SQLITE_SYNC=FULL to fsync every commit as well.
  db.pragma(`synchronous = ${process.env['ZICHT_SQLITE_SYNC'] === 'FULL' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!opts.checkpointThread) return sqliteOperationalDb(db);
  const checkpointer = startWalCheckpointer(db);
  return sqliteOperationalDb(db, () => checkpointer.stop());
}
