#!/usr/bin/env node
// Build the compiled CLI: TypeScript → dist/ (tsc, incremental), then dist/cli/manifest.json with
// every command's specification and the module that holds it, so bin/zicht.mjs can print help
// and parse options without loading any command module, and load only the one that runs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
  {
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const dist = (rel) => pathToFileURL(join(root, 'dist', rel.replace(/\.tsx?$/, '.js'))).href;
const { COMMAND_GROUPS, commands } = await import(dist('cli/main.ts'));
const entries = [];
for (const g of COMMAND_GROUPS) {
  const mod = await import(dist(g.module));
  const list = mod[g.export];
  if (!Array.isArray(list)) throw new Error(`${g.module} does not export ${g.export}`);
  for (const c of list)
    entries.push({
      words: c.words,
      summary: c.summary,
      usage: c.usage,
      options: c.options ?? {},
      help: c.help ?? null,
      module: g.module.replace(/\.tsx?$/, '.js'),
      export: g.export,
    });
}
const key = (c) => c.words.join(' ');
const inManifest = new Set(entries.map(key)),
  all = new Set(commands.map(key));
const missing = [...all].filter((k) => !inManifest.has(k)),
  extra = [...inManifest].filter((k) => !all.has(k));
if (missing.length || extra.length || entries.length !== commands.length)
  throw new Error(
    `COMMAND_GROUPS does not match the command table: missing ${missing.join(', ') || '—'}, extra ${extra.join(', ') || '—'}`,
  );
writeFileSync(join(root, 'dist', 'cli', 'manifest.json'), JSON.stringify({ commands: entries }));
console.log(`built dist/ (${entries.length} commands in dist/cli/manifest.json)`);
