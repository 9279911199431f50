import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../core/index.ts';
import { commands } from './index.ts';
import { z } from 'zod';

test("the README's command table lists every command of zicht --help", () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## CLI'), readme.indexOf("A data scientist's session"));
  const missing = commands.map((c) => c.words.join(' ')).filter((w) => !table.includes(`\`${w}`));
  assert.deepEqual(missing, [], 'commands missing from the README table');
});

// npm 12 skips a dependency's install script unless package.json's allowScripts approves it:
// better-sqlite3 would then have no native binding and `npm install && npm start` would fail.
test('package.json approves the install script of every dependency the lockfile says has one', () => {
  const entry = z.object({ hasInstallScript: z.boolean().optional() });
  const lock = z
    .object({ packages: z.record(z.string(), entry) })
    .parse(JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')));
  const pkg = z
    .object({ allowScripts: z.record(z.string(), z.boolean()).default({}) })
    .parse(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')));
  const withScripts = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  assert.ok(
    withScripts.includes('better-sqlite3'),
    'the lockfile should list better-sqlite3 as having an install script',
  );
  const unapproved = withScripts.filter((name) => pkg.allowScripts[name] !== true);
  assert.deepEqual(unapproved, [], 'dependencies whose install scripts package.json does not approve');
});
