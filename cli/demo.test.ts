// `npm start` runs `zicht demo`: the whole path on the synthetic world, through the compiled CLI a
// user runs, then served. With --no-serve the command stops after printing the demo tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { runRecorded } from './recorded.test-support.ts';
import { zichtServing } from './served.test-support.ts';

const root = new URL('..', import.meta.url).pathname;
const home = join(mkdtempSync(join(tmpdir(), 'zicht-demo-')), 'home');

function zicht(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(root, 'bin', 'zicht.mjs'), ...args], {
      env: { ...process.env, ZICHT_HOME: home },
    });
    let stdout = '',
      stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const token = z.object({ id: z.string(), token: z.string() });
const demoResult = z.object({
  model: z.object({ name: z.string(), version: z.number() }),
  tokens: z.object({ marine: token, ethics_board: token, data_scientist: token, admin: token }),
  marineMunicipality: z.string().regex(/^GM\d{4}$/),
  home: z.string(),
});

test('zicht demo --no-serve builds, trains, reviews, promotes and writes the card; a second run reuses it', async () => {
  const first = await zicht(['demo', '--no-serve', '--json']);
  assert.equal(first.code, 0, first.stderr);
  const r = demoResult.parse(JSON.parse(first.stdout));
  assert.deepEqual(r.model, { name: 'drugshandel-wijk', version: 1 });
  assert.equal(r.home, home);

  // the card the ethics board reads, in Dutch and English, says the data are synthetic
  const base = join(home, 'cards', 'drugshandel-wijk@1');
  for (const ext of ['.md', '.html', '.en.html']) assert.ok(existsSync(base + ext), `card ${ext} written`);
  assert.match(readFileSync(`${base}.md`, 'utf8'), /SYNTHETISCHE/);
  assert.match(readFileSync(`${base}.en.html`, 'utf8'), /SYNTHETIC/);

  const list = await zicht(['models', 'list', '--json']);
  const versions = z
    .array(z.object({ name: z.string(), version: z.number(), status: z.string(), synthetic: z.boolean() }))
    .parse(JSON.parse(list.stdout));
  assert.deepEqual(
    versions.map((v) => [v.name, v.version, v.status, v.synthetic]),
    [['drugshandel-wijk', 1, 'production', true]],
  );

  // the audit chain the demo wrote is intact
  const audit = await zicht(['audit', 'verify', '--json']);
  assert.equal(audit.code, 0, audit.stdout);

  // a second `npm start` does not rebuild: same version, new tokens
  const again = await zicht(['demo', '--no-serve']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /demo already set up: drugshandel-wijk@1 in production/);
  assert.match(again.stdout, /SYNTHETIC/);
});

test("the served demo: the stadsmarinier sees their own municipality's areas, explained exactly, and no other", async () => {
  const out = await zicht(['demo', '--no-serve', '--json']);
  const r = demoResult.parse(JSON.parse(out.stdout));
  const server = await zichtServing(['serve', '--port', '0'], home);
  try {
    const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });
    const auth = { authorization: `Bearer ${r.tokens.marine.token}` };
    const gm = r.marineMunicipality;
    const list = await get(`/v1/areas?municipality=${gm}`, auth);
    assert.equal(list.status, 200);
    const areas = z
      .object({ items: z.array(z.object({ code: z.string(), gemeente: z.string(), score: z.number().nullable() })) })
      .parse(await list.json()).items;
    assert.ok(areas.length >= 5, `${areas.length} areas`);
    assert.ok(areas.every((a) => a.gemeente === gm));
    assert.equal((await get('/v1/areas?municipality=GM9999', auth)).status, 404, 'another municipality: not found');

    // one area, through the CLI a data scientist uses: base value + contributions = output
    const code = areas.find((a) => a.score !== null)!.code;
    const ex = await zicht(['explain', 'drugshandel-wijk@1', code, '--json']);
    assert.equal(ex.code, 0, ex.stderr);
    const e = z
      .object({
        baseValue: z.number(),
        output: z.number(),
        contributions: z.array(z.object({ contribution: z.number() })),
      })
      .parse(JSON.parse(ex.stdout));
    const sum = e.contributions.reduce((s, c) => s + c.contribution, e.baseValue);
    assert.ok(Math.abs(sum - e.output) < 1e-9, `${sum} vs ${e.output}`);

    // that explanation is the registered one, read without loading the model, the learners, zod
    // or the feature store — and recomputing it through the model (a what-if that sets one
    // indicator to its own value) gives the same numbers, bit for bit
    const quick = runRecorded(['explain', 'drugshandel-wijk@1', code, '--json'], {}, home);
    assert.equal(quick.status, 0, quick.stderr);
    for (const heavy of ['training/learners', 'training/load.js', '/zod/', '@duckdb'])
      assert.ok(
        !quick.modules.some((m) => m.includes(heavy)),
        `explain loaded ${quick.modules.find((m) => m.includes(heavy))}`,
      );
    const explanation = z.object({
      baseValue: z.number(),
      output: z.number(),
      score: z.number(),
      contributions: z.array(z.object({ feature: z.string(), value: z.number().nullable(), contribution: z.number() })),
    });
    const stored = explanation.parse(JSON.parse(quick.stdout));
    const own = stored.contributions.find((c) => c.value !== null && /^-?[0-9.]+$/.test(String(c.value)))!;
    const recomputed = await zicht([
      'explain',
      'drugshandel-wijk@1',
      code,
      '--set',
      `${own.feature}=${own.value}`,
      '--json',
    ]);
    assert.equal(recomputed.code, 0, recomputed.stderr);
    assert.deepEqual(explanation.parse(JSON.parse(recomputed.stdout)), stored);

    // the web UI npm start opens: the login page, its stylesheets (design system and zicht's), a guide
    const page = await get('/');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<html lang="nl"/);
    const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(sheets.length >= 2, `stylesheets: ${sheets.join(', ')}`);
    for (const href of sheets) {
      const css = await get(href);
      assert.equal(css.status, 200, href);
      assert.ok((await css.text()).length > 1000, `${href} has content`);
    }
  } finally {
    server.stop();
  }
});
