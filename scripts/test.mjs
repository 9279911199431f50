#!/usr/bin/env node
// Node 20's test runner does not expand globs: find the *.test.ts files here and
// hand them to `node --test` with tsx loaded. Extra arguments (file filters) pass through.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', '.git', '.zicht', 'docs']);
function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return skip.has(e.name) ? [] : find(join(dir, e.name));
    return e.name.endsWith('.test.ts') || e.name.endsWith('.test.tsx') ? [relative(root, join(dir, e.name))] : [];
  });
}
const filters = process.argv.slice(2);
const files = find(root)
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
