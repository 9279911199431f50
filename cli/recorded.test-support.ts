// Run the compiled CLI recording every module it loads: what a command costs at start-up.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(new URL('..', import.meta.url).pathname, 'bin', 'zicht.mjs');

/** Run bin/zicht.mjs recording every module it loads (a resolve hook registered before it starts). */
export function runRecorded(args: string[], env: Record<string, string> = {}, home?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'zicht-cli-'));
  const log = join(dir, 'modules.log');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(`file://${hooks}`)});`);
  const r = spawnSync(process.execPath, ['--import', register, bin, ...args], {
    env: { ...process.env, ZICHT_HOME: home ?? join(dir, 'home'), ...env },
    encoding: 'utf8',
  });
  const modules = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { ...r, modules };
}
