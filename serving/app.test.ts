import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createHash } from 'node:crypto';
import { jsonAnswer, prepareAnswer } from './api-headers.ts';
import { fixtureApp, fixtureScores } from './test-fixtures.test-support.ts';

const get = (
  app: ReturnType<typeof fixtureApp>['app'],
  url: string,
  token?: string,
  headers: Record<string, string> = {},
) => app.request(url, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
const post = (app: ReturnType<typeof fixtureApp>['app'], url: string, token: string, body: unknown) =>
  app.request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

test('health, readiness and OpenAPI need no token; metrics need the admin role', async () => {
  const { app } = fixtureApp();
  assert.equal((await get(app, '/healthz')).status, 200);
  assert.equal((await get(app, '/readyz')).status, 200);
  const doc = (await (await get(app, '/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
  assert.ok(doc.paths['/v1/areas/{code}']);
  assert.equal((await get(app, '/metrics')).status, 401);
});

test('no token, a wrong token, a revoked token: 401 with a JSON error', async () => {
  const f = fixtureApp();
  assert.deepEqual(await (await get(f.app, '/v1/areas')).json(), {
    code: 'UNAUTHORIZED',
    message: 'missing bearer token: send Authorization: Bearer <token>',
  });
  assert.equal((await get(f.app, '/v1/areas', 'zicht_nope')).status, 401);
  const t = f.tokens.create({ role: 'admin' });
  f.tokens.revoke(t.id);
  assert.equal((await get(f.app, '/v1/areas', t.token)).status, 401);
});

test('a marine sees their own municipality, with reasons in Dutch or English', async () => {
  const f = fixtureApp();
  const t = f.token('marine', 'GM9001');
  const list = (await (await get(f.app, '/v1/areas', t)).json()) as { items: { gemeente: string }[] };
  assert.ok(list.items.length > 0 && list.items.every((a) => a.gemeente === 'GM9001'));
  const r = await get(f.app, '/v1/areas/WK900100', t, { 'x-purpose': 'wijkschouw' });
  assert.equal(r.status, 200);
  const body = (await r.json()) as {
    reasons: { text: string }[];
    explanation: { baseValue: number; output: number; contributions: { contribution: number }[] };
    synthetic: boolean;
  };
  assert.equal(body.synthetic, true);
  assert.match(body.reasons[0]!.text, /hangt samen met een (hogere|lagere) score; dit is een verband, geen oorzaak/);
  const sum = body.explanation.baseValue + body.explanation.contributions.reduce((a, c) => a + c.contribution, 0);
  assert.ok(Math.abs(sum - body.explanation.output) < 1e-9, 'base + contributions = output');
  const en = (await (await get(f.app, '/v1/areas/WK900100', t, { 'accept-language': 'en-GB,en' })).json()) as {
    reasons: { text: string }[];
  };
  assert.match(en.reasons[0]!.text, /goes with a (higher|lower) score; this is an association, not a cause/);
});

test('scope: every area route answers another municipality exactly like an unknown area', async () => {
  const f = fixtureApp();
  const t = f.token('analyst', 'GM9001');
  for (const [method, path] of [
    ['GET', ''],
    ['POST', '/what-if'],
  ] as const) {
    const other =
      method === 'GET'
        ? await get(f.app, `/v1/areas/WK900201${path}`, t)
        : await post(f.app, `/v1/areas/WK900201${path}`, t, { changes: { corporatiewoningen: 10 } });
    const unknown =
      method === 'GET'
        ? await get(f.app, `/v1/areas/WK900199${path}`, t)
        : await post(f.app, `/v1/areas/WK900199${path}`, t, { changes: { corporatiewoningen: 10 } });
    assert.equal(other.status, 404);
    assert.equal(unknown.status, 404);
    assert.deepEqual(
      { ...((await other.json()) as object), message: '' },
      { ...((await unknown.json()) as object), message: '' },
    );
  }
  const listOther = await get(f.app, '/v1/areas?municipality=GM9002', t);
  const listUnknown = await get(f.app, '/v1/areas?municipality=GM9999', t);
  // asking for another municipality's list is refused like an unknown one: never answered with one's own areas
  assert.equal(listOther.status, 404);
  assert.equal(listUnknown.status, 404);
  assert.deepEqual(
    { ...((await listOther.json()) as object), message: '', details: null },
    { ...((await listUnknown.json()) as object), message: '', details: null },
  );
  assert.equal((await get(f.app, '/v1/areas?municipality=GM9001', t)).status, 200);
});

test('an area under the disclosure threshold is never shown, to any role', async () => {
  const f = fixtureApp();
  for (const role of ['admin', 'data_scientist', 'ethics_board']) {
    assert.equal((await get(f.app, '/v1/areas/WK900203', f.token(role))).status, 404);
  }
  const all = (await (await get(f.app, '/v1/areas?pageSize=500', f.token('admin'))).json()) as {
    items: { code: string }[];
  };
  assert.ok(!all.items.some((a) => a.code === 'WK900203'));
});

test('roles: allowed and refused calls', async () => {
  const f = fixtureApp();
  const marine = f.token('marine', 'GM9001'),
    ds = f.token('data_scientist'),
    board = f.token('ethics_board'),
    admin = f.token('admin');
  assert.equal(
    (
      await post(f.app, '/v1/models/drugs-wijk/2/reviews', marine, {
        decision: 'approve',
        rationale: 'looks fine to me really',
      })
    ).status,
    403,
  );
  assert.equal(
    (
      await post(f.app, '/v1/models/drugs-wijk/2/reviews', board, {
        decision: 'approve',
        rationale: 'card complete, fairness within band',
      })
    ).status,
    201,
  );
  assert.equal((await post(f.app, '/v1/models/drugs-wijk/2/promote', board, {})).status, 403);
  assert.equal((await post(f.app, '/v1/training-runs', marine, { config: 'demo' })).status, 403);
  assert.equal((await post(f.app, '/v1/training-runs', ds, { config: 'demo' })).status, 202);
  assert.equal((await get(f.app, '/v1/audit', marine)).status, 403);
  assert.equal((await get(f.app, '/v1/audit', board)).status, 200);
  assert.equal((await get(f.app, '/v1/audit', admin)).status, 200);
  assert.equal(
    (await get(f.app, '/v1/models/drugs-wijk/1/card', marine, { accept: 'text/html' })).headers
      .get('content-type')
      ?.startsWith('text/html'),
    true,
  );
});

test('bad input on every route is a 400 with {code, message}', async () => {
  const f = fixtureApp();
  const a = f.token('admin'),
    ds = f.token('data_scientist'),
    board = f.token('ethics_board'),
    analyst = f.token('analyst', 'GM9001');
  const cases: [Response | Promise<Response>, number][] = [
    [get(f.app, '/v1/areas?level=street', a), 400],
    [get(f.app, '/v1/areas?page=0', a), 400],
    [get(f.app, '/v1/areas?colour=red', a), 400],
    [get(f.app, '/v1/areas/not-a-code', a), 400],
    [post(f.app, '/v1/areas/WK900100/what-if', analyst, '{bad json'), 400],
    [post(f.app, '/v1/areas/WK900100/what-if', analyst, { changes: {} }), 400],
    [post(f.app, '/v1/areas/WK900100/what-if', analyst, { changes: { shoe_size: 3 } }), 400],
    [get(f.app, '/v1/models/Bad_Name/1', a), 400],
    [get(f.app, '/v1/models/drugs-wijk/x', a), 400],
    [get(f.app, '/v1/models/drugs-wijk/99', a), 404],
    [post(f.app, '/v1/models/drugs-wijk/2/reviews', board, { decision: 'approve', rationale: '' }), 400],
    [
      post(f.app, '/v1/models/drugs-wijk/2/reviews', board, { decision: 'maybe', rationale: 'a long enough text' }),
      400,
    ],
    [post(f.app, '/v1/training-runs', ds, { config: '../etc' }), 400],
    [get(f.app, '/v1/training-runs/123', ds), 400],
    [get(f.app, '/v1/audit?limit=-1', a), 400],
  ];
  for (const [p, status] of cases) {
    const r = await p;
    assert.equal(r.status, status, await r.clone().text());
    const body = (await r.json()) as { code: string; message: string };
    assert.ok(typeof body.code === 'string' && body.message.length > 0);
  }
  const big = await post(f.app, '/v1/areas/WK900100/what-if', analyst, {
    changes: { corporatiewoningen: 1 },
    pad: 'x'.repeat(70000),
  });
  assert.equal(big.status, 413);
});

test('rate limiting per token', async () => {
  const f = fixtureApp({ rateLimit: { capacity: 3, perSecond: 0.001 } });
  const t = f.token('admin'),
    u = f.token('admin');
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await get(f.app, '/v1/models', t)).status);
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  assert.equal((await get(f.app, '/v1/models', u)).status, 200, 'another token has its own bucket');
});

test('security headers are set and CORS is off by default', async () => {
  const f = fixtureApp();
  const r = await get(f.app, '/healthz', undefined, { origin: 'https://evil.example' });
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(r.headers.get('content-security-policy'));
  assert.equal(r.headers.get('access-control-allow-origin'), null);
});

test('every API answer carries the security headers hono/secure-headers sets for these options', async () => {
  const reference = new Hono();
  reference.use(
    '*',
    secureHeaders({
      referrerPolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  reference.get('/x', (c) => c.json({}));
  const security = (r: Response) => {
    const h: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      if (k !== 'content-type' && k !== 'content-length' && k !== 'retry-after') h[k] = v;
    });
    return h;
  };
  const expected = security(await reference.request('/x'));
  assert.ok(Object.keys(expected).length >= 10);
  const f = fixtureApp();
  const t = f.token('admin');
  // an audited answer (built with its headers complete), a plain one, an error, a refusal, the docs
  for (const [path, token, status] of [
    ['/v1/areas/WK900100', t, 200],
    ['/v1/models', t, 200],
    ['/v1/areas/WK000000', t, 422],
    ['/v1/areas/WK900199', t, 404],
    ['/v1/models', undefined, 401],
    ['/healthz', undefined, 200],
  ] as const) {
    const r = await get(f.app, path, token);
    assert.equal(r.status, status, path);
    assert.deepEqual(security(r), expected, `${path} (${status})`);
  }
});

test('hot swap under load: each response is consistent with the version it started on', async () => {
  const f = fixtureApp({ rateLimit: { capacity: 10000, perSecond: 10000 } });
  const t = f.token('admin');
  const requests = Array.from({ length: 200 }, (_, i) =>
    (async () => {
      if (i === 100) await post(f.app, '/v1/models/drugs-wijk/2/promote', t, {});
      const r = await get(f.app, '/v1/areas/WK900100', t);
      return r.json() as Promise<{ model: { version: number }; score: number; explanation: { output: number } }>;
    })(),
  );
  const bodies = await Promise.all(requests);
  const versions = new Set(bodies.map((b) => b.model.version));
  assert.ok(versions.has(1) && versions.has(2), 'both versions answered: the promotion took effect without a restart');
  const expected = (version: number) => fixtureScores(version).areas.find((a) => a.code === 'WK900100')!;
  for (const b of bodies) {
    // score and explanation come from the same version the response names: never a mix of two
    const e = expected(b.model.version);
    assert.equal(b.score, e.score);
    assert.ok(Math.abs(b.explanation.output - e.margin!) < 1e-12);
  }
  assert.notEqual(expected(1).score, expected(2).score);
  assert.equal(((await (await get(f.app, '/readyz')).json()) as { model: { version: number } }).model.version, 2);
});

test('an area answer rendered once is sent as the same bytes each time, with their length in bytes and their hash in the audit row', async () => {
  const f = fixtureApp();
  const marine = f.token('marine', 'GM9001');
  const answers = [];
  for (let k = 0; k < 2; k++) {
    const r = await get(f.app, '/v1/areas/WK900100', marine);
    assert.equal(r.status, 200);
    const bytes = Buffer.from(await r.arrayBuffer());
    assert.equal(r.headers.get('content-length'), String(bytes.byteLength));
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const row = f.audit.list({ limit: 1 })[0]!;
    assert.equal(row.responseHash, createHash('sha256').update(bytes).digest('hex'));
    answers.push(bytes.toString('utf8'));
  }
  assert.equal(answers[1], answers[0]);
  assert.equal((JSON.parse(answers[0]!) as { code: string }).code, 'WK900100');
});

test('a prepared answer states its length in bytes, not characters', async () => {
  const text = JSON.stringify({ name: 'Súdwest-Fryslân, ’s-Hertogenbosch' });
  const r = jsonAnswer(prepareAnswer(text));
  assert.equal(r.headers.get('content-length'), String(Buffer.byteLength(text)));
  assert.notEqual(Buffer.byteLength(text), text.length);
  assert.equal(await r.text(), text);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
});

test('an audited answer is sent only after its audit row is committed, and a failed commit sends the error, not the answer', async () => {
  const f = fixtureApp();
  const token = f.token('analyst', 'GM9001');
  const commit = f.audit.recordCommitted.bind(f.audit);
  let release: (() => void) | null = null;
  f.audit.recordCommitted = (e) =>
    new Promise((resolve, reject) => {
      release = () => commit(e).then(resolve, reject);
    });
  let answered = false;
  const pending = Promise.resolve(get(f.app, '/v1/areas/WK900100', token)).then((r) => {
    answered = true;
    return r;
  });
  // many turns of the event loop with the commit held: no answer
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  assert.ok(release, 'the row was handed to the audit log');
  assert.equal(answered, false, 'no answer before the commit');
  (release as unknown as () => void)();
  const ok = await pending;
  assert.equal(ok.status, 200);
  assert.equal(((await ok.json()) as { code: string }).code, 'WK900100');

  const before = f.audit.count();
  f.audit.recordCommitted = () => Promise.reject(new Error('disk I/O error'));
  const failed = await get(f.app, '/v1/areas/WK900100', token);
  assert.equal(failed.status, 500);
  assert.deepEqual(await failed.json(), { code: 'INTERNAL', message: 'internal error' });
  assert.equal(failed.headers.get('x-content-type-options'), 'nosniff', 'the error has the API headers');
  assert.equal(f.audit.count(), before);
});
