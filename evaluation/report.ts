import { z } from 'zod';
import { ZichtError } from '../core/index.ts';

const intervalMethod = z.enum(['percentile', 'bias-corrected', 'bias-corrected, widened to the estimate']);
/** A figure with its interval; `method` says how the interval was made (see bootstrap.ts). */
const estimate = z.object({
  estimate: z.number().nullable(),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
  method: intervalMethod,
});
const metrics = z.record(z.string(), estimate);
const moran = z.object({ I: z.number().nullable(), expected: z.number(), pValue: z.number(), n: z.number().int() });
const disparity = estimate.extend({ inBand: z.boolean(), overlapsBand: z.boolean(), significant: z.boolean() });
const group = z.object({
  group: z.string(),
  size: z.number().int(),
  positives: z.number().int(),
  prevalence: z.number().nullable(),
  flagRate: z.number().nullable(),
  tpr: z.number().nullable(),
  fpr: z.number().nullable(),
  fnr: z.number().nullable(),
  fdr: z.number().nullable(),
  precision: z.number().nullable(),
  calibrationInTheLarge: z.number().nullable(),
  disparity: z.record(z.string(), disparity),
  warning: z.string().nullable(),
});
const attributeAudit = z.object({
  attribute: z.string(),
  reference: z.string(),
  referenceRule: z.string(),
  groups: z.array(group),
});
const feedbackRound = z.object({
  round: z.number().int(),
  flagShareBiasedGroup: z.number().nullable(),
  persistence: z.number().nullable(),
  enforcementRatio: z.number().nullable(),
});

/** The verdict against the baselines (verdict.ts). */
export const verdictSchema = z.object({
  status: z.enum(['beats-baselines', 'no-better-than-baseline', 'insufficient-evidence']),
  primaryMetric: z.enum(['brier', 'logLoss', 'auc', 'poissonDeviance']),
  lowerIsBetter: z.boolean(),
  model: estimate,
  bestBaseline: z.object({ name: z.string(), value: estimate }).nullable(),
  difference: estimate.nullable(),
  reasons: z.array(
    z.union([
      z.object({
        code: z.enum(['too-few-areas', 'too-few-groups', 'too-few-positives']),
        found: z.number(),
        needed: z.number(),
      }),
      z.object({
        code: z.enum(['no-splits', 'constant-scores', 'no-baseline', 'not-better', 'no-clear-difference', 'beats']),
      }),
    ]),
  ),
  rule: z.string(),
});

/**
 * What actually ran, recorded by the job: every claim a card makes about the data, the
 * validation and the mitigations is built from these facts, never from a template.
 */
export const runFactsSchema = z.object({
  /** sha256 of the training config, verdict rule included, taken before the first fit. */
  configHash: z.string(),
  cv: z.object({
    folds: z.number().int(),
    grouping: z.enum(['gemeente', 'wijk']),
    groups: z.number().int(),
  }),
  calibration: z.object({ method: z.enum(['platt', 'isotonic', 'none']), crossFitted: z.boolean() }),
  capacity: z.object({ k: z.number().int(), per: z.literal('gemeente') }),
  sources: z.array(
    z.object({
      kind: z.string(),
      file: z.string(),
      tableId: z.string().nullable(),
      periods: z.array(z.string()),
      vintage: z.number().int(),
      synthetic: z.boolean(),
    }),
  ),
  boundaries: z.boolean(),
  features: z.object({
    used: z.array(z.object({ name: z.string(), transform: z.string() })),
    skipped: z.array(z.object({ feature: z.string(), view: z.string(), reason: z.string() })),
  }),
  excluded: z.array(z.object({ reason: z.string(), areas: z.number().int() })),
  domain: z.object({ level: z.string(), municipalities: z.array(z.string()), national: z.boolean() }),
  reportedLabelModel: z.boolean(),
  feedbackSimulation: z.boolean(),
  differentialPrivacy: z.boolean(),
});
export type RunFacts = z.infer<typeof runFactsSchema>;

/**
 * The evaluation report stored with every model version: the verdict, what ran, accuracy,
 * fairness, privacy, spatial, label bias. Figures carry cluster-bootstrap intervals over the
 * cross-validation groups.
 */
