import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { openOperationalDb, sha256, stableStringify } from '../../core/index.ts';
import { loadAuditKey, openAuditLog } from './audit-key.ts';
import { AuditLog, rowText } from './audit-log.ts';

const entry = (i: number) => ({
  tokenId: 'tok_1',
  role: 'marine',
  route: 'GET /v1/areas/:code',
  areas: [`WK9001${String(i).padStart(2, '0')}`],
  model: 'm@1',
  purpose: null,
  responseHash: 'h'.repeat(64),
});

function fresh() {
  const home = mkdtempSync(join(tmpdir(), 'zicht-audit-'));
  const db = openOperationalDb(home);
  const log = openAuditLog(home, db, {});
  for (let i = 0; i < 10; i++) log.record([entry(i)]);
  log.anchor();
  return { home, db, log };
}

/** What an attacker with the database but without the key can do: recompute plain SHA-256 hashes. */
function rechainWithoutKey(db: ReturnType<typeof openOperationalDb>) {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as { id: number; hash: string }[];
  const prev = db.prepare('SELECT checkpoint_hash AS h FROM audit_head').get() as { h: string };
  let p = prev.h;
  for (const r of rows) {
    const h = sha256(`${p}${JSON.stringify(r)}`);
    db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(p, h, r.id);
    p = h;
  }
  db.prepare('UPDATE audit_head SET last_hash = ?').run(p);
}

test('an untouched chain verifies, with its anchors', () => {
  const { log } = fresh();
  const v = log.verify();
  assert.deepEqual([v.ok, v.entries, v.anchors], [true, 10, 1]);
});

test('tampering is detected: altered, deleted in the middle, deleted at the end', () => {
  let f = fresh();
  f.db.prepare('UPDATE audit_log SET areas = \'["WK900199"]\' WHERE id = 4').run();
  assert.deepEqual([f.log.verify().ok, f.log.verify().firstBadId], [false, 4]);
  f = fresh();
  f.db.prepare('DELETE FROM audit_log WHERE id = 5').run();
  assert.deepEqual([f.log.verify().ok, f.log.verify().firstBadId], [false, 6]);
  f = fresh();
  f.db.prepare('DELETE FROM audit_log WHERE id = 10').run();
  assert.equal(f.log.verify().ok, false);
  assert.match(f.log.verify().reason!, /deleted from the end/);
});

test('an edit re-chained without the key is detected', () => {
  const f = fresh();
  f.db.prepare("UPDATE audit_log SET role = 'admin' WHERE id = 3").run();
  rechainWithoutKey(f.db);
  const v = f.log.verify();
  assert.equal(v.ok, false);
  assert.match(v.reason!, /head record was altered|altered or re-chained/);
});

test('a deleted tail with a head rewound to match is detected by the head MAC and the anchors', () => {
  const f = fresh();
  const h = f.db.prepare('SELECT hash FROM audit_log WHERE id = 7').get() as { hash: string };
  f.db.prepare('DELETE FROM audit_log WHERE id > 7').run();
  f.db.prepare('UPDATE audit_head SET last_id = 7, last_hash = ?, count = 7').run(h.hash);
  const v = f.log.verify();
  assert.equal(v.ok, false);
  assert.match(v.reason!, /head record was altered/);
  // even with an old, genuine head record restored, the anchor of 10 entries gives it away
  const g = fresh();
  const oldHead = g.db.prepare('SELECT * FROM audit_head').get();
  for (let i = 0; i < 3; i++) g.log.record([entry(20 + i)]);
  g.log.anchor();
  g.db.prepare('DELETE FROM audit_log WHERE id > 10').run();
  const o = oldHead as { last_id: number; last_hash: string; count: number; mac: string };
  g.db
    .prepare('UPDATE audit_head SET last_id = ?, last_hash = ?, count = ?, mac = ?')
    .run(o.last_id, o.last_hash, o.count, o.mac);
  assert.match(g.log.verify().reason ?? '', /anchor .* records 13 entries/);
});

