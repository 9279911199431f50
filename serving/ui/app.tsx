/**
 * `createUi(deps)`: the web UI as a Hono sub-app, mounted at `/` beside the API.
 * Pages are rendered on the server with hono/jsx; there is no client script.
 */
import { join } from 'node:path';
import { repoRoot } from '../../core/index.ts';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { RateLimiter } from '../rate-limit.ts';
import type { Lang, UiDeps } from './deps.ts';
import { IdempotencyStore } from './idempotency.ts';
import { type Ctx, type Env, SECURITY_HEADERS, makeKit } from './kit.tsx';
import { areaRoutes } from './routes/areas.tsx';
import { modelRoutes } from './routes/models.tsx';
import { startRoutes } from './routes/start.tsx';
import { trainingRoutes } from './routes/training.tsx';
import { SESSION_COOKIE, SessionStore, isHttps, type Flash, type Sessions } from './session.ts';
import { staticAssets } from './static.ts';

export interface UiOptions {
  /** The session store (default: in memory); pass one to share or inspect it. */
  readonly sessions?: Sessions;
  /** Where the guides (`<name>.<lang>.md`) live. Default: docs/guides in the repository. */
  readonly guidesDir?: string;
  /** Page views per client: burst and refill per second. */
  readonly pageRate?: { readonly capacity: number; readonly perSecond: number };
  /** Login attempts per client: burst and refill per second. */
  readonly loginRate?: { readonly capacity: number; readonly perSecond: number };
}

const LANG_COOKIE = 'zicht_lang';
/** Paths that belong to the API beside the UI: the UI's middleware and its 404 page leave them alone. */
const API_PATH = /^\/(v1|docs|healthz|readyz|metrics)(\/|$)/;

/** Build the UI sub-app. */
export function createUi(deps: UiDeps, options: UiOptions = {}): Hono<Env> {
  const sessions = options.sessions ?? new SessionStore();
  // per client: page views, and (far fewer) login attempts
  const pages = new RateLimiter(options.pageRate?.capacity ?? 240, options.pageRate?.perSecond ?? 20);
  const logins = new RateLimiter(options.loginRate?.capacity ?? 10, options.loginRate?.perSecond ?? 0.2);
  const clientKey = (c: Ctx): string => {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
  const tooMany = (c: Ctx, wait: number): Response =>
    c.text(
      c.get('lang') === 'en' ? 'Too many requests; try again shortly.' : 'Te veel verzoeken; probeer het zo opnieuw.',
      429,
      { ...SECURITY_HEADERS, 'Retry-After': String(wait) },
    );
  const assets = staticAssets();
  const kit = makeKit(deps, sessions, assets, new IdempotencyStore<Flash>());
  const app = new Hono<Env>();

  // fingerprinted, precompressed, cached for a year; no session needed
  app.get('/static/:file', (c) => assets.respond(c.req.path, c.req.header('accept-encoding')) ?? c.notFound());

  const compressed = compress();
  const limited = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Payload too large', 413) });
  app.use('*', async (c, next) => {
    if (API_PATH.test(c.req.path) || c.req.path.startsWith('/static/')) return next();
    const q = c.req.query('lang');
    let lang: Lang = getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'nl';
    if (q === 'en' || q === 'nl') {
      lang = q;
      setCookie(c, LANG_COOKIE, q, {
        path: '/',
        sameSite: 'Strict',
        httpOnly: true,
        secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')),
        maxAge: 365 * 86400,
      });
    }
    c.set('lang', lang);
    const wait = pages.take(clientKey(c));
    if (wait > 0) return tooMany(c, wait);
    let s = sessions.get(getCookie(c, SESSION_COOKIE));
    // a revoked token's sessions end at once, whatever their age
    if (s?.principal && !(await deps.isActive(s.principal.tokenId))) {
      sessions.endForToken(s.principal.tokenId);
      s = undefined;
    }
    c.set('session', s);
    const gm = s?.principal?.municipality ?? null;
    c.set('municipalityName', gm ? await deps.municipalityName(gm) : null);
    return limited(c, async () => {
      await compressed(c, next);
    });
  });

  startRoutes(app, kit, {
    guidesDir: options.guidesDir ?? join(repoRoot, 'docs', 'guides'),
    logins,
    clientKey,
    tooMany,
  });
  areaRoutes(app, kit);
  modelRoutes(app, kit);
  trainingRoutes(app, kit);

  // any other page of the UI: the styled not-found page (the API keeps its own answers)
  app.all('*', async (c, next) => (API_PATH.test(c.req.path) ? next() : kit.notFound(c)));

  app.onError(async (err, c) => {
    console.error(err);
    return kit.message(c, 500, 'error');
  });

  return app;
}
