#!/usr/bin/env node
// The layer rule (docs/architecture.md), checked over every TypeScript import:
//  1. a folder imports only from folders below it: core ← features ← training ← evaluation ← pipeline
//     ← model-cards ← serving ← cli (bench/, scripts/ and bin/ sit on top);
//  2. another folder is entered only through its index.ts;
//  3. the demo world (features/demo-world/index.ts) is imported only by the demo (cli/) and by tests.
// Tests (*.test.ts, *.test.tsx, *.test-support.ts) may import any layer: nothing imports them, so
// they cannot close a cycle. Exit 1 with one line per violation.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const LAYERS = ['core', 'features', 'training', 'evaluation', 'pipeline', 'model-cards', 'serving', 'cli'];
const TOP = new Set(['bench', 'scripts', 'bin']);
const DEMO_WORLD = 'features/demo-world/index.ts';
const isTest = (f) => /\.test\.tsx?$|\.test-support\.tsx?$/.test(f);

function files(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : files(rel);
    return /\.(ts|tsx|mjs)$/.test(e.name) ? [rel] : [];
  });
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const violations = [];
for (const top of [...LAYERS, ...TOP]) {
  let list;
  try {
    list = files(top);
  } catch {
    continue;
  }
  for (const file of list) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = relative(root, resolve(root, dirname(file), spec))
        .split(sep)
        .join('/');
      const from = file.split(sep)[0];
      const to = target.split('/')[0];
      if (from === to) continue;
      const where = `${file}: imports ${spec}`;
      if (target === DEMO_WORLD) {
        if (!isTest(file) && from !== 'cli' && !TOP.has(from))
          violations.push(`${where}: the demo world is for the demo and tests only`);
        continue;
      }
      // tests may use another folder's test support directly
      if (isTest(file) && isTest(target)) continue;
      if (target !== `${to}/index.ts` && !TOP.has(from))
        violations.push(`${where}: enter ${to}/ through ${to}/index.ts`);
      if (TOP.has(from) || isTest(file)) continue;
      if (!LAYERS.includes(to)) violations.push(`${where}: ${to}/ is not a layer`);
      else if (LAYERS.indexOf(to) > LAYERS.indexOf(from))
        violations.push(`${where}: ${from} may not import ${to} (a higher layer)`);
    }
  }
}
if (violations.length) {
  console.error(`layer rule: ${violations.length} violation(s)\n${violations.join('\n')}`);
  process.exit(1);
}
console.log('layer rule: ok');
