import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import {
  BUSY_TIMEOUT_MS,
  migrate,
  stableStringify,
  type Attempt,
  type OperationalDb,
  type OperationalStatement,
} from '../../core/index.ts';
import { AUDIT_MIGRATIONS, HEAD_ROW } from './audit-schema.ts';

/** One audited response. Holds no personal data: a token id, a role, area codes. */
export interface AuditEntry {
  readonly tokenId: string;
  readonly role: string;
  readonly route: string;
  readonly areas: readonly string[];
  readonly model: string | null;
  readonly purpose: string | null;
  readonly responseHash: string;
  /** What the request asked beyond its route (e.g. a what-if's changed indicators), as JSON. */
  readonly detail?: string | null;
  /** Refused requests, aggregated per token, route, status and minute: how many there were. */
  readonly refused?: number | null;
}

/**
 * The text a row's MAC covers after the previous MAC: its fields as JSON with the keys in sorted
 * order — what `stableStringify` gives (a property test holds them equal), built directly
 * because it runs for every audited response.
 */
export function rowText(r: Omit<AuditRow, 'hash' | 'prevHash'>): string {
  return JSON.stringify({
    areas: r.areas,
    at: r.at,
    detail: r.detail ?? null,
    id: r.id,
    model: r.model,
    purpose: r.purpose,
    refused: r.refused ?? null,
    responseHash: r.responseHash,
    role: r.role,
    route: r.route,
    tokenId: r.tokenId,
  });
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly entries: number;
  readonly firstBadId?: number;
  readonly reason?: string;
  readonly headHash: string;
  readonly anchors: number;
}

/** A line of the anchor file: the head of the chain at a moment, MACed, appended only. */
interface Anchor {
  readonly type: 'head' | 'prune';
  readonly id: number;
  readonly hash: string;
  readonly count: number;
  readonly checkpointId: number;
  readonly checkpointHash: string;
  readonly checkpointAt: string;
  readonly at: string;
  readonly mac: string;
}

/** Rows per INSERT statement (13 parameters each: well under SQLite's and PostgreSQL's limits). */
const INSERT_CHUNK = 100;

/** The columns of audit_log an INSERT writes, in the order of rowParams. */
const INSERT_COLUMNS = [
  'id',
  'at',
  'token_id',
  'role',
  'route',
  'areas',
  'model',
  'purpose',
  'response_hash',
  'prev_hash',
  'hash',
  'detail',
  'refused',
] as const;
/** Values per row. */
const COLUMNS = INSERT_COLUMNS.length;
const ROW_PLACEHOLDERS = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;

/** An audit row's values in the order of INSERT_COLUMNS. */
const rowParams = (r: AuditRow): (string | number | null)[] => [
  r.id,
  r.at,
  r.tokenId,
  r.role,
  r.route,
  JSON.stringify(r.areas),
  r.model,
  r.purpose,
  r.responseHash,
  r.prevHash,
  r.hash,
  r.detail ?? null,
  r.refused ?? null,
];

/** Default retention: at least six months. */
const DEFAULT_RETENTION_DAYS = 183;

interface Head {
  last_id: number;
  last_hash: string;
  count: number;
  checkpoint_id: number;
  checkpoint_hash: string;
  checkpoint_at: string;
  mac: string;
}

interface DbRow {
  id: number;
  at: string;
  token_id: string;
  role: string;
  route: string;
  areas: string;
  model: string | null;
  purpose: string | null;
  response_hash: string;
  prev_hash: string;
  hash: string;
  detail: string | null;
  refused: number | null;
}

