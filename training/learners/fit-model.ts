import type { z } from 'zod';
import { ZichtError } from '../../core/index.ts';
import type { FittedModel, ModelKind } from '../types.ts';
import { ebmParamsSchema, fitEbm } from './ebm.ts';
import { EbmModel } from './ebm-model.ts';
import { fitForest, forestParamsSchema } from './forest.ts';
import { fitGbm, gbmParamsSchema, type FitOptions, type TrainData } from './gbm.ts';
import { fitLogistic, LogisticModel, logisticParamsSchema } from './logistic.ts';
import { TreeEnsembleModel } from './tree-model.ts';

/** The hyperparameter schema of each model kind (strict: unknown keys are errors). */
const paramsSchemas = {
  gbm: gbmParamsSchema,
  forest: forestParamsSchema,
  ebm: ebmParamsSchema,
  logistic: logisticParamsSchema,
} as const;

export const MODEL_KINDS: readonly ModelKind[] = ['gbm', 'forest', 'ebm', 'logistic'];

function checkKind(kind: string): ModelKind {
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new ZichtError('INVALID_CONFIG', `unknown model kind '${kind}'; allowed: ${MODEL_KINDS.join(', ')}`, {
      field: 'kind',
      allowed: [...MODEL_KINDS],
    });
  }
  return kind as ModelKind;
}

/**
 * Validate hyperparameters for a kind and fill in defaults. A typo is an
 * `INVALID_CONFIG` error naming the parameter and listing the allowed names or values.
 */
export function parseParams(kind: string, params: unknown): Record<string, unknown> {
  const k = checkKind(kind);
  const schema: z.ZodType = paramsSchemas[k];
  const r = schema.safeParse(params ?? {});
  if (r.success) return r.data as Record<string, unknown>;
  const issue = r.error.issues[0]!;
  const allowed = Object.keys(paramsSchemas[k].shape);
  let field = issue.path.join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    field = issue.keys.join(', ');
    message = `unknown parameter${issue.keys.length > 1 ? 's' : ''} '${field}' for ${k}; allowed: ${allowed.join(', ')}`;
  } else {
    message = `parameter '${field}' for ${k}: ${issue.message}`;
  }
  throw new ZichtError('INVALID_CONFIG', message, { field: `params.${field}`, allowed });
}

/** The default hyperparameters of a kind (what `fitModel` uses for an empty params object). */
export function defaultParams(kind: ModelKind): Record<string, unknown> {
  return parseParams(kind, {});
}

/** Fit a model of the given kind; params are validated first (see `parseParams`). */
export function fitModel(kind: ModelKind, data: TrainData, params: unknown, opts: FitOptions): FittedModel {
  const p = parseParams(kind, params);
  switch (kind) {
    case 'gbm':
      return fitGbm(data, p, opts);
    case 'forest':
      return fitForest(data, p, opts);
    case 'ebm':
      return fitEbm(data, p, opts);
    case 'logistic':
      return fitLogistic(data, p, opts);
  }
}

/** Load any model kind from its `toJSON()` output; damage is `CORRUPT_ARTIFACT` naming the field. */
export function loadModel(json: unknown): FittedModel {
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  switch (kind) {
    case 'gbm':
    case 'forest':
      return TreeEnsembleModel.fromJSON(json);
    case 'ebm':
      return EbmModel.fromJSON(json);
    case 'logistic':
      return LogisticModel.fromJSON(json);
    default:
      throw new ZichtError(
        'CORRUPT_ARTIFACT',
        `field 'model.kind': ${JSON.stringify(kind)} is not one of ${MODEL_KINDS.join(', ')}`,
        { field: 'model.kind' },
      );
  }
}
