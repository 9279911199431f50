/**
 * `createUi(deps)`: the web UI as a Hono sub-app, mounted at `/` beside the API.
 * Pages are rendered on the server with hono/jsx; there is no client script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { bodyLimit } from 'hono/body-limit';
import type { HtmlEscapedString } from 'hono/utils/html';
import { isZichtError } from '../../core/index.ts';
import type { Lang, Principal, UiDeps } from './deps.ts';
import { REVIEW_DECISIONS, type ReviewDecision } from './deps.ts';
import { translator } from './i18n.ts';
import { MessagePage, type View } from './layout.tsx';
import { can, type Capability } from './permissions.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { RateLimiter } from '../rate-limit.ts';
import { SESSION_COOKIE, SessionStore, csrfMatches, isHttps, sameOrigin, type Session } from './session.ts';
import { AreaPage, MapPage } from './pages/areas.tsx';
import { ComparePage, ModelPage, ModelsPage, type ReviewFormState } from './pages/models.tsx';
import { TrainingPage } from './pages/training.tsx';
import { GUIDES, GuidePage, HelpPage, HomePage, LoginPage, LogoutPage, type GuideName } from './pages/start.tsx';
import { renderMarkdown } from './markdown.ts';

export interface UiOptions {
  /** The session store; pass one to share or inspect it. */
  readonly sessions?: SessionStore;
  /** Where the guides (`<name>.<lang>.md`) live. Default: docs/guides in the repository. */
  readonly guidesDir?: string;
  /** Page views per client: burst and refill per second. */
  readonly pageRate?: { readonly capacity: number; readonly perSecond: number };
  /** Login attempts per client: burst and refill per second. */
  readonly loginRate?: { readonly capacity: number; readonly perSecond: number };
}

type Env = { Variables: { lang: Lang; session: Session | undefined } };

const LANG_COOKIE = 'zicht_lang';
const GEMEENTE_RE = /^GM\d{4}$/;
const AREA_RE = /^(GM\d{4}|WK\d{6}|BU\d{8})$/;
const MODEL_NAME_RE = /^[a-z][a-z0-9-]{0,62}$/;

function fromRepo(rel: string): string {
  return fileURLToPath(new URL(`../../${rel}`, import.meta.url));
}

function readStatic(rel: string): string {
  return readFileSync(fromRepo(`node_modules/${rel}`), 'utf8');
}

