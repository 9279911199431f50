import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUi } from './app.tsx';
import { SessionStore } from './session.ts';
import { fakeDeps } from './fake-deps.test-support.ts';
import { ORIGIN, uiClient } from './ui-client.test-support.ts';

/** A tiny cookie-keeping client over app.request (the UI on the fake deps by default). */
function client(
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> } = createUi(fakeDeps()),
) {
  return uiClient(app);
}

test('pages need a login; the login form sets an HttpOnly, SameSite=Strict session cookie', async () => {
  const c = client();
  const home = await c.req('/');
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/inloggen');
  const form = await c.req('/inloggen');
  const set = form.headers.getSetCookie().find((s) => s.startsWith('zicht_session='))!;
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  assert.doesNotMatch(set, /Secure/);
  const before = c.jar.get('zicht_session');
  const res = await c.post('/inloggen', {
    _csrf: /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!,
    token: 'zt_marine_nijmegen',
  });
  assert.equal(res.status, 303);
  assert.notEqual(c.jar.get('zicht_session'), before, 'the session id rotates at login');
  const page = await (await c.req('/')).text();
  assert.match(page, /Ingelogd als stadsmarinier/);
  assert.match(page, /href="\/kaart\/GM0268"/);
});

test('the session cookie is Secure behind an HTTPS proxy', async () => {
  const c = client();
  const res = await c.req('/inloggen', { headers: { 'x-forwarded-proto': 'https' } });
  assert.match(res.headers.getSetCookie().find((s) => s.startsWith('zicht_session='))!, /Secure/);
});

test('a wrong token is refused with a message, not a session', async () => {
  const c = client();
  const res = await c.login('zt_nope');
  assert.equal(res.status, 403);
  assert.match(await res.text(), /onbekend, ingetrokken of verlopen/);
  assert.equal((await c.req('/')).status, 303);
});

test('POST without the CSRF token, with a wrong one, or from another origin is refused', async () => {
  const c = client();
  await c.login('zt_ethics');
  const token = await c.csrf('/modellen/drugshandel-buurt/3');
  const body = { decision: 'approve', rationale: 'ok' };
  const url = '/modellen/drugshandel-buurt/3/oordeel';
  for (const [fields, headers] of [
    [body, { origin: ORIGIN }],
    [{ ...body, _csrf: 'x'.repeat(token.length) }, { origin: ORIGIN }],
    [{ ...body, _csrf: token }, { origin: 'http://evil.test' }],
    [{ ...body, _csrf: token }, {}],
  ] as const) {
    const res = await c.post(url, fields, headers);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Formulier geweigerd/);
  }
  assert.match(await (await c.req('/modellen')).text(), /data-status="candidate"/);
});

