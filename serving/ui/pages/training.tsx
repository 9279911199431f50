/** Training runs, data-quality reports and the start-a-run form. */
import type { QualityReport, StoredConfig, TrainingRun } from '../deps.ts';
import { Alert, Csrf, Layout, type View } from '../layout.tsx';
import { can } from '../permissions.ts';

const CHECK_BADGE = { ok: 'success', warn: 'warning', fail: 'danger' } as const;
const RUN_BADGE = { queued: 'neutral', running: 'active', succeeded: 'success', failed: 'danger' } as const;

export function TrainingPage(props: {
  readonly v: View;
  readonly runs: readonly TrainingRun[];
  readonly configs: readonly StoredConfig[];
  readonly reports: readonly QualityReport[];
  readonly notice?: { type: 'ok' | 'error'; text: string } | undefined;
}) {
  const { v, runs, configs, reports } = props;
  const { t } = v;
  const mayStart = v.principal !== null && can(v.principal.role, 'start_training');
  return (
    <Layout v={v} title={t('training.title')}>
      <h1 class="utrecht-heading-1">{t('training.title')}</h1>
      {props.notice ? (
        <Alert type={props.notice.type} id="training-notice">
          {props.notice.text}
        </Alert>
      ) : null}
      {mayStart ? (
        <section>
          <h2 class="utrecht-heading-2">{t('training.start')}</h2>
          {configs.length === 0 ? (
            <p class="utrecht-paragraph">{t('training.noConfigs')}</p>
          ) : (
            <form method="post" action="/training" class="utrecht-form zicht-inline-form" id="start-run">
              <Csrf v={v} />
              <div class="utrecht-form-field">
                <div class="utrecht-form-field__label">
                  <label class="utrecht-form-label" for="config">
                    {t('training.configLabel')}
                  </label>
                </div>
                <div class="utrecht-form-field__input">
                  <select class="utrecht-select utrecht-select--html-select" id="config" name="config">
                    {configs.map((c) => (
                      <option value={c.name}>{c.description ? `${c.name} — ${c.description}` : c.name}</option>
                    ))}
                  </select>
                </div>
              </div>
              <button type="submit" class="utrecht-button utrecht-button--primary-action">
                {t('training.startSubmit')}
              </button>
            </form>
          )}
        </section>
      ) : null}
      <h2 class="utrecht-heading-2">{t('training.runs')}</h2>
      {runs.length === 0 ? (
        <p class="utrecht-paragraph">{t('training.noRuns')}</p>
      ) : (
        <table class="utrecht-table utrecht-table--html-table" id="runs">
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th scope="col" class="utrecht-table__header-cell">
                {t('training.id')}
              </th>
              <th scope="col" class="utrecht-table__header-cell">
                {t('training.config')}
              </th>
              <th scope="col" class="utrecht-table__header-cell">
                {t('training.status')}
              </th>
              <th scope="col" class="utrecht-table__header-cell">
                {t('training.progress')}
              </th>
              <th scope="col" class="utrecht-table__header-cell">
                {t('training.started')}
              </th>
              <th scope="col" class="utrecht-table__header-cell">
                {t('training.result')}
              </th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {runs.map((r) => {
              const pct = Math.round(Math.min(1, Math.max(0, r.progress)) * 100);
              return (
                <tr class="utrecht-table__row" data-run={r.id}>
                  <th scope="row" class="utrecht-table__header-cell">
                    <code>{r.id}</code>
                  </th>
                  <td class="utrecht-table__cell">{r.configName}</td>
                  <td class="utrecht-table__cell">
                    <span class={`utrecht-status-badge utrecht-status-badge--${RUN_BADGE[r.status]}`}>
                      {t(`run.${r.status}`)}
                    </span>
                  </td>
                  <td class="utrecht-table__cell">
                    <progress
                      id={`progress-${r.id}`}
                      max={100}
                      value={pct}
                      aria-label={`${t('training.progress')} ${r.id}`}
                    >
                      {pct}%
                    </progress>{' '}
                    {pct}%
                  </td>
                  <td class="utrecht-table__cell">{r.startedAt.replace('T', ' ').slice(0, 16)}</td>
                  <td class="utrecht-table__cell">{r.modelVersion ?? r.error ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2 class="utrecht-heading-2">{t('training.quality')}</h2>
      {reports.length === 0 ? (
        <p class="utrecht-paragraph">{t('training.noQuality')}</p>
      ) : (
        reports.map((q) => (
          <section class="zicht-quality">
            <h3 class="utrecht-heading-3">
              {q.source} · {q.period}{' '}
              <small>
                ({q.ingestId}, {t('training.rows', { rows: q.rows })})
              </small>
            </h3>
            <table class="utrecht-table utrecht-table--html-table">
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th scope="col" class="utrecht-table__header-cell">
                    {t('training.check')}
                  </th>
                  <th scope="col" class="utrecht-table__header-cell">
                    {t('training.checkStatus')}
                  </th>
                  <th scope="col" class="utrecht-table__header-cell">
                    {t('training.detail')}
                  </th>
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {q.checks.map((c) => (
                  <tr class="utrecht-table__row">
                    <th scope="row" class="utrecht-table__header-cell">
                      {c.name}
                    </th>
                    <td class="utrecht-table__cell">
                      <span class={`utrecht-status-badge utrecht-status-badge--${CHECK_BADGE[c.status]}`}>
                        {t(`check.${c.status}`)}
                      </span>
                    </td>
                    <td class="utrecht-table__cell">{c.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}
    </Layout>
  );
}
