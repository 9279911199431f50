/** Home (per role), login, logout and help pages. */
import type { Municipality } from '../deps.ts';
import { Alert, Csrf, Layout, type View } from '../layout.tsx';
import { can } from '../permissions.ts';
import type { Child } from 'hono/jsx';

export function HomePage(props: { readonly v: View; readonly municipalities: readonly Municipality[] }) {
  const { v } = props;
  const { t } = v;
  const p = v.principal;
  const blocks: Child[] = [];
  if (p && can(p.role, 'areas')) {
    blocks.push(<p class="utrecht-paragraph">{t('home.marine')}</p>);
    blocks.push(
      p.municipality ? (
        <p class="utrecht-paragraph">
          <a
            class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
            href={`/kaart/${p.municipality}`}
          >
            {t('home.openMap', { name: v.municipalityName ?? p.municipality })}
          </a>
        </p>
      ) : props.municipalities.length === 0 ? (
        <p class="utrecht-paragraph">{t('home.noModel')}</p>
      ) : (
        <form method="get" action="/kaart" class="utrecht-form zicht-inline-form">
          <div class="utrecht-form-field">
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label" for="gemeente">
                {t('home.pickMunicipality')}
              </label>
            </div>
            <div class="utrecht-form-field__input">
              <select class="utrecht-select utrecht-select--html-select" id="gemeente" name="gemeente">
                {props.municipalities.map((m) => (
                  <option value={m.code}>{m.name}</option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {t('home.show')}
          </button>
        </form>
      ),
    );
  }
  if (p?.role === 'ethics_board')
    blocks.push(
      <p class="utrecht-paragraph">
        {t('home.ethics')}{' '}
        <a class="utrecht-link" href="/modellen">
          {t('nav.models')}
        </a>
      </p>,
    );
  if (p?.role === 'data_scientist')
    blocks.push(
      <p class="utrecht-paragraph">
        {t('home.datascience')}{' '}
        <a class="utrecht-link" href="/training">
          {t('nav.training')}
        </a>{' '}
        ·{' '}
        <a class="utrecht-link" href="/modellen">
          {t('nav.models')}
        </a>
      </p>,
    );
  if (p?.role === 'admin') blocks.push(<p class="utrecht-paragraph">{t('home.admin')}</p>);
  return (
    <Layout v={v} title={t('home.title')}>
      <h1 class="utrecht-heading-1">{t('home.welcome')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('app.tagline')}</p>
      {blocks}
      <p class="utrecht-paragraph zicht-caveat">{t('home.caveat')}</p>
    </Layout>
  );
}

export function LoginPage(props: {
  readonly v: View;
  readonly error?: string | undefined;
  readonly info?: string | undefined;
  /** Where to go after logging in (a path on this site, checked again on the way back). */
  readonly next?: string | undefined;
}) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('login.title')}>
      <h1 class="utrecht-heading-1">{t('login.title')}</h1>
      {props.info ? <Alert type="info">{props.info}</Alert> : null}
      <p class="utrecht-paragraph">{t('login.intro')}</p>
      <form method="post" action="/inloggen" class="utrecht-form" id="login-form">
        {props.error ? (
          <Alert type="error" id="login-error">
            {props.error}
          </Alert>
        ) : null}
        <Csrf v={v} />
        {props.next ? <input type="hidden" name="terug" value={props.next} /> : null}
        <div class={`utrecht-form-field${props.error ? ' utrecht-form-field--invalid' : ''}`}>
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="token">
              {t('login.token')}
            </label>
          </div>
          <div class="utrecht-form-field__description utrecht-form-field-description" id="token-help">
            {t('login.tokenHelp')}
          </div>
          <div class="utrecht-form-field__input">
            <input
              class="utrecht-textbox utrecht-textbox--html-input"
              type="password"
              id="token"
              name="token"
              autocomplete="off"
              required
              aria-describedby="token-help"
              aria-invalid={props.error ? 'true' : undefined}
            />
          </div>
        </div>
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          {t('login.submit')}
        </button>
      </form>
    </Layout>
  );
}

export function LogoutPage(props: { readonly v: View }) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('logout.title')}>
      <h1 class="utrecht-heading-1">{t('logout.title')}</h1>
      <form method="post" action="/uitloggen" class="utrecht-form" id="logout-form">
        <p class="utrecht-paragraph">{t('logout.confirm')}</p>
        <Csrf v={v} />
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          {t('logout.submit')}
        </button>
      </form>
    </Layout>
  );
}

export const GUIDES = ['stadsmarinier', 'datawetenschapper', 'ethische-commissie', 'beheerder'] as const;
export type GuideName = (typeof GUIDES)[number];

export function HelpPage(props: { readonly v: View }) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('help.title')}>
      <h1 class="utrecht-heading-1">{t('help.title')}</h1>
      <p class="utrecht-paragraph">{t('help.intro')}</p>
      <h2 class="utrecht-heading-2">{t('help.guides')}</h2>
      <ul class="utrecht-link-list utrecht-link-list--html-ul">
        {GUIDES.map((g) => (
          <li class="utrecht-link-list__item">
            <a class="utrecht-link utrecht-link-list__link" href={`/help/${g}`}>
              {t(`guide.${g}`)}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function GuidePage(props: { readonly v: View; readonly title: string; readonly html: string }) {
  const { v } = props;
  return (
    <Layout v={v} title={props.title}>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/help">
          {v.t('help.back')}
        </a>
      </p>
      <article class="zicht-guide utrecht-article" dangerouslySetInnerHTML={{ __html: props.html }}></article>
    </Layout>
  );
}
