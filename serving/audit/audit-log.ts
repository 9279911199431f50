import { migrate, sha256, stableStringify, type SqliteDb } from '../../core/index.ts';

/** One audited response. Holds no personal data: a token id, a role, area codes. */
export interface AuditEntry {
  readonly tokenId: string;
  readonly role: string;
  readonly route: string;
  readonly areas: readonly string[];
  readonly model: string | null;
  readonly purpose: string | null;
  readonly responseHash: string;
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
}

const DDL = `
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, token_id TEXT NOT NULL, role TEXT NOT NULL, route TEXT NOT NULL,
  areas TEXT NOT NULL, model TEXT, purpose TEXT, response_hash TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_head (
  k INTEGER PRIMARY KEY CHECK (k = 1), last_id INTEGER NOT NULL, last_hash TEXT NOT NULL, count INTEGER NOT NULL,
  checkpoint_id INTEGER NOT NULL, checkpoint_hash TEXT NOT NULL);
INSERT OR IGNORE INTO audit_head VALUES (1, 0, '${'0'.repeat(64)}', 0, 0, '${'0'.repeat(64)}');
`;

/** Default retention: at least six months. */
export const DEFAULT_RETENTION_DAYS = 183;

function rowHash(prev: string, r: Omit<AuditRow, 'hash' | 'prevHash'>): string {
  return sha256(
    prev +
      stableStringify({
        id: r.id,
        at: r.at,
        tokenId: r.tokenId,
        role: r.role,
        route: r.route,
        areas: r.areas,
        model: r.model,
        purpose: r.purpose,
        responseHash: r.responseHash,
      }),
  );
}

/**
 * Append-only audit log with a hash chain: each row's hash covers the previous
 * row's hash, and a head record holds the last hash and the count, so an
 * altered, deleted or truncated entry breaks verification. Every append is its
 * own committed transaction (synchronous = FULL) before the caller responds.
 */
export class AuditLog {
  readonly #db: SqliteDb;
  readonly #insert;
  readonly #append;

