/**
 * npm run screenshots:demo — the README's demo-* screenshots, taken from the real demo: `zicht demo
 * --no-serve` in a temporary home through the compiled CLI, `zicht serve` on a free port, and
 * Debian's Chromium logging in with the demo's tokens (the stadsmarinier, the ethics board, the
 * data scientist). Writes docs/screenshots/demo-*.png. Needs `npm run build` and chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { z } from 'zod';
import { zichtServing } from '../cli/served.test-support.ts';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'docs', 'screenshots');
const home = join(mkdtempSync(join(tmpdir(), 'zicht-shots-')), 'home');
const zicht = join(root, 'bin', 'zicht.mjs');
const env = { ...process.env, ZICHT_HOME: home };

const demo = spawnSync(process.execPath, [zicht, 'demo', '--no-serve', '--json'], { env, encoding: 'utf8' });
if (demo.status !== 0) throw new Error(`zicht demo failed: ${demo.stderr}`);
const token = z.object({ token: z.string() });
const r = z
  .object({
    marineMunicipality: z.string(),
    tokens: z.object({ marine: token, ethics_board: token, data_scientist: token }),
  })
  .parse(JSON.parse(demo.stdout));

const server = await zichtServing(['serve', '--port', '0'], home);
const base = server.url;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = async (tokenText: string, width = 1280, height = 900): Promise<Page> => {
  const p = await (await browser.newContext({ viewport: { width, height } })).newPage();
  await p.goto(`${base}/inloggen`);
  await p.getByLabel('Token').fill(tokenText);
  await Promise.all([p.waitForURL(`${base}/`), p.getByRole('button', { name: 'Inloggen' }).click()]);
  return p;
};
const shot = (p: Page, name: string) => p.screenshot({ path: join(out, `${name}.png`), fullPage: true });
try {
  const gm = r.marineMunicipality;
  const marine = await page(r.tokens.marine.token);
  await marine.goto(`${base}/kaart/${gm}`);
  await shot(marine, 'demo-kaart');
  await marine.emulateMedia({ media: 'print' });
  await shot(marine, 'demo-kaart-afdruk');
  await marine.emulateMedia({ media: 'screen' });
  // the area with the highest score: the first row of the list
  await marine.locator('a[href^="/gebied/"]').first().click();
  await marine.waitForLoadState();
  await shot(marine, 'demo-gebied');
  await marine.locator('#details summary').click();
  await shot(marine, 'demo-gebied-details');
  const phone = await page(r.tokens.marine.token, 390, 844);
  await phone.goto(`${base}/kaart/${gm}`);
  await shot(phone, 'demo-telefoon-kaart');
  const board = await page(r.tokens.ethics_board.token);
  await board.goto(`${base}/modellen/drugshandel-wijk/1`);
  // the card's first 2,400 px (verdict, fairness summary, figures): the whole page is a tall
  // image of well over 1 MiB, too much to keep in the repository for every refresh
  await board.screenshot({
    path: join(out, 'demo-modelkaart.png'),
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: 2400 },
  });
  const ds = await page(r.tokens.data_scientist.token);
  await ds.goto(`${base}/training`);
  await shot(ds, 'demo-training');
  console.log(`demo screenshots written to ${out}`);
} finally {
  await browser.close();
  server.stop();
  rmSync(join(home, '..'), { recursive: true, force: true });
}
