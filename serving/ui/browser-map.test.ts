/**
 * The map in a real browser: the marine's flow, the keyboard order, the links between map and
 * table, and the contrast of every band, boundary, pattern and focus ring — computed here from
 * the stylesheet the server sends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hex, browserSuite, login, newPage, shot, skipBrowser } from './browser.test-support.ts';

const ui = browserSuite();

/** WCAG 2 relative luminance and contrast, written out here so the test does not trust the app's. */
function lum(h: string): number {
  const c = [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16) / 255);
  const [r, g, b] = c.map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const ratio = (a: string, b: string) => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

test('marine: the map of the own municipality, an area, and the same not-found for another', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await page.goto(`${ui.base}/inloggen`);
  await shot(page, 'inloggen');
  await login(page, ui.base, 'zt_marine_nijmegen');
  await shot(page, 'start-stadsmarinier');
  await page.getByRole('link', { name: 'Kaart van Nijmegen' }).first().click();
  await page.waitForURL(`${ui.base}/kaart/GM0268`);
  assert.equal(await page.title(), 'Kaart Nijmegen — Zicht');
  assert.equal(await page.locator('svg.zicht-map .zicht-area path').count(), 9);
  assert.equal(await page.locator('svg.zicht-map a.zicht-area').count(), 8);
  assert.equal(await page.locator('svg.zicht-map .zicht-area--suppressed').count(), 1);
  assert.equal(await page.locator('svg.zicht-map .zicht-marker').count(), 8, 'a numbered marker per scored area');
  assert.equal(await page.locator('#ranking tbody tr').count(), 9);
  assert.match(await page.locator('#meaning').innerText(), /^De kans dat dit gebied/);
  assert.match(await page.locator('#verdict').innerText(), /beter dan de eenvoudige voorspellers/);
  assert.match(await page.locator('#bands').innerText(), /hoog vanaf 70,0%/);
  await shot(page, 'kaart');
  await page.locator('svg.zicht-map a[href="/gebied/BU02680001"]').click();
  await page.waitForURL(`${ui.base}/gebied/BU02680001`);
  assert.match(await page.locator('#caveat').innerText(), /geen bewijs over iemand die er woont/);
  await shot(page, 'gebied');
  const refused = await page.goto(`${ui.base}/gebied/BU02020001`);
  assert.equal(refused?.status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'Niet gevonden');
  assert.equal(await page.locator('#ways a').first().getAttribute('href'), '/kaart/GM0268', 'a way back');
  await shot(page, 'niet-gevonden');
  await page.context().close();
});

test('keyboard: a skip link past the map, then the areas in the order of the table', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_marine_nijmegen');
  await page.goto(`${ui.base}/kaart/GM0268`);
  const tableOrder = await page
    .locator('#ranking tbody a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  await page.locator('#skip-map').focus();
  const visited: (string | null)[] = [];
  for (let i = 0; i < tableOrder.length; i++) {
    await page.keyboard.press('Tab');
    visited.push(await page.evaluate(() => document.activeElement?.getAttribute('href') ?? null));
  }
  assert.deepEqual(visited, tableOrder, 'Tab visits the map areas in table order');
  await page.locator('#skip-map').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ranking', 'the skip link lands on the table');
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('href')),
    tableOrder[0],
    'and the next stop is the first row',
  );
  await page.context().close();
});

