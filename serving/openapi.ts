import { createRoute, z } from '@hono/zod-openapi';
import { BANDS } from './scores.ts';

/** Request schemas: every parameter and body is parsed with these at the boundary. */
const schemas = {
  areaCode: z.string().regex(/^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$/, 'a CBS area code such as WK026808'),
  areasQuery: z
    .object({
      municipality: z
        .string()
        .regex(/^GM\d{4}$/, 'a gemeente code such as GM0268')
        .optional(),
      level: z.enum(['gemeente', 'wijk', 'buurt']).optional(),
      band: z.enum(BANDS).optional(),
      sort: z.enum(['score', 'name', 'code']).default('score'),
      order: z.enum(['asc', 'desc']).default('desc'),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(500).default(50),
    })
    .strict(),
  whatIf: z
    .object({
      changes: z
        .record(z.string(), z.number().finite())
        .refine((o) => Object.keys(o).length > 0 && Object.keys(o).length <= 50, 'give 1 to 50 changed indicators'),
    })
    .strict(),
  modelRef: z.object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a model name'),
    version: z.coerce.number().int().positive(),
  }),
  review: z
    .object({
      decision: z.enum(['approve', 'reject', 'request-changes']),
      rationale: z.string().trim().min(10, 'a rationale of at least 10 characters is required').max(5000),
    })
    .strict(),
  trainingRun: z
    .object({ config: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'the name of a stored training config') })
    .strict(),
  runId: z.string().regex(/^run_[0-9a-f]{12}$/, 'a training run id'),
  auditQuery: z
    .object({ limit: z.coerce.number().int().min(1).max(1000).default(100), since: z.string().datetime().optional() })
    .strict(),
};

const errorBody = z.object({ code: z.string(), message: z.string() }).openapi('Error');
const err = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });
const errors = {
  400: { description: 'invalid parameters or body: {code, message}' },
  401: { description: 'no valid bearer token: {code, message}' },
  403: { description: 'the role may not: {code, message}' },
  404: { description: 'unknown, out of scope or suppressed (the same answer): {code, message}' },
  429: { description: 'too many requests; Retry-After says when to come back' },
} as const;
const secured = [{ bearer: [] }];
const code = z.object({ code: schemas.areaCode });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

/**
 * The routes of /v1 with their request schemas. The handlers validate with these very schemas
 * (through @hono/zod-openapi) and the OpenAPI document at /v1/openapi.json is generated from
 * them, so the description cannot drift from the code.
 */
export const routes = {
  areas: createRoute({
    method: 'get',
    path: '/v1/areas',
    summary: 'Areas with score, band and rank (a scoped token sees its own municipality only)',
    security: secured,
    request: { query: schemas.areasQuery },
    responses: { 200: { description: 'areas of the served version, with its unit and verdict' }, ...errors },
  }),
  area: createRoute({
    method: 'get',
    path: '/v1/areas/{code}',
    summary: 'Score with its meaning and unit, verdict, band, rank, interval, explanation and reasons of one area',
    security: secured,
    request: { params: code },
    responses: {
      200: { description: 'the area' },
      422: { description: "the area lies outside the version's domain (OUT_OF_DOMAIN)" },
      ...errors,
    },
  }),
  whatIf: createRoute({
    method: 'post',
    path: '/v1/areas/{code}/what-if',
    summary: 'Changed mutable indicators (at most 3, within the training range) → new score and contributions',
    security: secured,
    request: { params: code, body: json(schemas.whatIf) },
    responses: { 200: { description: 'before and after' }, ...errors },
  }),
  models: createRoute({
    method: 'get',
    path: '/v1/models',
    summary: 'Model versions with status and verdict',
    security: secured,
    responses: { 200: { description: 'versions' }, ...errors },
  }),
  model: createRoute({
    method: 'get',
    path: '/v1/models/{name}/{version}',
    security: secured,
    request: { params: schemas.modelRef },
    responses: { 200: { description: 'one version' }, ...errors },
  }),
  card: createRoute({
    method: 'get',
    path: '/v1/models/{name}/{version}/card',
    summary: "Model card as JSON, Markdown (Accept: text/markdown) or HTML (Accept: text/html), for the reader's scope",
    security: secured,
    request: { params: schemas.modelRef },
    responses: { 200: { description: 'the card' }, ...errors },
  }),
  review: createRoute({
    method: 'post',
    path: '/v1/models/{name}/{version}/reviews',
    summary: 'Ethics board review',
    security: secured,
    request: { params: schemas.modelRef, body: json(schemas.review) },
    responses: { 201: { description: 'recorded' }, 409: err('refused by the gate'), ...errors },
  }),
  promote: createRoute({
    method: 'post',
    path: '/v1/models/{name}/{version}/promote',
    summary: 'Promote an approved version that passes the gate to production (administrator)',
    security: secured,
    request: { params: schemas.modelRef },
    responses: { 200: { description: 'promoted' }, 409: err('refused by the gate'), ...errors },
  }),
  startRun: createRoute({
    method: 'post',
    path: '/v1/training-runs',
    summary:
      'Queue a training run from a stored config (data scientist); a config already queued or running is that run',
    security: secured,
    request: { body: json(schemas.trainingRun) },
    responses: { 202: { description: 'the run' }, ...errors },
  }),
  runs: createRoute({
    method: 'get',
    path: '/v1/training-runs',
    security: secured,
    responses: { 200: { description: 'runs and stored configs' }, ...errors },
  }),
  run: createRoute({
    method: 'get',
    path: '/v1/training-runs/{id}',
    security: secured,
    request: { params: z.object({ id: schemas.runId }) },
    responses: { 200: { description: 'the run' }, ...errors },
  }),
  audit: createRoute({
    method: 'get',
    path: '/v1/audit',
    summary: 'Audit log with chain verification (administrator, ethics board)',
    security: secured,
    request: { query: schemas.auditQuery },
    responses: { 200: { description: 'entries and the verification' }, ...errors },
  }),
  health: createRoute({ method: 'get', path: '/healthz', responses: { 200: { description: 'alive' } } }),
  ready: createRoute({
    method: 'get',
    path: '/readyz',
    responses: { 200: { description: 'the version served' }, 503: err('none served, and why') },
  }),
  metrics: createRoute({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus text format (administrator)',
    security: secured,
    responses: { 200: { description: 'metrics' }, 401: errors[401], 403: errors[403] },
  }),
};

/** What the generated document says about the API as a whole. */
export const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'zicht API',
    version: '1',
    description:
      'Area-level risk scores with explanations. Never about individuals. Every response carrying a score, an explanation or a model card is audited.',
  },
} as const;
