/** Token bucket per key: `capacity` requests at once, refilled at `perSecond`. */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 when the request may proceed, else the whole seconds until it may (for Retry-After). */
  take(key: string): number {
    const t = this.now();
    const b = this.#buckets.get(key) ?? { tokens: this.capacity, at: t };
    b.tokens = Math.min(this.capacity, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }

  /** Forget buckets that are full again (bounded memory under many keys). */
  sweep(): void {
    const t = this.now();
    for (const [k, b] of this.#buckets)
      if (b.tokens + ((t - b.at) / 1000) * this.perSecond >= this.capacity) this.#buckets.delete(k);
  }
}
