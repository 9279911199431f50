import Database from 'better-sqlite3';
import { ensurePrivateDir, makePrivate } from './fs.ts';
import { join } from 'node:path';

export type SqliteDb = Database.Database;

/**
 * The embedded operational store (`$ZICHT_HOME/zicht.db`): model registry,
 * reviews, tokens, audit log, training runs. Each folder creates its own
 * tables with `CREATE TABLE IF NOT EXISTS` through `migrate`.
 */
export function openOperationalDb(home: string): SqliteDb {
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
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Run `ddl` once per database (idempotent DDL is expected). */
export function migrate(db: SqliteDb, ddl: string): void {
  db.exec(ddl);
}
