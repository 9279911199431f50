/** Every page on a phone (390 × 844): nothing wider than the screen, nothing to scroll sideways. */
import { test } from 'node:test';
import { assertNoSideways, browserSuite, login, newPage, shot, skipBrowser } from './browser.test-support.ts';

const ui = browserSuite();

const PAGES: Readonly<Record<string, readonly string[]>> = {
  '': ['/inloggen', '/help', '/help/stadsmarinier', '/bestaat-niet'],
  zt_marine_nijmegen: ['/', '/kaart/GM0268', '/gebied/BU02680001', '/gebied/BU02020001', '/training', '/uitloggen'],
  zt_ethics: [
    '/',
    '/modellen',
    '/modellen/drugshandel-buurt/3',
    '/modellen/vergelijk?a=drugshandel-buurt@2&b=drugshandel-buurt@3',
    '/modellen/vergelijk?a=drugshandel-buurt@2&b=drugshandel-buurt@2',
  ],
  zt_datascience: ['/', '/training', '/training/runs/run-0007', '/training/runs/run-0008'],
  zt_admin: ['/', '/modellen', '/training'],
};

test('every page fits a 390 px phone screen', { skip: skipBrowser }, async () => {
  for (const [token, paths] of Object.entries(PAGES)) {
    const page = await newPage(ui.browser, 390, 844);
    if (token) await login(page, ui.base, token);
    for (const path of paths) {
      await page.goto(`${ui.base}${path}`);
      await assertNoSideways(page);
      if (path.startsWith('/gebied/BU02680001')) {
        await page.locator('#details summary').click();
        await assertNoSideways(page);
        await shot(page, 'telefoon-gebied');
      }
      if (path === '/kaart/GM0268') await shot(page, 'telefoon-kaart');
    }
    await page.context().close();
  }
});
