/**
 * The area page and the meeting in a real browser: meaning first, reasons both ways, the
 * waterfall behind a toggle in the score's unit, the interval around the score, the trend in
 * years; the CSV download and the printed page with date, version, verdict and caveat.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserSuite, login, newPage, shot, skipBrowser } from './browser.test-support.ts';

const ui = browserSuite();

test('the area page: meaning, verdict, bands, rank, caveat; reasons both ways; details in the score unit', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_marine_nijmegen');
  await page.goto(`${ui.base}/gebied/BU02680002`);
  const main = await page.locator('main').innerText();
  const at = (s: string) => main.indexOf(s);
  assert.ok(at('De kans dat dit gebied') < at('Samenvatting'), 'the meaning before the figures');
  assert.match(main, /\(eenheid: kans\)/);
  assert.match(await page.locator('#verdict').innerText(), /Dit model is beter dan de eenvoudige voorspellers/);
  assert.match(
    await page.locator('#bands').innerText(),
    /hoog vanaf 70,0%, verhoogd vanaf 50,0%, gemiddeld vanaf 30,0%/,
  );
  assert.equal(await page.locator('#rank').innerText(), '2 van 8');
  assert.doesNotMatch(main, /Waarom dit gebied opvalt/);
  assert.equal(await page.locator('#reasons-up li').count(), 2);
  assert.equal(await page.locator('#reasons-down li').count(), 1);
  assert.match(
    await page.locator('#reasons-down li').first().innerText(),
    /lagere score; dit is een verband, geen oorzaak/,
  );
  // the list markers are the text's own colour, not the design system's red
  for (const li of await page.locator('.zicht-reasons li').all()) {
    const [text, marker] = await li.evaluate((el) => [
      getComputedStyle(el).color,
      getComputedStyle(el, '::marker').color,
    ]);
    assert.equal(marker, text, 'the bullet is the colour of the text');
  }
  assert.equal(await page.locator('svg.zicht-waterfall').isVisible(), false, 'the waterfall waits behind details');
  await page.locator('#details summary').click();
  assert.equal(await page.locator('svg.zicht-waterfall').isVisible(), true);
  const wf = await page.locator('svg.zicht-waterfall').textContent();
  assert.match(wf!, /gebied met gemiddelde indicatoren/);
  assert.match(wf!, /procentpunt/);
  assert.doesNotMatch(wf!, /basiswaarde|log/);
  await shot(page, 'gebied-details');
  await page.context().close();
});

test('the interval is drawn around the score; the trend has years and only the periods there are', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_marine_nijmegen');
  await page.goto(`${ui.base}/gebied/BU02680001`);
  const dot = (await page.locator('.zicht-scale__score').boundingBox())!;
  const band = (await page.locator('.zicht-scale__interval').boundingBox())!;
  const cx = dot.x + dot.width / 2;
  assert.ok(band.x <= cx && cx <= band.x + band.width, 'the score lies inside its interval on screen');
  assert.match(await page.locator('#interval').innerText(), /^van 82,0% tot 97,0%$/);
  assert.match(await page.locator('#interval-method').innerText(), /spreiding van de kruisvalidatiemodellen/);
  assert.deepEqual(await page.locator('.zicht-trend__year').allTextContents(), ['2023', '2024']);
  assert.match(await page.locator('#trend-note').innerText(), /alleen scores voor 2023, 2024/);
  const labels = await page.locator('#trend text').allTextContents();
  assert.ok(labels.includes('0,0%') && labels.includes('100,0%'), 'the full score axis');
  await page.goto(`${ui.base}/gebied/BU02680001?lang=en`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('#caveat').innerText(), /not evidence about anyone who lives there/);
  await shot(page, 'gebied-en');
  await page.context().close();
});

test('CSV export from the map page: the list in rank order with the caveat on top', { skip: skipBrowser }, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_marine_nijmegen');
  await page.goto(`${ui.base}/kaart/GM0268`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export a').click()]);
  assert.match(download.suggestedFilename(), /^zicht-nijmegen-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  assert.match(lines[0]!, /^# Een score is een signaal voor aandacht/);
  const head = lines.findIndex((l) => l.startsWith('code;'));
  assert.deepEqual(
    lines.slice(head + 1, head + 4).map((l) => l.split(';')[5]),
    ['1', '2', '3'],
  );
  await page.context().close();
});

test('printed, the map and the area carry date, version, verdict and caveat; menus and forms stay off paper', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_marine_nijmegen');
  for (const path of ['/kaart/GM0268', '/gebied/BU02680001']) {
    await page.goto(`${ui.base}${path}`);
    assert.equal(await page.locator('#print-meta').isVisible(), false, 'not on screen');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#print-meta').isVisible(), true, `on paper: ${path}`);
    const meta = await page.locator('#print-meta').innerText();
    assert.match(meta, /afgedrukt op \d{1,2} \w+ \d{4}/);
    assert.match(meta, /Model drugshandel-buurt@2, indicatoren van 2024/);
    assert.match(meta, /Oordeel over het model: Dit model is beter dan de eenvoudige voorspellers/);
    assert.match(meta, /Een score is een signaal voor aandacht, geen bewijs/);
    assert.equal(await page.locator('nav.zicht-nav').isVisible(), false);
    assert.equal(await page.locator('.zicht-footer').isVisible(), false);
    if (path.startsWith('/kaart')) {
      assert.equal(await page.locator('#export').isVisible(), false);
      assert.equal(await page.locator('svg.zicht-map').isVisible(), true);
      assert.equal(await page.locator('#ranking').isVisible(), true);
    }
    await page.emulateMedia({ media: 'screen' });
  }
  await page.context().close();
});
