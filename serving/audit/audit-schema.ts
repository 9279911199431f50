import type { Migration } from '../../core/index.ts';

const ZERO = '0'.repeat(64);
// The head row, made on every open: a log whose head was deleted starts a fresh head, which
// the anchors then show to be a wiped log.
export const HEAD_ROW = `INSERT INTO audit_head (k, last_id, last_hash, count, checkpoint_id, checkpoint_hash)
  VALUES (1, 0, '${ZERO}', 0, 0, '${ZERO}') ON CONFLICT DO NOTHING`;
/** The audit tables, per dialect (PostgreSQL ids are BIGINT: a national log outgrows 2^31). */
export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit log and its head',
    sqlite: `
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, token_id TEXT NOT NULL, role TEXT NOT NULL, route TEXT NOT NULL,
  areas TEXT NOT NULL, model TEXT, purpose TEXT, response_hash TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
  detail TEXT, refused INTEGER);
CREATE TABLE IF NOT EXISTS audit_head (
  k INTEGER PRIMARY KEY CHECK (k = 1), last_id INTEGER NOT NULL, last_hash TEXT NOT NULL, count INTEGER NOT NULL,
  checkpoint_id INTEGER NOT NULL, checkpoint_hash TEXT NOT NULL, checkpoint_at TEXT NOT NULL DEFAULT '', mac TEXT NOT NULL DEFAULT '');`,
    legacyColumns: [
      { table: 'audit_log', column: 'detail', definition: 'TEXT' },
      { table: 'audit_log', column: 'refused', definition: 'INTEGER' },
      { table: 'audit_head', column: 'checkpoint_at', definition: "TEXT NOT NULL DEFAULT ''" },
      { table: 'audit_head', column: 'mac', definition: "TEXT NOT NULL DEFAULT ''" },
    ],
    postgres: `
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY, at TEXT NOT NULL, token_id TEXT NOT NULL, role TEXT NOT NULL, route TEXT NOT NULL,
  areas TEXT NOT NULL, model TEXT, purpose TEXT, response_hash TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
  detail TEXT, refused INTEGER);
CREATE TABLE audit_head (
  k INTEGER PRIMARY KEY CHECK (k = 1), last_id BIGINT NOT NULL, last_hash TEXT NOT NULL, count BIGINT NOT NULL,
  checkpoint_id BIGINT NOT NULL, checkpoint_hash TEXT NOT NULL, checkpoint_at TEXT NOT NULL DEFAULT '', mac TEXT NOT NULL DEFAULT '');`,
  },
];
