/**
 * The page frame: NL Design System (Utrecht) page, header with navigation and
 * language switch, skip link, main landmark and footer.
 */
import type { Child } from 'hono/jsx';
import type { Lang, Principal } from './deps.ts';
import type { Translate } from './i18n.ts';
import { IDEMPOTENCY_FIELD, IdempotencyStore } from './idempotency.ts';
import { can } from './permissions.ts';
import type { AssetUrls } from './static.ts';

/** What every page needs to render. */
export interface View {
  readonly lang: Lang;
  readonly t: Translate;
  readonly principal: Principal | null;
  /** The name of the principal's municipality (scoped roles). */
  readonly municipalityName: string | null;
  /** The session's CSRF token, for hidden form fields. */
  readonly csrf: string;
  /** The current page in the other language (same path and query, `lang` switched). */
  readonly switchHref: string;
  /** The stylesheets' fingerprinted URLs. */
  readonly assets: AssetUrls;
}

/** Hidden CSRF field and a fresh idempotency key for every POST form. */
export function Csrf(props: { readonly v: View }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={props.v.csrf} />
      <input type="hidden" name={IDEMPOTENCY_FIELD} value={IdempotencyStore.newKey()} />
    </>
  );
}

export function Layout(props: {
  readonly v: View;
  readonly title: string;
  readonly children?: Child;
  /** Page-specific rules (the map's links between areas and rows). */
  readonly style?: string;
  /** What a printed page carries on top: date, version, verdict, caveat. */
  readonly print?: Child;
  /** Refresh the page every so many seconds (a run in progress). */
  readonly refresh?: number;
}) {
  const { v } = props;
  const { t } = v;
  const other: Lang = v.lang === 'nl' ? 'en' : 'nl';
  const p = v.principal;
  return (
    <html lang={v.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${t('app.name')}`}</title>
        {props.refresh ? <meta http-equiv="refresh" content={String(props.refresh)} /> : null}
        <link rel="stylesheet" href={v.assets.tokens} />
        <link rel="stylesheet" href={v.assets.components} />
        <link rel="stylesheet" href={v.assets.zicht} />
        {props.style ? <style>{props.style}</style> : null}
      </head>
      <body class="utrecht-theme utrecht-document">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">
          {t('skip')}
        </a>
        <header class="zicht-header">
          <a class="zicht-brand" href="/">
            {t('app.name')}
          </a>
          <nav class="zicht-nav" aria-label={t('nav.main')}>
            <ul>
              <li>
                <a class="utrecht-link" href="/">
                  {t('nav.home')}
                </a>
              </li>
              {p && can(p.role, 'areas') && p.municipality ? (
                <li>
                  <a class="utrecht-link" href={`/kaart/${p.municipality}`}>
                    {t('nav.mapOf', { name: v.municipalityName ?? p.municipality })}
                  </a>
                </li>
              ) : null}
              {p && can(p.role, 'models') ? (
                <li>
                  <a class="utrecht-link" href="/modellen">
                    {t('nav.models')}
                  </a>
                </li>
              ) : null}
              {p && can(p.role, 'training') ? (
                <li>
                  <a class="utrecht-link" href="/training">
                    {t('nav.training')}
                  </a>
                </li>
              ) : null}
              <li>
                <a class="utrecht-link" href="/help">
                  {t('nav.help')}
                </a>
              </li>
              <li>
                <a
                  class="utrecht-link"
                  href={v.switchHref}
                  lang={other}
                  hreflang={other}
                  aria-label={t('lang.switchLabel')}
                >
                  {t('lang.switch')}
                </a>
              </li>
              {p ? (
                <li>
                  <a class="utrecht-link" href="/uitloggen">
                    {t('nav.logout')}
                  </a>
                </li>
              ) : (
                <li>
                  <a class="utrecht-link" href="/inloggen">
                    {t('nav.login')}
                  </a>
                </li>
              )}
            </ul>
          </nav>
          {p ? (
            <p class="zicht-user">
              {t('session.as', { role: t(`role.${p.role}`) })}
              {p.municipality ? `, ${t('session.scope', { name: v.municipalityName ?? p.municipality })}` : ''}
            </p>
          ) : null}
        </header>
        <main id="main" class="zicht-main" tabindex={-1}>
          {props.print ? <div class="zicht-print-meta">{props.print}</div> : null}
          {props.children}
        </main>
        <footer class="zicht-footer">
          <p class="utrecht-paragraph">{t('footer.text')}</p>
        </footer>
      </body>
    </html>
  );
}

/** An Utrecht alert; `role="alert"` for errors so screen readers announce them. */
export function Alert(props: {
  readonly type: 'info' | 'ok' | 'warning' | 'error';
  readonly children?: Child;
  readonly id?: string;
}) {
  return (
    <div
      class={`utrecht-alert utrecht-alert--${props.type}`}
      role={props.type === 'error' ? 'alert' : 'status'}
      id={props.id}
    >
      <div class="utrecht-alert__content">
        <div class="utrecht-alert__message">{props.children}</div>
      </div>
    </div>
  );
}

/** The synthetic-data banner. */
export function SyntheticBanner(props: { readonly t: Translate }) {
  return (
    <Alert type="warning">
      <strong>{props.t('synthetic.banner')}</strong>
    </Alert>
  );
}

/** Where a message page offers to go next. */
export interface Way {
  readonly href: string;
  readonly label: string;
}

/** A message page (not found, no access, refused form, error): what happened, and a way back. */
export function MessagePage(props: {
  readonly v: View;
  readonly status: number;
  readonly title: string;
  readonly text: string;
  readonly ways?: readonly Way[];
}) {
  const { v } = props;
  const ways = props.ways ?? [{ href: '/', label: v.t('nav.home') }];
  return (
    <Layout v={v} title={props.title}>
      <div class={`zicht-message${props.status >= 500 ? ' zicht-message--error' : ''}`} id="message">
        <p class="zicht-status" aria-hidden="true">
          {props.status}
        </p>
        <h1 class="utrecht-heading-1">{props.title}</h1>
        <p class="utrecht-paragraph">{props.text}</p>
        <ul class="utrecht-link-list utrecht-link-list--html-ul" id="ways">
          {ways.map((w) => (
            <li class="utrecht-link-list__item">
              <a class="utrecht-link utrecht-link-list__link" href={w.href}>
                {w.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </Layout>
  );
}
