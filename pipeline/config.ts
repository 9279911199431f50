import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ZichtError } from '../core/index.ts';
import { defaultVerdictRule, type VerdictRule } from '../evaluation/index.ts';

const PERIOD_RE = /^\d{4}JJ00$/;
const period = z.string().regex(PERIOD_RE, 'a yearly period such as 2022JJ00');

/** A training configuration (`zicht train --config <file>`). Unknown fields are typos and refused. */
const trainingConfigSchema = z
  .object({
    /** Model name in the registry (lower-case, digits, dashes). */
    name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, starting with a letter'),
    /** Feature views (`name` or `name@version`) whose non-protected features are the inputs. */
    featureViews: z.array(z.string().min(1)).min(1),
    /** Restrict to these features (default: all non-protected features of the views). */
    features: z.array(z.string().min(1)).optional(),
    /** Also use protected attributes as inputs (off by default; the card says so). */
    includeProtected: z.boolean().default(false),
    /** Area level to model. */
    level: z.enum(['gemeente', 'wijk', 'buurt']).default('wijk'),
    label: z
      .object({
        crimeCode: z.string().regex(/^\d+(\.\d+)*$/, 'a 47018NED crime code such as 3.1.1'),
        horizon: z.number().int().min(1).default(1),
        target: z.enum(['binary-top', 'count']),
        topShare: z.number().gt(0).lt(1).optional(),
        /**
         * Add the lagged label as a model input: the crime code's registered rate per 1,000 in the
         * feature period, shrunk toward the gemeente's rate (empirical Bayes). Off by default.
         */
        lagFeature: z.boolean().optional(),
        /**
         * Train on label counts with differential-privacy noise. The ε is spent from the label set's
         * budget, which an administrator sets (`zicht privacy budget set`); a config cannot grant one.
         */
        differentialPrivacy: z
          .object({
            epsilon: z.number().gt(0).max(10),
            mechanism: z.enum(['geometric', 'laplace']).default('geometric'),
          })
          .strict()
          .optional(),
      })
      .strict(),
    /** Feature periods to train on; the label period of each is period + horizon. */
    trainPeriods: z.array(period).min(1),
    /** Feature period held out for the temporal test (must be after every train period). */
    testPeriod: period.optional(),
    model: z
      .object({
        kind: z.enum(['gbm', 'forest', 'ebm', 'logistic']),
        params: z
          .record(
            z.string(),
            z.union([z.number(), z.string(), z.boolean(), z.array(z.string()), z.record(z.string(), z.string())]),
          )
          .default({}),
      })
      .strict(),
    validation: z
      .object({
        /** Grouped k-fold by gemeente. */
        folds: z.number().int().min(2).max(20).default(5),
        calibration: z.enum(['isotonic', 'platt', 'none']).default('isotonic'),
        /** Cross-validation groups: whole municipalities (default), or whole wijken when the data covers one municipality. */
        groupBy: z.enum(['gemeente', 'wijk']).default('gemeente'),
        /** Areas per gemeente a stadsmarinier can visit (precision and recall at capacity). */
        capacity: z.number().int().min(1).max(50).default(3),
      })
      .strict()
      .default({ folds: 5, calibration: 'isotonic', groupBy: 'gemeente', capacity: 3 }),
    /**
     * The verdict rule, fixed here before any result is seen (default: Brier score for binary
     * targets, Poisson deviance for counts; at least 30 areas, 10 positive areas, 5 groups; 95%).
     */
    verdict: z
      .object({
        primaryMetric: z.enum(['brier', 'logLoss', 'auc', 'poissonDeviance']).optional(),
        minAreas: z.number().int().min(10).optional(),
        minPositives: z.number().int().min(1).optional(),
        minGroups: z.number().int().min(2).optional(),
        level: z.number().gt(0.5).lt(1).optional(),
      })
      .strict()
      .optional(),
    seed: z.number().int(),
  })
  .strict();

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

/** Parse a config object, reporting the first wrong field with the allowed values. */
export function parseTrainingConfig(json: unknown, source = 'config'): TrainingConfig {
  const r = trainingConfigSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(issue.path);
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}${allowed ? `; allowed: ${allowed.join(', ')}` : ''}`;
    }
    throw new ZichtError('INVALID_CONFIG', `${source}: ${field === '(root)' ? '' : `field '${field}': `}${message}`, {
      file: source,
      field,
    });
  }
  const c = r.data;
  if (c.label.target === 'binary-top' && c.label.topShare === undefined) {
    throw new ZichtError(
      'INVALID_CONFIG',
      `${source}: field 'label.topShare' is required for target 'binary-top' (e.g. 0.1 for the top 10% of areas)`,
      { file: source, field: 'label.topShare' },
    );
  }
  if (c.testPeriod !== undefined && c.trainPeriods.some((p) => p >= c.testPeriod!)) {
    throw new ZichtError(
      'INVALID_CONFIG',
      `${source}: field 'testPeriod' (${c.testPeriod}) must be after every train period (${c.trainPeriods.join(', ')})`,
      { file: source, field: 'testPeriod' },
    );
  }
  const metric = c.verdict?.primaryMetric;
  if (metric && (metric === 'poissonDeviance') !== (c.label.target === 'count')) {
    throw new ZichtError(
      'INVALID_CONFIG',
      `${source}: field 'verdict.primaryMetric': ${metric} does not fit target '${c.label.target}' (${c.label.target === 'count' ? 'use poissonDeviance' : 'use brier, logLoss or auc'})`,
      { file: source, field: 'verdict.primaryMetric' },
    );
  }
  return c;
}

/** The verdict rule of a config: its own fields over the target's default. */
export function verdictRuleOf(c: TrainingConfig): VerdictRule {
  const d = defaultVerdictRule(c.label.target);
  const v = c.verdict ?? {};
  return {
    primaryMetric: v.primaryMetric ?? d.primaryMetric,
    minAreas: v.minAreas ?? d.minAreas,
    minPositives: v.minPositives ?? d.minPositives,
    minGroups: v.minGroups ?? d.minGroups,
    level: v.level ?? d.level,
  };
}

function allowedKeys(path: readonly PropertyKey[]): string[] | null {
  let schema: z.ZodType = trainingConfigSchema;
  for (const key of path) {
    const inner = unwrap(schema);
    if (!(inner instanceof z.ZodObject)) return null;
    const next = (inner.shape as Record<string, z.ZodType>)[String(key)];
    if (!next) return null;
    schema = next;
  }
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : null;
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur: z.ZodType = s;
  while (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
  return cur;
}

/** Read and parse a config file. */
export function readTrainingConfig(path: string): TrainingConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ZichtError('NOT_FOUND', `config file ${path} cannot be read`, { file: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ZichtError('INVALID_CONFIG', `${path} is not valid JSON: ${(e as Error).message}`, { file: path });
  }
  return parseTrainingConfig(json, path);
}
