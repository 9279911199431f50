/** Training runs (live while one is busy), one run's page, data-quality reports and the start-a-run form. */
import type { QualityCheck, QualityReport, StoredConfig, TrainingRun } from '../deps.ts';
import { formatDate, formatDuration, periodLabel } from '../format.ts';
import { formatNumber, type MessageKey } from '../i18n.ts';
import { Alert, Csrf, Layout, type View } from '../layout.tsx';
import { can } from '../permissions.ts';

const CHECK_BADGE = { ok: 'success', warn: 'warning', fail: 'danger' } as const;
const RUN_BADGE = { queued: 'neutral', running: 'active', succeeded: 'success', failed: 'danger' } as const;
/** Seconds between refreshes while a run is queued or running. */
const REFRESH_SECONDS = 3;

/** The stages the training job reports, in words. */
const STAGES: Readonly<Record<string, MessageKey>> = {
  'waiting for the run before it': 'stage.waiting',
  starting: 'stage.starting',
  dataset: 'stage.dataset',
  'cross-validation': 'stage.cv',
  'final model': 'stage.final',
  'temporal holdout': 'stage.holdout',
  baselines: 'stage.baselines',
  evaluation: 'stage.evaluation',
  'label bias: the same model on reported labels': 'stage.labelBias',
  'scoring all areas': 'stage.scoring',
  registering: 'stage.registering',
  done: 'stage.done',
};
const METRICS: Readonly<Record<string, MessageKey>> = {
  auc: 'metric.auc',
  prAuc: 'metric.prAuc',
  brier: 'metric.brier',
  ece: 'metric.ece',
  logLoss: 'metric.logLoss',
  poissonDeviance: 'metric.poissonDeviance',
  holdoutAuc: 'metric.holdoutAuc',
};

const LEVELS = ['gemeente', 'wijk', 'buurt'] as const;
const active = (r: TrainingRun) => r.status === 'queued' || r.status === 'running';
const stageWords = (v: View, stage: string | null) => {
  if (stage === null) return null;
  const key = STAGES[stage];
  return key ? v.t(key) : v.t('stage.other');
};
const duration = (v: View, r: TrainingRun) =>
  r.finishedAt ? formatDuration(v.t, Date.parse(r.finishedAt) - Date.parse(r.startedAt)) : null;

function Progress(props: { readonly v: View; readonly run: TrainingRun }) {
  const { v, run: r } = props;
  const pct = Math.round(Math.min(1, Math.max(0, r.progress)) * 100);
  const stage = stageWords(v, r.stage);
  return (
    <span>
      <progress id={`progress-${r.id}`} max={100} value={pct} aria-label={v.t('training.progressOf', { id: r.id })}>
        {pct}%
      </progress>{' '}
      {pct}%{stage ? <small> · {stage}</small> : null}
    </span>
  );
}

function Result(props: { readonly v: View; readonly run: TrainingRun }) {
  const { v, run: r } = props;
  if (r.error) return <span>{r.error}</span>;
  if (!r.model) return <span>—</span>;
  return (
    <span>
      <a class="utrecht-link" href={`/modellen/${r.model.name}/${r.model.version}`}>
        {`${r.model.name}@${r.model.version}`}
      </a>
      {r.verdict ? <span>: {v.t(`verdictShort.${r.verdict}`)}</span> : null}
    </span>
  );
}

function checkName(v: View, c: QualityCheck): string {
  if (c.kind === 'areas') return v.t('check.areas');
  if (c.kind === 'unmatched') return v.t('check.unmatched');
  if (c.kind === 'missing') return v.t('check.missing', { measure: c.measure ?? '' });
  return v.t('check.outOfRange', { measure: c.measure ?? '' });
}

function checkDetail(v: View, c: QualityCheck): string {
  const f = c.figures;
  const pct = (x: number | undefined) => `${formatNumber(v.lang, 100 * (x ?? 0), 1)}%`;
  if (c.kind === 'areas')
    return Object.entries(f)
      .map(([level, n]) => {
        const known = LEVELS.find((l) => l === level);
        return `${formatNumber(v.lang, n, 0)} ${known ? v.t(`levels.${known}`) : level}`;
      })
      .join(', ');
  if (c.kind === 'missing')
    return v.t('check.missingDetail', { missing: pct(f['missing']), suppressed: pct(f['suppressed']) });
  if (c.kind === 'out-of-range') return v.t('check.outOfRangeDetail', { count: f['count'] ?? 0 });
  return v.t('check.unmatchedDetail', { count: f['count'] ?? 0 });
}

