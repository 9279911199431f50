/** A request from the main thread: one query, or connecting and closing. */
export interface WorkerRequest {
  readonly id: number;
  readonly op: 'connect' | 'close' | 'exec' | 'get' | 'all' | 'run';
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** What a failure looks like once it has crossed the thread boundary (plain data). */
interface WorkerFailure {
  readonly message: string;
  /** PostgreSQL's SQLSTATE, null for errors of the network or of the client itself. */
  readonly sqlstate: string | null;
  readonly constraint: string | null;
  readonly table: string | null;
  /** The connection is gone (or never came): the main thread drops this worker. */
  readonly lost: boolean;
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly rows: unknown[]; readonly changes: number }
  | { readonly id: number; readonly ok: false; readonly error: WorkerFailure };

/**
 * The worker thread's program, run with `eval: true` so that it needs no TypeScript loader:
 * the same string works under tsx and from dist/. It is CommonJS and requires `pg` by the
 * absolute path the main thread resolved. After posting each answer on the MessagePort it sets
 * the shared signal to 1 and notifies the main thread, which waits on it with `Atomics.wait`.
 *
 * Values come back as better-sqlite3 would give them: int8 and numeric as numbers when that
 * loses nothing (else bigint, resp. the decimal string); dates, times, json and jsonb as
 * PostgreSQL's text. The type parsers belong to this connection only (not pg's global table).
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const { url, timeoutMs, port } = workerData;
const signal = new Int32Array(workerData.signal);

const types = new pg.TypeOverrides();
types.setTypeParser(20, (s) => {
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
});
types.setTypeParser(1700, (s) => {
  if (!/\d/.test(s)) return Number(s); // NaN, Infinity, -Infinity
  const n = Number(s);
  // A decimal of at most 15 significant digits survives the round trip through a double.
  const digits = s.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return Number.isFinite(n) && digits.length <= 15 && (n !== 0 || digits === '') ? n : s;
});
// json, jsonb, date, time, timetz, timestamp, timestamptz, interval: the text, as SQLite stores it
for (const oid of [114, 3802, 1082, 1083, 1266, 1114, 1184, 1186]) types.setTypeParser(oid, (s) => s);

const NETWORK = /^E[A-Z]+$/;
let client = null;
let alive = false;

async function connect() {
  const c = new pg.Client({
    connectionString: url,
    types,
    statement_timeout: timeoutMs,
    connectionTimeoutMillis: timeoutMs,
    keepAlive: true,
    application_name: 'zicht',
  });
  c.on('error', () => { alive = false; });
  c.on('end', () => { alive = false; });
  await c.connect();
  client = c;
  alive = true;
}

async function answer(req) {
  if (req.op === 'connect') {
    await connect();
    return { rows: [], changes: 0 };
  }
  if (req.op === 'close') {
    if (client) await client.end();
    client = null;
    return { rows: [], changes: 0 };
  }
  if (!client || !alive) throw Object.assign(new Error('the connection is closed'), { lost: true });
  if (req.op === 'exec') {
    await client.query(req.sql);
    return { rows: [], changes: 0 };
  }
  const r = await client.query({ text: req.sql, values: req.params, queryMode: 'extended' });
  if (req.op === 'run') return { rows: [], changes: r.rowCount ?? 0 };
  return { rows: req.op === 'get' ? r.rows.slice(0, 1) : r.rows, changes: 0 };
}

async function failure(e, op) {
  // let the client's 'error' and 'end' events of a broken connection arrive first
  await new Promise((resolve) => setImmediate(resolve));
  const code = typeof e?.code === 'string' ? e.code : '';
  const sqlstate = /^[0-9A-Z]{5}$/.test(code) && !NETWORK.test(code) ? code : null;
  const lost =
    op === 'connect' || e?.lost === true || !alive || NETWORK.test(code) ||
    (sqlstate !== null && (sqlstate.startsWith('08') || /^57P0[1-3]$/.test(sqlstate)));
  if (lost && client) {
    client.end().catch(() => {});
    client = null;
  }
  const message = String(e?.message || code || e) || 'unknown error';
  return { message, sqlstate, constraint: e?.constraint ?? null, table: e?.table ?? null, lost };
}

port.on('message', async (req) => {
  let reply;
  try {
    reply = { id: req.id, ok: true, ...(await answer(req)) };
  } catch (e) {
    reply = { id: req.id, ok: false, error: await failure(e, req.op) };
  }
  try {
    port.postMessage(reply);
  } catch (e) {
    port.postMessage({ id: req.id, ok: false, error: await failure(e, 'post') });
  }
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;