test('a fake prune (recent entries removed, checkpoint moved) and a wiped log are detected', () => {
  const f = fresh();
  const h = f.db.prepare('SELECT id, hash, at FROM audit_log WHERE id = 6').get() as {
    id: number;
    hash: string;
    at: string;
  };
  f.db.prepare('DELETE FROM audit_log WHERE id <= 6').run();
  f.db
    .prepare('UPDATE audit_head SET checkpoint_id = ?, checkpoint_hash = ?, checkpoint_at = ?')
    .run(h.id, h.hash, h.at);
  assert.equal(f.log.verify().ok, false);
  const w = fresh();
  w.db.prepare('DELETE FROM audit_log').run();
  w.db.prepare('DELETE FROM audit_head').run();
  const reopened = openAuditLog(w.home, w.db, {});
  const v = reopened.verify();
  assert.equal(v.ok, false);
  assert.match(v.reason!, /deleted or the log was wiped/);
});

test('the chain is keyed: another key cannot verify it, and altering an anchor line is detected', () => {
  const f = fresh();
  const other = new AuditLog(f.db, { key: randomBytes(32), anchorFile: join(f.home, 'audit-anchors.log') });
  assert.equal(other.verify().ok, false);
  const file = join(f.home, 'audit-anchors.log');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"count":10', '"count":9'));
  assert.match(f.log.verify().reason!, /anchor line 1 was altered/);
  assert.equal((statSync(join(f.home, 'audit.key')).mode & 0o777).toString(8), '600');
});

test('retention: pruning old entries keeps the chain verifiable; less than six months is refused', () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-audit-'));
  const db = openOperationalDb(home);
  const log = openAuditLog(home, db, {});
  const old = new Date('2025-01-01T00:00:00Z'),
    now = new Date('2026-01-01T00:00:00Z');
  log.record([entry(1), entry(2)], old);
  log.record([entry(3)], now);
  assert.throws(() => log.prune(30, now), /at least 183 days/);
  assert.equal(log.prune(183, now), 2);
  assert.deepEqual([log.verify().ok, log.verify().entries], [true, 1]);
});

test('kill right after the responses: every acknowledged request has its audit row', async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-audit-kill-'));
  const script = `
    import { serve } from '@hono/node-server';
    import { fixtureApp } from './serving/test-fixtures.test-support.ts';
    const f = fixtureApp({ rateLimit: { capacity: 100000, perSecond: 100000 } }, ${JSON.stringify(home)});
    const token = f.token('admin');
    const server = serve({ fetch: f.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(JSON.stringify({ port: info.port, token }) + '\\n'));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { port, token } = await new Promise<{ port: number; token: string }>((resolve) =>
    child.stdout.once('data', (d) => resolve(JSON.parse(String(d)))),
  );
  let acknowledged = 0;
  await Promise.all(
    Array.from({ length: 60 }, async (_, i) => {
      const r = await fetch(`http://127.0.0.1:${port}/v1/areas/WK9001${String((i % 10) * 2).padStart(2, '0')}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (r.status === 200) {
        await r.arrayBuffer();
        acknowledged++;
      }
    }),
  );
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const log = openAuditLog(home, openOperationalDb(home), {});
  assert.equal(acknowledged, 60);
  assert.equal(log.count(), acknowledged, 'audit rows = acknowledged responses');
  assert.equal(log.verify().ok, true);
});

test('zicht audit verify --json prints {ok, entries} and exits non-zero on a tampered log', async () => {
  const { runCli } = await import('../../core/index.ts');
  const { servingCommands } = await import('../index.ts');
  const home = mkdtempSync(join(tmpdir(), 'zicht-audit-cli-'));
  const db = openOperationalDb(home);
  const log = openAuditLog(home, db, {});
  for (let i = 0; i < 3; i++) log.record([entry(i)]);
  let out = '';
  const io = {
    stdout: (s: string) => {
      out += s;
    },
    stderr: () => {},
    isTTY: false,
    env: {},
    cwd: home,
  };
  assert.equal(await runCli(servingCommands, ['audit', 'verify', '--json'], io, home), 0);
  assert.deepEqual(
    { ...JSON.parse(out), headHash: '', anchors: 0 },
    { ok: true, entries: 3, headHash: '', anchors: 0 },
  );
  db.prepare('DELETE FROM audit_log WHERE id = 2').run();
  db.close();
  out = '';
  assert.equal(await runCli(servingCommands, ['audit', 'verify', '--json'], io, home), 1);
  const r = JSON.parse(out) as { ok: boolean; entries: number };
  assert.equal(r.ok, false);
  assert.equal(r.entries, 1);
});

