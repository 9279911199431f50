import { z } from 'zod';
import { ZichtError } from '../../core/index.ts';
import { FEATURE_TAGS, type Expr, type FeatureView } from './types.ts';

const measureKey = z
  .string()
  .trim()
  .min(1, 'a measure key (StatLine title path, OData title path or long-CSV variable)');

/** The expression language of a feature, as JSON (`{"op": "ratio", "num": …, "den": …, "scale": 100}`). */
const exprSchema: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    z.object({ op: z.literal('measure'), key: measureKey }).strict(),
    z.object({ op: z.literal('ratio'), num: exprSchema, den: exprSchema, scale: z.number().positive() }).strict(),
    z.object({ op: z.literal('log1p'), of: exprSchema }).strict(),
    z.object({ op: z.literal('minus'), a: exprSchema, b: exprSchema }).strict(),
    z.object({ op: z.literal('sum'), of: z.array(exprSchema).min(1) }).strict(),
    z.object({ op: z.literal('const'), value: z.number() }).strict(),
  ]),
);

const featureSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and underscores, starting with a letter'),
    descriptionNl: z.string().trim().min(1),
    descriptionEn: z.string().trim().min(1),
    unit: z.string(),
    expr: exprSchema,
    context: z
      .object({ kind: z.enum(['diff-from-gemeente', 'neighbour-mean']) })
      .strict()
      .optional(),
    /** Disclosure rule: the value is suppressed for areas with fewer inhabitants. */
    minPopulation: z.number().int().min(0).default(100),
    tags: z.array(z.enum(FEATURE_TAGS)).default([]),
  })
  .strict();

/** A feature view file (`<name>@<version>.json`): validated before anything reads it. */
const featureViewSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, starting with a letter'),
    version: z.number().int().positive(),
    descriptionNl: z.string().trim().min(1),
    descriptionEn: z.string().trim().min(1),
    /** Measure key holding the number of inhabitants (the disclosure rule's population). */
    populationKey: measureKey,
    features: z.array(featureSchema).min(1),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.features.forEach((f, i) => {
      if (seen.has(f.name))
        ctx.addIssue({ code: 'custom', path: ['features', i, 'name'], message: `duplicate feature name '${f.name}'` });
      seen.add(f.name);
    });
  });

/**
 * Parse a feature view from JSON text. A malformed file is a `PARSE_ERROR` naming the
 * file and the first field at fault (`features.3.expr.op`).
 */
export function parseFeatureView(text: string, source: string): FeatureView {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ZichtError('PARSE_ERROR', `${source} is not valid JSON: ${(e as Error).message}`, { file: source });
  }
  const r = featureViewSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    throw new ZichtError(
      'PARSE_ERROR',
      `${source}: ${field === '(root)' ? '' : `field '${field}': `}${describeIssue(issue, json)}`,
      { file: source, field },
    );
  }
  return r.data;
}

/** A readable message for a zod issue; for a union of expressions, name the allowed operators. */
function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  if (issue.code === 'invalid_union') {
    const at = issue.path.reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined),
      json,
    );
    const op = at && typeof at === 'object' ? (at as Record<string, unknown>)['op'] : undefined;
    const ops = ['measure', 'ratio', 'log1p', 'minus', 'sum', 'const'];
    if (typeof op !== 'string' || !ops.includes(op))
      return `an expression needs 'op', one of ${ops.join(', ')}${op === undefined ? '' : ` (got ${JSON.stringify(op)})`}`;
    const inner = issue.errors.find((errs) => errs.every((e) => e.code !== 'invalid_value' || e.path[0] !== 'op'));
    const first = inner?.[0];
    if (first)
      return `'${op}' expression: ${first.path.length ? `field '${first.path.join('.')}': ` : ''}${first.message}`;
  }
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  return issue.message;
}
