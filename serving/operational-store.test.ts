// One contract for the operational store, run against embedded SQLite and a throwaway PostgreSQL
// cluster: what the registry, the ethics board's reviews, tokens, UI sessions, the run queue,
// privacy budgets and the audit log need from it behaves the same on both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZichtError, openOperationalDb, type OperationalDb } from '../core/index.ts';
import { postgresTest, startThrowawayPostgres, type ThrowawayPostgres } from '../core/store/pg-cluster.test-support.ts';
import { PrivacyBudget } from '../evaluation/index.ts';
import { Governance } from '../model-cards/index.ts';
import { ModelRegistry } from '../training/index.ts';
import { openAuditLog } from './audit/audit-key.ts';
import { TokenStore } from './auth/tokens.ts';
import { TrainingRunner } from './training-runner.ts';
import { DbSessionStore } from './ui/index.ts';

/** A fresh, empty store: a new home, and for PostgreSQL a new database in the cluster. */
interface Fresh {
  readonly home: string;
  /** The environment a child process needs to open the same store. */
  readonly env: Record<string, string>;
  open(): OperationalDb;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `check` until it holds, up to a generous deadline (a functional deadline, not a timing claim). */
async function eventually(check: () => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`${what} did not happen within ${deadlineMs} ms`);
    await sleep(50);
  }
}

const newVersion = (name: string, by = 'ds') => ({
  name,
  kind: 'gam',
  trainedBy: by,
  dataHash: 'd'.repeat(64),
  synthetic: true,
  metrics: { auc: 0.71 },
  artifactText: '{"format":"test"}',
  files: { 'evaluation.json': '{}' },
});

const entry = (i: number, who: string) => ({
  tokenId: `tok_${who}`,
  role: 'marine',
  route: 'GET /v1/areas/:code',
  areas: [`WK9001${String(i % 100).padStart(2, '0')}`],
  model: 'm@1',
  purpose: null,
  responseHash: 'h'.repeat(64),
});

/** Append `n` audit entries from a separate process, in batches like the server's group commit. */
function appendFromChild(fresh: Fresh, who: string, n: number): Promise<void> {
  const code = `
    import { openOperationalDb } from './core/index.ts';
    import { openAuditLog } from './serving/audit/audit-key.ts';
    const db = openOperationalDb(process.env.ZICHT_HOME);
    const log = openAuditLog(process.env.ZICHT_HOME, db);
    for (let i = 0; i < ${n}; i += 3) {
      const batch = [];
      for (let j = i; j < Math.min(i + 3, ${n}); j++)
        batch.push({ tokenId: 'tok_${who}', role: 'marine', route: 'GET /v1/areas/:code', areas: ['WK900101'], model: 'm@1', purpose: null, responseHash: '${'h'.repeat(64)}' });
      log.record(batch);
    }
    db.close();`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, ...fresh.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    p.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`appender ${who} failed: ${err}`))));
  });
}

