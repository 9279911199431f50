/**
 * Server-side sessions in memory, with a synchronizer CSRF token per session.
 * The cookie holds only a random id; the principal never leaves the server.
 * Sessions expire after an idle period and after an absolute lifetime; a
 * login rotates the id so a session fixed before login is worthless after it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from './deps.ts';

/** A one-time message shown on the next page (post/redirect/get). */
export interface Flash {
  readonly type: 'ok' | 'error';
  readonly text: string;
}

export interface Session {
  readonly id: string;
  /** Null for an anonymous session (the login form still needs a CSRF token). */
  readonly principal: Principal | null;
  readonly csrf: string;
  readonly createdAt: number;
  lastSeen: number;
  flash: Flash | null;
}

export interface SessionOptions {
  /** Idle timeout in ms. Default 30 minutes. */
  readonly idleMs?: number;
  /** Absolute lifetime in ms. Default 8 hours. */
  readonly maxAgeMs?: number;
  /** Upper bound on anonymous sessions (the login form's); the oldest anonymous ones go first. Default 10 000. */
  readonly maxAnonymous?: number;
  /** Upper bound on sessions per token; a new login drops that token's oldest. Default 20. */
  readonly maxPerToken?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

export const SESSION_COOKIE = 'zicht_session';

/**
 * Where the UI keeps sessions: in this process (`SessionStore`, the embedded default) or in the
 * operational store (`DbSessionStore`, shared by replicas behind one load balancer).
 */
export interface Sessions {
  readonly idleMs: number;
  readonly maxAgeMs: number;
  /** Create a session (anonymous when principal is null). */
  create(principal: Principal | null): Session;
  /** The live session for an id, touching its idle timer; undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined;
  destroy(id: string): void;
  /** End every session of a token (it was revoked); how many ended. */
  endForToken(tokenId: string): number;
  /** Logged-in sessions. */
  readonly size: number;
}

export function randomId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * An in-memory session store. Anonymous sessions (a login form waiting for a token) and
 * logged-in sessions are capped separately — anonymous by count, logged-in per token — so a
 * flood of anonymous page loads can never push out a user who is logged in.
 */
export class SessionStore implements Sessions {
  readonly idleMs: number;
  readonly maxAgeMs: number;
  private readonly maxAnonymous: number;
  private readonly maxPerToken: number;
  private readonly now: () => number;
  private readonly anonymous = new Map<string, Session>();
  private readonly sessions = new Map<string, Session>();

  constructor(options: SessionOptions = {}) {
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxAgeMs = options.maxAgeMs ?? 8 * 3_600_000;
    this.maxAnonymous = options.maxAnonymous ?? 10_000;
    this.maxPerToken = options.maxPerToken ?? 20;
    this.now = options.now ?? Date.now;
  }

  /** Create a session (anonymous when principal is null). */
  create(principal: Principal | null): Session {
    const t = this.now();
    const s: Session = { id: randomId(), principal, csrf: randomId(), createdAt: t, lastSeen: t, flash: null };
    if (principal === null) {
      this.prune(this.anonymous);
      // Map iteration is insertion order: the first keys are the oldest anonymous sessions
      for (const id of this.anonymous.keys()) {
        if (this.anonymous.size < this.maxAnonymous) break;
        this.anonymous.delete(id);
      }
      this.anonymous.set(s.id, s);
      return s;
    }
    this.prune(this.sessions);
    const own = [...this.sessions.values()].filter((x) => x.principal?.tokenId === principal.tokenId);
    for (const old of own.slice(0, Math.max(0, own.length - this.maxPerToken + 1))) this.sessions.delete(old.id);
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session for an id, touching its idle timer; undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const pool = this.sessions.has(id) ? this.sessions : this.anonymous;
    const s = pool.get(id);
    if (!s) return undefined;
    const t = this.now();
    if (t - s.lastSeen > this.idleMs || t - s.createdAt > this.maxAgeMs) {
      pool.delete(id);
      return undefined;
    }
    s.lastSeen = t;
    return s;
  }

  /** End a session. */
  destroy(id: string): void {
    this.sessions.delete(id);
    this.anonymous.delete(id);
  }

  /** End every session of a token (it was revoked). */
  endForToken(tokenId: string): number {
    let n = 0;
    for (const [id, s] of this.sessions)
      if (s.principal?.tokenId === tokenId) {
        this.sessions.delete(id);
        n++;
      }
    return n;
  }

  /** Logged-in sessions. */
  get size(): number {
    return this.sessions.size;
  }

  private prune(pool: Map<string, Session>): void {
    const t = this.now();
    for (const [id, s] of pool) if (t - s.lastSeen > this.idleMs || t - s.createdAt > this.maxAgeMs) pool.delete(id);
  }
}

/** Constant-time comparison of the submitted CSRF token with the session's. */
export function csrfMatches(session: Session | undefined, submitted: unknown): boolean {
  if (!session || typeof submitted !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * True when a POST comes from this site: its Origin (or, lacking one, its
 * Referer) names the same host the request was sent to. A request with
 * neither is refused; browsers send Origin on every form POST.
 */
export function sameOrigin(headers: { get(name: string): string | null | undefined }): boolean {
  const host = headers.get('host');
  const source = headers.get('origin') ?? headers.get('referer');
  if (!host || !source || source === 'null') return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

/** True when the request reached us over HTTPS, directly or via a TLS-terminating proxy. */
export function isHttps(url: string, forwardedProto: string | undefined): boolean {
  return url.startsWith('https:') || forwardedProto?.split(',')[0]?.trim() === 'https';
}
