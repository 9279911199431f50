import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { launch, skipBrowser } from './ui/browser.test-support.ts';
import { buildRuntime, TokenStore } from './index.ts';
import { trainedHome } from './trained-home.test-support.ts';

let closeServer: (() => void) | null = null;

/** The real stack on a small synthetic world: train, review, promote, serve. */
async function realStack() {
  const { home } = await trainedHome('rt');
  const rt = await buildRuntime(home);
  const server = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((res) => server.once('listening', res));
  closeServer = () => {
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    server.close();
    // the runtime's timers first (its reload poll on a closed database threw after the test ended)
    rt.close();
    rt.db.close();
  };
  const port = (server.address() as AddressInfo).port;
  const scores = rt.active.current()!.scores;
  const perGm = new Map<string, number>();
  for (const a of scores.areas) if (!a.suppressed) perGm.set(a.gemeente, (perGm.get(a.gemeente) ?? 0) + 1);
  const gm = [...perGm].sort((a, b) => b[1] - a[1])[0]![0];
  return { rt, base: `http://127.0.0.1:${port}`, gm };
}

// built only when the test runs; the server closes once it is up (a skipped test ended before
// training did, and the server it then opened kept the test process alive)
const stack = skipBrowser ? null : realStack();
after(async () => {
  await stack?.catch(() => {});
  closeServer?.();
});

test('the real runtime: API score, audit row, scope, card; UI login → map → area reasons in a real browser', {
  skip: skipBrowser,
}, async () => {
  const { rt, base, gm } = await stack!;
  const tokens = new TokenStore(rt.db);
  const marine = tokens.create({ role: 'marine', municipality: gm });
  const area = rt.active.current()!.scores.areas.find((a) => a.gemeente === gm && !a.suppressed)!;
  const other = rt.active.current()!.scores.areas.find((a) => a.gemeente !== gm && !a.suppressed)!;
  const before = rt.audit.count();
  const res = await fetch(`${base}/v1/areas/${area.code}`, { headers: { authorization: `Bearer ${marine.token}` } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { reasons: { text: string }[]; synthetic: boolean };
  assert.ok(body.reasons.length > 0 && body.synthetic);
  assert.equal(rt.audit.count(), before + 1, 'the score response was audited');
  // the server's commits never checkpoint the log themselves (a thread does: core/store/wal-checkpointer.ts)
  assert.deepEqual(rt.db.prepare('PRAGMA wal_autocheckpoint').get(), { wal_autocheckpoint: 0 });
  assert.equal(
    (await fetch(`${base}/v1/areas/${other.code}`, { headers: { authorization: `Bearer ${marine.token}` } })).status,
    404,
  );
  const card = await fetch(`${base}/v1/models/rt/1/card`, {
    headers: { authorization: `Bearer ${marine.token}`, accept: 'text/html' },
  });
  assert.match(await card.text(), /<svg/);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/inloggen`);
    await page.fill('input[name=token]', marine.token);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    await page.goto(`${base}/kaart/${gm}`);
    assert.ok((await page.locator('svg path').count()) > 0, 'the choropleth is drawn');
    assert.match(await page.innerText('#meaning'), /De kans dat dit gebied in \d{4}/);
    const beforeExport = rt.audit.count();
    const csv = await page.request.get(`${base}/kaart/${gm}/export.csv`);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /^\uFEFF?# Een score is een signaal/);
    assert.equal(rt.audit.count(), beforeExport + 1, 'the export was audited');
    assert.equal((await page.request.get(`${base}/kaart/${other.gemeente}/export.csv`)).status(), 404);
    await page.locator(`a[href="/gebied/${area.code}"]`).first().click();
    await page.waitForURL(`${base}/gebied/${area.code}`);
    assert.match(await page.innerText('main'), /hangt samen met een (hogere|lagere) score; dit is een verband/);
    assert.doesNotMatch(await page.innerText('main'), /JJ00|basiswaarde/);
    const refused = await page.goto(`${base}/gebied/${other.code}`);
    assert.equal(refused?.status(), 404);
    // the real pages on a phone: real boundaries, a real card
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${base}/inloggen`);
    await phone.fill('input[name=token]', marine.token);
    await Promise.all([phone.waitForURL(`${base}/`), phone.click('button[type=submit]')]);
    for (const path of [`/kaart/${gm}`, `/gebied/${area.code}`, '/modellen/rt/1']) {
      await phone.goto(`${base}${path}`);
      const w = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= 390, `${path} is ${w}px wide on a phone`);
    }
    // the real card for the board: in Dutch, above nothing it should not be
    const board = tokens.create({ role: 'ethics_board', name: 'commissie' });
    const card = await browser.newPage();
    await card.goto(`${base}/inloggen?terug=/modellen/rt/1`);
    await card.fill('input[name=token]', board.token);
    await Promise.all([card.waitForURL(`${base}/modellen/rt/1`), card.click('button[type=submit]')]);
    assert.equal(await card.locator('iframe').count(), 0);
    const text = (await card.locator('#card').innerText()).toLowerCase();
    for (const w of ['verdict', 'baseline', 'fairness', 'holdout', 'ethics_board', 'jj00', 'ntrees', 'link logit'])
      assert.ok(!text.includes(w), `the real Dutch card contains '${w}'`);
    assert.match(text, /eerlijkheid in het kort/);
  } finally {
    await browser.close();
  }
  assert.ok(rt.audit.verify().ok);
});
