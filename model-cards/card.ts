import { z } from 'zod';
import type { EvaluationReport } from '../evaluation/index.ts';
import type { Artifact } from '../training/index.ts';
import { REQUIRED_GOVERNANCE_FIELDS, type GovernanceFile } from './governance-file.ts';

const estimate = z.object({ estimate: z.number().nullable(), lo: z.number().nullable(), hi: z.number().nullable() });

/** The model card (versioned JSON). Built from the artifact, the evaluation report and the governance file. */
export const cardSchema = z.object({
  format: z.literal('zicht-model-card'),
  version: z.literal(1),
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
  intendedUse: z.object({
    purpose: z.string().nullable(),
    users: z.array(z.string()),
    useCases: z.array(z.string()),
    outOfScope: z.array(z.string()),
  }),
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
  datasheet: z.object({
    level: z.string(),
    vintage: z.number().int(),
    featurePeriods: z.array(z.string()),
    labelPeriods: z.array(z.string()),
    rows: z.number().int(),
    snapshots: z.array(z.string()),
    licences: z.array(z.string()),
    preprocessing: z.array(z.string()),
    suppression: z.array(z.string()),
  }),
  quantitative: z.object({
    crossValidation: z.record(z.string(), estimate),
    folds: z.number().int(),
    holdout: z.object({ testPeriod: z.string(), metrics: z.record(z.string(), estimate) }).nullable(),
    capacity: z.object({ k: z.number().int(), precision: estimate, recall: estimate }),
    baselines: z.array(z.object({ name: z.string(), metrics: z.record(z.string(), estimate) })),
    roc: z.array(z.object({ fpr: z.number(), tpr: z.number() })),
    calibration: z.array(z.object({ predicted: z.number(), observed: z.number(), n: z.number() })),
    importance: z.array(z.object({ feature: z.string(), meanAbsContribution: z.number() })),
    shapeFunctions: z.array(
      z.object({ feature: z.string(), points: z.array(z.object({ x: z.number(), score: z.number() })) }),
    ),
  }),
  fairness: z.object({
    band: z.tuple([z.number(), z.number()]),
    flagRule: z.string(),
    slices: z.array(
      z.object({
        attribute: z.string(),
        group: z.string(),
        reference: z.string(),
        size: z.number().int(),
        flagRate: z.number().nullable(),
        ratio: estimate,
        inBand: z.boolean(),
        warning: z.string().nullable(),
      }),
    ),
    proxy: z.array(
      z.object({
        attribute: z.string(),
        rhoScore: z.number().nullable(),
        rhoLabel: z.number().nullable(),
        tracksMoreThanLabels: z.boolean(),
      }),
    ),
    warnings: z.array(z.string()),
  }),
  privacy: z.object({
    minPopulation: z.number(),
    minCount: z.number(),
    suppressedByReason: z.record(z.string(), z.number()),
    recoverable: z.number().int(),
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
    warnings: z.array(z.string()),
    persistence: z.number().nullable(),
    feedbackConclusion: z.string().nullable(),
    comparison: z.string().nullable(),
  }),
  considerations: z.object({
    limitations: z.array(z.string()),
    tradeoffs: z.array(z.string()),
    ethicalRisks: z.array(z.object({ risk: z.string(), mitigation: z.string() })),
  }),
  algoritmeregister: z.object({
    name: z.string(),
    organisation: z.string().nullable(),
    goal: z.string().nullable(),
    proportionality: z.string().nullable(),
    humanIntervention: z.string().nullable(),
    risks: z.array(z.string()),
    legalBasis: z.string().nullable(),
    impactAssessments: z.array(z.object({ type: z.string(), reference: z.string().nullable() })),
    sourceData: z.array(z.string()),
    methodsAndModels: z.string(),
  }),
  aiAct: z.object({
    accuracy: z.string(),
    humanOversight: z.string(),
    logging: z.string(),
    instructionsForUse: z.array(z.string()),
  }),
  successCriteria: z.object({
    reviewDate: z.string().nullable(),
    criteria: z.array(
      z.object({
        metric: z.string(),
        description: z.string(),
        threshold: z.string(),
        value: z.number().nullable(),
        met: z.boolean().nullable(),
      }),
    ),
    allMet: z.boolean().nullable(),
  }),
  map: z.array(z.object({ code: z.string(), band: z.string().nullable() })),
  completeness: z.object({ missing: z.array(z.string()), complete: z.boolean() }),
});

export type ModelCard = z.infer<typeof cardSchema>;

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
  readonly governance: GovernanceFile;
  /** Band per area of the scored period (no suppressed areas). */
  readonly map: readonly { readonly code: string; readonly band: string | null }[];
  readonly shapeFunctions?: readonly {
    readonly feature: string;
    readonly points: readonly { readonly x: number; readonly score: number }[];
  }[];
}

const est = (e: { estimate: number | null; lo: number | null; hi: number | null } | undefined) =>
  e ?? { estimate: null, lo: null, hi: null };

