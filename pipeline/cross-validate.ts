import { takeRows, type Frame } from '../core/index.ts';
import { calibrate, fit, type Calibrator, type FittedModel, type ModelKind } from '../training/index.ts';

export interface CvSpec {
  readonly kind: ModelKind;
  readonly params: Readonly<Record<string, unknown>>;
  readonly X: Frame;
  readonly y: Float64Array;
  /** Cross-validation group of each row (also the early-stopping groups inside a fit). */
  readonly groups: readonly string[];
  readonly fold: Int32Array;
  readonly folds: number;
  readonly seed: number;
  /** Log exposure per row for count targets (Poisson with offset). */
  readonly offset?: Float64Array;
  readonly calibration: 'platt' | 'isotonic' | 'none';
  readonly link: 'identity' | 'logit' | 'log';
  readonly onFold?: (f: number) => void;
}

export interface CvResult {
  /** Out-of-fold margins (with the offset for counts). */
  readonly margin: Float64Array;
  /**
   * Out-of-fold predictions for evaluation. Binary: probabilities calibrated *cross-fitted* (the
   * calibrator applied to fold k was fitted on the other folds' margins only). Count: expected counts.
   */
  readonly prediction: Float64Array;
  readonly models: readonly FittedModel[];
  /** The calibrator for serving: fitted on every out-of-fold margin. */
  readonly calibrator: Calibrator;
}

function rowsOf(fold: Int32Array, f: number, inFold: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < fold.length; i++) if ((fold[i] === f) === inFold) out.push(i);
  return out;
}

/**
 * Grouped cross-validation: one model per fold fitted on the other folds, its margins on the
 * held-out fold, then calibration that never sees the fold it is scored on.
 */
export function crossValidate(s: CvSpec): CvResult {
  const n = s.y.length;
  const margin = new Float64Array(n);
  const models: FittedModel[] = [];
  for (let f = 0; f < s.folds; f++) {
    const train = rowsOf(s.fold, f, false),
      test = rowsOf(s.fold, f, true);
    const m = fit(s.kind, { X: s.X, y: s.y, groups: s.groups }, train, s.params, s.seed + f, s.offset);
    const Xt = takeRows(s.X, test);
    const pm = s.offset
      ? m.predictMargin(
          Xt,
          Float64Array.from(test, (i) => s.offset![i]!),
        )
      : m.predictMargin(Xt);
    test.forEach((i, k) => {
      margin[i] = pm[k]!;
    });
    models.push(m);
    s.onFold?.(f);
  }
  const count = s.link === 'log';
  if (count) {
    return { margin, prediction: margin.map(Math.exp), models, calibrator: calibrate('none', margin, s.y, s.link) };
  }
  const prediction = new Float64Array(n);
  for (let f = 0; f < s.folds; f++) {
    const other = rowsOf(s.fold, f, false),
      own = rowsOf(s.fold, f, true);
    const c = calibrate(
      s.calibration,
      Float64Array.from(other, (i) => margin[i]!),
      Float64Array.from(other, (i) => s.y[i]!),
      s.link,
    );
    const p = c.apply(Float64Array.from(own, (i) => margin[i]!));
    own.forEach((i, k) => {
      prediction[i] = p[k]!;
    });
  }
  return { margin, prediction, models, calibrator: calibrate(s.calibration, margin, s.y, s.link) };
}
