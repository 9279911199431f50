import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../db.ts';
import { ZichtError } from '../errors.ts';
import { migrate, type Migration } from './migrations.ts';

const m1: Migration = {
  version: 1,
  name: 'one',
  sqlite: 'CREATE TABLE t (a TEXT)',
  postgres: 'CREATE TABLE t (a TEXT)',
};
const m2: Migration = {
  version: 2,
  name: 'two',
  sqlite: 'ALTER TABLE t ADD COLUMN b TEXT',
  postgres: 'ALTER TABLE t ADD COLUMN b TEXT',
};

test('migrate applies each numbered migration once, in order, and refuses a store newer than the code', () => {
  const db = openSqlite(mkdtempSync(join(tmpdir(), 'zicht-migrate-')));
  migrate(db, 'demo', [m1]);
  migrate(db, 'demo', [m1]);
  migrate(db, 'demo', [m1, m2]);
  db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run('x', 'y');
  assert.deepEqual(db.prepare('SELECT version FROM schema_migrations WHERE scope = ? ORDER BY version').all('demo'), [
    { version: 1 },
    { version: 2 },
  ]);
  assert.throws(
    () => migrate(db, 'demo', [m1]),
    (e) => e instanceof ZichtError && e.code === 'INVALID_CONFIG' && /newer than this zicht knows/.test(e.message),
  );
  assert.throws(() => migrate(db, 'other', [m2]), /numbered 2, expected 1/);
  db.close();
});
