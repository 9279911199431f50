/** Home, login (back to the page that was asked for), logout and the guides. */
import { existsSync, readFileSync } from 'node:fs';
import { deleteCookie, setCookie } from 'hono/cookie';
import { translator } from '../i18n.ts';
import { type Ctx, type Kit, type UiApp, safeReturnPath } from '../kit.tsx';
import { renderMarkdown } from '../markdown.ts';
import { GUIDES, GuidePage, HelpPage, HomePage, LoginPage, LogoutPage, type GuideName } from '../pages/start.tsx';
import type { RateLimiter } from '../../rate-limit.ts';
import { SESSION_COOKIE, isHttps, type Session } from '../session.ts';

export interface StartOptions {
  readonly guidesDir: string;
  readonly logins: RateLimiter;
  readonly clientKey: (c: Ctx) => string;
  readonly tooMany: (c: Ctx, wait: number) => Response;
}

export function startRoutes(app: UiApp, kit: Kit, o: StartOptions): void {
  const { deps, sessions } = kit;
  const https = (c: Ctx) => isHttps(c.req.url, c.req.header('x-forwarded-proto'));
  const setSessionCookie = (c: Ctx, s: Session) =>
    setCookie(c, SESSION_COOKIE, s.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: https(c),
      maxAge: Math.floor(sessions.maxAgeMs / 1000),
    });

  app.get('/', async (c) => {
    const p = await kit.need(c, null);
    if (p instanceof Response) return p;
    const municipalities = p.municipality === null ? await deps.listMunicipalities(p) : [];
    return kit.render(c, <HomePage v={kit.view(c)} municipalities={municipalities} />);
  });

  app.get('/inloggen', async (c) => {
    let s = c.get('session');
    const next = safeReturnPath(c.req.query('terug')) ?? undefined;
    if (s?.principal) return c.redirect(next ?? '/', 303);
    if (!s) {
      s = sessions.create(null);
      setSessionCookie(c, s);
    }
    const v = kit.view(c, s);
    return kit.render(
      c,
      <LoginPage v={v} info={c.req.query('verlopen') ? v.t('login.expired') : undefined} next={next} />,
    );
  });

  app.post('/inloggen', async (c) => {
    const wait = o.logins.take(o.clientKey(c));
    if (wait > 0) return o.tooMany(c, wait);
    return kit.form(c, async (form) => {
      const token = (form['token'] ?? '').trim();
      const next = safeReturnPath(form['terug']) ?? undefined;
      const v = kit.view(c);
      if (token === '') return kit.render(c, <LoginPage v={v} error={v.t('login.required')} next={next} />, 422);
      const principal = await deps.authenticate(token);
      if (!principal) return kit.render(c, <LoginPage v={v} error={v.t('login.failed')} next={next} />, 403);
      // A new id at login: a session id known before login is worthless after it.
      const old = c.get('session');
      if (old) sessions.destroy(old.id);
      setSessionCookie(c, sessions.create(principal));
      return c.redirect(next ?? '/', 303);
    });
  });

  app.get('/uitloggen', async (c) => {
    const p = await kit.need(c, null);
    if (p instanceof Response) return p;
    return kit.render(c, <LogoutPage v={kit.view(c)} />);
  });

  app.post('/uitloggen', (c) =>
    kit.form(c, async () => {
      const s = c.get('session');
      if (s) sessions.destroy(s.id);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: https(c) });
      return c.redirect('/inloggen', 303);
    }),
  );

  app.get('/help', (c) => kit.render(c, <HelpPage v={kit.view(c)} />));

  app.get('/help/:guide', async (c) => {
    const guide = GUIDES.find((g) => g === c.req.param('guide')) as GuideName | undefined;
    if (!guide) return kit.notFound(c);
    const lang = c.get('lang');
    const file = `${o.guidesDir}/${guide}.${lang}.md`;
    if (!existsSync(file)) return kit.notFound(c);
    return kit.render(
      c,
      <GuidePage
        v={kit.view(c)}
        title={translator(lang)(`guide.${guide}`)}
        html={renderMarkdown(readFileSync(file, 'utf8'))}
      />,
    );
  });
}
