import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../core/index.ts';
import { commands } from './index.ts';

test("the README's command table lists every command of zicht --help", () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## CLI'), readme.indexOf("A data scientist's session"));
  const missing = commands.map((c) => c.words.join(' ')).filter((w) => !table.includes(`\`${w}`));
  assert.deepEqual(missing, [], 'commands missing from the README table');
});
