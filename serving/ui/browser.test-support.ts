// For the browser tests only: Debian's chromium through playwright-core, the UI on a loopback port.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { createUi } from './app.tsx';
import { fakeDeps } from './fake-deps.test-support.ts';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Skip only on a developer's machine without chromium; under CI=true a browser test never
 * skips (a missing browser fails the run).
 */
export const skipBrowser =
  existsSync(CHROMIUM) || process.env['CI'] === 'true'
    ? false
    : `${CHROMIUM} is absent: install Debian's chromium to run the browser tests`;

const SHOTS =
  process.env['ZICHT_SCREENSHOTS'] === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : null;

export function launch(): Promise<Browser> {
  return chromium.launch({
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
}

/**
 * A browser and a served app for one test file, started before its tests (unless the browser
 * tests skip) and closed after them. Read `browser` and `base` inside the tests.
 */
export function browserSuite(app?: Parameters<typeof serveApp>[0]): {
  readonly browser: Browser;
  readonly base: string;
} {
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serveApp>> | undefined;
  before(async () => {
    if (skipBrowser) return;
    server = await serveApp(app);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser is not started (the browser tests skip here)');
      return browser;
    },
    get base() {
      return server?.base ?? '';
    },
  };
}

/** Serve an app (the UI on test doubles by default) on a loopback port. */
export async function serveApp(
  app: { fetch: (req: Request) => Response | Promise<Response> } = createUi(fakeDeps()),
): Promise<{ base: string; close: () => Promise<void> }> {
  let server: ServerType | undefined;
  const base = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server ? server.close(() => resolve()) : resolve();
      }),
  };
}

export async function newPage(browser: Browser, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  return context.newPage();
}

export async function login(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/inloggen`);
  await page.getByLabel('Token').fill(token);
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Inloggen' }).click()]);
}

/**
 * Double-click a submit button, as an impatient user does, and wait until the page the form
 * leads to shows `landed`. The browser aborts the first navigation when the second submission
 * starts, so waiting for a URL can fail on that abort; waiting for the landed page's content
 * cannot. Returns the URL the browser ended on.
 */
export async function doubleSubmit(page: Page, button: Locator, landed: string): Promise<string> {
  await button.dblclick();
  await page.locator(landed).waitFor();
  await page.waitForLoadState();
  return page.url();
}

/** With ZICHT_SCREENSHOTS=1, save the page under docs/screenshots/. */
export async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** The document is no wider than the viewport: nothing scrolls sideways. */
export async function assertNoSideways(page: Page, width = 390): Promise<void> {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `${page.url()} is ${w}px wide on a ${width}px screen`);
}

/** `rgb(r, g, b)` as `#rrggbb`. */
export function hex(rgb: string): string {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  assert.ok(m, `a colour: ${rgb}`);
  return `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`;
}
