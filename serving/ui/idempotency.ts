/**
 * One submission per form: every form carries a random key (`_idem`); the server runs the
 * action once per key and answers a repeat — a double click, a reload after a slow answer, two
 * requests in flight at once — with the first answer's redirect. A key belongs to the session
 * cookie it was first sent with, so nobody else can replay it. Outcomes that are not a redirect
 * (a form sent back with an error) are forgotten, so the corrected form can be sent again.
 */
import { randomBytes } from 'node:crypto';

/**
 * What a repeat gets: the first answer's redirect, the cookies it set, and the notice it left
 * for the page it leads to (the browser may have used that notice up on the abandoned first
 * page, so the repeat leaves it again).
 */
export interface Outcome<N = unknown> {
  readonly location: string;
  readonly cookies: readonly string[];
  readonly notice: N | null;
}

interface Entry<N> {
  readonly owner: string;
  readonly at: number;
  readonly outcome: Promise<Outcome<N> | null>;
}

export const IDEMPOTENCY_FIELD = '_idem';
const KEY_RE = /^[A-Za-z0-9_-]{16,64}$/;

export class IdempotencyStore<N = unknown> {
  readonly #entries = new Map<string, Entry<N>>();
  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh key for a form. */
  static newKey(): string {
    return randomBytes(18).toString('base64url');
  }

  /**
   * Claim a key for this owner, in one step (no await between the check and the claim, so two
   * requests in flight cannot both win). The first claim gets `settle` to report its answer;
   * a repeat gets the first answer to wait for. Without a well-formed key or an owner: neither.
   */
  claim(
    key: string | undefined,
    owner: string | undefined,
  ):
    | { readonly first: Promise<Outcome<N> | null> }
    | { readonly settle: (res: Response | null, notice?: N | null) => void }
    | null {
    if (!key || !owner || !KEY_RE.test(key)) return null;
    const e = this.#entries.get(key);
    if (e && e.owner === owner && this.now() - e.at <= this.ttlMs) return { first: e.outcome };
    if (e) return null;
    let resolve!: (o: Outcome<N> | null) => void;
    this.#prune();
    this.#entries.set(key, { owner, at: this.now(), outcome: new Promise((r) => (resolve = r)) });
    return {
      settle: (res, notice = null) => {
        const location = res?.headers.get('location');
        if (res && res.status >= 300 && res.status < 400 && location) {
          resolve({ location, cookies: res.headers.getSetCookie(), notice });
        } else {
          // not done: forget the key, so the corrected form can be sent
          this.#entries.delete(key);
          resolve(null);
        }
      },
    };
  }

  #prune(): void {
    const t = this.now();
    for (const [k, e] of this.#entries) {
      if (this.#entries.size < this.max && t - e.at <= this.ttlMs) break;
      this.#entries.delete(k);
    }
  }
}
