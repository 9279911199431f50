import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqlite } from '../core/index.ts';
import { PrivacyBudget } from '../evaluation/index.ts';
import { Governance } from '../model-cards/index.ts';
import { ModelRegistry } from '../training/index.ts';
import { openAuditLog } from './audit/audit-key.ts';
import { TokenStore } from './auth/tokens.ts';
import { TrainingRunner } from './training-runner.ts';

// The tables as the oldest released code made them: no schema_migrations, columns added later missing.
const OLD_DDL = `
CREATE TABLE model_versions (
  name TEXT NOT NULL, version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('candidate','approved','rejected','production','retired')),
  created_at TEXT NOT NULL, trained_by TEXT NOT NULL, kind TEXT NOT NULL, artifact_path TEXT NOT NULL,
  artifact_hash TEXT NOT NULL, data_hash TEXT NOT NULL, synthetic INTEGER NOT NULL, metrics TEXT NOT NULL,
  PRIMARY KEY (name, version));
CREATE UNIQUE INDEX one_production_per_name ON model_versions(name) WHERE status = 'production';
CREATE TABLE model_status_history (name TEXT NOT NULL, version INTEGER NOT NULL, from_status TEXT, to_status TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL);
CREATE TABLE reviews (name TEXT NOT NULL, version INTEGER NOT NULL, decision TEXT NOT NULL, reviewer TEXT NOT NULL, role TEXT NOT NULL, rationale TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, municipality TEXT, name TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, token_id TEXT NOT NULL, role TEXT NOT NULL, route TEXT NOT NULL,
  areas TEXT NOT NULL, model TEXT, purpose TEXT, response_hash TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE audit_head (k INTEGER PRIMARY KEY CHECK (k = 1), last_id INTEGER NOT NULL, last_hash TEXT NOT NULL, count INTEGER NOT NULL,
  checkpoint_id INTEGER NOT NULL, checkpoint_hash TEXT NOT NULL);
CREATE TABLE training_runs (id TEXT PRIMARY KEY, config TEXT NOT NULL, status TEXT NOT NULL, progress REAL NOT NULL, message TEXT NOT NULL,
  started_by TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, result TEXT);
CREATE TABLE privacy_budgets (label_set TEXT PRIMARY KEY, epsilon REAL NOT NULL CHECK (epsilon > 0), set_by TEXT NOT NULL, set_at TEXT NOT NULL);
CREATE TABLE privacy_spends (label_set TEXT NOT NULL, epsilon REAL NOT NULL, mechanism TEXT NOT NULL, purpose TEXT NOT NULL, at TEXT NOT NULL);
`;

const T = '2025-01-01T00:00:00.000Z';

function oldHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'zicht-upgrade-'));
  const db = new Database(join(home, 'zicht.db'));
  db.exec(OLD_DDL);
  db.prepare(
    "INSERT INTO model_versions VALUES ('m', 1, 'production', ?, 'ana', 'gam', 'models/m/1', ?, 'd', 1, '{\"auc\":0.7}')",
  ).run(T, 'a'.repeat(64));
  db.prepare("INSERT INTO model_status_history VALUES ('m', 1, NULL, 'candidate', ?, 'ana')").run(T);
  db.prepare("INSERT INTO reviews VALUES ('m', 1, 'approve', 'eva', 'ethics_board', 'fine', ?)").run(T);
  db.prepare("INSERT INTO tokens VALUES ('tok_old', ?, 'admin', NULL, 'old admin', ?, NULL)").run('h'.repeat(64), T);
  db.prepare('INSERT INTO audit_head VALUES (1, 1, ?, 1, 0, ?)').run('b'.repeat(64), '0'.repeat(64));
  db.prepare(
    "INSERT INTO audit_log VALUES (1, ?, 'tok_old', 'admin', 'GET /v1/models', '[]', NULL, NULL, ?, ?, ?)",
  ).run(T, 'c'.repeat(64), '0'.repeat(64), 'b'.repeat(64));
  db.prepare("INSERT INTO training_runs VALUES ('run_old', 'demo', 'succeeded', 1, 'done', 'tok_old', ?, ?, NULL)").run(
    T,
    T,
  );
  db.prepare("INSERT INTO privacy_budgets VALUES ('*', 2, 'admin', ?)").run(T);
  db.prepare("INSERT INTO privacy_spends VALUES ('*', 0.5, 'geometric', 'train', ?)").run(T);
  db.close();
  return home;
}

function openAll(home: string) {
  const db = openSqlite(home);
  const registry = new ModelRegistry(db, home);
  return {
    db,
    registry,
    governance: new Governance(db, registry, home),
    tokens: new TokenStore(db),
    audit: openAuditLog(home, db, {}),
    runs: new TrainingRunner(db, home),
    privacy: new PrivacyBudget(db),
  };
}

test('a SQLite store made before versioned migrations upgrades in place, keeping every row', () => {
  const home = oldHome();
  const s = openAll(home);
  const v = s.registry.get('m', 1);
  assert.equal(v.status, 'production');
  assert.deepEqual(v.files, {});
  assert.equal(v.verdict, 'insufficient-evidence');
  assert.deepEqual(v.metrics, { auc: 0.7 });
  assert.equal(s.registry.history('m', 1).length, 1);
  assert.deepEqual(
    s.governance.reviews('m', 1).map((r) => [r.reviewer, r.overrides]),
    [['eva', []]],
  );
  assert.deepEqual(
    s.tokens.list().map((t) => t.tokenId),
    ['tok_old'],
  );
  assert.equal(s.audit.count(), 1);
  assert.equal(s.audit.list()[0]?.detail, null);
  assert.equal(s.runs.get('run_old').status, 'succeeded');
  assert.equal(s.privacy.spent('*'), 0.5);
  // the new code writes what the new columns hold
  const review = s.db.prepare('SELECT overrides FROM reviews').get() as { overrides: string };
  assert.equal(review.overrides, '[]');
  const ledger = s.db.prepare('SELECT scope, version FROM schema_migrations ORDER BY scope, version').all();
  assert.deepEqual(ledger, [
    { scope: 'audit', version: 1 },
    { scope: 'governance', version: 1 },
    { scope: 'privacy', version: 1 },
    { scope: 'registry', version: 1 },
    { scope: 'tokens', version: 1 },
    { scope: 'training-runs', version: 1 },
    { scope: 'training-runs', version: 2 },
  ]);
  s.db.close();
  // opening again applies nothing twice
  const again = openAll(home);
  assert.equal(again.audit.count(), 1);
  assert.equal((again.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n, 7);
  again.db.close();
});
