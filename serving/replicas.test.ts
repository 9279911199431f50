// Two `zicht serve` replicas on one PostgreSQL and one shared ZICHT_HOME (artifacts, audit key,
// anchors): a token made once works on both, a promotion or retirement reaches both, a revoke
// ends UI sessions everywhere, and under concurrent load — also when one replica is killed with
// SIGKILL mid-load — the audit log stays one verifiable chain with a row for every response.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approveDemoVersion } from '../cli/index.ts';
import { openOperationalDb } from '../core/index.ts';
import {
  freePort,
  postgresTest,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../core/store/pg-cluster.test-support.ts';
import { Governance } from '../model-cards/index.ts';
import { ModelRegistry } from '../training/index.ts';
import { trainedHome } from './trained-home.test-support.ts';

const root = new URL('..', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `check` holds, up to a generous deadline (a functional deadline, not a timing claim). */
async function eventually(
  check: () => Promise<boolean>,
  what: string,
  deadlineMs = 30_000,
  last?: () => string,
): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`${what} did not happen within ${deadlineMs} ms${last ? `: ${last()}` : ''}`);
    await sleep(100);
  }
}

interface Replica {
  readonly url: string;
  readonly child: ChildProcess;
}

describe('two replicas on one PostgreSQL', postgresTest(), () => {
  let cluster: ThrowawayPostgres;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const replicas: Replica[] = [];

  const zicht = (args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const p = spawn(process.execPath, [join(root, 'bin', 'zicht.mjs'), ...args], { env, cwd: root });
      let stdout = '',
        stderr = '';
      p.stdout.on('data', (d: Buffer) => {
        stdout += d;
      });
      p.stderr.on('data', (d: Buffer) => {
        stderr += d;
      });
      p.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const zichtJson = async <T>(args: string[]): Promise<T> => {
    const r = await zicht([...args, '--json']);
    assert.equal(r.status, 0, `zicht ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };

  async function startReplica(): Promise<Replica> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, 'bin', 'zicht.mjs'), 'serve', '--port', String(port)], {
      env,
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const collect = (d: Buffer) => {
      log += d;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const url = `http://127.0.0.1:${port}`;
    await eventually(
      async () => {
        if (child.exitCode !== null) assert.fail(`replica exited: ${log}`);
        return (await fetch(`${url}/healthz`).catch(() => null))?.ok === true;
      },
      'a replica starting',
      60_000,
    );
    const r = { url, child };
    replicas.push(r);
    return r;
  }

  const ready = async (r: Replica): Promise<string> => {
    const res = await fetch(`${r.url}/readyz`);
    const body = (await res.json()) as { model?: { name: string; version: number }; message?: string };
    return res.status === 200 && body.model
      ? `${body.model.name}@${body.model.version}`
      : `not ready (${res.status}${body.message && !/no production model/.test(body.message) ? `: ${body.message}` : ''})`;
  };
  const bothServe = (a: Replica, b: Replica, what: string) => {
    let seen = '';
    return eventually(
      async () => {
        seen = `A ${await ready(a)}, B ${await ready(b)}`;
        return seen === `A ${what}, B ${what}`;
      },
      `both replicas serving ${what}`,
      30_000,
      () => seen,
    );
  };

  const auditEntries = async (): Promise<number> => {
    const v = await zichtJson<{ ok: boolean; entries: number; reason?: string }>(['audit', 'verify']);
    assert.equal(v.ok, true, v.reason);
    return v.entries;
  };

  /**
   * `n` audited requests spread over the replicas, `concurrency` at a time; responses fully read.
   * Tokens take turns so that no token meets its per-replica rate limit (a refusal is audited
   * too, aggregated per minute, which would make the row count drift from the responses).
   */
  async function load(targets: Replica[], tokens: string[], codes: string[], n: number, concurrency = 8) {
    let next = 0,
      acknowledged = 0,
      refused = 0,
      failed = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          const i = next++;
          const r = targets[i % targets.length]!;
          try {
            const res = await fetch(`${r.url}/v1/areas/${codes[i % codes.length]}`, {
              headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
            });
            await res.arrayBuffer();
            if (res.status === 200) acknowledged++;
            else refused++;
          } catch {
            failed++; // a killed replica: no response, so nothing to count
          }
        }
      }),
    );
    return { acknowledged, refused, failed };
  }

  before(async () => {
    cluster = await startThrowawayPostgres();
    env = { ...process.env, ZICHT_DATABASE_URL: cluster.url };
    // the trained home writes its registry and reviews into PostgreSQL, its artifacts into the home
    const saved = process.env['ZICHT_DATABASE_URL'];
    process.env['ZICHT_DATABASE_URL'] = cluster.url;
    try {
      home = (await trainedHome('rt')).home;
    } finally {
      if (saved === undefined) delete process.env['ZICHT_DATABASE_URL'];
      else process.env['ZICHT_DATABASE_URL'] = saved;
    }
    env['ZICHT_HOME'] = home;
    // versions 2 and 3: the same artifact registered again and approved, to promote and retire
    const db = openOperationalDb(home, { ZICHT_DATABASE_URL: cluster.url });
    const registry = new ModelRegistry(db, home);
    const gov = new Governance(db, registry, home);
    const v1 = registry.get('rt', 1);
    // scores.json names the version it scores
    const files = (version: number) =>
      Object.fromEntries(
        Object.keys(v1.files)
          .filter((f) => f !== 'artifact.json')
          .map((f) => {
            const text = registry.readFile(v1, f);
            if (f !== 'scores.json') return [f, text];
            const scores = JSON.parse(text) as { model: { version: number } };
            return [f, JSON.stringify({ ...scores, model: { ...scores.model, version } })];
          }),
      );
    for (let i = 0; i < 2; i++) {
      const v = registry.register({
        name: 'rt',
        kind: v1.kind,
        trainedBy: v1.trainedBy,
        dataHash: v1.dataHash,
        synthetic: v1.synthetic,
        metrics: v1.metrics,
        verdict: v1.verdict,
        artifactText: registry.readFile(v1, 'artifact.json'),
        files,
      });
      approveDemoVersion(gov, 'rt', v.version);
    }
    db.close();
  });

  after(() => {
    for (const r of replicas) r.child.kill('SIGKILL');
    cluster?.stop();
  });

  test('one service: tokens, promotion, sessions, load, audit, and a replica killed mid-load', async () => {
    const [a, b] = [await startReplica(), await startReplica()];
    assert.equal(await ready(a), 'rt@1');
    assert.equal(await ready(b), 'rt@1');

    // a token made once (against the shared store) works on both replicas
    const admin = await zichtJson<{ id: string; token: string }>([
      'token',
      'create',
      '--role',
      'admin',
      '--name',
      'ops',
    ]);
    const listed = await fetch(`${a.url}/v1/areas`, { headers: { authorization: `Bearer ${admin.token}` } });
    assert.equal(listed.status, 200);
    const codes = ((await listed.json()) as { items: { code: string }[] }).items.map((x) => x.code);
    assert.ok(codes.length > 5);
    assert.equal(
      (await fetch(`${b.url}/v1/areas/${codes[0]}`, { headers: { authorization: `Bearer ${admin.token}` } })).status,
      200,
    );

    // promote and retire with the CLI: both replicas follow, and /readyz says so
    assert.equal((await zicht(['promote', 'rt@2'])).status, 0);
    await bothServe(a, b, 'rt@2');
    assert.equal((await zicht(['retire', 'rt@2'])).status, 0);
    await bothServe(a, b, 'not ready (503)');
    assert.equal((await zicht(['promote', 'rt@3'])).status, 0);
    await bothServe(a, b, 'rt@3');

    // a UI session made on A is known on B; revoking its token ends it on both
    const analyst = await zichtJson<{ id: string; token: string }>([
      'token',
      'create',
      '--role',
      'admin',
      '--name',
      'ui',
    ]);
    const form = await fetch(`${a.url}/inloggen`);
    const anon = /zicht_session=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    assert.ok(anon && csrf);
    const login = await fetch(`${a.url}/inloggen`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: `zicht_session=${anon}`, origin: a.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, token: analyst.token }),
    });
    assert.equal(login.status, 303);
    const session = /zicht_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(session);
    const homePage = (r: Replica) =>
      fetch(`${r.url}/`, { redirect: 'manual', headers: { cookie: `zicht_session=${session}` } }).then(
        (res) => res.status,
      );
    assert.equal(await homePage(b), 200, 'the session made on A is live on B');
    assert.equal((await zicht(['token', 'revoke', analyst.id])).status, 0);
    await eventually(
      async () => (await homePage(a)) === 303 && (await homePage(b)) === 303,
      'the revoke ending the session',
    );

    // concurrent load on both: one chain, a row for every response
    const before = await auditEntries();
    const loadTokens: string[] = [];
    for (let i = 0; i < 6; i++)
      loadTokens.push(
        (await zichtJson<{ token: string }>(['token', 'create', '--role', 'admin', '--name', `load${i}`])).token,
      );
    const clean = await load([a, b], loadTokens, codes, 300);
    assert.deepEqual([clean.refused, clean.failed], [0, 0]);
    assert.equal(await auditEntries(), before + clean.acknowledged, 'audit rows = responses');

    // SIGKILL one replica mid-load: the chain still verifies; every acknowledged response has its
    // row (a request in flight at the kill may have its row without its response reaching us)
    const before2 = await auditEntries();
    const running = load([a, b], loadTokens, codes, 600, 8);
    await sleep(300);
    b.child.kill('SIGKILL');
    const killed = await running;
    assert.ok(killed.acknowledged > 0);
    assert.equal(killed.refused, 0);
    const after2 = await auditEntries();
    assert.ok(after2 - before2 >= killed.acknowledged, `rows ${after2 - before2} ≥ responses ${killed.acknowledged}`);
    assert.ok(after2 - before2 <= killed.acknowledged + 8, 'at most the requests in flight at the kill are unanswered');
    // the survivor keeps serving and auditing
    const more = await load([a], loadTokens, codes, 50);
    assert.deepEqual([more.refused, more.failed], [0, 0]);
    assert.equal(await auditEntries(), after2 + more.acknowledged);
    assert.ok(readFileSync(join(home, 'audit.key'), 'utf8').length >= 64);
  });
});
