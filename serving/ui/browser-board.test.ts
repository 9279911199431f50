/**
 * The ethics board in a real browser: the card is the page (full width, above the review form,
 * with its review history), the page is in Dutch, a review is recorded once, and versions are
 * compared by disparity and by the areas whose band changes — never a version with itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, doubleSubmit, login, newPage, shot, skipBrowser } from './browser.test-support.ts';
import { createUi } from './app.tsx';
import { fakeDeps } from './fake-deps.test-support.ts';

const deps = fakeDeps();
const ui = browserSuite(createUi(deps));

/** Field names and words of the English card and page that must not appear on the Dutch ones. */
const ENGLISH = [
  'verdict',
  'baseline',
  'fairness',
  'holdout',
  'candidate',
  'approve ',
  'request_changes',
  'ethics_board',
  'trained by',
  'intended use',
  'model details',
  'governance.',
  'legalBasis',
  'JJ00',
  'not met',
];

test('the card is the page: full width, above the review form, with the review history; all in Dutch', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_ethics');
  await page.getByRole('link', { name: 'Modellen' }).first().click();
  await shot(page, 'modellen');
  await page.locator('tr[data-ref="drugshandel-buurt@3"] a').click();
  await page.waitForURL(`${ui.base}/modellen/drugshandel-buurt/3`);
  assert.equal(await page.locator('iframe').count(), 0);
  const card = (await page.locator('#card').boundingBox())!;
  const form = (await page.locator('#review-form').boundingBox())!;
  const main = (await page.locator('main').boundingBox())!;
  assert.ok(card.y + card.height <= form.y, 'the card above the form');
  assert.ok(card.width >= main.width - 80, `the card is full width (${card.width} of ${main.width})`);
  const history = await page.locator('#card #reviews').innerText();
  for (const w of [
    'Wanneer',
    'Beoordelaar',
    'Rol',
    'Besluit',
    'Bewust overschreven',
    'Motivering',
    'ethische commissie',
  ])
    assert.ok(history.includes(w), `the review history shows ${w}`);
  const text = (await page.locator('body').innerText()).toLowerCase();
  for (const w of ENGLISH) assert.ok(!text.includes(w.toLowerCase()), `the Dutch model page contains '${w}'`);
  assert.match(text, /wettelijke grondslag/, 'a missing field in words');
  await page.context().close();
});

test('ethics board: a review without rationale is refused, with one it is recorded once', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_ethics');
  await page.goto(`${ui.base}/modellen/drugshandel-buurt/3`);
  await page.getByLabel('Goedkeuren').check();
  // this version does not beat its baselines: approving it is a deliberate override
  await page.getByLabel(/het oordeel: het model is niet aantoonbaar beter/).check();
  await page.getByRole('button', { name: 'Oordeel vastleggen' }).click();
  assert.match(await page.locator('#review-error').innerText(), /Vul een motivering in/);
  assert.ok(await page.locator('#override-verdict').isChecked(), 'the refused form keeps the override ticked');
  await shot(page, 'oordeel-zonder-motivering');
  await page.getByLabel('Motivering').fill('Kaart volledig op één veld na; eerlijkheid binnen de afgesproken marges.');
  const landed = await doubleSubmit(page, page.getByRole('button', { name: 'Oordeel vastleggen' }), '#review-done');
  assert.equal(landed, `${ui.base}/modellen/drugshandel-buurt/3`);
  assert.match(await page.locator('#review-done').innerText(), /goedgekeurd/);
  assert.equal(deps.reviews.length, 1, 'a double click records one review');
  await shot(page, 'modelkaart');
  await page.context().close();
});

test('comparing versions: disparity per group, areas that change band; a version with itself is refused', {
  skip: skipBrowser,
}, async () => {
  const page = await newPage(ui.browser);
  await login(page, ui.base, 'zt_ethics');
  const same = await page.goto(`${ui.base}/modellen/vergelijk?a=drugshandel-buurt@2&b=drugshandel-buurt@2`);
  assert.equal(same?.status(), 400);
  assert.equal(await page.locator('h1').innerText(), 'Kies twee verschillende versies');
  await page.goto(`${ui.base}/modellen`);
  await page.locator('#compare-a').selectOption('drugshandel-buurt@2');
  await page.locator('#compare-b').selectOption('drugshandel-buurt@3');
  await page.getByRole('button', { name: 'Vergelijk' }).click();
  await page.waitForURL(/vergelijk/);
  assert.match(await page.locator('#disparity').innerText(), /niet binnen de marge/);
  assert.equal(await page.locator('#band-changes tbody tr').count(), 4);
  assert.match(await page.locator('#band-summary').innerText(), /4 van de 16 gebieden/);
  await shot(page, 'vergelijking');
  await page.context().close();
});
