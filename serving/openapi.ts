import { z } from 'zod';
import { BANDS } from './scores.ts';

/** Request schemas: every parameter and body is parsed with these at the boundary. */
export const schemas = {
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

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const err = {
  description: 'error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { code: { type: 'string' }, message: { type: 'string' } },
        required: ['code', 'message'],
      },
    },
  },
};
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const path = (name: string, schema: z.ZodType) => ({ name, in: 'path', required: true, schema: json(schema) });
const query = (schema: z.ZodObject) =>
  Object.entries(schema.shape).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    schema: json(s as z.ZodType),
  }));
const model = [path('name', schemas.modelRef.shape.name), path('version', z.number().int())];

/** The OpenAPI 3.1 description of /v1, derived from the same zod schemas the handlers use. */
export function openApiDocument(): object {
  const secured = { security: [{ bearer: [] }] };
  const responses = (d: string) => ({ 200: ok(d), 400: err, 401: err, 403: err, 404: err, 429: err });
  return {
    openapi: '3.1.0',
    info: {
      title: 'zicht API',
      version: '1',
      description:
        'Area-level risk scores with explanations. Never about individuals. Every response carrying a score is audited.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/v1/areas': {
        get: {
          ...secured,
          summary: 'List areas (scoped tokens see their municipality only)',
          parameters: query(schemas.areasQuery),
          responses: responses('areas'),
        },
      },
      '/v1/areas/{code}': {
        get: {
          ...secured,
          summary: 'Score, band, rank, uncertainty, explanation and reasons of one area',
          parameters: [path('code', schemas.areaCode)],
          responses: responses('area'),
        },
      },
      '/v1/areas/{code}/what-if': {
        post: {
          ...secured,
          summary: 'Changed indicator values → new score and contributions',
          parameters: [path('code', schemas.areaCode)],
          requestBody: { content: { 'application/json': { schema: json(schemas.whatIf) } } },
          responses: responses('what-if'),
        },
      },
      '/v1/models': { get: { ...secured, summary: 'Model versions with status', responses: responses('models') } },
      '/v1/models/{name}/{version}': { get: { ...secured, parameters: model, responses: responses('model') } },
      '/v1/models/{name}/{version}/card': {
        get: {
          ...secured,
          summary: 'Model card as JSON, Markdown (Accept: text/markdown) or HTML (Accept: text/html)',
          parameters: model,
          responses: responses('card'),
        },
      },
      '/v1/models/{name}/{version}/reviews': {
        post: {
          ...secured,
          summary: 'Ethics board review',
          parameters: model,
          requestBody: { content: { 'application/json': { schema: json(schemas.review) } } },
          responses: { ...responses('review'), 409: err },
        },
      },
      '/v1/models/{name}/{version}/promote': {
        post: {
          ...secured,
          summary: 'Promote an approved version with a complete card to production (administrator)',
          parameters: model,
          responses: { ...responses('promoted'), 409: err },
        },
      },
      '/v1/training-runs': {
        post: {
          ...secured,
          summary: 'Start a training run from a stored config (data scientist)',
          requestBody: { content: { 'application/json': { schema: json(schemas.trainingRun) } } },
          responses: { 202: ok('run'), 400: err, 401: err, 403: err },
        },
        get: { ...secured, responses: responses('runs') },
      },
      '/v1/training-runs/{id}': {
        get: { ...secured, parameters: [path('id', schemas.runId)], responses: responses('run') },
      },
      '/v1/audit': {
        get: {
          ...secured,
          summary: 'Audit log with chain verification (administrator, ethics board)',
          parameters: query(schemas.auditQuery),
          responses: responses('audit'),
        },
      },
      '/healthz': { get: { responses: { 200: ok('alive') } } },
      '/readyz': { get: { responses: { 200: ok('ready'), 503: err } } },
      '/metrics': { get: { responses: { 200: { description: 'Prometheus text format' } } } },
    },
  };
}