/** Build the card; governance fields that are missing are listed and block approval. */
export function buildCard(inp: CardInputs): ModelCard {
  const { artifact: a, report: r, governance: g } = inp;
  const missing = REQUIRED_GOVERNANCE_FIELDS.filter((k) => {
    const v = g[k];
    return v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'string' && v.trim() === '');
  }).map((k) => `governance.${k}`);
  const cv = r.accuracy.crossValidation.metrics;
  const criteria = (g.successCriteria ?? []).map((c) => {
    const m = cv[c.metric];
    // judged on the pessimistic end of the interval
    const value = m ? (c.min !== undefined ? (m.lo ?? m.estimate) : (m.hi ?? m.estimate)) : null;
    const met =
      value === null ? null : (c.min === undefined || value >= c.min) && (c.max === undefined || value <= c.max);
    return {
      metric: c.metric,
      description: c.description ?? c.metric,
      threshold: `${c.min !== undefined ? `≥ ${c.min}` : ''}${c.max !== undefined ? `≤ ${c.max}` : ''}`,
      value,
      met,
    };
  });
  const slices = r.fairness.attributes.flatMap((att) =>
    att.groups
      .filter((x) => x.group !== att.reference)
      .map((x) => ({
        attribute: att.attribute,
        group: x.group,
        reference: att.reference,
        size: x.size,
        flagRate: x.flagRate,
        ratio: est(x.disparity['flagRate']),
        inBand: x.disparity['flagRate']?.inBand ?? false,
        warning: x.warning,
      })),
  );
  const provenance = r.labelBias.provenance;
  const card: ModelCard = {
    format: 'zicht-model-card',
    version: 1,
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
    intendedUse: {
      purpose: g.purpose ?? null,
      users: g.intendedUsers ?? [],
      useCases: [
        "prioritise attention and prevention capacity across areas of one's own municipality",
        'start a conversation with partners about an area, with its indicators',
      ],
      outOfScope: [
        'never about individuals: no person is scored, profiled or selected',
        'never as evidence, nor as grounds for any measure against residents',
        'not for areas under the minimum population',
        "not for areas of another municipality than the user's own",
        'not for predicting individual crimes or offenders',
      ],
    },
    parameters: {
      seed: a.seed,
      params: a.params,
      label: { ...a.label, provenance },
      features: a.features.map((f) => ({
        name: f.name,
        descriptionNl: f.descriptionNl,
        descriptionEn: f.descriptionEn,
        unit: f.unit,
        view: `${f.view}@${f.viewVersion}`,
      })),
      protectedAttributesAsInputs: a.features.some((f) => f.protected),
    },
    datasheet: {
      level: a.data.level,
      vintage: a.data.vintage,
      featurePeriods: a.data.featurePeriods,
      labelPeriods: a.data.labelPeriods,
      rows: a.data.nRows,
      snapshots: a.data.snapshotHashes,
      licences: a.data.synthetic
        ? ['synthetic data generated by zicht (no licence restrictions)']
        : ['CC BY 4.0, Centraal Bureau voor de Statistiek', 'CC BY 4.0, Politie / CBS (47018NED)'],
      preprocessing: [
        'StatLine symbols: "." suppressed → missing, "-" → 0',
        'features per feature view (shares, rates per 1,000, log, difference from the gemeente, mean over contiguous neighbours)',
        'labels of period t + horizon joined to features of period t (no leakage)',
        'areas whose codes changed between vintages reported, not dropped silently',
      ],
      suppression: [
        `areas under ${r.privacy.minPopulation} inhabitants are never scored or shown`,
        `label counts under ${r.privacy.minCount} are never shown; shown counts are rounded to multiples of 5`,
        'secondary suppression prevents recovering a suppressed area from its parent total',
      ],
    },
    quantitative: {
      crossValidation: Object.fromEntries(Object.entries(cv).map(([k, v]) => [k, est(v)])),
      folds: r.accuracy.crossValidation.folds,
      holdout: r.accuracy.temporalHoldout
        ? {
            testPeriod: r.accuracy.temporalHoldout.testPeriod,
            metrics: Object.fromEntries(
              Object.entries(r.accuracy.temporalHoldout.metrics).map(([k, v]) => [k, est(v)]),
            ),
          }
        : null,
      capacity: {
        k: r.accuracy.capacity.k,
        precision: est(r.accuracy.capacity.precision),
        recall: est(r.accuracy.capacity.recall),
      },
      baselines: r.accuracy.baselines.map((b) => ({
        name: b.name,
        metrics: Object.fromEntries(Object.entries(b.metrics).map(([k, v]) => [k, est(v)])),
      })),
      roc: r.accuracy.crossValidation.roc,
      calibration: r.accuracy.crossValidation.calibration,
      importance: r.globalImportance.slice(0, 15),
      shapeFunctions: (inp.shapeFunctions ?? []).map((s) => ({ feature: s.feature, points: [...s.points] })),
    },
    fairness: {
      band: r.fairness.band,
      flagRule: r.fairness.flagRule,
      slices,
      proxy: r.fairness.proxy.map((p) => ({
        attribute: p.attribute,
        rhoScore: p.rhoScore,
        rhoLabel: p.rhoLabel,
        tracksMoreThanLabels: p.tracksMoreThanLabels,
      })),
      warnings: r.fairness.warnings,
    },
    privacy: {
      minPopulation: r.privacy.minPopulation,
      minCount: r.privacy.minCount,
      suppressedByReason: r.privacy.suppressedByReason,
      recoverable: r.privacy.recoverableAfterSecondarySuppression.length,
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
      provenance,
      warnings: r.labelBias.warnings,
      persistence: r.labelBias.persistence?.persistence ?? null,
      feedbackConclusion: r.labelBias.feedback?.conclusion ?? null,
      comparison: r.labelBias.comparison
        ? `AUC on discovered labels (${r.labelBias.comparison.discovered.crimeCode}) ${fmt(r.labelBias.comparison.discovered.metrics['auc']?.estimate)} vs on reported labels (${r.labelBias.comparison.reported.crimeCode}) ${fmt(r.labelBias.comparison.reported.metrics['auc']?.estimate)}. ${r.labelBias.comparison.note}`
        : null,
    },
    considerations: {
      limitations: [
        'Registered crime is not crime: it reflects reporting and enforcement.',
        'Scores are correlations at area level; they say nothing about any resident.',
        'Boundaries and codes change between years; changed areas are matched by code only.',
        'Small areas are excluded; their residents are not represented in the scores.',
        ...(a.data.synthetic
          ? ['This version is trained on SYNTHETIC data: its figures describe the demo world, not the Netherlands.']
          : []),
      ],
      tradeoffs: [
        'Higher capacity (more areas visited) raises recall but lowers precision.',
        'Calibration makes probabilities interpretable at the cost of a held-out fit.',
        'Leaving protected attributes out of the inputs does not remove proxies; the audit measures them.',
      ],
      ethicalRisks: [
        {
          risk: 'Stigmatisation of neighbourhoods',
          mitigation: 'scores only for the own municipality, never published per area, caveat on every page',
        },
        {
          risk: 'Feedback loop: flags → more enforcement → more discovered crime → more flags',
          mitigation:
            'label provenance shown, persistence and feedback simulation reported, reported-crime model as a check',
        },
        {
          risk: 'Indirect discrimination through proxies of origin or income',
          mitigation:
            'fairness audit with confidence intervals and a proxy check per version; approval by the ethics board',
        },
        {
          risk: 'Re-identification through small areas',
          mitigation: 'minimum population, small-count suppression, secondary suppression',
        },
      ],
    },
    algoritmeregister: {
      name: a.name,
      organisation: g.organisation ?? null,
      goal: g.purpose ?? null,
      proportionality: g.proportionality ?? null,
      humanIntervention: g.humanIntervention ?? null,
      risks: [
        'stigmatisation of areas',
        'feedback loops through enforcement-driven labels',
        'indirect discrimination through proxies',
      ],
      legalBasis: g.legalBasis ?? null,
      impactAssessments: [
        { type: 'DPIA', reference: g.dpiaReference ?? null },
        { type: 'IAMA', reference: g.iamaReference ?? null },
      ],
      sourceData: a.data.synthetic
        ? ['synthetic demo world (zicht demo-world)']
        : [
            'CBS Kerncijfers wijken en buurten',
            'Politie geregistreerde misdrijven (47018NED)',
            'CBS wijk- en buurtkaart',
          ],
      methodsAndModels: `${a.kind} (interpretable: exact per-area contributions), grouped cross-validation by gemeente, ${String((a.calibration as { kind?: string; method?: string } | null)?.kind ?? (a.calibration as { method?: string } | null)?.method ?? 'no')} calibration`,
    },
    aiAct: {
      accuracy: `cross-validated (by gemeente) ${Object.entries(cv)
        .map(([k, v]) => `${k} ${fmt(v.estimate)} [${fmt(v.lo)}–${fmt(v.hi)}]`)
        .join(', ')}`,
      humanOversight: g.humanIntervention ?? 'to be completed',
      logging:
        'every response carrying a score or explanation is recorded in a hash-chained audit log (token, role, areas, model version, purpose, time, response hash); retention at least six months',
      instructionsForUse: [
        'Use only for your own municipality.',
        'Read the reasons and the caveat; combine with local knowledge.',
        'Never act against residents on the basis of a score.',
        'Report unexpected patterns to the ethics board.',
      ],
    },
    successCriteria: {
      reviewDate: g.reviewDate ?? null,
      criteria,
      allMet: criteria.length ? criteria.every((c) => c.met === true) : null,
    },
    map: [...inp.map],
    completeness: { missing, complete: missing.length === 0 },
  };
  return cardSchema.parse(card);
}

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : x.toFixed(3);
}
