#!/usr/bin/env node
// The zicht CLI. Compiled (dist/, made by `npm install` through scripts/build.mjs): help and
// options come from dist/cli/manifest.json and only the invoked command's module is loaded.
// When the sources are newer than the build (development), it runs the TypeScript through tsx.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// everything zicht writes in $ZICHT_HOME is for its owner only (files 0600, folders 0700)
process.umask(0o077);
// `zicht … | head` closes the pipe early: that is not an error
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const root = new URL('..', import.meta.url).pathname;
const manifestFile = join(root, 'dist', 'cli', 'manifest.json');
const LAYERS = ['core', 'cli', 'features', 'training', 'evaluation', 'pipeline', 'model-cards', 'serving'];

/** The newest modification time of the TypeScript sources (tests excluded). */
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test(-support)?\.tsx?$/.test(e.name))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  if (process.env.ZICHT_DEV === '1' || !existsSync(manifestFile)) return false;
  const built = statSync(manifestFile).mtimeMs;
  return LAYERS.every((l) => newestSource(join(root, l)) <= built);
}

if (compiledIsFresh()) {
  const load = (rel) => import(pathToFileURL(join(root, 'dist', rel)).href);
  const [{ runCli }, { zichtHome }] = await Promise.all([load('core/cli.js'), load('core/fs.js')]);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const commands = manifest.commands.map((spec) => ({
    ...spec,
    async run(ctx) {
      const mod = await load(spec.module);
      const cmd = mod[spec.export].find((c) => c.words.join(' ') === spec.words.join(' '));
      return cmd.run.call(cmd, ctx);
    },
  }));
  const io = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
  process.exitCode = await runCli(commands, process.argv.slice(2), io, zichtHome());
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
