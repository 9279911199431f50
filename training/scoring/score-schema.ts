import { z } from 'zod';

/** Risk bands shown to users, highest first. */
export const BANDS = ['hoog', 'verhoogd', 'gemiddeld', 'laag'] as const;

const contribution = z.object({ feature: z.string(), value: z.number().nullable(), contribution: z.number() });

const areaScore = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['gemeente', 'wijk', 'buurt']),
  gemeente: z.string(),
  population: z.number().nullable(),
  /** Under the disclosure threshold: nothing below is filled and nothing is shown. */
  suppressed: z.boolean(),
  margin: z.number().nullable(),
  /** In the set's unit: a probability, or expected registrations per 1,000 inhabitants. */
  score: z.number().nullable(),
  band: z.enum(BANDS).nullable(),
  /** Around the score, in its unit, made as the set's `intervalMethod` says; contains the score. */
  interval: z.object({ lo: z.number(), hi: z.number() }).nullable(),
  rankInGemeente: z.number().int().nullable(),
  nInGemeente: z.number().int().nullable(),
  percentileInGemeente: z.number().nullable(),
  /** Count targets: the area's expected rate over its gemeente's (population-weighted) expected rate. */
  rateRatioToGemeente: z.number().nullable(),
  /** Only when the version's domain is national; a one-city model has no national rank. */
  rankNational: z.number().int().nullable(),
  percentileNational: z.number().nullable(),
  baseValue: z.number().nullable(),
  contributions: z.array(contribution),
  /** This version's score on the indicators of earlier years, oldest first (the trend). */
  history: z.array(z.object({ period: z.string(), score: z.number() })),
});

export const scoreUnitSchema = z.object({
  kind: z.enum(['probability', 'rate-per-1000']),
  nl: z.string(),
  en: z.string(),
});

/** Every in-domain area's score and explanation for one model version and period, precomputed at registration. */
export const scoreSetSchema = z.object({
  format: z.literal('zicht-scores'),
  version: z.literal(2),
  model: z.object({ name: z.string(), version: z.number().int() }),
  synthetic: z.boolean(),
  period: z.string(),
  vintage: z.number().int(),
  minPopulation: z.number(),
  link: z.enum(['identity', 'logit', 'log']),
  target: z.enum(['binary-top', 'count']),
  crimeCode: z.string(),
  topShare: z.number().nullable(),
  unit: scoreUnitSchema,
  /** What the score means, in one sentence per language. */
  meaning: z.object({ nl: z.string(), en: z.string() }),
  intervalMethod: z.object({ nl: z.string(), en: z.string() }),
  /** The level and municipalities the version was trained on: it scores nothing outside them. */
  domain: z.object({ level: z.string(), municipalities: z.array(z.string()), national: z.boolean() }),
  /** The verdict of the version against its baselines, shown beside every score. */
  verdict: z.object({
    status: z.enum(['beats-baselines', 'no-better-than-baseline', 'insufficient-evidence']),
    /** Why, in both languages. */
    reasons: z.array(z.object({ nl: z.string(), en: z.string() })),
  }),
  features: z.array(
    z.object({
      name: z.string(),
      descriptionNl: z.string(),
      descriptionEn: z.string(),
      unit: z.string(),
      protected: z.boolean(),
      /** A what-if may change it: an indicator policy can change (demographics are locked). */
      mutable: z.boolean(),
      /** The range observed in the training data: what-if values must stay inside it. */
      range: z.object({ min: z.number(), max: z.number() }).nullable(),
    }),
  ),
  protectedAreInputs: z.boolean(),
  references: z.object({
    national: z.record(z.string(), z.number()),
    municipal: z.record(z.string(), z.record(z.string(), z.number())),
  }),
  /** Thresholds on the score; `reference` is the average they are multiples of. */
  bands: z.object({ hoog: z.number(), verhoogd: z.number(), gemiddeld: z.number(), reference: z.number() }),
  /**
   * Disclosure control over what the set publishes: areas suppressed (too few inhabitants), shown
   * areas whose indicator values are withheld so that no suppressed area's values follow from the
   * parents' public totals (secondary suppression), and how many stay recoverable (must be 0).
   */
  disclosure: z.object({
    suppressedAreas: z.number().int(),
    valuesWithheld: z.number().int(),
    recoverable: z.number().int(),
  }),
  areas: z.array(areaScore),
});

export type ScoreSet = z.infer<typeof scoreSetSchema>;
export type AreaScore = z.infer<typeof areaScore>;
export type AreaContribution = z.infer<typeof contribution>;

/**
 * An area as every score set shows a suppressed one (too few inhabitants): its code, name, level
 * and gemeente, and nothing else — no population, score, band, rank or explanation.
 */
export function suppressedArea(a: Pick<AreaScore, 'code' | 'name' | 'level' | 'gemeente'>): AreaScore {
  return {
    code: a.code,
    name: a.name,
    level: a.level,
    gemeente: a.gemeente,
    population: null,
    suppressed: true,
    margin: null,
    score: null,
    band: null,
    interval: null,
    rankInGemeente: null,
    nInGemeente: null,
    percentileInGemeente: null,
    rateRatioToGemeente: null,
    rankNational: null,
    percentileNational: null,
    baseValue: null,
    contributions: [],
    history: [],
  };
}
