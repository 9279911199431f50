/** Model versions, the card page with the review form, and the comparison. */
import {
  GATE_OVERRIDES,
  MODEL_STATUSES,
  REQUIRED_GOVERNANCE_FIELDS,
  REVIEW_DECISIONS,
  type GateOverride,
  type ModelStatus,
  type ModelSummary,
  type ReviewDecision,
} from '../deps.ts';
import { formatDate } from '../format.ts';
import type { MessageKey } from '../i18n.ts';
import { Alert, Csrf, Layout, type View } from '../layout.tsx';
import { can } from '../permissions.ts';

const STATUS_BADGE: Readonly<Record<ModelSummary['status'], string>> = {
  candidate: 'neutral',
  approved: 'success',
  rejected: 'danger',
  production: 'active',
  retired: 'inactive',
};

const KINDS = ['gbm', 'forest', 'ebm', 'logistic'] as const;

/** A model kind in words. */
function kindLabel(v: View, kind: string): string {
  const known = KINDS.find((k) => k === kind);
  return known ? v.t(`kind.${known}`) : kind;
}

function StatusBadge(props: { readonly status: ModelSummary['status']; readonly v: View }) {
  return (
    <span class={`utrecht-status-badge utrecht-status-badge--${STATUS_BADGE[props.status]}`} data-status={props.status}>
      {props.v.t(`status.${props.status}`)}
    </span>
  );
}

export const ref = (m: { name: string; version: number }) => `${m.name}@${m.version}`;

/** A missing card field (`governance.legalBasis`) in words. */
function fieldLabel(v: View, field: string): string {
  const name = field.replace(/^governance\./, '');
  const known = REQUIRED_GOVERNANCE_FIELDS.find((f) => f === name);
  return known ? v.t(`field.${known}` as MessageKey) : name;
}

const REFUSALS = [
  'rationale-too-short',
  'own-version',
  'not-a-candidate',
  'already-recorded',
  'card-incomplete',
  'gate-not-overridden',
  'needless-override',
  'override-rationale-too-short',
] as const;

/**
 * Why a review was refused, in the reader's language: governance refusals carry a reason code
 * and its figures; a refusal without a known reason is shown with its own message.
 */
export function reviewRefusal(v: View, details: Readonly<Record<string, unknown>>, message: string): string {
  const { t } = v;
  const reason = REFUSALS.find((r) => r === details['reason']);
  if (!reason) return t('review.refused', { message });
  const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
  const conditions = list(details['conditions'])
    .map((c) => (GATE_OVERRIDES.some((o) => o === c) ? t(`review.override.${c as GateOverride}`) : c))
    .join('; ');
  const status = String(details['status'] ?? '');
  return t(`review.refusal.${reason}`, {
    min: String(details['min'] ?? ''),
    status: MODEL_STATUSES.some((s) => s === status) ? t(`status.${status as ModelStatus}`) : status,
    fields: list(details['missing'])
      .map((f) => fieldLabel(v, f))
      .join(', '),
    conditions,
  });
}

