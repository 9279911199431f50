import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { swaggerUI } from '@hono/swagger-ui';
import { ZichtError, isZichtError, sha256, type OperationalDb } from '../core/index.ts';
import type { AuditLog } from './audit/audit-log.ts';
import { allowed, type Permission } from './auth/permissions.ts';
import type { TokenStore, Principal } from './auth/tokens.ts';
import { apiSecurityHeaders, jsonAnswer, prepareAnswer, type PreparedAnswer } from './api-headers.ts';
import { HTTP_STATUS } from './errors.ts';
import { Metrics } from './metrics.ts';
import { openApiInfo, routes } from './openapi.ts';
import type { ModelsPort, TrainingPort } from './ports.ts';
import { RateLimiter } from './rate-limit.ts';
import { RefusalLog } from './audit/refusals.ts';
import { describeArea, verdictIn } from './area-view.ts';
import { langFromAcceptLanguage } from './reasons/index.ts';
import { cardScopeOf, visibleArea, visibleAreasOf } from './scope.ts';
import { checkWhatIf } from './what-if.ts';
import type { ActiveModel, ServingModel } from './scores.ts';

export interface AppOptions {
  /** Requests per token: burst capacity and refill per second. */
  readonly rateLimit?: { readonly capacity: number; readonly perSecond: number };
  readonly maxBodyBytes?: number;
  /** Allowed CORS origins; CORS is off when absent. */
  readonly corsOrigins?: readonly string[];
}

export interface AppDeps {
  readonly db: OperationalDb;
  readonly tokens: TokenStore;
  readonly audit: AuditLog;
  readonly active: ActiveModel;
  readonly models: ModelsPort;
  readonly training: TrainingPort;
  /** Reload the served model after a promotion (hot swap). */
  readonly reload: () => void;
  /** Where refused requests are counted (default: one on the audit log). */
  readonly refusals?: RefusalLog;
  /** Why no model is served, when the production version could not be loaded (readiness says so). */
  readonly notReady?: () => ZichtError | null;
  readonly options?: AppOptions;
}

type Env = { Variables: { principal: Principal } };

/**
 * The zicht HTTP API. Build it with its dependencies; test it with
 * `app.request()`. Every response that carries a score or explanation is
 * recorded in the audit log before it is sent.
 */
