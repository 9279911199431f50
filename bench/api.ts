/**
 * npm run bench:api [-- --seconds 20] [--json] — autocannon on loopback, 50 connections, from a
 * worker thread (the server keeps the main thread):
 * a bare Hono JSON route (the ceiling), bare Hono sending the audited route's own response (the
 * ceiling for those bytes) and the authenticated, audited GET /v1/areas/{code} with its
 * explanation, in the same run. Prints the ratio,
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
const seconds = Number(option('--seconds') ?? 20) || 20;

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

function run(url: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      // the load generator in a worker thread of its own: on the main thread it would take turns with
      // the server it measures (both sides are measured the same way)
      { url: url + path, connections: 50, duration: seconds, headers, workers: 1 },
      (err: unknown, res: autocannon.Result) => (err ? reject(err) : resolve(res)),
    );
  });
}

const bare = new Hono();
bare.get('/ping', (c) => c.json({ ok: true, area: 'WK900100', score: 0.42 }));
const b = await listen(bare.fetch);
const rBare = await run(b.url, '/ping');
b.close();

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
const s = await listen(same.fetch);
const rSame = await run(s.url, '/v1/areas/WK900100');
s.close();

const before = f.audit.count();
let served = 0;
const a = await listen(async (req) => {
  const r = await f.app.fetch(req);
  if (r.status === 200) served++;
  return r;
});
const rApi = await run(a.url, '/v1/areas/WK900100', auth);
a.close();
const auditRows = f.audit.count() - before;

const row = (name: string, r: autocannon.Result) =>
  `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   errors ${r.errors + r.non2xx}`;
console.log(`bench:api — ${seconds} s each, 50 connections, loopback`);
console.log(row('bare Hono JSON route', rBare));
console.log(row(`bare Hono, the same ${sampleBody.length} B response`, rSame));
console.log(row('GET /v1/areas/{code} (auth+audit)', rApi));
console.log(
  `ratio audited/bare: ${(rApi.requests.average / rBare.requests.average).toFixed(2)}; audited/bare with the same response: ${(rApi.requests.average / rSame.requests.average).toFixed(2)} (target ≥ 0.50); p99 ${rApi.latency.p99} ms (target ≤ 10)`,
);
console.log(
  `audit rows ${auditRows} = responses served ${served}: ${auditRows === served ? 'yes' : 'NO'} (autocannon counted ${rApi['2xx']} in its window)`,
);
if (process.argv.includes('--json'))
  console.log(
    JSON.stringify({
      bench: 'api',
      seconds,
      bare: { reqPerSec: rBare.requests.average, p99Ms: rBare.latency.p99 },
      bareSameResponse: { reqPerSec: rSame.requests.average, p99Ms: rSame.latency.p99, bytes: sampleBody.length },
      audited: { reqPerSec: rApi.requests.average, p99Ms: rApi.latency.p99, errors: rApi.errors + rApi.non2xx },
      ratio: rApi.requests.average / rBare.requests.average,
      ratioSameResponse: rApi.requests.average / rSame.requests.average,
      auditRows,
      served,
      targets: { ratio: 0.5, p99Ms: 10 },
    }),
  );
process.exit(0);