/** Parse `name@version`; undefined when malformed. */
function parseRef(s: string | undefined): { name: string; version: number } | undefined {
  const m = /^([a-z][a-z0-9-]{0,62})@(\d{1,9})$/.exec(s ?? '');
  return m ? { name: m[1]!, version: Number(m[2]) } : undefined;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/** Build the UI sub-app. */
export function createUi(deps: UiDeps, options: UiOptions = {}): Hono<Env> {
  const sessions = options.sessions ?? new SessionStore();
  // per client: page views, and (far fewer) login attempts
  const pages = new RateLimiter(options.pageRate?.capacity ?? 240, options.pageRate?.perSecond ?? 20);
  const logins = new RateLimiter(options.loginRate?.capacity ?? 10, options.loginRate?.perSecond ?? 0.2);
  function clientKey(c: Context<Env>): string {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }
  function tooMany(c: Context<Env>, wait: number): Response {
    return c.text(
      c.get('lang') === 'en' ? 'Too many requests; try again shortly.' : 'Te veel verzoeken; probeer het zo opnieuw.',
      429,
      {
        ...SECURITY_HEADERS,
        'Retry-After': String(wait),
      },
    );
  }
  const guidesDir = options.guidesDir ?? fromRepo('docs/guides');
  const css = {
    tokens: readStatic('@utrecht/design-tokens/dist/index.css'),
    components: readStatic('@utrecht/component-library-css/dist/index.css'),
  };
  const app = new Hono<Env>();

  app.get('/static/utrecht-tokens.css', (c) =>
    c.body(css.tokens, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=86400' }),
  );
  app.get('/static/utrecht-components.css', (c) =>
    c.body(css.components, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    }),
  );

  // Middleware only on the UI's own paths: mounted at `/` beside the API, a
  // `*` middleware would also run on every /v1 request.
  const uiPaths = [
    '/',
    '/inloggen',
    '/uitloggen',
    '/kaart',
    '/kaart/*',
    '/gebied/*',
    '/modellen',
    '/modellen/*',
    '/training',
    '/help',
    '/help/*',
  ];
  for (const path of uiPaths) {
    app.use(path, async (c, next) => {
      const q = c.req.query('lang');
      let lang: Lang = getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'nl';
      if (q === 'en' || q === 'nl') {
        lang = q;
        setCookie(c, LANG_COOKIE, q, {
          path: '/',
          sameSite: 'Strict',
          httpOnly: true,
          secure: https(c),
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
      await next();
    });
    app.use(path, bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Payload too large', 413) }));
  }

  function https(c: Context<Env>): boolean {
    return isHttps(c.req.url, c.req.header('x-forwarded-proto'));
  }

  function setSessionCookie(c: Context<Env>, s: Session): void {
    setCookie(c, SESSION_COOKIE, s.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: https(c),
      maxAge: Math.floor(sessions.maxAgeMs / 1000),
    });
  }

  function view(c: Context<Env>, session: Session | undefined = c.get('session')): View {
    const lang = c.get('lang');
    const url = new URL(c.req.url);
    url.searchParams.set('lang', lang === 'nl' ? 'en' : 'nl');
    const switchHref = `${url.pathname}${url.search}`;
    return { lang, t: translator(lang), principal: session?.principal ?? null, csrf: session?.csrf ?? '', switchHref };
  }

  async function render(
    c: Context<Env>,
    el: HtmlEscapedString | Promise<HtmlEscapedString>,
    status: 200 | 400 | 403 | 404 | 409 | 422 | 500 = 200,
  ): Promise<Response> {
    const body = `<!DOCTYPE html>${(await el).toString()}`;
    return c.html(body, status, SECURITY_HEADERS);
  }

  function notFound(c: Context<Env>): Promise<Response> {
    const v = view(c);
    return render(c, <MessagePage v={v} title={v.t('notfound.title')} text={v.t('notfound.text')} />, 404);
  }

  /** The principal with the capability, or the response to send instead. */
  async function need(c: Context<Env>, capability: Capability | null): Promise<Principal | Response> {
    const s = c.get('session');
    if (!s?.principal) return c.redirect(getCookie(c, SESSION_COOKIE) ? '/inloggen?verlopen=1' : '/inloggen', 303);
    if (capability !== null && !can(s.principal.role, capability)) {
      const v = view(c);
      return render(c, <MessagePage v={v} title={v.t('forbidden.title')} text={v.t('forbidden.text')} />, 403);
    }
    return s.principal;
  }

  /** Origin + synchronizer-token check for a POST; the parsed form, or the refusal. */
  async function checkedForm(c: Context<Env>): Promise<Record<string, string> | Response> {
    const form = await c.req.parseBody();
    if (!sameOrigin(c.req.raw.headers) || !csrfMatches(c.get('session'), form['_csrf'])) {
      const v = view(c);
      return render(c, <MessagePage v={v} title={v.t('csrf.title')} text={v.t('csrf.text')} />, 403);
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(form)) if (typeof val === 'string') out[k] = val;
    return out;
  }

  function takeFlash(c: Context<Env>): Session['flash'] {
    const s = c.get('session');
    const f = s?.flash ?? null;
    if (s) s.flash = null;
    return f;
  }

  app.get('/', async (c) => {
    const p = await need(c, null);
    if (p instanceof Response) return p;
    return render(c, <HomePage v={view(c)} />);
  });

  app.get('/inloggen', async (c) => {
    let s = c.get('session');
    if (s?.principal) return c.redirect('/', 303);
    if (!s) {
      s = sessions.create(null);
      setSessionCookie(c, s);
    }
    const v = view(c, s);
    return render(c, <LoginPage v={v} info={c.req.query('verlopen') ? v.t('login.expired') : undefined} />);
  });

  app.post('/inloggen', async (c) => {
    const wait = logins.take(clientKey(c));
    if (wait > 0) return tooMany(c, wait);
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const token = (form['token'] ?? '').trim();
    const v = view(c);
    if (token === '') return render(c, <LoginPage v={v} error={v.t('login.required')} />, 422);
    const principal = await deps.authenticate(token);
    if (!principal) return render(c, <LoginPage v={v} error={v.t('login.failed')} />, 403);
    // A new id at login: a session id known before login is worthless after it.
    const old = c.get('session');
    if (old) sessions.destroy(old.id);
    const s = sessions.create(principal);
    setSessionCookie(c, s);
    return c.redirect('/', 303);
  });

  app.get('/uitloggen', async (c) => {
    const p = await need(c, null);
    if (p instanceof Response) return p;
    return render(c, <LogoutPage v={view(c)} />);
  });

  app.post('/uitloggen', async (c) => {
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const s = c.get('session');
    if (s) sessions.destroy(s.id);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: https(c) });
    return c.redirect('/inloggen', 303);
  });

  app.get('/kaart', async (c) => {
    const p = await need(c, 'areas');
    if (p instanceof Response) return p;
    const g = (c.req.query('gemeente') ?? '').trim().toUpperCase();
    return GEMEENTE_RE.test(g) ? c.redirect(`/kaart/${g}`, 303) : notFound(c);
  });

  app.get('/kaart/:gemeente', async (c) => {
    const p = await need(c, 'areas');
    if (p instanceof Response) return p;
    const g = c.req.param('gemeente');
    const map = GEMEENTE_RE.test(g) ? await deps.listAreas(p, g) : null;
    if (!map) return notFound(c);
    return render(c, <MapPage v={view(c)} map={map} />);
  });

  app.get('/gebied/:code', async (c) => {
    const p = await need(c, 'areas');
    if (p instanceof Response) return p;
    const code = c.req.param('code');
    const area = AREA_RE.test(code) ? await deps.getArea(p, code, c.get('lang')) : null;
    if (!area) return notFound(c);
    return render(c, <AreaPage v={view(c)} area={area} />);
  });

  app.get('/modellen', async (c) => {
    const p = await need(c, 'models');
    if (p instanceof Response) return p;
    return render(c, <ModelsPage v={view(c)} models={await deps.listModels()} />);
  });

  app.get('/modellen/vergelijk', async (c) => {
    const p = await need(c, 'models');
    if (p instanceof Response) return p;
    const a = parseRef(c.req.query('a'));
    const b = parseRef(c.req.query('b'));
    const cmp = a && b ? await deps.compareCards(p, a, b, c.get('lang')) : null;
    if (!cmp) return notFound(c);
    return render(c, <ComparePage v={view(c)} cmp={cmp} />);
  });

  async function modelPage(
    c: Context<Env>,
    p: Principal,
    form: ReviewFormState,
    status: 200 | 403 | 409 | 422,
  ): Promise<Response> {
    const name = c.req.param('name') ?? '';
    const versionText = c.req.param('version') ?? '';
    if (!MODEL_NAME_RE.test(name) || !/^\d{1,9}$/.test(versionText)) return notFound(c);
    const version = Number(versionText);
    const model = (await deps.listModels()).find((m) => m.name === name && m.version === version);
    const cardHtml = model ? await deps.getCardHtml(p, name, version, c.get('lang')) : null;
    if (!model || cardHtml === null) return notFound(c);
    const missing = await deps.missingCardFields(name, version);
    return render(c, <ModelPage v={view(c)} model={model} cardHtml={cardHtml} missing={missing} form={form} />, status);
  }

  app.get('/modellen/:name/:version', async (c) => {
    const p = await need(c, 'models');
    if (p instanceof Response) return p;
    const flash = takeFlash(c);
    return modelPage(c, p, flash?.type === 'ok' ? { done: flash.text } : {}, 200);
  });

  app.post('/modellen/:name/:version/oordeel', async (c) => {
    const p = await need(c, 'review');
    if (p instanceof Response) return p;
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const t = translator(c.get('lang'));
    const decision = REVIEW_DECISIONS.find((d) => d === form['decision']) as ReviewDecision | undefined;
    const rationale = (form['rationale'] ?? '').trim();
    if (!decision) return modelPage(c, p, { rationale, error: t('review.decisionRequired') }, 422);
    if (rationale === '') return modelPage(c, p, { decision, rationale, error: t('review.rationaleRequired') }, 422);
    const name = c.req.param('name');
    const version = Number(c.req.param('version'));
    if (!MODEL_NAME_RE.test(name) || !Number.isSafeInteger(version)) return notFound(c);
    try {
      const status = await deps.review(p, name, version, decision, rationale);
      const s = c.get('session');
      if (s) s.flash = { type: 'ok', text: t('review.done', { status: t(`status.${status}`) }) };
      return c.redirect(`/modellen/${name}/${version}`, 303);
    } catch (e) {
      if (!isZichtError(e)) throw e;
      if (e.code === 'UNKNOWN_MODEL' || e.code === 'NOT_FOUND') return notFound(c);
      return modelPage(c, p, { decision, rationale, error: t('review.refused', { message: e.message }) }, 409);
    }
  });

  app.get('/training', async (c) => {
    const p = await need(c, 'training');
    if (p instanceof Response) return p;
    const [runs, configs, reports] = await Promise.all([
      deps.listTrainingRuns(),
      deps.listStoredConfigs(),
      deps.listQualityReports(),
    ]);
    return render(
      c,
      <TrainingPage v={view(c)} runs={runs} configs={configs} reports={reports} notice={takeFlash(c) ?? undefined} />,
    );
  });

  app.post('/training', async (c) => {
    const p = await need(c, 'start_training');
    if (p instanceof Response) return p;
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const t = translator(c.get('lang'));
    const s = c.get('session');
    const config = form['config'] ?? '';
    const known = (await deps.listStoredConfigs()).some((k) => k.name === config);
    try {
      if (!known) throw new Error(t('training.unknownConfig'));
      const run = await deps.startTrainingRun(p, config);
      if (s) s.flash = { type: 'ok', text: t('training.started.ok', { id: run.id }) };
    } catch (e) {
      if (known && !isZichtError(e)) throw e;
      if (s) s.flash = { type: 'error', text: e instanceof Error ? e.message : String(e) };
    }
    return c.redirect('/training', 303);
  });

  app.get('/help', (c) => render(c, <HelpPage v={view(c)} />));

  app.get('/help/:guide', async (c) => {
    const guide = GUIDES.find((g) => g === c.req.param('guide')) as GuideName | undefined;
    if (!guide) return notFound(c);
    const lang = c.get('lang');
    const file = `${guidesDir}/${guide}.${lang}.md`;
    if (!existsSync(file)) return notFound(c);
    return render(
      c,
      <GuidePage
        v={view(c)}
        title={translator(lang)(`guide.${guide}`)}
        html={renderMarkdown(readFileSync(file, 'utf8'))}
      />,
    );
  });

  app.onError(async (err, c) => {
    console.error(err);
    const v = view(c);
    return render(c, <MessagePage v={v} title={v.t('error.title')} text={v.t('error.text')} />, 500);
  });

  return app;
}
