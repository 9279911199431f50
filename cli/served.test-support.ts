// Start the compiled CLI as a user does and wait until it serves: for the tests, benchmarks and
// scripts that talk to a real `zicht serve` or `zicht demo`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(new URL('..', import.meta.url).pathname, 'bin', 'zicht.mjs');

/**
 * Run `zicht <args>` (give it `--port 0`) with `$ZICHT_HOME` = `home`; resolves with the base URL
 * it prints once it listens, and a way to stop it; rejects with its output when it ends first.
 */
export function zichtServing(args: readonly string[], home: string): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ZICHT_HOME: home } });
    let out = '',
      err = '';
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.stdout.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => p.kill() });
    });
    p.on('close', (code) =>
      reject(
        new Error(`zicht ${args.join(' ')} ended (${code}) before listening: ${out.slice(-2000)} ${err.slice(-2000)}`),
      ),
    );
  });
}
