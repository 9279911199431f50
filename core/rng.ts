/**
 * Seeded pseudo-random numbers. Every random choice in zicht takes an explicit
 * seed; there is deliberately no default seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Poisson-distributed count with mean `lambda`. */
  poisson(lambda: number): number;
  /** A derived, independent generator (for workers, folds, trees). */
  fork(stream: number): Rng;
}

/** SplitMix64-seeded xoshiro128** generator: fast, 32-bit state words, good statistical quality. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new TypeError(`seed must be a finite number, got ${seed}`);
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  // splitmix32 to fill the state from one number
  let x = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const split = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  s0 = split();
  s1 = split();
  s2 = split();
  s3 = split();
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  let spare: number | null = null;
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    poisson: (lambda) => {
      if (!(lambda > 0)) return 0;
      if (lambda < 30) {
        const l = Math.exp(-lambda);
        let k = 0,
          p = 1;
        do {
          k++;
          p *= rng.next();
        } while (p > l);
        return k - 1;
      }
      // normal approximation with continuity correction for large means
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
    },
    fork: (stream) => createRng((nextU32() ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0),
  };
  return rng;
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}

/** Fisher–Yates shuffle of an index array in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(arr: T, rng: Rng): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = arr[i]!;
    arr[i] = arr[j]!;
    arr[j] = t;
  }
  return arr;
}