function QualityReports(props: { readonly v: View; readonly reports: readonly QualityReport[] }) {
  const { v, reports } = props;
  const { t } = v;
  if (reports.length === 0) return <p class="utrecht-paragraph">{t('training.noQuality')}</p>;
  return (
    <>
      {reports.map((q) => (
        <section class="zicht-quality">
          <h3 class="utrecht-heading-3">
            {q.source} ·{' '}
            {q.period
              .split(/,\s*/)
              .map((p) => periodLabel(v.t, p))
              .join(', ')}{' '}
            <small>
              ({formatDate(v.lang, q.createdAt)}, {t('training.rows', { rows: formatNumber(v.lang, q.rows, 0) })})
            </small>
          </h3>
          <div class="zicht-scroll">
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
                      {checkName(v, c)}
                    </th>
                    <td class="utrecht-table__cell">
                      <span class={`utrecht-status-badge utrecht-status-badge--${CHECK_BADGE[c.status]}`}>
                        {t(`check.${c.status}`)}
                      </span>
                    </td>
                    <td class="utrecht-table__cell">{checkDetail(v, c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

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
  const busy = runs.some(active);
  return (
    <Layout v={v} title={t('training.title')} {...(busy ? { refresh: REFRESH_SECONDS } : {})}>
      <h1 class="utrecht-heading-1">{t('training.title')}</h1>
      {props.notice ? (
        <Alert type={props.notice.type} id="training-notice">
          {props.notice.text}
        </Alert>
      ) : null}
      {busy ? (
        <p class="utrecht-paragraph" id="live">
          {t('training.live', { seconds: REFRESH_SECONDS })}
        </p>
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
        <div class="zicht-scroll">
          <table class="utrecht-table utrecht-table--html-table" id="runs">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                {(
                  [
                    'training.id',
                    'training.config',
                    'training.status',
                    'training.progress',
                    'training.started',
                    'training.duration',
                    'training.result',
                  ] as const
                ).map((k) => (
                  <th scope="col" class="utrecht-table__header-cell">
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {runs.map((r) => (
                <tr class="utrecht-table__row" data-run={r.id} data-origin={r.origin}>
                  <th scope="row" class="utrecht-table__header-cell">
                    {r.origin === 'ui' ? (
                      <a class="utrecht-link" href={`/training/runs/${encodeURIComponent(r.id)}`}>
                        <code>{r.id}</code>
                      </a>
                    ) : (
                      <span>{t('training.cli')}</span>
                    )}
                  </th>
                  <td class="utrecht-table__cell">
                    {r.configName ?? (r.startedBy ? t('training.by', { who: r.startedBy }) : '—')}
                  </td>
                  <td class="utrecht-table__cell">
                    <span class={`utrecht-status-badge utrecht-status-badge--${RUN_BADGE[r.status]}`}>
                      {t(`run.${r.status}`)}
                    </span>
                  </td>
                  <td class="utrecht-table__cell">{r.origin === 'ui' ? <Progress v={v} run={r} /> : '—'}</td>
                  <td class="utrecht-table__cell">{formatDate(v.lang, r.startedAt)}</td>
                  <td class="utrecht-table__cell">{duration(v, r) ?? '—'}</td>
                  <td class="utrecht-table__cell">
                    <Result v={v} run={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 class="utrecht-heading-2">{t('training.quality')}</h2>
      <QualityReports v={v} reports={reports} />
    </Layout>
  );
}

/** One run: live progress while it runs; its duration, metrics, verdict and version when done. */
export function RunPage(props: {
  readonly v: View;
  readonly run: TrainingRun;
  readonly notice?: { type: 'ok' | 'error'; text: string } | undefined;
}) {
  const { v, run: r } = props;
  const { t } = v;
  const metrics = Object.entries(r.metrics).filter(([k]) => METRICS[k]);
  const elapsed = r.finishedAt ? duration(v, r) : formatDuration(t, Date.now() - Date.parse(r.startedAt));
  return (
    <Layout v={v} title={t('run.title', { id: r.id })} {...(active(r) ? { refresh: REFRESH_SECONDS } : {})}>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/training">
          {t('run.back')}
        </a>
      </p>
      <h1 class="utrecht-heading-1">{t('run.title', { id: r.id })}</h1>
      {props.notice ? (
        <Alert type={props.notice.type} id="training-notice">
          {props.notice.text}
        </Alert>
      ) : null}
      {active(r) ? (
        <p class="utrecht-paragraph" id="live">
          {t('training.live', { seconds: REFRESH_SECONDS })}
        </p>
      ) : null}
      <dl class="utrecht-data-list zicht-summary" id="run">
        {(
          [
            ['training.config', r.configName ?? '—'],
            ['training.status', t(`run.${r.status}`)],
            ['training.progress', <Progress v={v} run={r} />],
            ['training.started', formatDate(v.lang, r.startedAt)],
            [r.finishedAt ? 'training.duration' : 'run.elapsed', elapsed ?? '—'],
            ['training.result', <Result v={v} run={r} />],
          ] as const
        ).map(([k, value]) => (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t(k)}</dt>
            <dd class="utrecht-data-list__item-value" data-field={k}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {r.verdict ? (
        <p class={`utrecht-paragraph zicht-verdict zicht-verdict--${r.verdict}`} id="verdict">
          <strong>{t(`verdict.${r.verdict}`)}</strong>
        </p>
      ) : null}
      {metrics.length > 0 ? (
        <>
          <h2 class="utrecht-heading-2">{t('run.metrics')}</h2>
          <table class="utrecht-table utrecht-table--html-table" id="metrics">
            <tbody class="utrecht-table__body">
              {metrics.map(([k, x]) => (
                <tr class="utrecht-table__row">
                  <th scope="row" class="utrecht-table__header-cell">
                    {t(METRICS[k]!)}
                  </th>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-data">{formatNumber(v.lang, x, 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Layout>
  );
}
