import { ZichtError } from '../errors.ts';
import type { OperationalDb } from './operational.ts';

/**
 * One numbered schema change of a scope (a folder's tables), written once per dialect.
 * Versions start at 1 and rise by 1; a released migration is never edited, only followed.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
  /**
   * Only for a scope's first migration (its baseline), only for SQLite: columns that databases
   * made before versioned migrations may lack (they were once added ad hoc). `CREATE TABLE IF
   * NOT EXISTS` leaves such a table alone, so the missing columns are added here, once.
   */
  readonly legacyColumns?: readonly { readonly table: string; readonly column: string; readonly definition: string }[];
}

// the same text is valid in both dialects
const LEDGER =
  'CREATE TABLE IF NOT EXISTS schema_migrations (scope TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (scope, version))';

/**
 * Apply the migrations of `scope` that the store has not recorded in `schema_migrations`, in
 * order, in one transaction. Several processes may start at once (replicas): PostgreSQL
 * serialises them with an advisory lock, SQLite with its write lock; the second one finds the
 * work done. A store whose recorded version is newer than this code knows is refused.
 */
export function migrate(db: OperationalDb, scope: string, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new ZichtError('INTERNAL', `migration ${m.name} of ${scope} is numbered ${m.version}, expected ${i + 1}`);
  });
  const apply = db.transaction(() => {
    db.lock('zicht.schema_migrations');
    db.exec(LEDGER);
    const current = recorded(db, scope);
    if (current > migrations.length)
      throw new ZichtError(
        'INVALID_CONFIG',
        `the operational store has ${scope} schema version ${current}, newer than this zicht knows (${migrations.length}): upgrade zicht`,
        { scope, version: current },
      );
    for (const m of migrations.slice(current)) {
      db.exec(m[db.dialect]);
      if (db.dialect === 'sqlite') for (const c of m.legacyColumns ?? []) addMissingColumn(db, c);
      db.prepare('INSERT INTO schema_migrations (scope, version, name, applied_at) VALUES (?, ?, ?, ?)').run(
        scope,
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }
  });
  // the common case, every process start: the ledger is current, no write transaction needed
  if (hasLedger(db) && recorded(db, scope) === migrations.length) return;
  apply.immediate();
}

function recorded(db: OperationalDb, scope: string): number {
  const r = db.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE scope = ?').get(scope) as
    | { v: number | null }
    | undefined;
  return r?.v ?? 0;
}

function hasLedger(db: OperationalDb): boolean {
  const sql =
    db.dialect === 'sqlite'
      ? "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
      : "SELECT 1 AS x FROM pg_catalog.pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()";
  return db.prepare(sql).get() !== undefined;
}

function addMissingColumn(db: OperationalDb, c: { table: string; column: string; definition: string }): void {
  const cols = db.prepare('SELECT name FROM pragma_table_info(?)').all(c.table) as { name: string }[];
  if (!cols.some((x) => x.name === c.column)) db.exec(`ALTER TABLE ${c.table} ADD COLUMN ${c.column} ${c.definition}`);
}
