import { z } from 'zod';
import { runFactsSchema, verdictSchema, type EvaluationReport } from '../evaluation/index.ts';
import { scoreUnitSchema, type Artifact, type ScoreSet } from '../training/index.ts';
import { REQUIRED_GOVERNANCE_FIELDS, type GovernanceFile } from './governance-file.ts';

const estimate = z.object({
  estimate: z.number().nullable(),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
  method: z.string().optional(),
});
const metricMap = z.record(z.string(), estimate);

/** One review as the card shows it (the ethics board's history). */
const reviewSchema = z.object({
  decision: z.enum(['approve', 'reject', 'request-changes']),
  reviewer: z.string(),
  role: z.string(),
  rationale: z.string(),
  at: z.string(),
  overrides: z.array(z.enum(['verdict', 'success-criteria', 'fairness'])),
});

/**
 * The model card (versioned JSON): data only — figures, codes and the facts of the run. The
 * renderers turn it into sentences in Dutch or English from the message catalogue, so every
 * statement is built from what ran.
 */
export const cardSchema = z.object({
  format: z.literal('zicht-model-card'),
  version: z.literal(2),
  modelDetails: z.object({
    name: z.string(),
    version: z.number().int(),
    status: z.string(),
    kind: z.string(),
    link: z.string(),
    createdAt: z.string(),
    codeVersion: z.string(),
    trainedBy: z.string(),
    artifactHash: z.string(),
    dataHash: z.string(),
    synthetic: z.boolean(),
    owner: z.string().nullable(),
    organisation: z.string().nullable(),
    contact: z.string().nullable(),
  }),
  verdict: verdictSchema,
  score: z.object({
    unit: scoreUnitSchema,
    meaning: z.object({ nl: z.string(), en: z.string() }),
    intervalMethod: z.object({ nl: z.string(), en: z.string() }),
    bands: z.object({ hoog: z.number(), verhoogd: z.number(), gemiddeld: z.number(), reference: z.number() }),
    period: z.string(),
    /** How many municipalities the version was trained on (a scoped reader's card lists only their own). */
    domainSize: z.number().int(),
  }),
  intendedUse: z.object({ purpose: z.string().nullable(), users: z.array(z.string()) }),
  parameters: z.object({
    seed: z.number().int(),
    params: z.record(z.string(), z.unknown()),
    label: z.object({
      crimeCode: z.string(),
      horizon: z.number(),
      target: z.string(),
      topShare: z.number().optional(),
      provenance: z.string(),
    }),
    features: z.array(
      z.object({
        name: z.string(),
        descriptionNl: z.string(),
        descriptionEn: z.string(),
        unit: z.string(),
        view: z.string(),
      }),
    ),
    protectedAttributesAsInputs: z.boolean(),
  }),
  run: runFactsSchema,
  datasheet: z.object({
    level: z.string(),
    vintage: z.number().int(),
    featurePeriods: z.array(z.string()),
    labelPeriods: z.array(z.string()),
    rows: z.number().int(),
    snapshots: z.array(z.string()),
  }),
  quantitative: z.object({
    crossValidation: metricMap,
    holdout: z.object({ testPeriod: z.string(), metrics: metricMap }).nullable(),
    capacity: z.object({ k: z.number().int(), precision: estimate, recall: estimate }),
    baselines: z.array(z.object({ name: z.string(), metrics: metricMap })),
    roc: z.array(z.object({ fpr: z.number(), tpr: z.number() })),
    calibration: z.array(z.object({ predicted: z.number(), observed: z.number(), n: z.number() })),
    importance: z.array(z.object({ feature: z.string(), meanAbsContribution: z.number() })),
    shapeFunctions: z.array(
      z.object({ feature: z.string(), points: z.array(z.object({ x: z.number(), score: z.number() })) }),
    ),
  }),
  fairness: z.object({
    band: z.tuple([z.number(), z.number()]),
    flagShare: z.number(),
    slices: z.array(
      z.object({
        attribute: z.string(),
        group: z.string(),
        reference: z.string(),
        size: z.number().int(),
        flagRate: z.number().nullable(),
        referenceFlagRate: z.number().nullable(),
        ratio: estimate,
        inBand: z.boolean(),
        overlapsBand: z.boolean(),
        warning: z.string().nullable(),
      }),
    ),
    proxies: z.array(z.object({ input: z.string(), attribute: z.string(), strength: z.number(), strong: z.boolean() })),
    proxyThreshold: z.number(),
  }),
  privacy: z.object({
    minPopulation: z.number(),
    minCount: z.number(),
    areasBelowMinPopulation: z.number().int(),
    suppressedByReason: z.record(z.string(), z.number()),
    recoverable: z.number().int(),
    /** Of what the version publishes: suppressed areas, shown areas with withheld values, still recoverable. */
    published: z.object({
      suppressedAreas: z.number().int(),
      valuesWithheld: z.number().int(),
      recoverable: z.number().int(),
    }),
    differentialPrivacy: z
      .object({ epsilon: z.number(), mechanism: z.string(), metric: z.string(), without: estimate, with: estimate })
      .nullable(),
  }),
  spatial: z
    .object({
      residualMoranI: z.number().nullable(),
      residualP: z.number(),
      flagMoranI: z.number().nullable(),
      flagP: z.number(),
      hotspots: z.number().int(),
    })
    .nullable(),
  labelBias: z.object({
    provenance: z.string(),
    persistence: z.number().nullable(),
    comparison: z
      .object({
        reportedCode: z.string(),
        discoveredMetrics: metricMap,
        reportedMetrics: metricMap,
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
      })
      .nullable(),
    feedback: z
      .object({
        rounds: z.number().int(),
        startShare: z.number().nullable(),
        endShareWithout: z.number().nullable(),
        endShareWith: z.number().nullable(),
      })
      .nullable(),
  }),
  governance: z.object({
    proportionality: z.string().nullable(),
    humanIntervention: z.string().nullable(),
    legalBasis: z.string().nullable(),
    dpiaReference: z.string().nullable(),
    iamaReference: z.string().nullable(),
    reviews: z.array(reviewSchema),
  }),
  successCriteria: z.object({
    reviewDate: z.string().nullable(),
    criteria: z.array(
      z.object({
        metric: z.string(),
        description: z.string(),
        min: z.number().nullable(),
        max: z.number().nullable(),
        value: z.number().nullable(),
        met: z.boolean().nullable(),
      }),
    ),
    fairness: z.object({
      met: z.boolean(),
      failing: z.array(z.object({ attribute: z.string(), group: z.string() })),
    }),
    verdictMet: z.boolean(),
    allMet: z.boolean(),
  }),
  /** Bands of the areas the reader may see (their own municipality for a scoped role). */
  map: z.array(z.object({ code: z.string(), band: z.string().nullable() })),
  completeness: z.object({ missing: z.array(z.string()), complete: z.boolean() }),
});

