/**
 * npm run bench:api [-- --seconds 6] [--rounds 3] [--tool wrk|autocannon] [--paced-ms 10]
 * [--home DIR] [--json] — 50 connections on loopback against: a bare Hono JSON route (the ceiling),
 * bare Hono sending the audited route's own response (the ceiling for those bytes) and the
 * authenticated, audited GET /v1/areas/{code} with its explanation.
 *
 * Saturated, the p99 of 50 connections is the time the server takes for 50 requests in a row, so it
 * says as much about the throughput as about the wait of one user. With wrk each round also
 * measures the bare and the audited route paced: every connection waits `--paced-ms` (default 10;
 * 0 leaves it out) after each answer before it asks again — about 4,000 req/s over 50 connections,
 * well under what either route can serve — and the p99 there is the wait at a load the server
 * keeps up with.
 *
 * The audit log is committed to a SQLite database in `--home` (default: a new directory in the OS's
 * temporary directory, on this machine the same disk as the repository): measure on the storage
 * the server will use, since the commits' writes and checkpoints weigh on the tail.
 *
 * The load generator is wrk (Debian's `wrk`, a C program) when it is installed, otherwise
 * autocannon in a worker thread. Both share the two cores with the server; autocannon parses every
 * response in JavaScript and took as much CPU per request as the server it measured (the bare route
 * reached 12,000–19,000 req/s under it, 25,000–35,000 under wrk in the same hour), so under wrk the
 * figures are much more the server's own.
 *
 * The three take turns, `--seconds` each, for `--rounds` rounds: this machine's speed drifts by
 * up to 2× within a minute (a shared virtual machine), so each ratio is taken within one round
 * and the median round is reported, with every round's figures beside it. Prints the ratios,
 * p99 latency, errors, and audit rows vs requests served; with `--json` the last stdout line is
 * one JSON object with these figures.
 */
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureApp } from '../serving/test-fixtures.test-support.ts';

const argv = process.argv;
const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const seconds = Number(option('--seconds') ?? 6) || 6;
const rounds = Math.max(1, Number(option('--rounds') ?? 3) || 3);
const pacedMs = Math.max(0, Number(option('--paced-ms') ?? 10) || 0);
const homeParent = option('--home') ?? tmpdir();

// npm run bench:api -- --replicas 2 --store postgres [--seconds 10] [--json]: replicas on one store
if (option('--store') !== undefined || option('--replicas') !== undefined) {
  if (option('--store') !== 'postgres') throw new Error('--replicas is measured with --store postgres');
  const { benchReplicas } = await import('./api-replicas.ts');
  await benchReplicas({
    replicas: Math.max(1, Number(option('--replicas') ?? 2) || 2),
    seconds: Number(option('--seconds') ?? 10) || 10,
    json: argv.includes('--json'),
  });
  process.exit(0);
}

async function listen(
  fetch: (r: Request) => Response | Promise<Response>,
): Promise<{ url: string; close: () => void }> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      server.close();
    },
  };
}

const WRK = '/usr/bin/wrk';
const tool = option('--tool') ?? (existsSync(WRK) ? 'wrk' : 'autocannon');
if (tool !== 'wrk' && tool !== 'autocannon') throw new Error(`--tool is wrk or autocannon, not ${tool}`);

/** The run's directory: the audit database, and wrk's script for the paced windows. */
const home = mkdtempSync(join(homeParent, 'zicht-bench-api-'));
/** Each connection waits `pacedMs` after an answer before it asks again (wrk only). */
const paceScript = tool === 'wrk' && pacedMs > 0 ? join(home, 'pace.lua') : null;
if (paceScript) writeFileSync(paceScript, `function delay()\n  return ${pacedMs}\nend\n`);

/** What one route's window measured. */
interface Window {
  readonly reqPerSec: number;
  readonly p99Ms: number;
  readonly errors: number;
}

function run(
  url: string,
  path: string,
  headers: Record<string, string> = {},
  duration = seconds,
  paced = false,
): Promise<Window> {
  return tool === 'wrk' ? wrk(url + path, headers, duration, paced) : cannon(url + path, headers, duration);
}