test('a marine scoped to GM0268 gets the same not-found page for another municipality as for an unknown code', async () => {
  const c = client();
  await c.login('zt_marine_nijmegen');
  const own = await c.req('/kaart/GM0268');
  assert.equal(own.status, 200);
  const html = await own.text();
  assert.match(html, /Synthetische demonstratiegegevens — geen echte gebieden/);
  assert.equal((html.match(/<path d="M/g) ?? []).length, 9);
  const pages = await Promise.all(
    [
      '/kaart/GM0202',
      '/kaart/GM9999',
      '/gebied/BU02020001',
      '/gebied/BU99990001',
      '/gebied/BU02680008',
      '/gebied/xyz',
    ].map((p) => c.req(p)),
  );
  const bodies = await Promise.all(pages.map((r) => r.text()));
  for (const [i, r] of pages.entries()) assert.equal(r.status, 404, `request ${i}`);
  const strip = (s: string) => s.replace(/href="[^"]*\?lang=en"/, '');
  for (const b of bodies) assert.equal(strip(b), strip(bodies[0]!), 'identical answers');
  const area = await (await c.req('/gebied/BU02680001')).text();
  assert.match(area, /Een score is een signaal voor aandacht, geen bewijs over iemand die er woont\./);
  assert.match(
    area,
    /Aandeel corporatiewoningen: hoger dan gemiddeld in Nijmegen \(62% tegen 38%\) — hangt samen met een hogere score; dit is een verband, geen oorzaak/,
  );
});

test('roles see the pages the one role table grants them, as the API does', async () => {
  const marine = client();
  await marine.login('zt_marine_nijmegen');
  assert.equal((await marine.req('/modellen')).status, 200, 'a marine may read the cards (models:read)');
  assert.equal((await marine.req('/training')).status, 403);
  const ethics = client();
  await ethics.login('zt_ethics');
  assert.equal((await ethics.req('/training')).status, 403);
  assert.equal((await ethics.req('/kaart/GM0268')).status, 200, 'the ethics board reads areas, like through the API');
  const ds = client();
  await ds.login('zt_datascience');
  assert.equal((await ds.req('/training')).status, 200);
  const reviewAttempt = await ds.post('/modellen/drugshandel-buurt/3/oordeel', {
    _csrf: await ds.csrf('/training'),
    decision: 'approve',
    rationale: 'x',
  });
  assert.equal(reviewAttempt.status, 403);
});

test('a review without rationale is refused with a clear message; with one it is recorded', async () => {
  const deps = fakeDeps();
  const c = client(createUi(deps));
  await c.login('zt_ethics');
  const page = await (await c.req('/modellen/drugshandel-buurt/3')).text();
  assert.match(page, /wettelijke grondslag/);
  assert.doesNotMatch(page, /<iframe/, 'the card is part of the page, not a frame');
  assert.ok(page.indexOf('<article class="zicht-card"') < page.indexOf('<form'), 'the card comes before the form');
  const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  const empty = await c.post('/modellen/drugshandel-buurt/3/oordeel', {
    _csrf: token,
    decision: 'approve',
    rationale: '   ',
  });
  assert.equal(empty.status, 422);
  assert.match(await empty.text(), /Vul een motivering in/);
  assert.equal(deps.reviews.length, 0);
  const ok = await c.post('/modellen/drugshandel-buurt/3/oordeel', {
    _csrf: token,
    decision: 'approve',
    'override-verdict': 'on',
    rationale: 'Kaart volledig genoeg, fairness binnen marges.',
  });
  assert.equal(ok.status, 303);
  assert.deepEqual(
    deps.reviews.map((r) => r.decision),
    ['approve'],
  );
  assert.match(await (await c.req('/modellen/drugshandel-buurt/3')).text(), /Nieuwe status: goedgekeurd/);
  const again = await c.post('/modellen/drugshandel-buurt/3/oordeel', {
    _csrf: token,
    decision: 'reject',
    rationale: 'toch niet',
  });
  assert.equal(again.status, 409);
  assert.match(await again.text(), /only a candidate can be reviewed/);
});

test('English via ?lang=en sticks in a cookie and sets <html lang>', async () => {
  const c = client();
  const first = await (await c.req('/inloggen?lang=en')).text();
  assert.match(first, /<html lang="en">/);
  assert.match(first, /<title>Log in — Zicht<\/title>/);
  assert.match(await (await c.req('/help')).text(), /<html lang="en">/);
  await c.login('zt_ethics');
  const cmp = await (await c.req('/modellen/vergelijk?a=drugshandel-buurt@2&b=drugshandel-buurt@3')).text();
  assert.match(
    cmp,
    /href="\/modellen\/vergelijk\?a=drugshandel-buurt%402&amp;b=drugshandel-buurt%403&amp;lang=nl"/,
    'the switch keeps the query',
  );
});

test('sessions expire when idle and logout ends them', async () => {
  let now = 0;
  const sessions = new SessionStore({ now: () => now, idleMs: 1000 });
  const c = client(createUi(fakeDeps(), { sessions }));
  await c.login('zt_admin');
  assert.equal((await c.req('/')).status, 200);
  now = 5000;
  const expired = await c.req('/');
  assert.equal(expired.headers.get('location'), '/inloggen?verlopen=1');
  now = 0;
  await c.login('zt_admin');
  const out = await c.post('/uitloggen', { _csrf: await c.csrf('/uitloggen') });
  assert.equal(out.status, 303);
  assert.equal(sessions.size, 0);
});

test('training: a data scientist starts a run from a stored config; unknown configs are refused', async () => {
  const c = client();
  await c.login('zt_datascience');
  const token = await c.csrf('/training');
  const started = await c.post('/training', { _csrf: token, config: 'buurt-gam' });
  assert.equal(started.status, 303);
  assert.equal(started.headers.get('location'), '/training/runs/run-0010');
  const run = await (await c.req('/training/runs/run-0010')).text();
  assert.match(run, /Run run-0010 is gestart/);
  assert.match(run, /<meta http-equiv="refresh" content="3"\/>/, 'a queued run refreshes itself');
  const page = await (await c.req('/training')).text();
  assert.match(page, /<progress[^>]*value="45"/);
  await c.post('/training', { _csrf: token, config: '../etc' });
  assert.match(await (await c.req('/training')).text(), /Kies een van de opgeslagen configuraties/);
});

test('static styles and the guides are served', async () => {
  const c = client();
  const login = await (await c.req('/inloggen')).text();
  const href = /href="(\/static\/utrecht-components\.[0-9a-f]{10}\.css)"/.exec(login)![1]!;
  const css = await c.req(href);
  assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.match(await css.text(), /\.utrecht-button/);
  const guide = await c.req('/help/stadsmarinier');
  assert.equal(guide.status, 200);
  assert.match(await guide.text(), /<h1 class="utrecht-heading-1">/);
  assert.equal((await c.req('/help/..%2Fetc')).status, 404);
});

test('mounted at / beside an API, the UI middleware leaves /v1 alone', async () => {
  const { Hono } = await import('hono');
  const parent = new Hono();
  parent.route('/', createUi(fakeDeps()));
  parent.get('/v1/ping', (c) => c.json({ ok: true }));
  parent.post('/v1/echo', async (c) => c.json({ size: (await c.req.text()).length }));
  const ping = await parent.request('http://zicht.test/v1/ping?lang=en');
  assert.deepEqual(await ping.json(), { ok: true });
  assert.deepEqual(ping.headers.getSetCookie(), []);
  const big = await parent.request('http://zicht.test/v1/echo', { method: 'POST', body: 'x'.repeat(100_000) });
  assert.deepEqual(await big.json(), { size: 100_000 });
  const login = await parent.request('http://zicht.test/inloggen?lang=en', { headers: { host: 'zicht.test' } });
  assert.match(await login.text(), /<html lang="en">/);
  assert.equal((await parent.request('http://zicht.test/kaart/GM0268')).status, 303);
});

test('login attempts and page views are rate-limited per client, with Retry-After', async () => {
  const c = client(
    createUi(fakeDeps(), { loginRate: { capacity: 2, perSecond: 0.01 }, pageRate: { capacity: 50, perSecond: 0.01 } }),
  );
  for (let i = 0; i < 2; i++) assert.equal((await c.login('wrong-token')).status, 403);
  const limited = await c.login('wrong-token');
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  const d = client(createUi(fakeDeps(), { pageRate: { capacity: 3, perSecond: 0.01 } }));
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await d.req('/inloggen')).status);
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
});
