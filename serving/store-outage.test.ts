// A replica on PostgreSQL outlives its database: with the server gone, its timers (registry
// watch, audit anchoring, run queue) wait for the next tick instead of ending the process,
// requests that need the store answer 503 NOT_READY, and once the server is back the replica
// reconnects by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresTest, startThrowawayPostgres } from '../core/store/pg-cluster.test-support.ts';
import { FeatureStore } from '../features/index.ts';
import { buildRuntime } from './runtime.ts';
import { holdStore, trainedHome } from './trained-home.test-support.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(
  'a replica whose PostgreSQL goes away keeps running, answers 503, and serves again when it is back',
  postgresTest(),
  async () => {
    const cluster = await startThrowawayPostgres();
    const home = mkdtempSync(join(tmpdir(), 'zicht-outage-'));
    const saved = process.env['ZICHT_DATABASE_URL'];
    process.env['ZICHT_DATABASE_URL'] = cluster.url;
    const started = buildRuntime(home, { watchMs: 20, anchorMs: 20 });
    if (saved === undefined) delete process.env['ZICHT_DATABASE_URL'];
    else process.env['ZICHT_DATABASE_URL'] = saved;
    const rt = await started;
    const token = rt.tokens.create({ role: 'admin' }).token;
    const ask = () => rt.app.request('/v1/models', { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await ask()).status, 200);
    const crashes: unknown[] = [];
    const onCrash = (e: unknown) => crashes.push(e);
    process.on('uncaughtException', onCrash);
    try {
      cluster.halt();
      // many ticks of every timer with the server gone
      await sleep(500);
      assert.deepEqual(crashes, []);
      const res = await ask();
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { code: string }).code, 'NOT_READY');
      // the database comes back (as after a crash, with its data): the replica answers again by
      // itself, with the same token, and the audit chain it went on writing verifies
      cluster.resume();
      const t0 = Date.now();
      let again = await ask();
      while (again.status !== 200 && Date.now() - t0 < 15_000) {
        await sleep(100);
        again = await ask();
      }
      assert.equal(again.status, 200, 'the replica reconnected without a restart');
      assert.deepEqual(crashes, []);
      assert.ok(rt.audit.verify().ok, 'the audit chain verifies after the outage');
    } finally {
      process.off('uncaughtException', onCrash);
      rt.close();
      cluster.stop();
    }
  },
);

test('a server that started while the feature store was busy rechecks suppression once the store answers', async () => {
  const { home } = await trainedHome('rt-retry');
  // the store now registers one shown area under the minimum population (a newer count): the
  // score file, made before, still shows it; only the serve-time recheck can withhold it
  const first = await buildRuntime(home, { watchMs: 0, anchorMs: 0, storeRetryMs: 0 });
  const shown = first.active.current()!.scores.areas.find((a) => !a.suppressed)!.code;
  first.close();
  const store = await FeatureStore.open(home);
  await store.db.run('UPDATE areas SET population = 40 WHERE code = ?', [shown]);
  store.close();
  const holder = holdStore(home);
  await holder.held;
  const rt = await buildRuntime(home, { watchMs: 0, anchorMs: 0, storeRetryMs: 50 });
  try {
    assert.equal(rt.cache.loadedAt, null, 'the start-up read met the lock');
    assert.equal(rt.active.current()!.scores.areas.find((a) => a.code === shown)?.suppressed, false);
    holder.release();
    const t0 = Date.now();
    while (rt.cache.loadedAt === null && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
    assert.notEqual(rt.cache.loadedAt, null, 'the server read the store once it was free');
    assert.equal(rt.active.current()!.scores.areas.find((a) => a.code === shown)?.suppressed, true);
  } finally {
    holder.release();
    rt.close();
  }
});
