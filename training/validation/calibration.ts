import { z } from 'zod';
import { ZichtError } from '../../core/index.ts';

/** Maps a margin to a calibrated probability; serialisable into the artifact. */
export interface Calibrator {
  readonly kind: 'platt' | 'isotonic';
  apply(margin: Float64Array): Float64Array;
  toJSON(): unknown;
}

function checkPairs(margin: Float64Array, y: Float64Array): void {
  if (margin.length !== y.length || margin.length === 0) {
    throw new ZichtError(
      'BAD_DATA',
      `calibration needs as many labels as predictions (got ${y.length} and ${margin.length}, at least 1)`,
      { field: 'y' },
    );
  }
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1)
      throw new ZichtError('BAD_DATA', `calibration label row ${i} is ${y[i]}; must be 0 or 1`, { field: 'y', row: i });
    if (!Number.isFinite(margin[i]!))
      throw new ZichtError('BAD_DATA', `calibration prediction row ${i} is ${margin[i]}`, { field: 'margin', row: i });
  }
}

/**
 * Platt scaling: p = σ(a·margin + b), fitted by Newton's method on log-loss with
 * Platt's smoothed targets ((N₊+1)/(N₊+2) and 1/(N₋+2)) against overconfidence.
 * Fit it on out-of-fold margins, never on the training fit.
 */
export function fitPlatt(margin: Float64Array, y: Float64Array): Calibrator {
  checkPairs(margin, y);
  let np = 0;
  for (const v of y) np += v;
  const nn = y.length - np;
  const hi = (np + 1) / (np + 2),
    lo = 1 / (nn + 2);
  let a = 1,
    b = 0;
  for (let it = 0; it < 100; it++) {
    let ga = 0,
      gb = 0,
      haa = 1e-12,
      hab = 0,
      hbb = 1e-12;
    for (let i = 0; i < y.length; i++) {
      const m = margin[i]!;
      const p = 1 / (1 + Math.exp(-(a * m + b)));
      const t = y[i] === 1 ? hi : lo;
      const d = p - t,
        w = p * (1 - p);
      ga += d * m;
      gb += d;
      haa += w * m * m;
      hab += w * m;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const da = (hbb * ga - hab * gb) / det,
      db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-12) break;
  }
  return platt(a, b);
}

function platt(a: number, b: number): Calibrator {
  return {
    kind: 'platt',
    apply: (m) => Float64Array.from(m, (v) => 1 / (1 + Math.exp(-(a * v + b)))),
    toJSON: () => ({ kind: 'platt', a, b }),
  };
}

/**
 * Isotonic calibration by pool-adjacent-violators on margins sorted ascending; the fitted
 * step function is stored as points (x, p) and applied with linear interpolation between
 * them, clipped at the ends (as scikit-learn's IsotonicRegression does).
 */
export function fitIsotonic(margin: Float64Array, y: Float64Array): Calibrator {
  checkPairs(margin, y);
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((p, q) => margin[p]! - margin[q]! || p - q);
  const val: number[] = [],
    wt: number[] = [],
    xlo: number[] = [],
    xhi: number[] = [];
  for (const i of idx) {
    val.push(y[i]!);
    wt.push(1);
    xlo.push(margin[i]!);
    xhi.push(margin[i]!);
    while (
      val.length > 1 &&
      (val[val.length - 2]! >= val[val.length - 1]! || xhi[xhi.length - 2] === xlo[xlo.length - 1])
    ) {
      const v2 = val.pop()!,
        w2 = wt.pop()!,
        h2 = xhi.pop()!;
      xlo.pop();
      const k = val.length - 1;
      val[k] = (val[k]! * wt[k]! + v2 * w2) / (wt[k]! + w2);
      wt[k] = wt[k]! + w2;
      xhi[k] = h2;
    }
  }
  const xs: number[] = [],
    ps: number[] = [];
  val.forEach((v, k) => {
    xs.push(xlo[k]!);
    ps.push(v);
    if (xhi[k]! > xlo[k]!) {
      xs.push(xhi[k]!);
      ps.push(v);
    }
  });
  return isotonic(xs, ps);
}

function isotonic(xs: readonly number[], ps: readonly number[]): Calibrator {
  const apply = (m: Float64Array): Float64Array =>
    Float64Array.from(m, (v) => {
      if (v <= xs[0]!) return ps[0]!;
      if (v >= xs[xs.length - 1]!) return ps[ps.length - 1]!;
      let lo = 0,
        hi = xs.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (xs[mid]! <= v) lo = mid;
        else hi = mid;
      }
      const t = (v - xs[lo]!) / (xs[hi]! - xs[lo]!);
      return ps[lo]! + t * (ps[hi]! - ps[lo]!);
    });
  return { kind: 'isotonic', apply, toJSON: () => ({ kind: 'isotonic', x: [...xs], p: [...ps] }) };
}

const calibratorJson = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('platt'), a: z.number(), b: z.number() }).strict(),
  z
    .object({ kind: z.literal('isotonic'), x: z.array(z.number()).min(1), p: z.array(z.number().min(0).max(1)).min(1) })
    .strict(),
]);

/** Load a calibrator from `toJSON()` output; damage is `CORRUPT_ARTIFACT` naming the field. */
export function loadCalibrator(json: unknown): Calibrator {
  const r = calibratorJson.safeParse(json);
  if (!r.success) {
    const field = `calibration.${r.error.issues[0]!.path.join('.')}`;
    throw new ZichtError('CORRUPT_ARTIFACT', `field '${field}': ${r.error.issues[0]!.message}`, { field });
  }
  const j = r.data;
  if (j.kind === 'platt') return platt(j.a, j.b);
  if (j.x.length !== j.p.length)
    throw new ZichtError('CORRUPT_ARTIFACT', `field 'calibration.p': ${j.p.length} values for ${j.x.length} points`, {
      field: 'calibration.p',
    });
  for (let i = 1; i < j.x.length; i++) {
    if (!(j.x[i]! >= j.x[i - 1]!) || !(j.p[i]! >= j.p[i - 1]!))
      throw new ZichtError('CORRUPT_ARTIFACT', `field 'calibration.x': points not increasing at ${i}`, {
        field: 'calibration.x',
      });
  }
  return isotonic(j.x, j.p);
}