export function ModelsPage(props: { readonly v: View; readonly models: readonly ModelSummary[] }) {
  const { v, models } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('models.title')}>
      <h1 class="utrecht-heading-1" id="models-title">
        {t('models.title')}
      </h1>
      <p class="utrecht-paragraph">{t('models.intro')}</p>
      {models.length === 0 ? (
        <p class="utrecht-paragraph">{t('models.none')}</p>
      ) : (
        <div class="zicht-scroll">
          <table class="utrecht-table utrecht-table--html-table" id="models" aria-labelledby="models-title">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th scope="col" class="utrecht-table__header-cell">
                  {t('models.name')}
                </th>
                <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                  {t('models.version')}
                </th>
                <th scope="col" class="utrecht-table__header-cell">
                  {t('models.status')}
                </th>
                <th scope="col" class="utrecht-table__header-cell">
                  {t('models.kind')}
                </th>
                <th scope="col" class="utrecht-table__header-cell">
                  {t('models.verdict')}
                </th>
                <th scope="col" class="utrecht-table__header-cell">
                  {t('models.created')}
                </th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {models.map((m) => (
                <tr class="utrecht-table__row" data-ref={ref(m)}>
                  <th scope="row" class="utrecht-table__header-cell">
                    <a class="utrecht-link" href={`/modellen/${m.name}/${m.version}`}>
                      {ref(m)}
                    </a>
                  </th>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-data">{m.version}</td>
                  <td class="utrecht-table__cell">
                    <StatusBadge status={m.status} v={v} />
                    {m.synthetic ? ` (${t('models.synthetic')})` : ''}
                  </td>
                  <td class="utrecht-table__cell">{kindLabel(v, m.kind)}</td>
                  <td class="utrecht-table__cell">{m.verdict ? t(`verdictShort.${m.verdict}`) : '—'}</td>
                  <td class="utrecht-table__cell">{formatDate(v.lang, m.createdAt, false)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {models.length >= 2 ? (
        <form method="get" action="/modellen/vergelijk" class="utrecht-form zicht-inline-form">
          <h2 class="utrecht-heading-2" style="width:100%">
            {t('models.compare')}
          </h2>
          {(['a', 'b'] as const).map((side, i) => (
            <div class="utrecht-form-field">
              <div class="utrecht-form-field__label">
                <label class="utrecht-form-label" for={`compare-${side}`}>
                  {t(side === 'a' ? 'models.compareA' : 'models.compareB')}
                </label>
              </div>
              <div class="utrecht-form-field__input">
                <select class="utrecht-select utrecht-select--html-select" id={`compare-${side}`} name={side}>
                  {models.map((m, j) => (
                    <option value={ref(m)} selected={j === Math.min(i, models.length - 1)}>
                      {ref(m)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          ))}
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">
            {t('models.compareSubmit')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

export interface ReviewFormState {
  readonly decision?: ReviewDecision | undefined;
  readonly overrides?: readonly GateOverride[];
  readonly rationale?: string;
  readonly error?: string;
  readonly done?: string;
}

export function ModelPage(props: {
  readonly v: View;
  readonly model: ModelSummary;
  readonly cardHtml: string;
  readonly missing: readonly string[];
  /** The gate conditions this version fails: an approval must override each, deliberately. */
  readonly failures: readonly GateOverride[];
  readonly form: ReviewFormState;
}) {
  const { v, model, form } = props;
  const { t } = v;
  const r = ref(model);
  // Only a candidate can be reviewed (candidate → approved | rejected); the form shows where it can succeed.
  const reviewer =
    v.principal !== null &&
    can(v.principal.role, 'review') &&
    (model.status === 'candidate' || form.error !== undefined);
  return (
    <Layout v={v} title={t('card.title', { ref: r })}>
      <p class="utrecht-paragraph">
        {t('models.status')}: <StatusBadge status={model.status} v={v} />{' '}
        <a class="utrecht-link" href="/modellen">
          {t('card.allVersions')}
        </a>
      </p>
      {form.done ? (
        <Alert type="ok" id="review-done">
          {form.done}
        </Alert>
      ) : null}
      {/* the card is the page's content, full width, with its review history; the review form follows it */}
      <article class="zicht-card" id="card" dangerouslySetInnerHTML={{ __html: props.cardHtml }}></article>
      <h2 class="utrecht-heading-2">{t('card.missing')}</h2>
      {props.missing.length === 0 ? (
        <p class="utrecht-paragraph" id="missing-fields">
          {t('card.complete')}
        </p>
      ) : (
        <ul class="utrecht-unordered-list" id="missing-fields">
          {props.missing.map((f) => (
            <li class="utrecht-unordered-list__item">{fieldLabel(v, f)}</li>
          ))}
        </ul>
      )}
      {reviewer ? (
        <form
          method="post"
          action={`/modellen/${model.name}/${model.version}/oordeel`}
          class="utrecht-form"
          id="review-form"
          novalidate
        >
          <h2 class="utrecht-heading-2">{t('review.title')}</h2>
          <p class="utrecht-paragraph">{t('review.intro')}</p>
          {form.error ? (
            <Alert type="error" id="review-error">
              {form.error}
            </Alert>
          ) : null}
          <Csrf v={v} />
          <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
            <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
              {t('review.decision')}
            </legend>
            {REVIEW_DECISIONS.map((d) => (
              <div class="utrecht-form-field utrecht-form-field--radio">
                <input
                  class="utrecht-radio-button utrecht-radio-button--html-input"
                  type="radio"
                  id={`decision-${d}`}
                  name="decision"
                  value={d}
                  checked={form.decision === d}
                />
                <label class="utrecht-form-label utrecht-form-label--radio" for={`decision-${d}`}>
                  {' '}
                  {t(`review.${d}`)}
                </label>
              </div>
            ))}
          </fieldset>
          {props.failures.length ? (
            <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset" id="overrides">
              <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
                {t('review.overrides')}
              </legend>
              <p class="utrecht-paragraph">{t('review.overridesHelp')}</p>
              {props.failures.map((f) => (
                <div class="utrecht-form-field utrecht-form-field--checkbox">
                  <input
                    class="utrecht-checkbox utrecht-checkbox--html-input"
                    type="checkbox"
                    id={`override-${f}`}
                    name={`override-${f}`}
                    checked={form.overrides?.includes(f)}
                  />
                  <label class="utrecht-form-label utrecht-form-label--checkbox" for={`override-${f}`}>
                    {' '}
                    {t(`review.override.${f}`)}
                  </label>
                </div>
              ))}
            </fieldset>
          ) : null}
          <div class={`utrecht-form-field${form.error ? ' utrecht-form-field--invalid' : ''}`}>
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label" for="rationale">
                {t('review.rationale')}
              </label>
            </div>
            <div class="utrecht-form-field__description utrecht-form-field-description" id="rationale-help">
              {t('review.rationaleHelp')}
            </div>
            <div class="utrecht-form-field__input">
              <textarea
                class="utrecht-textarea utrecht-textarea--html-textarea"
                id="rationale"
                name="rationale"
                rows={5}
                aria-required="true"
                aria-describedby="rationale-help"
                aria-invalid={form.error ? 'true' : undefined}
              >
                {form.rationale ?? ''}
              </textarea>
            </div>
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {t('review.submit')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
