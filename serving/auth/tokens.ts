import { randomBytes } from 'node:crypto';
import { ZichtError, migrate, sha256, type Migration, type OperationalDb } from '../../core/index.ts';

/** Roles, least to most privileged in what they may change. */
export const ROLES = ['marine', 'analyst', 'data_scientist', 'ethics_board', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: never a person's data beyond a token id and a role. */
export interface Principal {
  readonly tokenId: string;
  readonly role: Role;
  /** For marines and analysts: the one gemeente they may see. */
  readonly municipality: string | null;
  readonly name: string;
}

export interface TokenInfo extends Principal {
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

const TOKENS_TABLE = `CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, municipality TEXT, name TEXT NOT NULL,
  created_at TEXT NOT NULL, revoked_at TEXT)`;
const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'tokens', sqlite: TOKENS_TABLE, postgres: TOKENS_TABLE }];

export interface TokenStoreOptions {
  /**
   * How long (ms) a token found valid is trusted without asking the store again; 0 (default)
   * asks every time. Servers use a few hundred ms: one query less per request, and a revoke made
   * elsewhere (the CLI, another replica) still takes effect within that time (at once here).
   */
  readonly cacheMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/**
 * How long a server trusts a token it has verified: a revoke made on this server takes effect at
 * once; one made elsewhere (the CLI, another replica) within this time — under the promise that a
 * revoke reaches every replica within a second.
 */
const SERVER_TOKEN_CACHE_MS = 500;

/**
 * The token store of a server, embedded or a replica on PostgreSQL: a valid token is trusted for
 * half a second, one store query less per request (measured: about a third of the audited area
 * route's time on SQLite).
 */
export function serverTokenStore(db: OperationalDb): TokenStore {
  return new TokenStore(db, { cacheMs: SERVER_TOKEN_CACHE_MS });
}

/** Most tokens remembered at once (a bound on memory, not a limit on users). */
const CACHE_LIMIT = 10_000;

/** Bearer tokens, stored only as SHA-256 hashes. */
export class TokenStore {
  readonly #db: OperationalDb;
  readonly #byHash;
  readonly #active;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #verified = new Map<string, { principal: Principal; until: number }>();
  readonly #activeUntil = new Map<string, number>();
  constructor(db: OperationalDb, options: TokenStoreOptions = {}) {
    migrate(db, 'tokens', MIGRATIONS);
    this.#db = db;
    this.#cacheMs = options.cacheMs ?? 0;
    this.#now = options.now ?? Date.now;
    this.#byHash = db.prepare('SELECT id, role, municipality, name FROM tokens WHERE hash = ? AND revoked_at IS NULL');
    this.#active = db.prepare('SELECT 1 FROM tokens WHERE id = ? AND revoked_at IS NULL');
  }

  /** Create a token; the secret is returned once and never stored. */
  create(opts: { role: string; municipality?: string | null; name?: string }): { id: string; token: string } {
    if (!ROLES.includes(opts.role as Role))
      throw new ZichtError('BAD_ARGUMENT', `role must be one of ${ROLES.join(', ')}, got '${opts.role}'`, {
        role: opts.role,
      });
    const scoped = opts.role === 'marine' || opts.role === 'analyst';
    const m = opts.municipality ?? null;
    if (scoped && !m)
      throw new ZichtError('BAD_ARGUMENT', `role ${opts.role} needs a municipality scope: --municipality GMxxxx`, {
        role: opts.role,
      });
    if (m !== null && !/^GM\d{4}$/.test(m))
      throw new ZichtError('BAD_ARGUMENT', `municipality must be a gemeente code such as GM0268, got '${m}'`, {
        municipality: m,
      });
    if (!scoped && m)
      throw new ZichtError(
        'BAD_ARGUMENT',
        `role ${opts.role} is not scoped to a municipality; leave out --municipality`,
        { role: opts.role },
      );
    const id = `tok_${randomBytes(6).toString('hex')}`;
    const token = `zicht_${randomBytes(32).toString('base64url')}`;
    this.#db
      .prepare('INSERT INTO tokens (id, hash, role, municipality, name, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, sha256(token), opts.role, m, opts.name ?? opts.role, new Date().toISOString());
    return { id, token };
  }

  /** The principal of a presented token, or null when unknown or revoked. */
  verify(token: string): Principal | null {
    const hash = sha256(token);
    const t = this.#now();
    const hit = this.#verified.get(hash);
    if (hit && hit.until > t) return hit.principal;
    const r = this.#byHash.get(hash) as
      | { id: string; role: Role; municipality: string | null; name: string }
      | undefined;
    if (!r) {
      this.#verified.delete(hash);
      return null;
    }
    const principal = { tokenId: r.id, role: r.role, municipality: r.municipality, name: r.name };
    if (this.#cacheMs > 0) remember(this.#verified, hash, { principal, until: t + this.#cacheMs });
    return principal;
  }

  /** Whether a token id is known and not revoked. */
  isActive(id: string): boolean {
    const t = this.#now();
    if ((this.#activeUntil.get(id) ?? 0) > t) return true;
    const active = this.#active.get(id) !== undefined;
    if (active && this.#cacheMs > 0) remember(this.#activeUntil, id, t + this.#cacheMs);
    else this.#activeUntil.delete(id);
    return active;
  }

  list(): TokenInfo[] {
    return (
      this.#db
        .prepare('SELECT id, role, municipality, name, created_at, revoked_at FROM tokens ORDER BY created_at')
        .all() as {
        id: string;
        role: Role;
        municipality: string | null;
        name: string;
        created_at: string;
        revoked_at: string | null;
      }[]
    ).map((r) => ({
      tokenId: r.id,
      role: r.role,
      municipality: r.municipality,
      name: r.name,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
  }

  revoke(id: string): void {
    // this process forgets the token at once; other replicas within their cacheMs
    this.#activeUntil.delete(id);
    for (const [hash, v] of this.#verified) if (v.principal.tokenId === id) this.#verified.delete(hash);
    const r = this.#db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(new Date().toISOString(), id);
    if (r.changes === 0) throw new ZichtError('NOT_FOUND', `no active token '${id}'; see 'zicht token list'`, { id });
  }
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