export const evaluationReportSchema = z.object({
  format: z.literal('zicht-evaluation-report'),
  version: z.literal(2),
  model: z.object({ name: z.string(), kind: z.string() }),
  createdAt: z.string(),
  synthetic: z.boolean(),
  seed: z.number().int(),
  target: z.enum(['binary-top', 'count']),
  crimeCode: z.string(),
  verdict: verdictSchema,
  run: runFactsSchema,
  accuracy: z.object({
    crossValidation: z.object({
      folds: z.number().int(),
      grouping: z.enum(['gemeente', 'wijk']),
      n: z.number().int(),
      metrics,
      perFold: z.array(
        z.object({ fold: z.number().int(), n: z.number().int(), metrics: z.record(z.string(), z.number().nullable()) }),
      ),
      roc: z.array(z.object({ fpr: z.number(), tpr: z.number() })),
      calibration: z.array(z.object({ predicted: z.number(), observed: z.number(), n: z.number().int() })),
    }),
    temporalHoldout: z
      .object({
        trainPeriods: z.array(z.string()),
        testPeriod: z.string(),
        labelPeriod: z.string(),
        n: z.number().int(),
        metrics,
      })
      .nullable(),
    capacity: z.object({ k: z.number().int(), precision: estimate, recall: estimate }),
    baselines: z.array(z.object({ name: z.string(), description: z.string(), metrics })),
  }),
  fairness: z.object({
    band: z.tuple([z.number(), z.number()]),
    flagRule: z.string(),
    attributes: z.array(attributeAudit),
    intersections: z.array(attributeAudit),
    proxy: z.object({
      measure: z.string(),
      threshold: z.number(),
      findings: z.array(
        z.object({ input: z.string(), attribute: z.string(), strength: z.number(), strong: z.boolean() }),
      ),
    }),
    warnings: z.array(z.string()),
  }),
  privacy: z.object({
    minPopulation: z.number(),
    minCount: z.number(),
    areasBelowMinPopulation: z.number().int(),
    suppressedByReason: z.record(z.string(), z.number().int()),
    suppressed: z.array(z.object({ code: z.string(), reason: z.string(), detail: z.string() })),
    recoverableAfterSecondarySuppression: z.array(z.string()),
    differentialPrivacy: z
      .object({
        epsilon: z.number(),
        mechanism: z.string(),
        labelSet: z.string(),
        metric: z.string(),
        without: estimate,
        with: estimate,
        cost: z.number().nullable(),
      })
      .nullable(),
  }),
  spatial: z
    .object({
      residuals: moran,
      flags: moran,
      clusters: z.object({
        highHigh: z.array(z.string()),
        lowLow: z.array(z.string()),
        highLow: z.array(z.string()),
        lowHigh: z.array(z.string()),
      }),
      smoothing: z.string(),
    })
    .nullable(),
  labelBias: z.object({
    provenance: z.enum(['discovered', 'reported']),
    comparison: z
      .object({
        discovered: z.object({ crimeCode: z.string(), metrics }),
        reported: z.object({ crimeCode: z.string(), metrics }),
        groups: z.array(
          z.object({
            attribute: z.string(),
            group: z.string(),
            reference: z.string(),
            discovered: estimate,
            reported: estimate,
          }),
        ),
        importanceShift: z.array(
          z.object({ feature: z.string(), discovered: z.number(), reported: z.number(), difference: z.number() }),
        ),
        note: z.string(),
      })
      .nullable(),
    persistence: z
      .object({
        persistence: z.number().nullable(),
        flagged: z.number().int(),
        again: z.number().int(),
        periods: z.tuple([z.string(), z.string()]),
      })
      .nullable(),
    feedback: z
      .object({
        rounds: z.number().int(),
        without: z.array(feedbackRound),
        withMitigation: z.array(feedbackRound),
        mitigation: z.string(),
        conclusion: z.string(),
      })
      .nullable(),
    warnings: z.array(z.string()),
  }),
  globalImportance: z.array(z.object({ feature: z.string(), meanAbsContribution: z.number() })),
});

export type EvaluationReport = z.infer<typeof evaluationReportSchema>;

/** Validate a report on the way in (from a file or the API). */
export function parseEvaluationReport(json: unknown, source = 'evaluation report'): EvaluationReport {
  const r = evaluationReportSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const hint =
      json && typeof json === 'object' && (json as { version?: unknown }).version === 1
        ? ' (a report of an earlier zicht version: retrain the model to evaluate it by the current rules)'
        : '';
    throw new ZichtError('CORRUPT_ARTIFACT', `${source}: field '${issue.path.join('.')}': ${issue.message}${hint}`, {
      field: issue.path.join('.'),
    });
  }
  return r.data;
}

/** Replace non-finite numbers by null throughout, so the report is valid JSON. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}
