/**
 * Browser tests: the UI sub-app with test doubles on a loopback port, driven by
 * Debian's chromium through playwright-core. One browser for the whole file.
 * With ZICHT_SCREENSHOTS=1 each page is also saved under docs/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createUi } from './app.tsx';
import { fakeDeps } from './fake-deps.test-support.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent: install Debian's chromium to run the browser tests`;
const SHOTS =
  process.env['ZICHT_SCREENSHOTS'] === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : null;

let server: ServerType | undefined;
let browser: Browser | undefined;
let base = '';

before(async () => {
  if (skip) return;
  const app = createUi(fakeDeps());
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function newPage(): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

async function login(page: Page, token: string): Promise<void> {
  await page.goto(`${base}/inloggen`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${base}/`);
}

test('marine: map shows the municipality, an area shows its reasons, another municipality is refused', {
  skip,
}, async () => {
  const page = await newPage();
  await page.goto(`${base}/inloggen`);
  await shot(page, 'inloggen');
  await login(page, 'zt_marine_nijmegen');
  await shot(page, 'start-stadsmarinier');
  await page.getByRole('link', { name: 'Kaart van gemeente GM0268' }).click();
  await page.waitForURL(`${base}/kaart/GM0268`);
  assert.equal(await page.title(), 'Kaart Nijmegen — Zicht');
  assert.equal(await page.locator('svg.zicht-map path').count(), 9);
  assert.equal(await page.locator('svg.zicht-map a.zicht-area').count(), 8);
  assert.equal(await page.locator('svg.zicht-map .zicht-area--suppressed').count(), 1);
  await assert.doesNotReject(page.getByText('Synthetische demonstratiegegevens — geen echte gebieden').waitFor());
  assert.equal(await page.locator('#ranking tbody tr').count(), 9);
  await shot(page, 'kaart');
  await page.locator('svg.zicht-map a[href="/gebied/BU02680001"]').click();
  await page.waitForURL(`${base}/gebied/BU02680001`);
  const reasons = await page.locator('#reasons li').allTextContents();
  assert.equal(reasons.length, 4);
  assert.match(reasons[0]!, /Aandeel lage inkomens/);
  assert.match(await page.locator('#caveat').innerText(), /geen bewijs over iemand die er woont/);
  assert.equal(await page.locator('svg.zicht-waterfall rect').count(), 6);
  await shot(page, 'gebied');
  const refused = await page.goto(`${base}/gebied/BU02020001`);
  assert.equal(refused?.status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'Niet gevonden');
  const otherMap = await page.goto(`${base}/kaart/GM0202`);
  assert.equal(otherMap?.status(), 404);
  await shot(page, 'niet-gevonden');
  await page.goto(`${base}/gebied/BU02680001?lang=en`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('#caveat').innerText(), /not evidence about anyone who lives there/);
  await shot(page, 'gebied-en');
  await page.context().close();
});

test('keyboard: the skip link is the first stop and leads to main', { skip }, async () => {
  const page = await newPage();
  await page.goto(`${base}/inloggen`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Naar de inhoud');
  await page.keyboard.press('Enter');
  assert.match(page.url(), /#main$/);
  await page.context().close();
});

test('ethics board: approve a candidate with a rationale, its status changes', { skip }, async () => {
  const page = await newPage();
  await login(page, 'zt_ethics');
  await page.getByRole('link', { name: 'Modellen' }).first().click();
  const row = page.locator('tr[data-ref="drugshandel-buurt@3"]');
  assert.equal(await row.locator('[data-status]').innerText(), 'kandidaat');
  await shot(page, 'modellen');
  await row.getByRole('link').click();
  await page.waitForURL(`${base}/modellen/drugshandel-buurt/3`);
  await page.getByLabel('Goedkeuren').check();
  await page.getByRole('button', { name: 'Oordeel vastleggen' }).click();
  assert.match(await page.locator('#review-error').innerText(), /Vul een motivering in/);
  await shot(page, 'oordeel-zonder-motivering');
  await page.getByLabel('Motivering').fill('Kaart volledig op één veld na; eerlijkheid binnen de afgesproken marges.');
  await page.getByRole('button', { name: 'Oordeel vastleggen' }).click();
  await page.waitForURL(`${base}/modellen/drugshandel-buurt/3`);
  assert.match(await page.locator('#review-done').innerText(), /goedgekeurd/);
  await shot(page, 'modelkaart');
  await page.goto(`${base}/modellen`);
  assert.equal(await page.locator('tr[data-ref="drugshandel-buurt@3"] [data-status]').innerText(), 'goedgekeurd');
  await page.goto(`${base}/modellen/vergelijk?a=drugshandel-buurt@2&b=drugshandel-buurt@3`);
  assert.equal(await page.locator('#comparison tbody tr').count(), 3);
  await shot(page, 'vergelijking');
  await page.context().close();
});

test('CSRF: a POST without the token is refused', { skip }, async () => {
  const page = await newPage();
  await login(page, 'zt_datascience');
  await page.goto(`${base}/training`);
  await shot(page, 'training');
  await page.locator('#start-run input[name="_csrf"]').evaluate((el) => el.remove());
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').innerText(), 'Formulier geweigerd');
  await page.goto(`${base}/training`);
  assert.equal(await page.locator('#runs tbody tr').count(), 2, 'no run was started');
  await page.goto(`${base}/help?lang=en`);
  await shot(page, 'help-en');
  await page.getByRole('link', { name: 'City marine and analyst' }).click();
  assert.match(await page.locator('h1').innerText(), /Guide for the city marine/);
  await shot(page, 'handleiding-en');
  await page.context().close();
});