  constructor(db: SqliteDb) {
    migrate(db, DDL);
    this.#db = db;
    this.#insert = db.prepare(
      'INSERT INTO audit_log (id, at, token_id, role, route, areas, model, purpose, response_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const head = db.prepare('SELECT last_id, last_hash, count FROM audit_head WHERE k = 1');
    const setHead = db.prepare('UPDATE audit_head SET last_id = ?, last_hash = ?, count = ? WHERE k = 1');
    this.#append = db.transaction((entries: readonly AuditEntry[], at: string): AuditRow[] => {
      const h = head.get() as { last_id: number; last_hash: string; count: number };
      let id = h.last_id,
        prev = h.last_hash;
      const rows: AuditRow[] = [];
      for (const e of entries) {
        id++;
        const base = { id, at, ...e, areas: [...e.areas] };
        const hash = rowHash(prev, base);
        this.#insert.run(
          id,
          at,
          e.tokenId,
          e.role,
          e.route,
          JSON.stringify(e.areas),
          e.model,
          e.purpose,
          e.responseHash,
          prev,
          hash,
        );
        rows.push({ ...base, prevHash: prev, hash });
        prev = hash;
      }
      setHead.run(id, prev, h.count + entries.length);
      return rows;
    });
  }

  /** Record entries in one committed transaction. */
  record(entries: readonly AuditEntry[], now: Date = new Date()): AuditRow[] {
    return this.#append.immediate(entries, now.toISOString());
  }

  #queue: { entry: AuditEntry; resolve: (r: AuditRow) => void; reject: (e: unknown) => void }[] = [];

  /**
   * Group commit: entries of concurrent requests arriving in the same turn of
   * the event loop are written in one transaction (one fsync). The promise
   * resolves only after the commit, so a response is never sent before its
   * audit row is durable.
   */
  recordCommitted(entry: AuditEntry): Promise<AuditRow> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ entry, resolve, reject });
      if (this.#queue.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#queue.splice(0);
    if (batch.length === 0) return;
    try {
      const rows = this.record(batch.map((b) => b.entry));
      batch.forEach((b, i) => {
        b.resolve(rows[i]!);
      });
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  }

  count(): number {
    return (this.#db.prepare('SELECT count FROM audit_head WHERE k = 1').get() as { count: number }).count;
  }

  list(opts: { limit?: number; since?: string } = {}): AuditRow[] {
    const rows = this.#db
      .prepare(`SELECT * FROM audit_log ${opts.since ? 'WHERE at >= ?' : ''} ORDER BY id DESC LIMIT ?`)
      .all(...(opts.since ? [opts.since] : []), opts.limit ?? 100) as {
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
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      tokenId: r.token_id,
      role: r.role,
      route: r.route,
      areas: JSON.parse(r.areas),
      model: r.model,
      purpose: r.purpose,
      responseHash: r.response_hash,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }

  /** Recompute the chain from the last checkpoint; any altered, deleted or truncated entry fails. */
  verify(): VerifyResult {
    const head = this.#db.prepare('SELECT * FROM audit_head WHERE k = 1').get() as {
      last_id: number;
      last_hash: string;
      count: number;
      checkpoint_id: number;
      checkpoint_hash: string;
    };
    let prev = head.checkpoint_hash,
      expectedId = head.checkpoint_id + 1,
      entries = 0;
    const it = this.#db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as Iterable<{
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
    }>;
    for (const r of it) {
      const bad = (reason: string): VerifyResult => ({
        ok: false,
        entries,
        firstBadId: r.id,
        reason,
        headHash: head.last_hash,
      });
      if (r.id !== expectedId) return bad(`entry ${expectedId} is missing (next present is ${r.id})`);
      if (r.prev_hash !== prev) return bad(`entry ${r.id} does not follow the previous entry's hash`);
      const h = rowHash(prev, {
        id: r.id,
        at: r.at,
        tokenId: r.token_id,
        role: r.role,
        route: r.route,
        areas: JSON.parse(r.areas),
        model: r.model,
        purpose: r.purpose,
        responseHash: r.response_hash,
      });
      if (h !== r.hash) return bad(`entry ${r.id} was altered`);
      prev = h;
      expectedId++;
      entries++;
    }
    if (expectedId - 1 !== head.last_id || prev !== head.last_hash) {
      return {
        ok: false,
        entries,
        firstBadId: expectedId,
        reason: `the log ends at entry ${expectedId - 1} but the head records entry ${head.last_id}: entries were deleted from the end`,
        headHash: head.last_hash,
      };
    }
    return { ok: true, entries, headHash: head.last_hash };
  }

  /**
   * Delete entries older than the retention period (default 183 days). The
   * hash of the last deleted entry becomes the checkpoint the chain starts from.
   */
  prune(retentionDays = DEFAULT_RETENTION_DAYS, now: Date = new Date()): number {
    if (retentionDays < DEFAULT_RETENTION_DAYS)
      throw new RangeError(`audit retention must be at least ${DEFAULT_RETENTION_DAYS} days (six months)`);
    const cutoff = new Date(now.getTime() - retentionDays * 86400_000).toISOString();
    return this.#db
      .transaction(() => {
        const last = this.#db
          .prepare('SELECT id, hash FROM audit_log WHERE at < ? ORDER BY id DESC LIMIT 1')
          .get(cutoff) as { id: number; hash: string } | undefined;
        if (!last) return 0;
        const n = this.#db.prepare('DELETE FROM audit_log WHERE id <= ?').run(last.id).changes;
        this.#db
          .prepare('UPDATE audit_head SET checkpoint_id = ?, checkpoint_hash = ? WHERE k = 1')
          .run(last.id, last.hash);
        return n;
      })
      .immediate();
  }
}
