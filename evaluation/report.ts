import { z } from 'zod';
import { ZichtError } from '../core/index.ts';

const estimate = z.object({ estimate: z.number().nullable(), lo: z.number().nullable(), hi: z.number().nullable() });
const metrics = z.record(z.string(), estimate);
const moran = z.object({ I: z.number().nullable(), expected: z.number(), pValue: z.number(), n: z.number().int() });
const disparity = estimate.extend({ inBand: z.boolean(), significant: z.boolean() });
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

/**
 * The evaluation report stored with every model version. Top-level sections:
 * accuracy, fairness, privacy, spatial, labelBias. Figures carry cluster-
 * bootstrap confidence intervals (resampling municipalities).
 */
export const evaluationReportSchema = z.object({
  format: z.literal('zicht-evaluation-report'),
  version: z.literal(1),
  model: z.object({ name: z.string(), kind: z.string() }),
  createdAt: z.string(),
  synthetic: z.boolean(),
  seed: z.number().int(),
  target: z.enum(['binary-top', 'count']),
  crimeCode: z.string(),
  accuracy: z.object({
    crossValidation: z.object({
      folds: z.number().int(),
      grouping: z.literal('gemeente'),
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
    proxy: z.array(
      z.object({
        attribute: z.string(),
        rhoScore: z.number().nullable(),
        rhoLabel: z.number().nullable(),
        difference: estimate,
        tracksMoreThanLabels: z.boolean(),
      }),
    ),
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
        aucWithout: estimate,
        aucWith: estimate,
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

/** NaN and ±Infinity are not JSON: store them as null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Validate a report on the way in (from a file or the API). */
export function parseEvaluationReport(json: unknown, source = 'evaluation report'): EvaluationReport {
  const r = evaluationReportSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ZichtError('CORRUPT_ARTIFACT', `${source}: field '${issue.path.join('.')}': ${issue.message}`, {
      field: issue.path.join('.'),
    });
  }
  return r.data;
}

/** Replace non-finite numbers by null throughout, so the report is valid JSON. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}
