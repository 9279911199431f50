import { ZichtError, isZichtError, moduleWorker, type Frame } from '../core/index.ts';
import { explainFrame, fit, type FittedModel } from '../training/index.ts';
import { crossValidate, type CvSpec } from './cross-validate.ts';

/** Mean |contribution| of each input of a model fitted on all rows of a dataset. */
export async function globalImportance(
  model: FittedModel,
  X: Frame,
): Promise<{ feature: string; meanAbsContribution: number }[]> {
  const c = await explainFrame(model, X);
  return X.columns
    .map((feature, j) => {
      let s = 0;
      for (let i = 0; i < X.nRows; i++) s += Math.abs(c.values[i * c.nFeatures + j]!);
      return { feature, meanAbsContribution: s / Math.max(1, X.nRows) };
    })
    .sort((a, b) => b.meanAbsContribution - a.meanAbsContribution);
}

/** A second model of a job's configuration: what the job reads of it. */
export interface SideModel {
  /** Out-of-fold predictions (cross-fitted calibration), as `crossValidate` gives them. */
  readonly prediction: Float64Array;
  /** Global importance of the model fitted on all rows. */
  readonly importance: { feature: string; meanAbsContribution: number }[];
}

export type SideModelSpec = Omit<CvSpec, 'onFold'>;

/** Cross-validate a configuration, fit it on all rows and explain that fit: the same figures wherever it runs. */
export async function fitSideModel(s: SideModelSpec): Promise<SideModel> {
  const cv = crossValidate(s);
  const final = fit(s.kind, { X: s.X, y: s.y, groups: s.groups }, [...s.y.keys()], s.params, s.seed, s.offset);
  return { prediction: cv.prediction, importance: await globalImportance(final, s.X) };
}

/** What the worker sends back: the model's figures, or the error it met (as data). */
export type SideModelReply =
  | { readonly ok: true; readonly model: SideModel }
  | {
      readonly ok: false;
      readonly code: ZichtError['code'];
      readonly message: string;
      readonly details: ZichtError['details'];
    };

/** The reply for one job, errors included (a ZichtError keeps its code; anything else is INTERNAL). */
export async function sideModelReply(s: SideModelSpec): Promise<SideModelReply> {
  try {
    return { ok: true, model: await fitSideModel(s) };
  } catch (e) {
    return isZichtError(e)
      ? { ok: false, code: e.code, message: e.message, details: e.details }
      : { ok: false, code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), details: {} };
  }
}

/**
 * `fitSideModel` in a worker thread of its own, so the job's main model is fitted and evaluated
 * on the other core meanwhile (the same figures: every fit takes its seed from the spec). `signal`
 * stops the worker; a worker that fails or is stopped rejects with a ZichtError.
 */
export function fitSideModelInWorker(s: SideModelSpec, signal: AbortSignal): Promise<SideModel> {
  const worker = moduleWorker(import.meta.url, 'side-model-worker');
  return new Promise<SideModel>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.once('message', (r: SideModelReply) =>
      settle(() => (r.ok ? resolve(r.model) : reject(new ZichtError(r.code, r.message, r.details)))),
    );
    worker.once('error', (e) =>
      settle(() => reject(new ZichtError('INTERNAL', `the reported-label model's worker failed: ${e.message}`))),
    );
    worker.once('exit', (code) =>
      settle(() =>
        reject(
          new ZichtError('INTERNAL', `the reported-label model's worker ended (exit code ${code}) without an answer`),
        ),
      ),
    );
    const stop = () =>
      settle(() => reject(new ZichtError('INTERNAL', "the reported-label model's worker was stopped")));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    worker.postMessage(s);
  });
}