const fromDb = (r: DbRow): AuditRow => ({
  id: r.id,
  at: r.at,
  tokenId: r.token_id,
  role: r.role,
  route: r.route,
  areas: JSON.parse(r.areas),
  model: r.model,
  purpose: r.purpose,
  responseHash: r.response_hash,
  detail: r.detail,
  refused: r.refused,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export interface AuditOptions {
  /** The HMAC key (at least 32 bytes), kept outside the database (see `loadAuditKey`). */
  readonly key: Buffer;
  /** Append-only file the chain's head is anchored to; keep a copy elsewhere or print it for a notary. */
  readonly anchorFile: string;
  /**
   * How long `recordCommitted` waits for a write lock held by another connection, without
   * holding the event loop, before its requests fail with SQLite's busy error (default: the
   * store's busy timeout, `BUSY_TIMEOUT_MS`).
   */
  readonly busyTimeoutMs?: number;
}

/**
 * Append-only audit log with an HMAC chain: each row's MAC covers the previous row's MAC, under
 * a key that is not in the database, so nobody with only the database can rewrite or re-chain
 * it. The head (last entry, count, prune checkpoint) is MACed too and anchored to an
 * append-only file; `verify` detects an altered entry, a re-chained log, a deleted tail, a fake
 * prune and a wiped log.
 */
export class AuditLog {
  readonly #db: OperationalDb;
  readonly #key: Buffer;
  readonly #anchorFile: string;
  readonly #busyTimeoutMs: number;
  readonly #append;
  readonly #head;
  readonly #lockedHead;

  constructor(db: OperationalDb, opts: AuditOptions) {
    if (opts.key.length < 32) throw new RangeError('the audit key must be at least 32 bytes');
    migrate(db, 'audit', AUDIT_MIGRATIONS);
    db.prepare(HEAD_ROW).run();
    this.#db = db;
    this.#key = opts.key;
    this.#anchorFile = opts.anchorFile;
    this.#busyTimeoutMs = opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
    this.#head = db.prepare('SELECT * FROM audit_head WHERE k = 1');
    // Replicas on one PostgreSQL append to one chain: the row lock on the head, held to COMMIT,
    // makes appends from every process take turns (SQLite's write lock does the same).
    const lockedHead = db.prepare(
      db.dialect === 'postgres'
        ? 'SELECT * FROM audit_head WHERE k = 1 FOR UPDATE'
        : 'SELECT * FROM audit_head WHERE k = 1',
    );
    this.#lockedHead = lockedHead;
    // One INSERT per chunk of rows, not per row: on PostgreSQL each statement is a round trip
    // made while the head is locked for every replica.
    const inserts = new Map<number, OperationalStatement>();
    const insert = (n: number): OperationalStatement => {
      let st = inserts.get(n);
      if (!st) {
        st = db.prepare(
          `INSERT INTO audit_log (${INSERT_COLUMNS.join(', ')}) VALUES ${Array.from({ length: n }, () => ROW_PLACEHOLDERS).join(', ')}`,
        );
        inserts.set(n, st);
      }
      return st;
    };
    const setHead = db.prepare('UPDATE audit_head SET last_id = ?, last_hash = ?, count = ?, mac = ? WHERE k = 1');
    this.#append = db.transaction((entries: readonly AuditEntry[], at: string): AuditRow[] => {
      const h = lockedHead.get() as Head;
      let id = h.last_id,
        prev = h.last_hash;
      const rows: AuditRow[] = [];
      // every row's values in the INSERT's column order, bound a chunk at a time. The row is one
      // literal whose MAC is filled in after (rowText reads neither MAC): object spreads of the
      // entry and the row took half the CPU of an append
      const params: (string | number | null)[] = [];
      for (const e of entries) {
        id++;
        const row = {
          id,
          at,
          tokenId: e.tokenId,
          role: e.role,
          route: e.route,
          areas: e.areas.slice(),
          model: e.model,
          purpose: e.purpose,
          responseHash: e.responseHash,
          detail: e.detail ?? null,
          refused: e.refused ?? null,
          prevHash: prev,
          hash: '',
        };
        row.hash = this.#rowMac(prev, row);
        rows.push(row);
        params.push(...rowParams(row));
        prev = row.hash;
      }
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const n = Math.min(INSERT_CHUNK, rows.length - i);
        insert(n).run(...params.slice(i * COLUMNS, (i + n) * COLUMNS));
      }
      const next = { ...h, last_id: id, last_hash: prev, count: h.count + entries.length };
      setHead.run(id, prev, next.count, this.#headMac(next));
      return rows;
    });
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('hex');
  }

  #rowMac(prev: string, r: Omit<AuditRow, 'hash' | 'prevHash'>): string {
    return this.#mac(prev + rowText(r));
  }

  #headMac(h: Omit<Head, 'mac'>): string {
    return this.#mac(
      `head|${h.last_id}|${h.last_hash}|${h.count}|${h.checkpoint_id}|${h.checkpoint_hash}|${h.checkpoint_at}`,
    );
  }

  #anchorMac(a: Omit<Anchor, 'mac'>): string {
    return this.#mac(`anchor|${stableStringify(a)}`);
  }

  /** Record entries in one committed transaction. */
  record(entries: readonly AuditEntry[], now: Date = new Date()): AuditRow[] {
    return this.#append.immediate(entries, now.toISOString());
  }

  #queue: { entry: AuditEntry; resolve: (r: AuditRow) => void; reject: (e: unknown) => void }[] = [];
  /** A flush is scheduled (next turn, or a retry after a busy lock). */
  #scheduled = false;
  /** When the lock was first found held by another connection, for the batch still waiting. */
  #busySince: number | null = null;

  /**
   * Group commit: entries of concurrent requests arriving in the same turn of the event loop
   * are written in one transaction. The promise resolves only after the commit, so a response
   * is never sent before its audit row is durable.
   *
   * While another connection holds the write lock (the checkpoint thread's RESTART, copying and
   * fsyncing for 6–11 ms under the API benchmark), the commit is tried again a millisecond later
   * instead of sleeping in SQLite's busy handler: the event loop goes on reading requests, which
   * join the batch, and the batch commits as soon as the lock is free rather than at the handler's
   * next wake-up. After `busyTimeoutMs` of that, the batch's requests fail with the busy error, as
   * they did when SQLite waited.
   */
  recordCommitted(entry: AuditEntry): Promise<AuditRow> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ entry, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flush);
      }
    });
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    const batch = this.#queue.splice(0);
    if (batch.length === 0) return;
    const fail = (e: unknown) => {
      this.#busySince = null;
      for (const b of batch) b.reject(e);
    };
    const now = new Date();
    let attempt: Attempt<AuditRow[]>;
    try {
      attempt = this.#db.unlessBusy(() =>
        this.record(
          batch.map((b) => b.entry),
          now,
        ),
      );
    } catch (e) {
      fail(e);
      return;
    }
    if (!attempt.busy) {
      this.#busySince = null;
      batch.forEach((b, i) => {
        b.resolve(attempt.value[i]!);
      });
      return;
    }
    this.#busySince ??= now.getTime();
    if (now.getTime() - this.#busySince >= this.#busyTimeoutMs) {
      fail(attempt.error);
      return;
    }
    this.#queue.unshift(...batch);
    this.#scheduled = true;
    setTimeout(this.#flush, 1);
  };

  /** Entries recorded since the log began (pruned ones included). */
  count(): number {
    return (this.#head.get() as Head).count;
  }

  list(opts: { limit?: number; since?: string } = {}): AuditRow[] {
    const rows = this.#db
      .prepare(`SELECT * FROM audit_log ${opts.since ? 'WHERE at >= ?' : ''} ORDER BY id DESC LIMIT ?`)
      .all(...(opts.since ? [opts.since] : []), opts.limit ?? 100) as DbRow[];
    return rows.map(fromDb);
  }

  #anchors(): { anchors: Anchor[]; bad: string | null } {
    if (!existsSync(this.#anchorFile)) return { anchors: [], bad: null };
    const anchors: Anchor[] = [];
    const lines = readFileSync(this.#anchorFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    for (const [i, line] of lines.entries()) {
      let a: Anchor;
      try {
        a = JSON.parse(line) as Anchor;
      } catch {
        return { anchors, bad: `anchor line ${i + 1} is not valid JSON` };
      }
      const { mac, ...rest } = a;
      const expected = this.#anchorMac(rest);
      if (
        typeof mac !== 'string' ||
        mac.length !== expected.length ||
        !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
      )
        return { anchors, bad: `anchor line ${i + 1} was altered or was not written with this key` };
      anchors.push(a);
    }
    return { anchors, bad: null };
  }

  /**
   * Append the current head to the anchor file (when it changed since the last anchor) and
   * return the anchor line, for an external notary to keep.
   */
  anchor(type: 'head' | 'prune' = 'head', now: Date = new Date()): string {
    const h = this.#head.get() as Head;
    const last = this.#anchors().anchors.at(-1);
    const a = {
      type,
      id: h.last_id,
      hash: h.last_hash,
      count: h.count,
      checkpointId: h.checkpoint_id,
      checkpointHash: h.checkpoint_hash,
      checkpointAt: h.checkpoint_at,
      at: now.toISOString(),
    };
    const line = JSON.stringify({ ...a, mac: this.#anchorMac(a) });
    if (type === 'head' && last && last.id === a.id && last.count === a.count && last.checkpointId === a.checkpointId)
      return line;
    appendFileSync(this.#anchorFile, `${line}\n`, { mode: 0o600 });
    return line;
  }

  /** Recompute the chain from the last checkpoint and check it against the head and every anchor. */
  verify(): VerifyResult {
    const head = this.#head.get() as Head;
    const { anchors, bad } = this.#anchors();
    const fail = (reason: string, entries: number, firstBadId?: number): VerifyResult => ({
      ok: false,
      entries,
      ...(firstBadId !== undefined ? { firstBadId } : {}),
      reason,
      headHash: head.last_hash,
      anchors: anchors.length,
    });
    if (bad) return fail(bad, 0);
    const headIsFresh = head.last_id === 0 && head.count === 0 && head.mac === '';
    if (!headIsFresh && head.mac !== this.#headMac(head))
      return fail('the head record was altered or was not written with this key', 0);
    let prev = head.checkpoint_hash,
      expectedId = head.checkpoint_id + 1,
      entries = 0;
    const byId = new Map<number, string>();
    for (const r of this.#db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as Iterable<DbRow>) {
      if (r.id !== expectedId) return fail(`entry ${expectedId} is missing (next present is ${r.id})`, entries, r.id);
      if (r.prev_hash !== prev) return fail(`entry ${r.id} does not follow the previous entry`, entries, r.id);
      const row = fromDb(r);
      if (this.#rowMac(prev, row) !== r.hash) return fail(`entry ${r.id} was altered or re-chained`, entries, r.id);
      byId.set(r.id, r.hash);
      prev = r.hash;
      expectedId++;
      entries++;
    }
    if (expectedId - 1 !== head.last_id || prev !== head.last_hash)
      return fail(
        `the log ends at entry ${expectedId - 1} but the head records entry ${head.last_id}: entries were deleted from the end`,
        entries,
        expectedId,
      );
    for (const a of anchors) {
      if (a.id > head.last_id || a.count > head.count)
        return fail(
          `the anchor of ${a.at} records ${a.count} entries up to entry ${a.id}, the log only ${head.count} up to ${head.last_id}: entries were deleted or the log was wiped`,
          entries,
        );
      if (a.id > head.checkpoint_id && byId.get(a.id) !== a.hash)
        return fail(`entry ${a.id} differs from its anchor of ${a.at}: the log was rewritten`, entries, a.id);
    }
    if (head.checkpoint_id > 0) {
      const prune = anchors.find(
        (a) => a.type === 'prune' && a.checkpointId === head.checkpoint_id && a.checkpointHash === head.checkpoint_hash,
      );
      if (!prune) return fail(`entries up to ${head.checkpoint_id} were removed without an anchored prune`, entries);
      const age = (Date.parse(prune.at) - Date.parse(prune.checkpointAt)) / 86400_000;
      if (!(age >= DEFAULT_RETENTION_DAYS - 1e-9))
        return fail(
          `entries up to ${head.checkpoint_id} were pruned at ${age.toFixed(0)} days old, under the ${DEFAULT_RETENTION_DAYS}-day retention`,
          entries,
        );
    }
    return { ok: true, entries, headHash: head.last_hash, anchors: anchors.length };
  }

  /**
   * Delete entries older than the retention period (default 183 days). The last deleted entry
   * becomes the checkpoint the chain starts from, and the prune is anchored.
   */
  prune(retentionDays = DEFAULT_RETENTION_DAYS, now: Date = new Date()): number {
    if (retentionDays < DEFAULT_RETENTION_DAYS)
      throw new RangeError(`audit retention must be at least ${DEFAULT_RETENTION_DAYS} days (six months)`);
    const cutoff = new Date(now.getTime() - retentionDays * 86400_000).toISOString();
    const n = this.#db
      .transaction(() => {
        this.#lockedHead.get();
        const last = this.#db
          .prepare('SELECT id, hash, at FROM audit_log WHERE at < ? ORDER BY id DESC LIMIT 1')
          .get(cutoff) as { id: number; hash: string; at: string } | undefined;
        if (!last) return 0;
        const deleted = this.#db.prepare('DELETE FROM audit_log WHERE id <= ?').run(last.id).changes;
        const h = this.#head.get() as Head;
        const next = { ...h, checkpoint_id: last.id, checkpoint_hash: last.hash, checkpoint_at: last.at };
        this.#db
          .prepare(
            'UPDATE audit_head SET checkpoint_id = ?, checkpoint_hash = ?, checkpoint_at = ?, mac = ? WHERE k = 1',
          )
          .run(last.id, last.hash, last.at, this.#headMac(next));
        return deleted;
      })
      .immediate();
    if (n > 0) this.anchor('prune', now);
    return n;
  }
}