function cannon(url: string, headers: Record<string, string>, duration: number): Promise<Window> {
  return new Promise<Window>((resolve, reject) => {
    autocannon(
      // in a worker thread of its own: on the main thread it would take turns with the server it measures
      { url, connections: 50, duration, headers, workers: 1 },
      (err: unknown, res: autocannon.Result) =>
        err
          ? reject(err)
          : resolve({
              reqPerSec: res.requests.average,
              p99Ms: res.latency.p99,
              errors: res.errors + res.timeouts + res.non2xx,
            }),
    );
  });
}

/** wrk, one thread, 50 connections; its report read from its text output. */
async function wrk(url: string, headers: Record<string, string>, duration: number, paced: boolean): Promise<Window> {
  const args = [
    '-t1',
    '-c50',
    `-d${duration}s`,
    '--latency',
    ...(paced && paceScript ? ['-s', paceScript] : []),
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
  // asynchronously: the server answering it runs on this process's event loop
  const out = await new Promise<string>((resolve, reject) =>
    execFile(WRK, args, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  const num = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) throw new Error(`wrk printed no ${re.source}:\n${out}`);
    return m;
  };
  const p99 = num(/^\s*99%\s+([\d.]+)(us|ms|s)\s*$/m);
  const toMs = { us: 1e-3, ms: 1, s: 1e3 }[p99[2] as 'us' | 'ms' | 's'];
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    reqPerSec: Number(num(/Requests\/sec:\s+([\d.]+)/)[1]),
    p99Ms: Math.round(Number(p99[1]) * toMs * 100) / 100,
    errors:
      Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
      (socketErrors ? socketErrors.slice(1).reduce((a, x) => a + Number(x), 0) : 0),
  };
}

const bare = new Hono();
bare.get('/ping', (c) => c.json({ ok: true, area: 'WK900100', score: 0.42 }));

// a realistic score set: 3,000 areas with their contributions
const f = fixtureApp({ rateLimit: { capacity: 1e9, perSecond: 1e9 } }, home, 3000);
const token = f.token('analyst', 'GM9001');
const auth = { authorization: `Bearer ${token}`, 'x-purpose': 'bench' };

// the same ceiling for the same bytes: bare Hono sending the audited route's own response (body
// and headers) — the load generator shares the two cores, and parsing a 2.4 kB response instead
// of 150 bytes costs it time that the tiny route does not measure
const sample = await f.app.fetch(new Request('http://bench/v1/areas/WK900100', { headers: auth }));
const sampleBody = await sample.text();
const sampleHeaders: [string, string][] = [];
sample.headers.forEach((v, k) => {
  sampleHeaders.push([k, v]);
});
const same = new Hono();
same.get('/v1/areas/:code', () => new Response(sampleBody, { headers: sampleHeaders }));

let served = 0;
const audited = async (req: Request) => {
  const r = await f.app.fetch(req);
  if (r.status === 200) served++;
  return r;
};

interface Round {
  readonly bare: Window;
  readonly same: Window;
  readonly api: Window;
  /** The bare and the audited route paced (wrk only). */
  readonly paced: { readonly bare: Window; readonly api: Window } | null;
}
async function measure(
  fetch: (r: Request) => Response | Promise<Response>,
  path: string,
  headers = {},
  duration = seconds,
  paced = false,
) {
  const l = await listen(fetch);
  try {
    return await run(l.url, path, headers, duration, paced);
  } finally {
    l.close();
  }
}
// warm-up, not counted: the first seconds of each route are the JIT compiling it
const warm = (fetch: (r: Request) => Response | Promise<Response>, path: string, headers = {}) =>
  measure(fetch, path, headers, 2);
