import { z } from 'zod';
import { ZichtError } from '../../core/index.ts';

/** Name and version of the artifact format; bump the version on any incompatible change. */
export const ARTIFACT_FORMAT = 'zicht-model' as const;
export const ARTIFACT_FORMAT_VERSION = 2 as const;

const featureSchema = z
  .object({
    name: z.string().min(1),
    view: z.string().min(1),
    viewVersion: z.number().int().positive(),
    unit: z.string(),
    transform: z.string(),
    descriptionNl: z.string(),
    descriptionEn: z.string(),
    protected: z.boolean(),
  })
  .strict();

const labelSchema = z
  .object({
    crimeCode: z.string().min(1),
    horizon: z.number().int().positive(),
    target: z.enum(['binary-top', 'count']),
    topShare: z.number().positive().lt(1).optional(),
    lagFeature: z.boolean().optional(),
  })
  .strict();

/** The artifact: a trained model as plain, versioned JSON. */
const artifactSchema = z
  .object({
    format: z.literal(ARTIFACT_FORMAT),
    formatVersion: z.literal(ARTIFACT_FORMAT_VERSION),
    name: z.string().min(1),
    kind: z.enum(['gbm', 'forest', 'ebm', 'logistic']),
    createdAt: z.string().min(1),
    codeVersion: z.string().min(1),
    seed: z.number().int(),
    features: z.array(featureSchema).min(1),
    label: labelSchema,
    link: z.enum(['identity', 'logit', 'log']),
    params: z.record(z.string(), z.unknown()),
    /** Learner-specific JSON (flat tree arrays or score tables), validated by the learner's loader. */
    model: z.unknown(),
    /** Calibrator JSON (Platt or isotonic) mapping margin to probability, or null. */
    calibration: z.unknown().nullable(),
    /** The level and municipalities the version was trained on: it scores nothing outside them. */
    domain: z.object({ level: z.string(), municipalities: z.array(z.string()), national: z.boolean() }).strict(),
    data: z
      .object({
        hash: z.string().min(1),
        snapshotHashes: z.array(z.string()),
        synthetic: z.boolean(),
        level: z.enum(['gemeente', 'wijk', 'buurt']),
        vintage: z.number().int(),
        featurePeriods: z.array(z.string()),
        labelPeriods: z.array(z.string()),
        nRows: z.number().int().nonnegative(),
      })
      .strict(),
  })
  .strict();

export type Artifact = z.infer<typeof artifactSchema>;

/**
 * Parse artifact text, validating the envelope. A damaged or foreign file is a
 * `CORRUPT_ARTIFACT` error naming the first field at fault.
 */
export function parseArtifact(text: string, source = 'artifact'): Artifact {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ZichtError('CORRUPT_ARTIFACT', `${source} is not valid JSON: ${(e as Error).message}`, { file: source });
  }
  const r = artifactSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    throw new ZichtError('CORRUPT_ARTIFACT', `${source}: field '${field}': ${issue.message}`, { file: source, field });
  }
  return r.data;
}

/** Serialise an artifact; the text is what gets hashed and stored. */
export function serializeArtifact(a: Artifact): string {
  return JSON.stringify(artifactSchema.parse(a));
}
