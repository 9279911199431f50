/**
 * Training in a real browser: starting a run (a double click starts one), its page refreshing
 * itself while it runs, runs from the command line listed, quality reports in Dutch; the CSRF
 * refusal; the guides.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, doubleSubmit, login, newPage, shot, skipBrowser } from './browser.test-support.ts';
import { createUi } from './app.tsx';
import { fakeDeps } from './fake-deps.test-support.ts';

const deps = fakeDeps();
const ui = browserSuite(createUi(deps));

test('runs: start one (a double click starts one), follow it live, see duration, metrics, verdict and version', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_datascience');
  await page.goto(`${ui.base}/training`);
  assert.equal(await page.locator('meta[http-equiv="refresh"]').getAttribute('content'), '3', 'a run is busy: live');
  assert.match(await page.locator('tr[data-run="run-0008"]').innerText(), /45%.*kruisvalidatie/s);
  assert.match(await page.locator('tr[data-origin="cli"]').innerText(), /via de opdrachtregel/);
  assert.match(await page.locator('tr[data-run="run-0007"]').innerText(), /4 min 12 s/);
  await shot(page, 'training');
  await page.locator('#config').selectOption('buurt-gam');
  const landed = await doubleSubmit(page, page.getByRole('button', { name: 'Start run' }), '#training-notice');
  assert.match(landed, /\/training\/runs\/run-\d+$/);
  assert.deepEqual(deps.started, ['buurt-gam'], 'one run');
  assert.match(await page.locator('#training-notice').innerText(), /is gestart/);
  assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 1, 'the run page refreshes itself');
  await page.goto(`${ui.base}/training/runs/run-0007`);
  assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0, 'a finished run does not');
  const run = await page.locator('#run').innerText();
  assert.match(run, /Duur\s+4 min 12 s/);
  assert.match(run, /drugshandel-buurt@3/);
  assert.match(await page.locator('#verdict').innerText(), /NIET beter/);
  assert.match(await page.locator('#metrics').innerText(), /ROC AUC[^\n]*\s+0,912/);
  await page.locator('#run a[href="/modellen/drugshandel-buurt/3"]').click();
  await page.waitForURL(`${ui.base}/modellen/drugshandel-buurt/3`);
  await page.goto(`${ui.base}/training`);
  const quality = await page.locator('.zicht-quality').innerText();
  assert.match(quality, /Gebieden per niveau/);
  assert.match(quality, /Ontbrekende waarden: Inkomen/);
  await page.context().close();
});

test('CSRF: a POST without the token is refused; the guides open in English', { skip: skipBrowser }, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_datascience');
  await page.goto(`${ui.base}/training`);
  const before = await page.locator('#runs tbody tr').count();
  await page.locator('#start-run input[name="_csrf"]').evaluate((el) => el.remove());
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').innerText(), 'Formulier geweigerd');
  await page.goto(`${ui.base}/training`);
  assert.equal(await page.locator('#runs tbody tr').count(), before, 'no run was started');
  await page.goto(`${ui.base}/help?lang=en`);
  await shot(page, 'help-en');
  await page.getByRole('link', { name: 'City marine and analyst' }).click();
  assert.match(await page.locator('h1').innerText(), /Guide for the city marine/);
  await shot(page, 'handleiding-en');
  await page.context().close();
});

test('keyboard: the skip link is the first stop and leads to main; after login, back to the asked page', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await page.goto(`${ui.base}/inloggen`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Naar de inhoud');
  await page.keyboard.press('Enter');
  assert.match(page.url(), /#main$/);
  await page.goto(`${ui.base}/gebied/BU02680003`);
  assert.match(page.url(), /\/inloggen\?terug=%2Fgebied%2FBU02680003$/);
  await page.getByLabel('Token').fill('zt_marine_nijmegen');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${ui.base}/gebied/BU02680003`);
  await page.context().close();
});
