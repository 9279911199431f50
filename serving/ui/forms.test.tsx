import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUi } from './app.tsx';
import { safeReturnPath } from './kit.tsx';
import { fakeDeps } from './fake-deps.test-support.ts';
import { ORIGIN, uiClient } from './ui-client.test-support.ts';

const idem = (html: string) => /name="_idem" value="([^"]+)"/.exec(html)![1]!;
const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

test('after login the user lands on the page that was asked for', async () => {
  const c = uiClient(createUi(fakeDeps()));
  const asked = await c.req('/gebied/BU02680001?lang=nl');
  assert.equal(asked.status, 303);
  assert.equal(asked.headers.get('location'), '/inloggen?terug=%2Fgebied%2FBU02680001%3Flang%3Dnl');
  const form = await (await c.req(asked.headers.get('location')!)).text();
  assert.match(form, /name="terug" value="\/gebied\/BU02680001\?lang=nl"/);
  const res = await c.post('/inloggen', {
    _csrf: csrf(form),
    _idem: idem(form),
    token: 'zt_marine_nijmegen',
    terug: '/gebied/BU02680001?lang=nl',
  });
  assert.equal(res.headers.get('location'), '/gebied/BU02680001?lang=nl');
});

test('only a same-origin path is a way back: other hosts, schemes and tricks go to the start page', async () => {
  for (const bad of [
    'https://evil.test/',
    '//evil.test/x',
    '/\\evil.test',
    'javascript:alert(1)',
    '/kaart\n/x',
    'kaart/GM0268',
    '/inloggen',
    '/uitloggen',
    '',
  ])
    assert.equal(safeReturnPath(bad), null, JSON.stringify(bad));
  assert.equal(safeReturnPath('/kaart/GM0268?lang=en'), '/kaart/GM0268?lang=en');
  const c = uiClient(createUi(fakeDeps()));
  const form = await (await c.req('/inloggen?terug=https://evil.test/')).text();
  assert.doesNotMatch(form, /name="terug"/);
  const res = await c.post('/inloggen', { _csrf: csrf(form), token: 'zt_admin', terug: '//evil.test/x' });
  assert.equal(res.headers.get('location'), '/');
});

test('a review form sent twice (double click) is recorded once; the repeat gets the same answer', async () => {
  const deps = fakeDeps();
  const c = uiClient(createUi(deps));
  await c.login('zt_ethics');
  const page = await (await c.req('/modellen/drugshandel-buurt/3')).text();
  const fields = {
    _csrf: csrf(page),
    _idem: idem(page),
    decision: 'approve',
    'override-verdict': 'on',
    rationale: 'Kaart volledig, eerlijkheid binnen de marges.',
  };
  const [one, two] = await Promise.all([
    c.post('/modellen/drugshandel-buurt/3/oordeel', fields),
    c.post('/modellen/drugshandel-buurt/3/oordeel', fields),
  ]);
  assert.deepEqual([one.status, two.status], [303, 303]);
  assert.equal(two.headers.get('location'), one.headers.get('location'));
  const three = await c.post('/modellen/drugshandel-buurt/3/oordeel', fields);
  assert.equal(three.status, 303, 'a later repeat (reload) too');
  assert.equal(deps.reviews.length, 1);
});

test('a training form sent twice starts one run, and a repeat from another session is not replayed', async () => {
  const deps = fakeDeps();
  const c = uiClient(createUi(deps));
  await c.login('zt_datascience');
  const page = await (await c.req('/training')).text();
  const fields = { _csrf: csrf(page), _idem: idem(page), config: 'buurt-gam' };
  const one = await c.post('/training', fields);
  assert.match(await (await c.req(one.headers.get('location')!)).text(), /id="training-notice"/);
  const two = await c.post('/training', fields);
  assert.equal(two.headers.get('location'), one.headers.get('location'));
  // the browser followed the first redirect, then abandoned it for the repeat's: the page it
  // lands on must still say what was done (the notice is not used up by the abandoned page)
  assert.match(await (await c.req(two.headers.get('location')!)).text(), /id="training-notice".*is gestart/s);
  assert.deepEqual(deps.started, ['buurt-gam']);
  const other = uiClient(c.app);
  await other.login('zt_datascience');
  const theirs = await other.post('/training', fields);
  assert.equal(theirs.status, 403, 'another session cannot use this form (CSRF) nor replay its key');
});