function contract(fresh: () => Fresh): void {
  test('registry: versions number up, one production per name, history in order', () => {
    const f = fresh();
    const db = f.open();
    const reg = new ModelRegistry(db, f.home);
    assert.equal(reg.register(newVersion('m')).version, 1);
    assert.equal(reg.register(newVersion('m')).version, 2);
    assert.equal(reg.register(newVersion('other')).version, 1);
    reg.setStatus('m', 1, 'production', 'admin');
    reg.setStatus('m', 2, 'production', 'admin');
    assert.equal(reg.production('m')?.version, 2);
    assert.equal(reg.get('m', 1).status, 'retired');
    assert.deepEqual(
      reg.history('m', 1).map((h) => [h.from, h.to]),
      [
        [null, 'candidate'],
        ['candidate', 'production'],
        ['production', 'retired'],
      ],
    );
    assert.deepEqual(
      reg.list().map((v) => `${v.name}@${v.version}:${v.status}`),
      ['m@2:production', 'm@1:retired', 'other@1:candidate'],
    );
    assert.equal(reg.get('m', 2).synthetic, true);
    assert.deepEqual(reg.get('m', 2).metrics, { auc: 0.71 });
    assert.equal(reg.readFile(reg.get('m', 2), 'evaluation.json'), '{}');
    assert.throws(
      () => reg.get('m', 9),
      (e) => e instanceof ZichtError && e.code === 'UNKNOWN_MODEL',
    );
    db.close();
  });

  test('governance: reviews are recorded in order and move the status', () => {
    const f = fresh();
    const db = f.open();
    const reg = new ModelRegistry(db, f.home);
    const gov = new Governance(db, reg, f.home);
    reg.register(newVersion('m'));
    const base = { name: 'm', version: 1, reviewer: 'eva', role: 'ethics_board' };
    gov.review({ ...base, decision: 'request-changes', rationale: 'the fairness section needs more' });
    assert.equal(reg.get('m', 1).status, 'candidate');
    const r = gov.review({ ...base, decision: 'reject', rationale: 'does not beat its baselines' });
    assert.equal(r.status, 'rejected');
    assert.deepEqual(
      gov.reviews('m', 1).map((x) => [x.decision, x.reviewer, x.overrides]),
      [
        ['request-changes', 'eva', []],
        ['reject', 'eva', []],
      ],
    );
    assert.deepEqual(Object.keys(gov.reviews('m', 1)[0]!).sort(), [
      'at',
      'decision',
      'name',
      'overrides',
      'rationale',
      'reviewer',
      'role',
      'version',
    ]);
    db.close();
  });

  test('tokens: a token made on one connection works on another; a revoke is seen at once', () => {
    const f = fresh();
    const a = f.open(),
      b = f.open();
    const ta = new TokenStore(a),
      tb = new TokenStore(b);
    const { id, token } = ta.create({ role: 'marine', municipality: 'GM0363', name: 'amsterdam' });
    assert.deepEqual(tb.verify(token), { tokenId: id, role: 'marine', municipality: 'GM0363', name: 'amsterdam' });
    assert.equal(tb.isActive(id), true);
    tb.revoke(id);
    assert.equal(ta.verify(token), null);
    assert.equal(ta.isActive(id), false);
    assert.equal(ta.list()[0]?.revokedAt !== null, true);
    assert.throws(
      () => ta.revoke(id),
      (e) => e instanceof ZichtError && e.code === 'NOT_FOUND',
    );
    a.close();
    b.close();
  });

  test('tokens: a replica trusts a verified token for cacheMs at most; its own revoke at once', () => {
    const f = fresh();
    const a = f.open(),
      b = f.open();
    let now = 0;
    const ta = new TokenStore(a, { cacheMs: 500, now: () => now }),
      tb = new TokenStore(b, { cacheMs: 500, now: () => now });
    const one = ta.create({ role: 'admin' }),
      two = ta.create({ role: 'admin' });
    assert.ok(ta.verify(one.token) && ta.isActive(one.id));
    tb.revoke(one.id);
    now = 499;
    assert.ok(ta.verify(one.token), 'still trusted within cacheMs');
    now = 501;
    assert.equal(ta.verify(one.token), null, 'revoked on the other replica: refused after cacheMs');
    assert.equal(ta.isActive(one.id), false);
    assert.ok(ta.verify(two.token));
    ta.revoke(two.id);
    assert.equal(ta.verify(two.token), null, 'revoked here: refused at once');
    assert.equal(ta.isActive(two.id), false);
    a.close();
    b.close();
  });

  test('sessions: shared between connections, flash written through, expiry, caps, ended per token', () => {
    const f = fresh();
    const a = f.open(),
      b = f.open();
    let now = 1_000_000;
    const opts = { now: () => now, idleMs: 60_000, maxAgeMs: 600_000, maxPerToken: 2, maxAnonymous: 2 };
    const sa = new DbSessionStore(a, opts),
      sb = new DbSessionStore(b, opts);
    const p = { tokenId: 'tok_1', role: 'marine' as const, municipality: 'GM0363' };
    const s1 = sa.create(p);
    const seen = sb.get(s1.id);
    assert.deepEqual(seen?.principal, p);
    assert.equal(seen?.csrf, s1.csrf);
    seen!.flash = { type: 'ok', text: 'saved' };
    assert.deepEqual(sa.get(s1.id)?.flash, { type: 'ok', text: 'saved' });
    // a third login of the same token drops its oldest session
    now += 1;
    const s2 = sa.create(p);
    now += 1;
    sb.create(p);
    assert.equal(sa.get(s1.id), undefined);
    assert.ok(sa.get(s2.id));
    assert.equal(sb.size, 2);
    // anonymous sessions are capped by count, apart from logged-in ones
    for (let i = 0; i < 5; i++) {
      now += 1;
      sa.create(null);
    }
    assert.equal(sb.size, 2);
    assert.equal(sb.endForToken('tok_1'), 2);
    assert.equal(sa.get(s2.id), undefined);
    const s3 = sb.create(p);
    now += 60_001;
    assert.equal(sa.get(s3.id), undefined, 'idle session expired');
    const s4 = sb.create(p);
    sa.destroy(s4.id);
    assert.equal(sb.get(s4.id), undefined);
    a.close();
    b.close();
  });

  test('run queue: one run per config at a time, claimed once, a failing run ends failed', async () => {
    const f = fresh();
    mkdirSync(join(f.home, 'configs'), { recursive: true });
    writeFileSync(join(f.home, 'configs', 'broken.json'), '{"name": 1}');
    const a = f.open(),
      b = f.open();
    const ra = new TrainingRunner(a, f.home),
      rb = new TrainingRunner(b, f.home);
    const run = ra.start({ tokenId: 'tok_1' }, 'broken');
    assert.equal(rb.start({ tokenId: 'tok_2' }, 'broken').id, run.id, 'a second start is the same run');
    assert.equal(rb.list().length, 1);
    await eventually(() => rb.get(run.id).status === 'failed', 'the run failing');
    assert.match(rb.get(run.id).message, /\S/);
    a.close();
    b.close();
  });

  test('run queue: a run whose replica stopped renewing its lease is marked interrupted; a live one is not', () => {
    const f = fresh();
    const db = f.open();
    new TrainingRunner(db, f.home);
    const insert = db.prepare(
      "INSERT INTO training_runs (id, config, status, progress, message, started_by, started_at, runner, lease_until) VALUES (?, 'demo', 'running', 0.5, 'fitting', 'tok_1', ?, ?, ?)",
    );
    const now = Date.now();
    insert.run('run_dead', new Date(now - 60_000).toISOString(), 'runner_gone', new Date(now - 1_000).toISOString());
    insert.run('run_live', new Date(now - 30_000).toISOString(), 'runner_busy', new Date(now + 60_000).toISOString());
    const other = new TrainingRunner(db, f.home);
    assert.equal(other.get('run_dead').status, 'failed');
    assert.match(other.get('run_dead').message, /interrupted/);
    assert.equal(other.get('run_live').status, 'running');
    db.close();
  });

  test('privacy budget: set once, spends add up, an overspend is refused', () => {
    const f = fresh();
    const db = f.open();
    const budget = new PrivacyBudget(db);
    budget.set('*', 1, 'admin');
    assert.throws(
      () => budget.set('*', 2, 'admin'),
      (e) => e instanceof ZichtError && e.code === 'GATE_REFUSED',
    );
    budget.spend('*', 0.25, 'geometric', 'train a');
    budget.spend('*', 0.5, 'laplace', 'train b');
    assert.equal(budget.spent('*'), 0.75);
    assert.throws(() => budget.spend('*', 0.5, 'geometric', 'too much'), /exhausted/);
    assert.deepEqual(
      budget.spends().map((x) => [x.epsilon, x.purpose]),
      [
        [0.25, 'train a'],
        [0.5, 'train b'],
      ],
    );
    db.close();
  });

  test('audit: appends from two processes at once form one chain; rows = appends', async () => {
    const f = fresh();
    const db = f.open();
    const log = openAuditLog(f.home, db, {});
    log.record([entry(0, 'main')]);
    await Promise.all([appendFromChild(f, 'a', 150), appendFromChild(f, 'b', 150)]);
    log.record([entry(1, 'main')]);
    const v = log.verify();
    assert.equal(v.ok, true, v.reason);
    assert.equal(v.entries, 302);
    assert.equal(log.count(), 302);
    log.anchor();
    assert.equal(log.verify().anchors, 1);
    db.close();
  });
}

describe('operational store contract: SQLite', () => {
  contract(() => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-contract-'));
    return { home, env: { ZICHT_HOME: home, ZICHT_DATABASE_URL: '' }, open: () => openOperationalDb(home, {}) };
  });
});

describe('operational store contract: PostgreSQL', postgresTest(), () => {
  let cluster: ThrowawayPostgres;
  let admin: OperationalDb;
  let n = 0;
  before(async () => {
    cluster = await startThrowawayPostgres();
    admin = openOperationalDb(mkdtempSync(join(tmpdir(), 'zicht-contract-admin-')), {
      ZICHT_DATABASE_URL: cluster.url,
    });
  });
  after(() => {
    admin?.close();
    cluster?.stop();
  });
  contract(() => {
    const name = `contract_${++n}`;
    admin.exec(`CREATE DATABASE ${name}`);
    const url = cluster.url.replace(/\/[^/]+$/, `/${name}`);
    const home = mkdtempSync(join(tmpdir(), 'zicht-contract-pg-'));
    return {
      home,
      env: { ZICHT_HOME: home, ZICHT_DATABASE_URL: url },
      open: () => openOperationalDb(home, { ZICHT_DATABASE_URL: url }),
    };
  });
});
