/**
 * npm run bench:startup [-- --runs 10] [--demo-runs 1] [--json] — what a user waits for before
 * zicht answers: `npm start` (the demo on a fresh home) until the web UI answers, then
 * `zicht --help`, `zicht models list` and `zicht explain` through the compiled CLI (median of
 * --runs, warm disk), each against its target. Builds dist/ first, as `npm install` does, so that
 * an edited checkout is measured as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOperationalDb } from '../core/index.ts';
import { ModelRegistry, readScoreSet } from '../training/index.ts';
import { zichtServing } from '../cli/served.test-support.ts';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const json = args.includes('--json');
const num = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const runs = num('--runs', 10);
const demoRuns = num('--demo-runs', 1);
const bin = join(root, 'bin', 'zicht.mjs');

// what `npm install` makes: bin/zicht.mjs runs the sources through tsx when they are newer than
// dist/ (development), which is not what a user starts
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`the build failed (${build.status}): ${build.stderr.slice(-1000)}`);

/** `npm start` on a fresh home: seconds from the spawn until GET /inloggen answers 200. */
async function demoUntilUi(home: string): Promise<number> {
  const t0 = performance.now();
  const demo = await zichtServing(['demo', '--port', '0'], home);
  try {
    for (;;) {
      const r = await fetch(`${demo.url}/inloggen`).catch(() => null);
      if (r?.status === 200) return (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    demo.stop();
  }
}

/** Median wall seconds of a CLI call over `runs` runs (the first run warms the disk and is not counted). */
function cli(home: string, argv: string[]): number {
  const once = () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, ...argv], {
      env: { ...process.env, ZICHT_HOME: home },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`zicht ${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-1000)}`);
    return (performance.now() - t) / 1000;
  };
  once();
  const t = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return t[Math.floor((t.length - 1) / 2)]!;
}

const homes: string[] = [];
try {
  const demo: number[] = [];
  for (let k = 0; k < Math.max(1, demoRuns); k++) {
    const home = join(mkdtempSync(join(tmpdir(), 'zicht-bench-start-')), 'home');
    homes.push(home);
    demo.push(await demoUntilUi(home));
  }
  const home = homes[0]!;
  // an area the demo shows, to explain
  const db = openOperationalDb(home);
  const registry = new ModelRegistry(db, home);
  const version = registry.production('drugshandel-wijk');
  if (!version) throw new Error('the demo registered no production version');
  const area = readScoreSet(registry.readFile(version, 'scores.json'), 'demo scores').areas.find(
    (a) => !a.suppressed,
  )?.code;
  db.close();
  if (!area) throw new Error('the demo shows no area to explain');
  const figures = {
    demoUntilUi: { seconds: demo, limit: 15 },
    help: { seconds: cli(home, ['--help']), limit: 0.25 },
    modelsList: { seconds: cli(home, ['models', 'list']), limit: 0.4 },
    explain: { seconds: cli(home, ['explain', 'drugshandel-wijk@1', area]), limit: 0.5 },
  };
  // the demo: every run counts (value = the slowest run)
  const targets = Object.entries(figures).map(([name, f]) => {
    const value = Array.isArray(f.seconds) ? Math.max(...f.seconds) : f.seconds;
    return { name, value, limit: f.limit, met: value < f.limit };
  });
  if (json) console.log(JSON.stringify({ bench: 'startup', runs, demoRuns: demo.length, targets, demoSeconds: demo }));
  else
    for (const t of targets)
      console.log(
        `${t.name.padEnd(12)} ${t.value.toFixed(3).padStart(8)} s   target < ${t.limit} s   ${t.met ? 'met' : 'NOT MET'}${t.name === 'demoUntilUi' ? `   (runs ${demo.map((x) => x.toFixed(2)).join(', ')} s; the slowest counts)` : ''}`,
      );
} finally {
  for (const h of homes) rmSync(join(h, '..'), { recursive: true, force: true });
}
