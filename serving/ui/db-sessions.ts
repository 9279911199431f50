import { migrate, sha256, type Migration, type OperationalDb } from '../../core/index.ts';
import type { Principal } from './deps.ts';
import { randomId, type Session, type SessionOptions, type Sessions } from './session.ts';

// The same text is valid in both dialects (BIGINT has INTEGER affinity in SQLite). The id is
// stored as its SHA-256: whoever reads the table cannot take over a session.
const TABLE = `CREATE TABLE IF NOT EXISTS ui_sessions (
  id_hash TEXT PRIMARY KEY, token_id TEXT, principal TEXT, csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL, flash TEXT);
CREATE INDEX IF NOT EXISTS ui_sessions_by_token ON ui_sessions (token_id, created_at)`;
const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'ui sessions', sqlite: TABLE, postgres: TABLE }];

/** A stored session's idle timer is written at most this often (ms): not every page view is a write. */
const TOUCH_MS = 5_000;

interface Row {
  principal: string | null;
  csrf: string;
  created_at: number;
  last_seen: number;
  flash: string | null;
}

/**
 * Sessions in the operational store, so that every replica behind a load balancer knows every
 * session (no sticky sessions needed) and a logout or revoke on one ends it on all. Same limits
 * as the in-memory store: idle and absolute expiry, anonymous sessions capped by count, logged-in
 * ones per token. A session's flash message is written through when it is set.
 */
export class DbSessionStore implements Sessions {
  readonly idleMs: number;
  readonly maxAgeMs: number;
  readonly #maxAnonymous: number;
  readonly #maxPerToken: number;
  readonly #now: () => number;
  readonly #db: OperationalDb;

  constructor(db: OperationalDb, options: SessionOptions = {}) {
    migrate(db, 'ui-sessions', MIGRATIONS);
    this.#db = db;
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxAgeMs = options.maxAgeMs ?? 8 * 3_600_000;
    this.#maxAnonymous = options.maxAnonymous ?? 10_000;
    this.#maxPerToken = options.maxPerToken ?? 20;
    this.#now = options.now ?? Date.now;
  }

  create(principal: Principal | null): Session {
    const t = this.#now();
    const id = randomId(),
      csrf = randomId();
    const db = this.#db;
    db.transaction(() => {
      db.lock('zicht.ui-sessions');
      this.#prune(t);
      const [where, keep, args] =
        principal === null
          ? ['token_id IS NULL', this.#maxAnonymous, []]
          : ['token_id = ?', this.#maxPerToken, [principal.tokenId]];
      const n = (db.prepare(`SELECT COUNT(*) AS n FROM ui_sessions WHERE ${where}`).get(...args) as { n: number }).n;
      if (n >= keep)
        db.prepare(
          `DELETE FROM ui_sessions WHERE id_hash IN (SELECT id_hash FROM ui_sessions WHERE ${where} ORDER BY created_at LIMIT ?)`,
        ).run(...args, n - keep + 1);
      db.prepare(
        'INSERT INTO ui_sessions (id_hash, token_id, principal, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(sha256(id), principal?.tokenId ?? null, principal ? JSON.stringify(principal) : null, csrf, t, t);
    }).immediate();
    return this.#session(id, { principal, csrf, createdAt: t, lastSeen: t, flash: null });
  }

  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const key = sha256(id);
    const r = this.#db
      .prepare('SELECT principal, csrf, created_at, last_seen, flash FROM ui_sessions WHERE id_hash = ?')
      .get(key) as Row | undefined;
    if (!r) return undefined;
    const t = this.#now();
    if (t - r.last_seen > this.idleMs || t - r.created_at > this.maxAgeMs) {
      this.#db.prepare('DELETE FROM ui_sessions WHERE id_hash = ?').run(key);
      return undefined;
    }
    if (t - r.last_seen >= TOUCH_MS)
      this.#db.prepare('UPDATE ui_sessions SET last_seen = ? WHERE id_hash = ?').run(t, key);
    return this.#session(id, {
      principal: r.principal === null ? null : (JSON.parse(r.principal) as Principal),
      csrf: r.csrf,
      createdAt: r.created_at,
      lastSeen: t,
      flash: r.flash === null ? null : (JSON.parse(r.flash) as Session['flash']),
    });
  }

  destroy(id: string): void {
    this.#db.prepare('DELETE FROM ui_sessions WHERE id_hash = ?').run(sha256(id));
  }

  endForToken(tokenId: string): number {
    return this.#db.prepare('DELETE FROM ui_sessions WHERE token_id = ?').run(tokenId).changes;
  }

  get size(): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM ui_sessions WHERE token_id IS NOT NULL').get() as { n: number })
      .n;
  }

  #prune(t: number): void {
    this.#db
      .prepare('DELETE FROM ui_sessions WHERE last_seen < ? OR created_at < ?')
      .run(t - this.idleMs, t - this.maxAgeMs);
  }

  /** A session object whose flash is written through to the store when set. */
  #session(id: string, s: Omit<Session, 'id'>): Session {
    let flash = s.flash;
    const db = this.#db;
    return {
      id,
      principal: s.principal,
      csrf: s.csrf,
      createdAt: s.createdAt,
      lastSeen: s.lastSeen,
      get flash() {
        return flash;
      },
      set flash(f) {
        flash = f;
        db.prepare('UPDATE ui_sessions SET flash = ? WHERE id_hash = ?').run(f ? JSON.stringify(f) : null, sha256(id));
      },
    };
  }
}