export type ModelCard = z.infer<typeof cardSchema>;
export type CardReview = z.infer<typeof reviewSchema>;

export interface CardInputs {
  readonly artifact: Artifact;
  readonly version: {
    readonly version: number;
    readonly status: string;
    readonly trainedBy: string;
    readonly artifactHash: string;
    readonly dataHash: string;
  };
  readonly report: EvaluationReport;
  readonly scores: ScoreSet;
  readonly governance: GovernanceFile;
  readonly reviews: readonly CardReview[];
  /** Band per area the reader may see (no suppressed areas). */
  readonly map: readonly { readonly code: string; readonly band: string | null }[];
  /** A scoped reader's municipality: the card names no other municipality. */
  readonly municipality?: string | null;
  readonly shapeFunctions?: readonly {
    readonly feature: string;
    readonly points: readonly { readonly x: number; readonly score: number }[];
  }[];
}

const est = (e: { estimate: number | null; lo: number | null; hi: number | null } | undefined) =>
  e ?? { estimate: null, lo: null, hi: null };

/** Success criteria: the governance file's metric criteria (judged on the pessimistic end of the interval). */
function metricCriteria(g: GovernanceFile, r: EvaluationReport): ModelCard['successCriteria']['criteria'] {
  const cv = r.accuracy.crossValidation.metrics;
  return (g.successCriteria ?? []).map((c) => {
    const m = cv[c.metric];
    const value = m ? (c.min !== undefined ? (m.lo ?? m.estimate) : (m.hi ?? m.estimate)) : null;
    const met =
      value === null ? null : (c.min === undefined || value >= c.min) && (c.max === undefined || value <= c.max);
    return {
      metric: c.metric,
      description: c.description ?? c.metric,
      min: c.min ?? null,
      max: c.max ?? null,
      value,
      met,
    };
  });
}

