import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureApp } from './test-fixtures.test-support.ts';

const get = (app: ReturnType<typeof fixtureApp>['app'], url: string, token?: string) =>
  app.request(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const whatIf = (f: ReturnType<typeof fixtureApp>, code: string, token: string, changes: Record<string, number>) =>
  f.app.request(`/v1/areas/${code}/what-if`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ changes }),
  });

test('what-if needs the what-if permission, not just reading areas', async () => {
  const f = fixtureApp();
  const marine = f.token('marine', 'GM9001');
  const r = await whatIf(f, 'WK900100', marine, { corporatiewoningen: 10 });
  assert.equal(r.status, 403);
  assert.equal(((await r.json()) as { code: string }).code, 'FORBIDDEN');
  assert.equal((await whatIf(f, 'WK900100', f.token('analyst', 'GM9001'), { corporatiewoningen: 10 })).status, 200);
});

test('what-if changes only mutable indicators, within the training range, a few at a time', async () => {
  const f = fixtureApp();
  const t = f.token('analyst', 'GM9001');
  const locked = await whatIf(f, 'WK900100', t, { bijstand_per_1000: 5 });
  assert.equal(locked.status, 400);
  assert.match(((await locked.json()) as { message: string }).message, /bijstand_per_1000.*cannot be changed/);
  for (const v of [-1e308, 95, Number.MAX_VALUE]) {
    const r = await whatIf(f, 'WK900100', t, { corporatiewoningen: v });
    assert.equal(r.status, 400, String(v));
    assert.match(((await r.json()) as { message: string }).message, /between 0 and 90/);
  }
});

test("the what-if oracle is closed: another area's indicator values cannot be copied into one's own", async () => {
  const f = fixtureApp();
  const t = f.token('analyst', 'GM9001');
  // the attack: submit every indicator of a foreign wijk to one's own wijk and read off its score
  const foreign = f.active.current()!.byCode.get('WK900201')!;
  const all = Object.fromEntries(foreign.contributions.map((c) => [c.feature, c.value ?? 0]));
  const r = await whatIf(f, 'WK900100', t, all);
  assert.equal(r.status, 400);
});

test('every what-if is audited with its inputs', async () => {
  const f = fixtureApp();
  const t = f.token('analyst', 'GM9001');
  assert.equal((await whatIf(f, 'WK900100', t, { corporatiewoningen: 12.5 })).status, 200);
  const row = f.audit.list({ limit: 1 })[0]!;
  assert.equal(row.route, 'POST /v1/areas/:code/what-if');
  assert.deepEqual(JSON.parse(row.detail!), { changes: { corporatiewoningen: 12.5 } });
});

test('a refused request is audited (aggregated per token, route and minute)', async () => {
  const f = fixtureApp();
  const t = f.token('marine', 'GM9001');
  for (let i = 0; i < 3; i++) assert.equal((await get(f.app, `/v1/areas/WK90020${i}`, t)).status, 404);
  assert.equal((await get(f.app, '/v1/audit', t)).status, 403);
  f.flushRefusals();
  const refused = f.audit.list({ limit: 10 }).filter((r) => r.refused !== null);
  const notFound = refused.find((r) => r.route === 'GET /v1/areas/:code' && r.purpose === 'refused 404')!;
  assert.equal(notFound.refused, 3);
  assert.ok(refused.some((r) => r.route === 'GET /v1/audit' && r.purpose === 'refused 403' && r.refused === 1));
  assert.ok(f.audit.verify().ok);
});

test('a 429 says when to come back; /metrics needs the admin role', async () => {
  const f = fixtureApp({ rateLimit: { capacity: 1, perSecond: 0.5 } });
  const t = f.token('admin');
  await get(f.app, '/v1/models', t);
  const r = await get(f.app, '/v1/models', t);
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After: ${r.headers.get('retry-after')}`);
  const g = fixtureApp();
  assert.equal((await get(g.app, '/metrics')).status, 401);
  assert.equal((await get(g.app, '/metrics', g.token('marine', 'GM9001'))).status, 403);
  const ok = await get(g.app, '/metrics', g.token('admin'));
  assert.equal(ok.status, 200);
  assert.match(await ok.text(), /zicht_audit_entries/);
});
