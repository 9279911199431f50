/** The municipality map page and the area page. */
import type { AreaDetail, AreaMap } from '../deps.ts';
import { formatNumber, formatScore } from '../i18n.ts';
import { Layout, SyntheticBanner, type View } from '../layout.tsx';
import { MapLegend, MapSvg } from '../map-svg.tsx';
import { Sparkline, Waterfall } from '../charts.tsx';

export function BandBadge(props: { readonly band: AreaDetail['band']; readonly v: View }) {
  return <span class={`zicht-band zicht-band--${props.band}`}>{props.v.t(`band.${props.band}`)}</span>;
}

export function MapPage(props: { readonly v: View; readonly map: AreaMap }) {
  const { v, map } = props;
  const { t, lang } = v;
  const name = map.gemeente.name;
  const ranked = [...map.areas].sort(
    (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name),
  );
  const missing = map.areas.filter((a) => a.geometry === null).length;
  return (
    <Layout v={v} title={t('map.title', { name })}>
      {map.synthetic ? <SyntheticBanner t={t} /> : null}
      <h1 class="utrecht-heading-1">{t('map.title', { name })}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--small">
        {t('map.model', { version: map.modelVersion, vintage: map.vintage })}
      </p>
      <p class="utrecht-paragraph zicht-caveat">{t('area.caveat')}</p>
      <div class="zicht-columns">
        <div>
          <MapSvg
            areas={map.areas}
            title={t('map.svgTitle', { name })}
            description={t('map.svgDesc')}
            t={t}
            lang={lang}
          />
          <MapLegend t={t} />
          {missing > 0 ? <p class="utrecht-paragraph">{t('map.noGeometry', { count: missing })}</p> : null}
        </div>
        <div class="utrecht-table-container">
          <table class="utrecht-table utrecht-table--html-table" id="ranking">
            <caption class="utrecht-table__caption">{t('map.ranking')}</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                  {t('table.rank')}
                </th>
                <th scope="col" class="utrecht-table__header-cell">
                  {t('table.area')}
                </th>
                <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                  {t('table.score')}
                </th>
                <th scope="col" class="utrecht-table__header-cell">
                  {t('table.band')}
                </th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {ranked.map((a) => (
                <tr class="utrecht-table__row" data-code={a.code}>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-data">{a.rank ?? '—'}</td>
                  <th scope="row" class="utrecht-table__header-cell">
                    {a.suppressed || a.score === null ? (
                      <span>
                        {a.name} <small>({t(`level.${a.level}`)})</small>
                      </span>
                    ) : (
                      <a class="utrecht-link" href={`/gebied/${encodeURIComponent(a.code)}`}>
                        {a.name}
                      </a>
                    )}
                  </th>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-data">
                    {a.suppressed || a.score === null ? '—' : formatNumber(lang, a.score)}
                  </td>
                  <td class="utrecht-table__cell">
                    {a.suppressed || a.band === null ? t('map.suppressed') : <BandBadge band={a.band} v={v} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Layout>
  );
}

export function AreaPage(props: { readonly v: View; readonly area: AreaDetail }) {
  const { v, area } = props;
  const { t, lang } = v;
  const first = area.trend[0];
  const last = area.trend[area.trend.length - 1];
  return (
    <Layout v={v} title={area.name}>
      {area.synthetic ? <SyntheticBanner t={t} /> : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/kaart/${area.gemeente.code}`}>
          {t('area.backToMap', { name: area.gemeente.name })}
        </a>
      </p>
      <h1 class="utrecht-heading-1">
        {area.name}{' '}
        <small>
          ({area.code}, {t(`level.${area.level}`)})
        </small>
      </h1>
      <p class="utrecht-paragraph" id="meaning">
        {area.meaning}
      </p>
      <p class={`utrecht-paragraph zicht-verdict zicht-verdict--${area.verdict.status}`} id="verdict">
        <strong>{t(`verdict.${area.verdict.status}`)}</strong> {area.verdict.reasons.join(' ')}
      </p>
      <p class="utrecht-paragraph zicht-caveat" id="caveat">
        {t('area.caveat')}
      </p>
      <h2 class="utrecht-heading-2">{t('area.summary')}</h2>
      <dl class="utrecht-data-list zicht-summary">
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('area.score')}</dt>
          <dd class="utrecht-data-list__item-value" id="score">
            {formatScore(lang, area.score, area.unit)}
          </dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('area.band')}</dt>
          <dd class="utrecht-data-list__item-value">
            <BandBadge band={area.band} v={v} />
          </dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('area.rank')}</dt>
          <dd class="utrecht-data-list__item-value" id="rank">
            {t('area.rankValue', {
              position: String(area.rank.position),
              of: String(area.rank.of),
              name: area.gemeente.name,
            })}
          </dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('area.interval')}</dt>
          <dd class="utrecht-data-list__item-value">
            {t('area.intervalValue', {
              low: formatScore(lang, area.interval.low, area.unit),
              high: formatScore(lang, area.interval.high, area.unit),
            })}{' '}
            <small>({area.interval.method})</small>
          </dd>
        </div>
        {first && last ? (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('area.trend')}</dt>
            <dd class="utrecht-data-list__item-value">
              <Sparkline points={area.trend} label={t('area.trendDesc', { first: first.period, last: last.period })} />
              <span> {area.trend.map((p) => `${p.period}: ${formatNumber(lang, p.score)}`).join(' · ')}</span>
            </dd>
          </div>
        ) : null}
      </dl>
      <h2 class="utrecht-heading-2">{t('area.reasons')}</h2>
      <ul class="utrecht-unordered-list" id="reasons">
        {area.reasons.map((r) => (
          <li class="utrecht-unordered-list__item">{r}</li>
        ))}
      </ul>
      <h2 class="utrecht-heading-2">{t('area.contributions')}</h2>
      <Waterfall baseValue={area.baseValue} contributions={area.contributions} t={t} lang={lang} />
      <details>
        <summary>{t('area.contributions')}</summary>
        <table class="utrecht-table utrecht-table--html-table">
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th scope="col" class="utrecht-table__header-cell">
                {t('area.indicator')}
              </th>
              <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                {t('area.value')}
              </th>
              <th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
                {t('area.contribution')}
              </th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {[...area.contributions]
              .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
              .map((c) => (
                <tr class="utrecht-table__row">
                  <th scope="row" class="utrecht-table__header-cell">
                    {c.label}
                  </th>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-data">
                    {c.value === null ? t('area.noValue') : formatNumber(lang, c.value)}
                  </td>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-data">
                    {formatNumber(lang, c.contribution, 3)}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
      <p class="utrecht-paragraph utrecht-paragraph--small">
        {t('area.model', { version: area.modelVersion, vintage: area.vintage })}
      </p>
    </Layout>
  );
}
