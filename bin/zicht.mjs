#!/usr/bin/env node
// Runs the TypeScript sources through tsx: no build step.
import { register } from 'tsx/esm/api';

register();
// everything zicht writes in $ZICHT_HOME is for its owner only (files 0600, folders 0700)
process.umask(0o077);
// `zicht … | head` closes the pipe early: that is not an error
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