/** Build the card; governance fields that are missing are listed and block approval. */
export function buildCard(inp: CardInputs): ModelCard {
  const { artifact: a, report: r, governance: g, scores: s } = inp;
  const missing = REQUIRED_GOVERNANCE_FIELDS.filter((k) => {
    const v = g[k];
    return v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'string' && v.trim() === '');
  }).map((k) => `governance.${k}`);
  const slices = r.fairness.attributes.flatMap((att) => {
    const ref = att.groups.find((x) => x.group === att.reference);
    return att.groups
      .filter((x) => x.group !== att.reference)
      .map((x) => ({
        attribute: att.attribute,
        group: x.group,
        reference: att.reference,
        size: x.size,
        flagRate: x.flagRate,
        referenceFlagRate: ref?.flagRate ?? null,
        ratio: est(x.disparity['flagRate']),
        inBand: x.disparity['flagRate']?.inBand ?? false,
        overlapsBand: x.disparity['flagRate']?.overlapsBand ?? false,
        warning: x.warning,
      }));
  });
  // the fairness criterion holds by default: every audited group's interval overlaps 0.8–1.25
  const failing = slices
    .filter((x) => x.warning === null && !x.overlapsBand)
    .map((x) => ({ attribute: x.attribute, group: x.group }));
  const criteria = metricCriteria(g, r);
  const verdictMet = r.verdict.status === 'beats-baselines';
  const fb = r.labelBias.feedback;
  const card: ModelCard = {
    format: 'zicht-model-card',
    version: 2,
    modelDetails: {
      name: a.name,
      version: inp.version.version,
      status: inp.version.status,
      kind: a.kind,
      link: a.link,
      createdAt: a.createdAt,
      codeVersion: a.codeVersion,
      trainedBy: inp.version.trainedBy,
      artifactHash: inp.version.artifactHash,
      dataHash: inp.version.dataHash,
      synthetic: a.data.synthetic,
      owner: g.owner ?? null,
      organisation: g.organisation ?? null,
      contact: g.contact ?? null,
    },
    verdict: r.verdict,
    score: {
      unit: s.unit,
      meaning: s.meaning,
      intervalMethod: s.intervalMethod,
      bands: s.bands,
      period: s.period,
      domainSize: r.run.domain.municipalities.length,
    },
    intendedUse: { purpose: g.purpose ?? null, users: g.intendedUsers ?? [] },
    parameters: {
      seed: a.seed,
      params: a.params,
      label: { ...a.label, provenance: r.labelBias.provenance },
      features: a.features.map((f) => ({
        name: f.name,
        descriptionNl: f.descriptionNl,
        descriptionEn: f.descriptionEn,
        unit: f.unit,
        view: `${f.view}@${f.viewVersion}`,
      })),
      protectedAttributesAsInputs: a.features.some((f) => f.protected),
    },
    run:
      inp.municipality === null || inp.municipality === undefined
        ? r.run
        : {
            ...r.run,
            domain: {
              ...r.run.domain,
              municipalities: r.run.domain.municipalities.filter((m) => m === inp.municipality),
            },
          },
    datasheet: {
      level: a.data.level,
      vintage: a.data.vintage,
      featurePeriods: a.data.featurePeriods,
      labelPeriods: a.data.labelPeriods,
      rows: a.data.nRows,
      snapshots: a.data.snapshotHashes,
    },
    quantitative: {
      crossValidation: r.accuracy.crossValidation.metrics,
      holdout: r.accuracy.temporalHoldout
        ? { testPeriod: r.accuracy.temporalHoldout.testPeriod, metrics: r.accuracy.temporalHoldout.metrics }
        : null,
      capacity: r.accuracy.capacity,
      baselines: r.accuracy.baselines.map((b) => ({ name: b.name, metrics: b.metrics })),
      roc: r.accuracy.crossValidation.roc,
      calibration: r.accuracy.crossValidation.calibration,
      importance: r.globalImportance.slice(0, 15),
      shapeFunctions: (inp.shapeFunctions ?? []).map((x) => ({ feature: x.feature, points: [...x.points] })),
    },
    fairness: {
      band: r.fairness.band,
      flagShare: a.label.topShare ?? 0.1,
      slices,
      proxies: r.fairness.proxy.findings.filter((p) => p.input !== '(score)').slice(0, 12),
      proxyThreshold: r.fairness.proxy.threshold,
    },
    privacy: {
      minPopulation: r.privacy.minPopulation,
      minCount: r.privacy.minCount,
      areasBelowMinPopulation: r.privacy.areasBelowMinPopulation,
      suppressedByReason: r.privacy.suppressedByReason,
      recoverable: r.privacy.recoverableAfterSecondarySuppression.length,
      published: s.disclosure,
      differentialPrivacy: r.privacy.differentialPrivacy
        ? {
            epsilon: r.privacy.differentialPrivacy.epsilon,
            mechanism: r.privacy.differentialPrivacy.mechanism,
            metric: r.privacy.differentialPrivacy.metric,
            without: r.privacy.differentialPrivacy.without,
            with: r.privacy.differentialPrivacy.with,
          }
        : null,
    },
    spatial: r.spatial
      ? {
          residualMoranI: r.spatial.residuals.I,
          residualP: r.spatial.residuals.pValue,
          flagMoranI: r.spatial.flags.I,
          flagP: r.spatial.flags.pValue,
          hotspots: r.spatial.clusters.highHigh.length,
        }
      : null,
    labelBias: {
      provenance: r.labelBias.provenance,
      persistence: r.labelBias.persistence?.persistence ?? null,
      comparison: r.labelBias.comparison
        ? {
            reportedCode: r.labelBias.comparison.reported.crimeCode,
            discoveredMetrics: r.labelBias.comparison.discovered.metrics,
            reportedMetrics: r.labelBias.comparison.reported.metrics,
            groups: r.labelBias.comparison.groups,
            importanceShift: r.labelBias.comparison.importanceShift,
          }
        : null,
      feedback: fb
        ? {
            rounds: fb.rounds,
            startShare: fb.without[0]?.flagShareBiasedGroup ?? null,
            endShareWithout: fb.without.at(-1)?.flagShareBiasedGroup ?? null,
            endShareWith: fb.withMitigation.at(-1)?.flagShareBiasedGroup ?? null,
          }
        : null,
    },
    governance: {
      proportionality: g.proportionality ?? null,
      humanIntervention: g.humanIntervention ?? null,
      legalBasis: g.legalBasis ?? null,
      dpiaReference: g.dpiaReference ?? null,
      iamaReference: g.iamaReference ?? null,
      reviews: [...inp.reviews],
    },
    successCriteria: {
      reviewDate: g.reviewDate ?? null,
      criteria,
      fairness: { met: failing.length === 0, failing },
      verdictMet,
      allMet: verdictMet && failing.length === 0 && criteria.every((c) => c.met === true),
    },
    map: [...inp.map],
    completeness: { missing, complete: missing.length === 0 },
  };
  return cardSchema.parse(card);
}