test('a login sent twice logs in once and both answers carry the same session', async () => {
  const c = uiClient(createUi(fakeDeps()));
  const form = await (await c.req('/inloggen')).text();
  const fields = { _csrf: csrf(form), _idem: idem(form), token: 'zt_admin' };
  const before = c.jar.get('zicht_session')!;
  const one = await c.post('/inloggen', fields);
  const first = c.jar.get('zicht_session');
  c.jar.set('zicht_session', before); // the second request of a double click still carries the old cookie
  const two = await c.post('/inloggen', fields);
  assert.deepEqual([one.status, two.status], [303, 303]);
  assert.equal(c.jar.get('zicht_session'), first, 'the repeat gets the session of the first');
  assert.equal((await c.req('/')).status, 200);
});

test('a refused form keeps no key: the corrected form can be sent', async () => {
  const deps = fakeDeps();
  const c = uiClient(createUi(deps));
  await c.login('zt_ethics');
  const page = await (await c.req('/modellen/drugshandel-buurt/3')).text();
  const base = { _csrf: csrf(page), _idem: idem(page), decision: 'approve', 'override-verdict': 'on' };
  assert.equal((await c.post('/modellen/drugshandel-buurt/3/oordeel', { ...base, rationale: ' ' })).status, 422);
  const ok = await c.post('/modellen/drugshandel-buurt/3/oordeel', { ...base, rationale: 'Nu met motivering.' });
  assert.equal(ok.status, 303);
  assert.equal(deps.reviews.length, 1);
});

test('a form from another origin is refused before anything is replayed', async () => {
  const c = uiClient(createUi(fakeDeps()));
  await c.login('zt_datascience');
  const page = await (await c.req('/training')).text();
  const fields = { _csrf: csrf(page), _idem: idem(page), config: 'buurt-gam' };
  assert.equal((await c.post('/training', fields)).status, 303);
  assert.equal((await c.post('/training', fields, { origin: 'http://evil.test' })).status, 403);
  assert.equal((await c.post('/training', fields, { origin: ORIGIN })).status, 303);
});

test('the ethics board overrides a failing gate from the review form: one checkbox per failure, recorded with the review', async () => {
  const deps = fakeDeps();
  const c = uiClient(createUi(deps));
  await c.login('zt_ethics');
  const page = await (await c.req('/modellen/drugshandel-buurt/3')).text();
  // version 3 does not beat its baselines: the form offers exactly that override, in Dutch
  assert.match(page, /id="override-verdict"/);
  assert.doesNotMatch(page, /id="override-fairness"/);
  assert.match(page, /Bewust goedkeuren ondanks/);
  const base = {
    decision: 'approve',
    rationale: 'Synthetische gegevens; bewust goedgekeurd om de werkwijze te tonen.',
  };
  const refused = await c.post('/modellen/drugshandel-buurt/3/oordeel', {
    _csrf: csrf(page),
    _idem: idem(page),
    ...base,
  });
  assert.equal(refused.status, 409, 'approval without the override is refused');
  assert.match(await refused.text(), /id="override-verdict"[^>]*checked|verdict/);
  const again = await (await c.req('/modellen/drugshandel-buurt/3')).text();
  const ok = await c.post('/modellen/drugshandel-buurt/3/oordeel', {
    _csrf: csrf(again),
    _idem: idem(again),
    ...base,
    'override-verdict': 'on',
  });
  assert.equal(ok.status, 303);
  assert.deepEqual(
    deps.reviews.map((r) => r.overrides),
    [['verdict']],
  );
});
