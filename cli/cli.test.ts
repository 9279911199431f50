import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runRecorded } from './recorded.test-support.ts';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

test('the compiled CLI: --help loads none of DuckDB, the learners, the UI or zod', () => {
  assert.ok(existsSync(join(root, 'dist', 'cli', 'manifest.json')), 'npm test builds dist/ first (scripts/build.mjs)');
  const r = runRecorded(['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /zicht train/);
  assert.ok(
    r.modules.some((m) => m.includes('/dist/core/cli.js')),
    'the compiled CLI ran, not the TypeScript',
  );
  for (const heavy of ['@duckdb', 'training/learners', 'serving/ui', '/zod/', 'hono', 'better-sqlite3'])
    assert.ok(!r.modules.some((m) => m.includes(heavy)), `--help loaded ${r.modules.find((m) => m.includes(heavy))}`);
  // a command's own help too, and a usage error
  const h = runRecorded(['explain', '--help']);
  assert.match(h.stdout, /zicht explain <name@version> <area-code>/);
  assert.ok(!h.modules.some((m) => m.includes('@duckdb')));
  const bad = runRecorded(['models', 'list', '--bogus']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /BAD_ARGUMENT/);
});

test('zicht models list loads the registry only, not the feature store or the learners', () => {
  const r = runRecorded(['models', 'list', '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
  for (const heavy of ['@duckdb', 'training/learners', 'serving/ui', 'hono'])
    assert.ok(
      !r.modules.some((m) => m.includes(heavy)),
      `models list loaded ${r.modules.find((m) => m.includes(heavy))}`,
    );
});

test('the compiled modules find the repository root: the built-in views, guides, design-system CSS and bin/', async () => {
  const core = (await import(join(root, 'dist', 'core', 'index.js'))) as { repoRoot: string };
  assert.equal(core.repoRoot, root.replace(/\/$/, ''));
});
