/**
 * The page frame: NL Design System (Utrecht) page, header with navigation and
 * language switch, skip link, main landmark and footer.
 */
import type { Child } from 'hono/jsx';
import type { Lang, Principal } from './deps.ts';
import type { Translate } from './i18n.ts';
import { can } from './permissions.ts';

/** What every page needs to render. */
export interface View {
  readonly lang: Lang;
  readonly t: Translate;
  readonly principal: Principal | null;
  /** The session's CSRF token, for hidden form fields. */
  readonly csrf: string;
  /** The current page in the other language (same path and query, `lang` switched). */
  readonly switchHref: string;
}

/** Hidden CSRF field for every POST form. */
export function Csrf(props: { readonly v: View }) {
  return <input type="hidden" name="_csrf" value={props.v.csrf} />;
}

const EXTRA_CSS = `
body{margin:0}
.zicht-main .utrecht-form-field{margin-block-end:1rem}
.zicht-waterfall{max-width:52rem}
.zicht-header{background:#00527a;color:#fff;padding:0.75rem 1.5rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
.zicht-header a{color:#fff}
.zicht-header .zicht-brand{font-weight:700;font-size:1.25rem;text-decoration:none}
.zicht-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1.25rem;margin:0;padding:0}
.zicht-nav a:focus-visible,.zicht-header a:focus-visible,.zicht-area:focus-visible,main a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.zicht-main{box-sizing:border-box;width:100%;padding:1.5rem;max-width:80rem;margin:0 auto}
.zicht-main h2{margin-top:1.75rem}
.zicht-main .utrecht-paragraph{margin-block:0.5rem 0.75rem}
.zicht-main form,.zicht-main .utrecht-alert{margin-block:1rem}
.zicht-footer{padding:1rem 1.5rem;border-top:1px solid #ccc;background:#f3f3f3;color:#222;font-size:0.9rem}
.zicht-summary{display:grid;grid-template-columns:max-content 1fr;gap:0.5rem 2rem;align-items:center}
.zicht-summary>div{display:contents}.zicht-summary dt{font-weight:700}.zicht-summary dd{margin:0}
.utrecht-status-badge--success{background:#2e6b30;color:#fff}.utrecht-status-badge--active{background:#00527a;color:#fff}
.utrecht-status-badge--danger{background:#a4001f;color:#fff}.utrecht-status-badge--neutral{background:#e0e0e0;color:#000}
.utrecht-status-badge--inactive{background:#595959;color:#fff}.utrecht-status-badge--warning{background:#ffd24d;color:#000}
.zicht-columns{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:2rem;align-items:start}
@media (max-width:60rem){.zicht-columns{grid-template-columns:1fr}}
.zicht-map{border:1px solid #ccc;background:#f5f8fa;max-width:44rem}
.zicht-area:hover path,.zicht-area:focus path{stroke:#000;stroke-width:2.5}
.zicht-legend ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.zicht-legend li{display:flex;gap:0.4rem;align-items:center}
.zicht-legend figcaption{margin:0.5rem 0}
.zicht-band{display:inline-block;padding:0 0.4rem;border:1px solid #4d4d4d;border-radius:3px}
.zicht-band--hoog{background:#993404;color:#fff}.zicht-band--verhoogd{background:#d95f0e;color:#000}
.zicht-band--gemiddeld{background:#fec44f;color:#000}.zicht-band--laag{background:#ffffd4;color:#000}
.zicht-caveat{font-weight:600}
.zicht-card-frame{width:100%;min-height:40rem;border:1px solid #ccc}
.zicht-compare td,.zicht-compare th{vertical-align:top}
.zicht-compare .zicht-differs{background:#fff4ce}
.zicht-inline-form{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
.zicht-user{font-size:0.9rem}
.zicht-guide pre{white-space:pre-wrap}
progress{width:10rem;height:1rem}
`;

export function Layout(props: { readonly v: View; readonly title: string; readonly children?: Child }) {
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
        <link rel="stylesheet" href="/static/utrecht-tokens.css" />
        <link rel="stylesheet" href="/static/utrecht-components.css" />
        <style>{EXTRA_CSS}</style>
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
                    {t('nav.map')}
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
              {p.municipality ? `, ${t('session.scope', { code: p.municipality })}` : ''}
            </p>
          ) : null}
        </header>
        <main id="main" class="zicht-main" tabindex={-1}>
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

/** A short message page (not found, forbidden, CSRF refusal, error). */
export function MessagePage(props: { readonly v: View; readonly title: string; readonly text: string }) {
  return (
    <Layout v={props.v} title={props.title}>
      <h1 class="utrecht-heading-1">{props.title}</h1>
      <p class="utrecht-paragraph">{props.text}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/">
          {props.v.t('nav.home')}
        </a>
      </p>
    </Layout>
  );
}
