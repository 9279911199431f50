import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL cluster that lives as long as the test process. */
export interface ThrowawayPostgres {
  /** `postgres://zicht@127.0.0.1:<port>/zicht_test` (trust authentication, no password). */
  readonly url: string;
  /** Stop the server and delete its directory; also done at process exit. */
  stop(): void;
  /** Stop the server as a crash would (immediate mode), keeping its data. */
  halt(): void;
  /** Start a halted server again on the same port, with its data. */
  resume(): void;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';
// initdb and postgres refuse to run as root: as root, both run as this unprivileged user.
const UNPRIVILEGED = { name: 'nobody', uid: 65534, gid: 65534 } as const;

/** The newest `/usr/lib/postgresql/<version>/bin` that has initdb and pg_ctl (Debian's layout), or null. */
function postgresBinDir(root = POSTGRES_ROOT): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/**
 * For tests: the options object for `test(name, postgresTest(), fn)` — skips with a clear
 * message where PostgreSQL is not installed; with CI=true a missing PostgreSQL fails instead.
 */
export function postgresTest(): { skip: string | false } {
  if (postgresBinDir()) return { skip: false };
  const why = `PostgreSQL is not installed: no initdb and pg_ctl under ${POSTGRES_ROOT}/*/bin (apt-get install postgresql)`;
  if (process.env['CI'] === 'true') throw new Error(`CI is set but ${why}: PostgreSQL tests cannot be skipped in CI`);
  return { skip: why };
}

/**
 * Start a throwaway cluster: `initdb` into a fresh temporary directory (trust authentication,
 * superuser `zicht`), `pg_ctl start` on a free port of 127.0.0.1 with its socket in that
 * directory and fsync off, then `createdb zicht_test`. Debian's packaged cluster is not used.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresTest().skip || 'PostgreSQL is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'zicht-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const run = (tool: string, args: readonly string[]): void => {
    const command = asRoot
      ? { file: 'runuser', args: ['-u', UNPRIVILEGED.name, '--', join(bin, tool), ...args] }
      : { file: join(bin, tool), args };
    const r = spawnSync(command.file, command.args, { cwd: dir, encoding: 'utf8' });
    if (r.status === 0) return;
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    const as = asRoot ? ` (run as ${UNPRIVILEGED.name} because initdb and postgres refuse to run as root)` : '';
    throw new Error(
      `${tool} failed${as}: ${r.error?.message ?? `exit ${r.status ?? r.signal}`}\n${r.stderr}${r.stdout}${serverLog}`,
    );
  };

  run('initdb', ['-D', data, '-U', 'zicht', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  let port = 0;
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      log,
      '-w',
      '-t',
      '30',
      '-o',
      `-k "${dir}" -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  // Another process may take the free port between finding and binding it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      start();
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  let stopped = false,
    halted = false;
  const halt = (): void => {
    if (halted) return;
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    halted = true;
  };
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      halt();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const resume = (): void => {
    if (!halted || stopped) return;
    start();
    halted = false;
  };
  process.on('exit', stop);
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'zicht', 'zicht_test']);
  return { url: `postgres://zicht@127.0.0.1:${port}/zicht_test`, stop, halt, resume };
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
