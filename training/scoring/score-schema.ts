import { z } from 'zod';

/** Risk bands shown to users, highest first. */
export const BANDS = ['hoog', 'verhoogd', 'gemiddeld', 'laag'] as const;
export type Band = (typeof BANDS)[number];

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
  probability: z.number().nullable(),
  band: z.enum(BANDS).nullable(),
  uncertainty: z.object({ lo: z.number(), hi: z.number(), method: z.string() }).nullable(),
  rankInGemeente: z.number().int().nullable(),
  nInGemeente: z.number().int().nullable(),
  percentileInGemeente: z.number().nullable(),
  rankNational: z.number().int().nullable(),
  percentileNational: z.number().nullable(),
  baseValue: z.number().nullable(),
  contributions: z.array(contribution),
  previous: z.object({ period: z.string(), probability: z.number() }).nullable(),
});

/** Every area's score and explanation for one model version and period, precomputed at registration. */
export const scoreSetSchema = z.object({
  format: z.literal('zicht-scores'),
  version: z.literal(1),
  model: z.object({ name: z.string(), version: z.number().int() }),
  synthetic: z.boolean(),
  period: z.string(),
  vintage: z.number().int(),
  minPopulation: z.number(),
  link: z.enum(['identity', 'logit', 'log']),
  features: z.array(
    z.object({
      name: z.string(),
      descriptionNl: z.string(),
      descriptionEn: z.string(),
      unit: z.string(),
      protected: z.boolean(),
    }),
  ),
  protectedAreInputs: z.boolean(),
  references: z.object({
    national: z.record(z.string(), z.number()),
    municipal: z.record(z.string(), z.record(z.string(), z.number())),
  }),
  bands: z.object({ hoog: z.number(), verhoogd: z.number(), gemiddeld: z.number() }),
  areas: z.array(areaScore),
});

export type ScoreSet = z.infer<typeof scoreSetSchema>;
export type AreaScore = z.infer<typeof areaScore>;
export type AreaContribution = z.infer<typeof contribution>;
