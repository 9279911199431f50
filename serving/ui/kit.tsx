/**
 * What every route of the UI shares: the view a page renders with, rendering with the security
 * headers, the message pages (404, 403, refused form, 500) with a way back, the login check
 * that remembers where the user wanted to go, and the checked form (same origin, CSRF token,
 * one submission per idempotency key).
 */
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Lang, Principal, UiDeps } from './deps.ts';
import { translator } from './i18n.ts';
import { IDEMPOTENCY_FIELD, type IdempotencyStore } from './idempotency.ts';
import { MessagePage, type View, type Way } from './layout.tsx';
import { can, type Capability } from './permissions.ts';
import { SESSION_COOKIE, csrfMatches, sameOrigin, type Flash, type Session, type Sessions } from './session.ts';
import type { StaticAssets } from './static.ts';

export type Env = {
  Variables: { lang: Lang; session: Session | undefined; municipalityName: string | null };
};
export type Ctx = Context<Env>;
export type UiApp = Hono<Env>;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none'; frame-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

type Status = 200 | 400 | 403 | 404 | 409 | 422 | 500;

/**
 * A path on this site to return to after logging in, or null. Only a same-origin path is
 * accepted: no scheme, no host, no `//` or `/\` (which browsers read as another host), no
 * control characters, and never the login or logout page itself.
 */
export function safeReturnPath(s: string | undefined | null): string | null {
  if (!s || s.length > 1000 || !s.startsWith('/') || s.startsWith('//') || s.startsWith('/\\')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(s)) return null;
  const base = 'http://zicht.invalid';
  let u: URL;
  try {
    u = new URL(s, base);
  } catch {
    return null;
  }
  if (u.origin !== base || u.pathname === '/inloggen' || u.pathname === '/uitloggen') return null;
  return `${u.pathname}${u.search}`;
}

export interface Kit {
  readonly deps: UiDeps;
  readonly sessions: Sessions;
  readonly assets: StaticAssets;
  readonly idempotency: IdempotencyStore<Flash>;
  view(c: Ctx, session?: Session | undefined): View;
  render(c: Ctx, el: HtmlEscapedString | Promise<HtmlEscapedString>, status?: Status): Promise<Response>;
  message(c: Ctx, status: 400 | 403 | 404 | 409 | 500, kind: MessageKind, ways?: readonly Way[]): Promise<Response>;
  notFound(c: Ctx): Promise<Response>;
  /** The principal with the capability, or the response to send instead (login, or 403). */
  need(c: Ctx, capability: Capability | null): Promise<Principal | Response>;
  /** Run a POST form's action once: checked origin and CSRF token; a repeat gets the first answer. */
  form(c: Ctx, action: (form: Record<string, string>) => Promise<Response>): Promise<Response>;
  takeFlash(c: Ctx): Session['flash'];
}

type MessageKind = 'notfound' | 'forbidden' | 'csrf' | 'error' | 'samecompare';

/** Build the kit for one UI. */
export function makeKit(
  deps: UiDeps,
  sessions: Sessions,
  assets: StaticAssets,
  idempotency: IdempotencyStore<Flash>,
): Kit {
  function view(c: Ctx, session: Session | undefined = c.get('session')): View {
    const lang = c.get('lang') ?? 'nl';
    const url = new URL(c.req.url);
    url.searchParams.set('lang', lang === 'nl' ? 'en' : 'nl');
    return {
      lang,
      t: translator(lang),
      principal: session?.principal ?? null,
      municipalityName: c.get('municipalityName') ?? null,
      csrf: session?.csrf ?? '',
      switchHref: `${url.pathname}${url.search}`,
      assets: assets.urls,
    };
  }
  async function render(c: Ctx, el: HtmlEscapedString | Promise<HtmlEscapedString>, status: Status = 200) {
    return c.html(`<!DOCTYPE html>${(await el).toString()}`, status, SECURITY_HEADERS);
  }
  function ways(v: View, kind: MessageKind, c: Ctx): Way[] {
    const out: Way[] = [];
    const p = v.principal;
    if (kind === 'notfound' && p?.municipality && can(p.role, 'areas'))
      out.push({ href: `/kaart/${p.municipality}`, label: v.t('nav.mapOf', { name: v.municipalityName ?? '' }) });
    if (kind === 'error' && c.req.method === 'GET')
      out.push({ href: new URL(c.req.url).pathname, label: v.t('error.retry') });
    if (kind === 'samecompare') out.push({ href: '/modellen', label: v.t('nav.models') });
    out.push({ href: '/', label: v.t('nav.home') }, { href: '/help', label: v.t('nav.help') });
    return out;
  }
  function message(c: Ctx, status: 400 | 403 | 404 | 409 | 500, kind: MessageKind, w?: readonly Way[]) {
    const v = view(c);
    return render(
      c,
      <MessagePage
        v={v}
        status={status}
        title={v.t(`${kind}.title`)}
        text={v.t(`${kind}.text`)}
        ways={w ?? ways(v, kind, c)}
      />,
      status,
    );
  }
  return {
    deps,
    sessions,
    assets,
    idempotency,
    view,
    render,
    message,
    notFound: (c) => message(c, 404, 'notfound'),
    async need(c, capability) {
      const s = c.get('session');
      if (!s?.principal) {
        const params = new URLSearchParams();
        // a cookie without a live session: it expired (an anonymous session has not)
        if (!s && getCookie(c, SESSION_COOKIE)) params.set('verlopen', '1');
        const url = new URL(c.req.url);
        const back = safeReturnPath(`${url.pathname}${url.search}`);
        if (c.req.method === 'GET' && back && back !== '/') params.set('terug', back);
        const q = params.toString();
        return c.redirect(q ? `/inloggen?${q}` : '/inloggen', 303);
      }
      if (capability !== null && !can(s.principal.role, capability)) return message(c, 403, 'forbidden');
      return s.principal;
    },
    async form(c, action) {
      const body = await c.req.parseBody();
      const form: Record<string, string> = {};
      for (const [k, val] of Object.entries(body)) if (typeof val === 'string') form[k] = val;
      if (!sameOrigin(c.req.raw.headers)) return message(c, 403, 'csrf');
      const claim = idempotency.claim(form[IDEMPOTENCY_FIELD], getCookie(c, SESSION_COOKIE));
      if (claim && 'first' in claim) {
        const first = await claim.first;
        // the same form sent again: the first answer, without doing it twice
        if (first) {
          const s = c.get('session');
          if (s && first.notice) s.flash = first.notice;
          const headers = new Headers({ Location: first.location, ...SECURITY_HEADERS });
          for (const cookie of first.cookies) headers.append('Set-Cookie', cookie);
          return new Response(null, { status: 303, headers });
        }
        // the first attempt was refused: this one is checked and run on its own
        if (!csrfMatches(c.get('session'), form['_csrf'])) return message(c, 403, 'csrf');
        return action(form);
      }
      if (!csrfMatches(c.get('session'), form['_csrf'])) {
        claim?.settle(null);
        return message(c, 403, 'csrf');
      }
      try {
        const res = await action(form);
        claim?.settle(res, c.get('session')?.flash ?? null);
        return res;
      } catch (e) {
        claim?.settle(null);
        throw e;
      }
    },
    takeFlash(c) {
      const s = c.get('session');
      const f = s?.flash ?? null;
      if (s) s.flash = null;
      return f;
    },
  };
}
