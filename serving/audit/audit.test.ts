import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { openOperationalDb } from '../../core/index.ts';
import { AuditLog } from './audit-log.ts';

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
  const db = openOperationalDb(mkdtempSync(join(tmpdir(), 'zicht-audit-')));
  const log = new AuditLog(db);
  for (let i = 0; i < 10; i++) log.record([entry(i)]);
  return { db, log };
}

test('an untouched chain verifies', () => {
  const { log } = fresh();
  assert.deepEqual({ ...log.verify(), headHash: '' }, { ok: true, entries: 10, headHash: '' });
});

test('tampering is detected: altered, deleted in the middle, deleted at the end', () => {
  let f = fresh();
  f.db.prepare('UPDATE audit_log SET areas = \'["WK900199"]\' WHERE id = 4').run();
  assert.equal(f.log.verify().ok, false);
  assert.equal(f.log.verify().firstBadId, 4);
  f = fresh();
  f.db.prepare('DELETE FROM audit_log WHERE id = 5').run();
  assert.deepEqual([f.log.verify().ok, f.log.verify().firstBadId], [false, 6]);
  f = fresh();
  f.db.prepare('DELETE FROM audit_log WHERE id = 10').run();
  assert.equal(f.log.verify().ok, false);
  assert.match(f.log.verify().reason!, /deleted from the end/);
});

test('retention: pruning old entries keeps the chain verifiable; less than six months is refused', () => {
  const db = openOperationalDb(mkdtempSync(join(tmpdir(), 'zicht-audit-')));
  const log = new AuditLog(db);
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
  const log = new AuditLog(openOperationalDb(home));
  assert.equal(acknowledged, 60);
  assert.equal(log.count(), acknowledged, 'audit rows = acknowledged responses');
  assert.equal(log.verify().ok, true);
});

test('zicht audit verify --json prints {ok, entries} and exits non-zero on a tampered log', async () => {
  const { runCli } = await import('../../core/index.ts');
  const { servingCommands } = await import('../index.ts');
  const home = mkdtempSync(join(tmpdir(), 'zicht-audit-cli-'));
  const db = openOperationalDb(home);
  const log = new AuditLog(db);
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
  assert.deepEqual({ ...JSON.parse(out), headHash: '' }, { ok: true, entries: 3, headHash: '' });
  db.prepare('DELETE FROM audit_log WHERE id = 2').run();
  db.close();
  out = '';
  assert.equal(await runCli(servingCommands, ['audit', 'verify', '--json'], io, home), 1);
  const r = JSON.parse(out) as { ok: boolean; entries: number };
  assert.equal(r.ok, false);
  assert.equal(r.entries, 1);
});
