/** One area: what the score means, where it lies with its interval, its course over time, and why. */
import type { AreaDetail, Reason } from '../deps.ts';
import { formatDelta, formatScore, periodLabel } from '../format.ts';
import { Layout, SyntheticBanner, type View } from '../layout.tsx';
import { ScoreScale, TrendChart, Waterfall } from '../charts.tsx';
import { BandBadge } from './map.tsx';
import { ModelLine, PrintMeta, ScoreIntro } from './score-intro.tsx';

function ReasonList(props: { readonly v: View; readonly id: string; readonly reasons: readonly Reason[] }) {
  if (props.reasons.length === 0)
    return (
      <p class="utrecht-paragraph" id={props.id}>
        {props.v.t('area.noReasons')}
      </p>
    );
  return (
    <ul class="utrecht-unordered-list" id={props.id}>
      {props.reasons.map((r) => (
        <li class="utrecht-unordered-list__item">{r.text}</li>
      ))}
    </ul>
  );
}

export function AreaPage(props: { readonly v: View; readonly area: AreaDetail }) {
  const { v, area } = props;
  const { t, lang } = v;
  const c = area.context;
  const show = (x: number) => formatScore(t, lang, x, c.unit);
  const up = area.reasons.filter((r) => r.direction === 'up').slice(0, 5);
  const down = area.reasons.filter((r) => r.direction === 'down').slice(0, 5);
  const years = area.trend.map((p) => periodLabel(t, p.period));
  return (
    <Layout
      v={v}
      title={area.name}
      print={<PrintMeta v={v} context={c} what={`${area.name}, ${area.gemeente.name}`} />}
    >
      {c.synthetic ? <SyntheticBanner t={t} /> : null}
      <p class="utrecht-paragraph zicht-no-print">
        <a class="utrecht-link" href={`/kaart/${area.gemeente.code}`}>
          {t('area.backToMap', { name: area.gemeente.name })}
        </a>
      </p>
      <h1 class="utrecht-heading-1">
        {area.name}{' '}
        <small>{t('area.where', { level: t(`level.${area.level}`), name: area.gemeente.name, code: area.code })}</small>
      </h1>
      <ScoreIntro v={v} context={c} />
      <h2 class="utrecht-heading-2">{t('area.summary')}</h2>
      <dl class="utrecht-data-list zicht-summary">
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('area.score')}</dt>
          <dd class="utrecht-data-list__item-value" id="score">
            {show(area.score)}
          </dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('area.band')}</dt>
          <dd class="utrecht-data-list__item-value" id="band">
            <BandBadge band={area.band} v={v} />
          </dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('area.rank', { name: area.gemeente.name })}</dt>
          <dd class="utrecht-data-list__item-value" id="rank">
            {t('area.rankValue', { position: area.rank.position, of: area.rank.of })}
          </dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('area.interval')}</dt>
          <dd class="utrecht-data-list__item-value" id="interval">
            {t('area.intervalValue', { low: show(area.interval.low), high: show(area.interval.high) })}
          </dd>
        </div>
      </dl>
      <ScoreScale score={area.score} interval={area.interval} bands={c.bands} unit={c.unit} t={t} lang={lang} />
      <p class="utrecht-paragraph" id="interval-method">
        {t('area.intervalMethod', { method: c.intervalMethod })}
      </p>
      <h2 class="utrecht-heading-2">{t('area.trend')}</h2>
      <TrendChart points={area.trend} bands={c.bands} unit={c.unit} t={t} lang={lang} />
      <p class="utrecht-paragraph" id="trend-text">
        {area.trend.map((p, i) => `${years[i]}: ${show(p.score)}`).join(' · ')}
      </p>
      {area.trend.length < 3 ? (
        <p class="utrecht-paragraph" id="trend-note">
          {t(area.trend.length === 1 ? 'area.trendOne' : 'area.trendFew', { years: years.join(', ') })}
        </p>
      ) : null}
      <section class="zicht-reasons" aria-labelledby="reasons-title">
        <h2 class="utrecht-heading-2" id="reasons-title">
          {t('area.reasons')}
        </h2>
        <p class="utrecht-paragraph">{t('area.reasonsIntro', { name: area.gemeente.name })}</p>
        <h3 class="utrecht-heading-3">{t('area.raises')}</h3>
        <ReasonList v={v} id="reasons-up" reasons={up} />
        <h3 class="utrecht-heading-3">{t('area.lowers')}</h3>
        <ReasonList v={v} id="reasons-down" reasons={down} />
      </section>
      <details id="details" class="zicht-no-print">
        <summary>{t('area.details')}</summary>
        <p class="utrecht-paragraph">
          {t('area.waterfallIntro', { base: show(area.baseScore), score: show(area.score) })}
        </p>
        <Waterfall
          baseScore={area.baseScore}
          score={area.score}
          contributions={area.contributions}
          unit={c.unit}
          t={t}
          lang={lang}
        />
        <div class="zicht-scroll">
          <table class="utrecht-table utrecht-table--html-table" id="contributions">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th scope="col" class="utrecht-table__header-cell">
                  {t('area.indicator')}
                </th>
                <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                  {t('area.value')}
                </th>
                <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                  {t('area.effect', { unit: c.unit.label })}
                </th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {area.contributions.map((x) => (
                <tr class="utrecht-table__row">
                  <th scope="row" class="utrecht-table__header-cell">
                    {x.label}
                  </th>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-data">{x.value ?? t('area.noValue')}</td>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-data">
                    {formatDelta(t, lang, x.effect, c.unit)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <ModelLine v={v} context={c} />
    </Layout>
  );
}
