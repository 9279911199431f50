/**
 * npm run bench:api [-- --seconds 6] [--rounds 3] [--json] — autocannon on loopback, 50
 * connections, from a worker thread (the server keeps the main thread): a bare Hono JSON route
 * (the ceiling), bare Hono sending the audited route's own response (the ceiling for those bytes)
 * and the authenticated, audited GET /v1/areas/{code} with its explanation.
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
import type { AddressInfo } from 'node:net';
import { fixtureApp } from '../serving/test-fixtures.test-support.ts';

const argv = process.argv;
const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const seconds = Number(option('--seconds') ?? 6) || 6;
const rounds = Math.max(1, Number(option('--rounds') ?? 3) || 3);

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

function run(url: string, path: string, headers: Record<string, string> = {}, duration = seconds) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      // the load generator in a worker thread of its own: on the main thread it would take turns with
      // the server it measures (both sides are measured the same way)
      { url: url + path, connections: 50, duration, headers, workers: 1 },
      (err: unknown, res: autocannon.Result) => (err ? reject(err) : resolve(res)),
    );
  });
}

const bare = new Hono();
bare.get('/ping', (c) => c.json({ ok: true, area: 'WK900100', score: 0.42 }));

// a realistic score set: 3,000 areas with their contributions
const f = fixtureApp({ rateLimit: { capacity: 1e9, perSecond: 1e9 } }, undefined, 3000);
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
  readonly bare: autocannon.Result;
  readonly same: autocannon.Result;
  readonly api: autocannon.Result;
}
async function measure(
  fetch: (r: Request) => Response | Promise<Response>,
  path: string,
  headers = {},
  duration = seconds,
) {
  const l = await listen(fetch);
  try {
    return await run(l.url, path, headers, duration);
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
  results.push({ bare: rBare, same: rSame, api: rApi });
}
const auditRows = f.audit.count() - before;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const perRound = results.map((r) => ({
  bare: r.bare.requests.average,
  same: r.same.requests.average,
  audited: r.api.requests.average,
  ratio: r.api.requests.average / r.bare.requests.average,
  ratioSameResponse: r.api.requests.average / r.same.requests.average,
  p99Ms: r.api.latency.p99,
  bareP99Ms: r.bare.latency.p99,
  sameP99Ms: r.same.latency.p99,
  errors: r.api.errors + r.api.non2xx,
}));
const m = (k: keyof (typeof perRound)[number]) => median(perRound.map((r) => r[k]));

console.log(`bench:api — ${rounds} rounds of ${seconds} s per route, 50 connections, loopback`);
perRound.forEach((r, i) => {
  console.log(
    `round ${i + 1}: bare ${r.bare.toFixed(0)} req/s (p99 ${r.bareP99Ms} ms) · same ${sampleBody.length} B response ${r.same.toFixed(0)} (p99 ${r.sameP99Ms}) · audited ${r.audited.toFixed(0)} (p99 ${r.p99Ms} ms, errors ${r.errors}) · ratios ${r.ratio.toFixed(2)} / ${r.ratioSameResponse.toFixed(2)}`,
  );
});
console.log(
  `median: ratio audited/bare ${m('ratio').toFixed(2)}; audited/bare with the same response ${m('ratioSameResponse').toFixed(2)} (target ≥ 0.50); p99 ${m('p99Ms')} ms (target ≤ 10; rounds ${perRound.map((r) => r.p99Ms).join(', ')})`,
);
console.log(
  `audit rows ${auditRows} = responses served ${served}: ${auditRows === served ? 'yes' : 'NO'} (autocannon counted ${results.reduce((a, r) => a + r.api['2xx'], 0)} in its windows)`,
);
if (process.argv.includes('--json'))
  console.log(
    JSON.stringify({
      bench: 'api',
      seconds,
      rounds: perRound,
      bare: { reqPerSec: m('bare'), p99Ms: m('bareP99Ms') },
      bareSameResponse: { reqPerSec: m('same'), p99Ms: m('sameP99Ms'), bytes: sampleBody.length },
      audited: { reqPerSec: m('audited'), p99Ms: m('p99Ms'), errors: perRound.reduce((a, r) => a + r.errors, 0) },
      ratio: m('ratio'),
      ratioSameResponse: m('ratioSameResponse'),
      auditRows,
      served,
      targets: { ratio: 0.5, p99Ms: 10 },
    }),
  );
process.exit(0);