await warm(bare.fetch, '/ping');
await warm(same.fetch, '/v1/areas/WK900100');
await warm(audited, '/v1/areas/WK900100', auth);
const before = f.audit.count();
served = 0;
const results: Round[] = [];
for (let i = 0; i < rounds; i++) {
  const rBare = await measure(bare.fetch, '/ping');
  const rSame = await measure(same.fetch, '/v1/areas/WK900100');
  const rApi = await measure(audited, '/v1/areas/WK900100', auth);
  const paced = paceScript
    ? {
        bare: await measure(bare.fetch, '/ping', {}, seconds, true),
        api: await measure(audited, '/v1/areas/WK900100', auth, seconds, true),
      }
    : null;
  results.push({ bare: rBare, same: rSame, api: rApi, paced });
}
const auditRows = f.audit.count() - before;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const perRound = results.map((r) => ({
  bare: r.bare.reqPerSec,
  same: r.same.reqPerSec,
  audited: r.api.reqPerSec,
  ratio: r.api.reqPerSec / r.bare.reqPerSec,
  ratioSameResponse: r.api.reqPerSec / r.same.reqPerSec,
  p99Ms: r.api.p99Ms,
  bareP99Ms: r.bare.p99Ms,
  sameP99Ms: r.same.p99Ms,
  errors: r.api.errors + (r.paced?.api.errors ?? 0),
  pacedBare: r.paced?.bare.reqPerSec ?? Number.NaN,
  pacedBareP99Ms: r.paced?.bare.p99Ms ?? Number.NaN,
  pacedAudited: r.paced?.api.reqPerSec ?? Number.NaN,
  pacedP99Ms: r.paced?.api.p99Ms ?? Number.NaN,
}));
const hasPaced = results.every((r) => r.paced !== null);
const m = (k: keyof (typeof perRound)[number]) => median(perRound.map((r) => r[k]));

console.log(
  `bench:api — ${tool}, ${rounds} rounds of ${seconds} s per route, 50 connections, loopback; audit log in ${home} (removed at the end)`,
);
perRound.forEach((r, i) => {
  console.log(
    `round ${i + 1}: bare ${r.bare.toFixed(0)} req/s (p99 ${r.bareP99Ms} ms) · same ${sampleBody.length} B response ${r.same.toFixed(0)} (p99 ${r.sameP99Ms}) · audited ${r.audited.toFixed(0)} (p99 ${r.p99Ms} ms, errors ${r.errors}) · ratios ${r.ratio.toFixed(2)} / ${r.ratioSameResponse.toFixed(2)}${hasPaced ? ` · paced ${pacedMs} ms: bare ${r.pacedBare.toFixed(0)} req/s (p99 ${r.pacedBareP99Ms} ms), audited ${r.pacedAudited.toFixed(0)} (p99 ${r.pacedP99Ms} ms)` : ''}`,
  );
});
console.log(
  `median: ratio audited/bare ${m('ratio').toFixed(2)}; audited/bare with the same response ${m('ratioSameResponse').toFixed(2)} (target ≥ 0.50); p99 ${m('p99Ms')} ms (target ≤ 10; rounds ${perRound.map((r) => r.p99Ms).join(', ')})`,
);
if (hasPaced)
  console.log(
    `paced (each connection waits ${pacedMs} ms after an answer): audited ${m('pacedAudited').toFixed(0)} req/s, p99 ${m('pacedP99Ms')} ms (the bare route's ${m('pacedBareP99Ms')} ms at ${m('pacedBare').toFixed(0)} req/s)`,
  );
console.log(`audit rows ${auditRows} = responses served ${served}: ${auditRows === served ? 'yes' : 'NO'}`);
if (process.argv.includes('--json'))
  console.log(
    JSON.stringify({
      bench: 'api',
      tool,
      seconds,
      rounds: perRound,
      bare: { reqPerSec: m('bare'), p99Ms: m('bareP99Ms') },
      bareSameResponse: { reqPerSec: m('same'), p99Ms: m('sameP99Ms'), bytes: sampleBody.length },
      audited: { reqPerSec: m('audited'), p99Ms: m('p99Ms'), errors: perRound.reduce((a, r) => a + r.errors, 0) },
      paced: hasPaced
        ? {
            delayMs: pacedMs,
            bare: { reqPerSec: m('pacedBare'), p99Ms: m('pacedBareP99Ms') },
            audited: { reqPerSec: m('pacedAudited'), p99Ms: m('pacedP99Ms') },
          }
        : null,
      ratio: m('ratio'),
      ratioSameResponse: m('ratioSameResponse'),
      auditRows,
      served,
      targets: { ratio: 0.5, p99Ms: 10 },
    }),
  );
// the audit database of a run grows to hundreds of MB: the run's directory goes
f.db.close();
rmSync(home, { recursive: true, force: true });
process.exit(0);
