/**
 * bench:api --replicas N --store postgres [--seconds S] [--json]: the audited
 * GET /v1/areas/{code} through separate replica processes, in one run: 1 replica on SQLite,
 * 1 replica on PostgreSQL, N replicas on one PostgreSQL (a throwaway cluster), 50 connections
 * in all, split over the replicas. Prints req/s (summed over replicas), p99 (the worst
 * replica's) and audit rows vs responses served; with --json the last line is JSON.
 */
import autocannon from 'autocannon';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOperationalDb } from '../core/index.ts';
import { startThrowawayPostgres } from '../core/store/pg-cluster.test-support.ts';
import { TokenStore, openAuditLog } from '../serving/index.ts';

interface Config {
  readonly label: string;
  readonly replicas: number;
  readonly store: 'sqlite' | 'postgres';
}

export interface ReplicaResult extends Config {
  readonly reqPerSec: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly auditRows: number;
  readonly served: number;
}

const CONNECTIONS = 50;

function startReplica(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./api-replica.ts', import.meta.url).pathname], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a replica exited (${code}) before listening`)));
    child.stdout?.once('data', (d: Buffer) => {
      const { port } = JSON.parse(String(d).split('\n')[0]!) as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, child });
    });
  });
}

function cannon(url: string, connections: number, seconds: number, token: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/v1/areas/WK900100`,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${token}`, 'x-purpose': 'bench' },
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err) : resolve(res)),
    );
  });
}

async function measure(c: Config, seconds: number, databaseUrl: string | null): Promise<ReplicaResult> {
  const home = mkdtempSync(join(tmpdir(), 'zicht-bench-replicas-'));
  const storeEnv = { ZICHT_DATABASE_URL: databaseUrl ?? '' };
  // the store, the token and the audit key exist before the replicas start (no first-start race)
  const db = openOperationalDb(home, storeEnv);
  const token = new TokenStore(db).create({ role: 'analyst', municipality: 'GM9001', name: 'bench' }).token;
  const audit = openAuditLog(home, db, {});
  const env = { ...process.env, ...storeEnv, ZICHT_HOME: home };
  const replicas = await Promise.all(Array.from({ length: c.replicas }, () => startReplica(env)));
  try {
    const per = Math.floor(CONNECTIONS / c.replicas);
    // a short warm-up (JIT, connections), then the measured window
    await Promise.all(replicas.map((r) => cannon(r.url, per, 1, token)));
    const warm = await Promise.all(
      replicas.map(async (r) => ((await (await fetch(`${r.url}/__served`)).json()) as { served: number }).served),
    );
    const beforeRun = audit.count();
    const results = await Promise.all(replicas.map((r) => cannon(r.url, per, seconds, token)));
    const served = await Promise.all(
      replicas.map(async (r) => ((await (await fetch(`${r.url}/__served`)).json()) as { served: number }).served),
    );
    const servedInRun = served.reduce((a, b) => a + b, 0) - warm.reduce((a, b) => a + b, 0);
    return {
      ...c,
      reqPerSec: Math.round(results.reduce((a, r) => a + r.requests.average, 0)),
      p99Ms: Math.max(...results.map((r) => r.latency.p99)),
      errors: results.reduce((a, r) => a + r.errors + r.non2xx, 0),
      auditRows: audit.count() - beforeRun,
      served: servedInRun,
    };
  } finally {
    for (const r of replicas) r.child.kill('SIGTERM');
    db.close();
  }
}

/** Run the three configurations and print them. */
export async function benchReplicas(opts: { replicas: number; seconds: number; json: boolean }): Promise<void> {
  const cluster = await startThrowawayPostgres();
  try {
    const configs: Config[] = [
      { label: '1 replica, SQLite', replicas: 1, store: 'sqlite' },
      { label: '1 replica, PostgreSQL', replicas: 1, store: 'postgres' },
      { label: `${opts.replicas} replicas, PostgreSQL`, replicas: opts.replicas, store: 'postgres' },
    ];
    console.log(
      `bench:api --replicas ${opts.replicas} --store postgres — GET /v1/areas/{code} (auth+audit), ${opts.seconds} s each, ${CONNECTIONS} connections in all, loopback`,
    );
    const out: ReplicaResult[] = [];
    for (const c of configs) {
      const r = await measure(c, opts.seconds, c.store === 'postgres' ? cluster.url : null);
      out.push(r);
      console.log(
        `${r.label.padEnd(26)} ${String(r.reqPerSec).padStart(7)} req/s   p99 ${String(r.p99Ms).padStart(4)} ms   errors ${r.errors}   audit rows ${r.auditRows} = responses ${r.served}: ${r.auditRows === r.served ? 'yes' : 'NO'}`,
      );
    }
    if (opts.json) console.log(JSON.stringify({ bench: 'api-replicas', seconds: opts.seconds, results: out }));
  } finally {
    cluster.stop();
  }
}