export function createApp(deps: AppDeps): OpenAPIHono<Env> {
  const opts = deps.options ?? {};
  const limiter = new RateLimiter(opts.rateLimit?.capacity ?? 120, opts.rateLimit?.perSecond ?? 60);
  const refusals = deps.refusals ?? new RefusalLog(deps.audit);
  const metrics = new Metrics();
  const detailCache = new WeakMap<ServingModel, Map<string, { hash: string; answer: PreparedAnswer }>>();
  // request parameters and bodies are validated by the route schemas; a failure is a VALIDATION error
  const app = new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (result.success) return;
      const issue = result.error.issues[0]!;
      const where = result.target === 'param' ? 'path' : result.target === 'json' ? 'body' : result.target;
      throw new ZichtError(
        'VALIDATION',
        `${where}${issue.path.length ? ` field '${issue.path.join('.')}'` : ''}: ${issue.message}`,
        { field: issue.path.join('.') },
      );
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  app.onError((e, c) => {
    const err = isZichtError(e)
      ? e
      : e instanceof HTTPException && e.status === 400
        ? new ZichtError('VALIDATION', 'body is not valid JSON')
        : new ZichtError('INTERNAL', 'internal error');
    if (!isZichtError(e) && !(e instanceof HTTPException)) console.error(e);
    const status = HTTP_STATUS[err.code];
    if (c.req.path.startsWith('/v1/') || c.req.path === '/metrics') {
      const p = c.get('principal') as Principal | undefined;
      refusals.note({
        tokenId: p?.tokenId ?? 'anonymous',
        role: p?.role ?? 'none',
        route: `${c.req.method} ${c.req.routePath === '/v1/*' || c.req.routePath === '*' ? c.req.path.slice(0, 100) : c.req.routePath}`,
        status,
      });
    }
    const retry =
      typeof err.details['retryAfter'] === 'number' ? { 'retry-after': String(err.details['retryAfter']) } : undefined;
    return c.json({ code: err.code, message: err.message }, status as 400, retry);
  });
  app.notFound((c) => c.json({ code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.use('*', async (c, next) => {
    const t = performance.now();
    await next();
    metrics.observe(c.req.routePath ?? c.req.path, c.res.status, (performance.now() - t) / 1000);
  });
  // the API's own paths only: the web UI mounted beside it sets its own, stricter headers
  for (const path of ['/v1/*', '/docs', '/healthz', '/readyz', '/metrics']) app.use(path, apiSecurityHeaders);
  if (opts.corsOrigins?.length) app.use('/v1/*', cors({ origin: [...opts.corsOrigins] }));
  const limitBody = bodyLimit({
    maxSize: opts.maxBodyBytes ?? 64 * 1024,
    onError: () => {
      throw new ZichtError('PAYLOAD_TOO_LARGE', `request body larger than ${opts.maxBodyBytes ?? 64 * 1024} bytes`);
    },
  });
  // only requests that carry a body: the check builds the whole fetch Request, which a GET
  // otherwise never needs (about half the time of an audited area read over HTTP)
  app.use('/v1/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  /** The principal of the bearer token, rate-limited per token; sets it on the context. */
  function authenticate(c: Context<Env>): Principal {
    const h = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    const p = m ? deps.tokens.verify(m[1]!) : null;
    if (!p)
      throw new ZichtError(
        'UNAUTHORIZED',
        m ? 'the token is unknown or revoked' : 'missing bearer token: send Authorization: Bearer <token>',
      );
    c.set('principal', p);
    const wait = limiter.take(p.tokenId);
    if (wait > 0)
      throw new ZichtError('RATE_LIMITED', `too many requests for this token; try again in ${wait} s`, {
        retryAfter: wait,
      });
    return p;
  }
  function need(c: Context<Env>, perm: Permission, principal?: Principal): Principal {
    const p = principal ?? c.get('principal');
    if (!allowed(p.role, perm)) throw new ZichtError('FORBIDDEN', `role ${p.role} may not ${perm.replace(':', ' ')}`);
    return p;
  }

  app.openapi(routes.health, (c) => c.json({ ok: true }));
  app.openapi(routes.ready, (c) => {
    const m = deps.active.current();
    const why = deps.notReady?.() ?? null;
    return m
      ? c.json({ ready: true, model: { name: m.name, version: m.version } })
      : c.json(
          why
            ? { ready: false, code: why.code, message: why.message }
            : { ready: false, code: 'NOT_READY', message: 'no production model is loaded' },
          503,
        );
  });
  app.openapi(routes.metrics, (c) => {
    need(c, 'metrics:read', authenticate(c));
    const m = deps.active.current();
    return c.text(
      metrics.render({ zicht_audit_entries: deps.audit.count(), zicht_active_model_version: m?.version ?? 0 }),
      200,
      { 'content-type': 'text/plain; version=0.0.4' },
    );
  });
  app.doc31('/v1/openapi.json', openApiInfo);
  app.get('/docs', swaggerUI({ url: '/v1/openapi.json' }));

  // authentication and rate limiting for everything else under /v1
  app.use('/v1/*', async (c, next) => {
    if (c.req.path === '/v1/openapi.json') return next();
    authenticate(c);
    await next();
  });
  const active = (): ServingModel => {
    const m = deps.active.current();
    if (!m)
      throw new ZichtError('NOT_READY', 'no production model is serving yet; an approved version must be promoted');
    return m;
  };
  const fresh = (text: string) => ({ hash: sha256(text), answer: text });
  /** Send JSON after recording it in the audit log (committed first). */
  const audited = async (
    c: Context<Env>,
    p: Principal,
    m: ServingModel,
    areas: string[],
    body: unknown,
    pre?: { hash: string; answer: PreparedAnswer },
    detail?: string,
  ) => {
    const out = pre ?? fresh(JSON.stringify(body));
    await deps.audit.recordCommitted({
      tokenId: p.tokenId,
      role: p.role,
      route: `${c.req.method} ${c.req.routePath}`,
      areas,
      model: `${m.name}@${m.version}`,
      purpose: c.req.header('x-purpose')?.slice(0, 200) ?? null,
      responseHash: out.hash,
      detail: detail ?? null,
    });
    return jsonAnswer(out.answer);
  };

  app.openapi(routes.areas, (c) => {
    const p = need(c, 'areas:read');
    const m = active();
    const q = c.req.valid('query');
    // a scoped principal's list is their own municipality; asking for another is refused (visibleAreasOf)
    const gm = q.municipality ?? p.municipality;
    const pool = gm ? visibleAreasOf(p, m, gm) : m.scores.areas;
    let list = pool.filter((a) => !a.suppressed && (!q.level || a.level === q.level) && (!q.band || a.band === q.band));
    const dir = q.order === 'asc' ? 1 : -1;
    list = [...list].sort((a, b) =>
      q.sort === 'name'
        ? a.name.localeCompare(b.name) * dir
        : q.sort === 'code'
          ? a.code.localeCompare(b.code) * dir
          : ((a.score ?? 0) - (b.score ?? 0)) * dir,
    );
    const start = (q.page - 1) * q.pageSize;
    const items = list.slice(start, start + q.pageSize).map((a) => ({
      code: a.code,
      name: a.name,
      level: a.level,
      gemeente: a.gemeente,
      population: a.population,
      score: a.score,
      band: a.band,
      interval: a.interval,
      rankInGemeente: a.rankInGemeente,
      nInGemeente: a.nInGemeente,
      rankNational: a.rankNational,
    }));
    return audited(
      c,
      p,
      m,
      items.map((i) => i.code),
      {
        items,
        page: q.page,
        pageSize: q.pageSize,
        total: list.length,
        unit: m.scores.unit,
        verdict: verdictIn(m, langFromAcceptLanguage(c.req.header('accept-language'))),
        model: { name: m.name, version: m.version },
        period: m.scores.period,
        synthetic: m.scores.synthetic,
      },
    );
  });

  app.openapi(routes.area, (c) => {
    const p = need(c, 'areas:read');
    const m = active();
    const { code } = c.req.valid('param');
    const a = visibleArea(p, m, code);
    const lang = langFromAcceptLanguage(c.req.header('accept-language'));
    // an area's answer depends only on the model version and the language: render it once per version
    let perModel = detailCache.get(m);
    if (!perModel) {
      perModel = new Map();
      detailCache.set(m, perModel);
    }
    let pre = perModel.get(`${lang}|${a.code}`);
    if (!pre) {
      const text = JSON.stringify(describeArea(m, a, lang));
      pre = { hash: sha256(text), answer: prepareAnswer(text) };
      perModel.set(`${lang}|${a.code}`, pre);
    }
    return audited(c, p, m, [a.code], null, pre);
  });

  app.openapi(routes.whatIf, async (c) => {
    const p = need(c, 'areas:what-if');
    const m = active();
    const a = visibleArea(p, m, c.req.valid('param').code);
    const body = c.req.valid('json');
    checkWhatIf(m, body.changes);
    const r = m.whatIf(a.code, body.changes);
    return audited(
      c,
      p,
      m,
      [a.code],
      {
        code: a.code,
        changes: body.changes,
        before: { score: a.score, margin: a.margin },
        unit: m.scores.unit,
        verdict: verdictIn(m, langFromAcceptLanguage(c.req.header('accept-language'))),
        after: r,
        model: { name: m.name, version: m.version },
        synthetic: m.scores.synthetic,
      },
      undefined,
      JSON.stringify({ changes: body.changes }),
    );
  });

  app.openapi(routes.models, (c) => {
    need(c, 'models:read');
    return c.json({ items: deps.models.list() });
  });
  app.openapi(routes.model, (c) => {
    need(c, 'models:read');
    const r = c.req.valid('param');
    return c.json(deps.models.get(r.name, r.version));
  });
  app.openapi(routes.card, async (c) => {
    const p = need(c, 'models:read');
    const r = c.req.valid('param');
    const accept = c.req.header('accept') ?? 'application/json';
    const lang = langFromAcceptLanguage(c.req.header('accept-language'));
    const format = accept.includes('text/html') ? 'html' : accept.includes('text/markdown') ? 'md' : 'json';
    // the card is rendered for the reader's scope: a scoped role sees its own municipality's areas only
    const card = await deps.models.card(r.name, r.version, format, lang, cardScopeOf(p));
    const text = format === 'json' ? JSON.stringify(card.body) : String(card.body);
    await deps.audit.recordCommitted({
      tokenId: p.tokenId,
      role: p.role,
      route: `${c.req.method} ${c.req.routePath}`,
      areas: card.areas,
      model: `${r.name}@${r.version}`,
      purpose: c.req.header('x-purpose')?.slice(0, 200) ?? null,
      responseHash: sha256(text),
    });
    const type = format === 'html' ? 'text/html' : format === 'md' ? 'text/markdown' : 'application/json';
    return c.body(text, 200, { 'content-type': `${type}; charset=utf-8` });
  });
  app.openapi(routes.review, async (c) => {
    const p = need(c, 'models:review');
    const r = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(deps.models.review(p, r.name, r.version, body.decision, body.rationale) as object, 201);
  });
  app.openapi(routes.promote, (c) => {
    const p = need(c, 'models:promote');
    const r = c.req.valid('param');
    const out = deps.models.promote(p, r.name, r.version);
    deps.reload();
    return c.json(out as object);
  });

  app.openapi(routes.startRun, async (c) => {
    const p = need(c, 'training:run');
    const body = c.req.valid('json');
    return c.json(deps.training.start(p, body.config), 202);
  });
  app.openapi(routes.runs, (c) => {
    need(c, 'training:read');
    return c.json({ items: deps.training.list(), configs: deps.training.configs() });
  });
  app.openapi(routes.run, (c) => {
    need(c, 'training:read');
    return c.json(deps.training.get(c.req.valid('param').id));
  });

  app.openapi(routes.audit, (c) => {
    need(c, 'audit:read');
    const q = c.req.valid('query');
    return c.json({
      items: deps.audit.list({ limit: q.limit, ...(q.since ? { since: q.since } : {}) }),
      verify: deps.audit.verify(),
    });
  });
  return app;
}