test('pointing at or focusing a row outlines its area, and the other way round', { skip: skipBrowser }, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_marine_nijmegen');
  await page.goto(`${ui.base}/kaart/GM0268`);
  const area = page.locator('.zicht-area[data-code="BU02680003"] path');
  const row = page.locator('#ranking tr[data-code="BU02680003"]');
  const stroke = () => area.evaluate((p) => [getComputedStyle(p).stroke, getComputedStyle(p).strokeWidth]);
  const bg = () => row.evaluate((r) => getComputedStyle(r).backgroundColor);
  const [rest] = await stroke();
  await row.hover();
  assert.deepEqual(await stroke(), ['rgb(0, 0, 0)', '3px'], 'hovering the row outlines the area');
  await page.mouse.move(0, 0);
  assert.equal((await stroke())[0], rest);
  await row.locator('a').focus();
  assert.deepEqual(await stroke(), ['rgb(0, 0, 0)', '3px'], 'focusing the row outlines the area');
  await page.locator('.zicht-area[data-code="BU02680003"]').focus();
  assert.equal(hex(await bg()), '#ffe066', 'focusing the area highlights the row');
  const marker = page.locator('.zicht-area[data-code="BU02680003"] .zicht-marker text');
  assert.equal(await marker.textContent(), '3', 'the marker carries the number of the row');
  assert.equal(await row.locator('td').first().innerText(), '3');
  await page.context().close();
});

test('contrast from the served CSS: bands, boundaries, patterns and focus rings all at least 3:1', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_marine_nijmegen');
  await page.goto(`${ui.base}/kaart/GM0268`);
  const href = await page.locator('link[href^="/static/zicht."]').getAttribute('href');
  const css = await (await fetch(`${ui.base}${href}`)).text();
  const v = (name: string) => {
    const m = new RegExp(`--zicht-${name}:(#[0-9a-f]{6})`, 'i').exec(css);
    assert.ok(m, `--zicht-${name} in the served CSS`);
    return m[1]!.toLowerCase();
  };
  const bands = ['laag', 'gemiddeld', 'verhoogd', 'hoog'];
  const background = v('map-background'),
    boundary = v('boundary'),
    ink = v('pattern-ink'),
    page_ = '#ffffff';
  for (const b of bands) {
    const fill = v(`band-${b}`);
    assert.ok(ratio(fill, background) >= 3, `${b} against the background: ${ratio(fill, background).toFixed(2)}`);
    assert.ok(ratio(fill, boundary) >= 3, `${b} against the boundary between neighbours: ${ratio(fill, boundary)}`);
    assert.ok(ratio(fill, ink) >= 3, `${b}'s pattern against its fill`);
    assert.ok(ratio(fill, v(`band-${b}-text`)) >= 4.5, `${b} badge text`);
  }
  // neighbouring bands also differ in lightness (darker is higher), besides pattern and boundary
  for (let i = 1; i < bands.length; i++)
    assert.ok(lum(v(`band-${bands[i]}`)) < lum(v(`band-${bands[i - 1]}`)), `${bands[i]} darker than ${bands[i - 1]}`);
  assert.ok(ratio(v('focus'), page_) >= 3, 'focus ring on the page');
  assert.ok(ratio(v('focus-on-dark'), v('header-background')) >= 3, 'focus ring on the header');
  assert.ok(ratio('#ffbf47', page_) < 3, 'the old ring (#ffbf47) would fail: the check can fail');
  // what the browser draws uses these values: boundaries 2px in the boundary colour, each band its pattern
  const drawn = await page
    .locator('.zicht-area:not(.zicht-area--suppressed) path')
    .evaluateAll((ps) =>
      ps.map((p) => [getComputedStyle(p).stroke, getComputedStyle(p).strokeWidth, p.getAttribute('fill')]),
    );
  for (const [stroke, width, fill] of drawn) {
    assert.equal(hex(stroke!), boundary);
    assert.equal(width, '2px');
    assert.match(fill!, /^url\(#band-(laag|gemiddeld|verhoogd|hoog)\)$/);
  }
  for (const b of bands) {
    const rect = page.locator(`pattern#band-${b} rect`);
    assert.equal(hex(await rect.evaluate((r) => getComputedStyle(r).fill)), v(`band-${b}`));
    assert.ok((await page.locator(`pattern#band-${b} .zicht-ink, pattern#band-${b} .zicht-ink-dot`).count()) > 0);
  }
  await page.locator('#ranking tbody a').first().focus();
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineColor);
  assert.equal(hex(ring), v('focus'));
  await page.context().close();
});