test('replicas starting together on a fresh home agree on one complete audit key', async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-audit-key-'));
  const code = `
    import { loadAuditKey } from './serving/audit/audit-key.ts';
    process.stdout.write(loadAuditKey(${JSON.stringify(home)}, {}).toString('hex'));`;
  const keys = await Promise.all(
    Array.from(
      { length: 4 },
      () =>
        new Promise<string>((resolve, reject) => {
          const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
            cwd: new URL('../..', import.meta.url).pathname,
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let out = '';
          p.stdout.on('data', (d: Buffer) => {
            out += d;
          });
          p.on('close', (status) => (status === 0 ? resolve(out) : reject(new Error(`exit ${status}`))));
        }),
    ),
  );
  assert.equal(new Set(keys).size, 1);
  assert.equal(keys[0], readFileSync(join(home, 'audit.key'), 'utf8'));
  assert.equal(keys[0]!.length, 64);
  assert.equal(loadAuditKey(home, {}).toString('hex'), keys[0], 'the key read later is the one they agreed on');
});

test("a row's MAC text is the stable JSON of its fields, whatever they hold", () => {
  const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\u2028', 'a\nb'));
  fc.assert(
    fc.property(
      fc.record(
        {
          id: fc.nat(),
          at: text,
          tokenId: text,
          role: text,
          route: text,
          areas: fc.array(text, { maxLength: 4 }),
          model: fc.option(text),
          purpose: fc.option(text),
          responseHash: text,
          detail: fc.option(text),
          refused: fc.option(fc.nat()),
        },
        { requiredKeys: ['id', 'at', 'tokenId', 'role', 'route', 'areas', 'model', 'purpose', 'responseHash'] },
      ),
      (r) => {
        assert.equal(rowText(r), stableStringify({ ...r, detail: r.detail ?? null, refused: r.refused ?? null }));
      },
    ),
    { numRuns: 500 },
  );
});

/** A second connection to a home's database holding SQLite's write lock, as a checkpoint does. */
function holdWriteLock(home: string) {
  const other = new Database(join(home, 'zicht.db'));
  other.exec('BEGIN IMMEDIATE');
  return {
    release: () => {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

test('a commit waits for a lock held elsewhere without holding the event loop, then commits the batch', async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-audit-'));
  const db = openOperationalDb(home);
  const log = openAuditLog(home, db, {});
  const lock = holdWriteLock(home);
  let settled = false;
  const first = log.recordCommitted(entry(1)).finally(() => {
    settled = true;
  });
  // timers run while the commit waits: the loop is not held in SQLite's busy handler
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(settled, false, 'the response waits for its audit row');
  const second = log.recordCommitted(entry(2));
  lock.release();
  const rows = await Promise.all([first, second]);
  assert.deepEqual(
    rows.map((r) => [r.id, r.areas[0]]),
    [
      [1, 'WK900101'],
      [2, 'WK900102'],
    ],
  );
  assert.deepEqual([log.count(), log.verify().ok], [2, true]);
  db.close();
});

test('a lock held past the busy timeout fails the waiting requests with the busy error, and writes nothing', {
  timeout: 20_000,
}, async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-audit-'));
  const db = openOperationalDb(home);
  const log = new AuditLog(db, { key: randomBytes(32), anchorFile: join(home, 'anchors.log'), busyTimeoutMs: 100 });
  const lock = holdWriteLock(home);
  await assert.rejects(log.recordCommitted(entry(1)), (e: Error & { code?: string }) => e.code === 'SQLITE_BUSY');
  lock.release();
  assert.equal(log.count(), 0);
  // the lock free again, the next request commits at once
  assert.equal((await log.recordCommitted(entry(2))).id, 1);
  db.close();
});
