/** The municipality map page: meaning first, then the map and the ranked table, linked both ways. */
import type { AreaMap, Band, MapArea } from '../deps.ts';
import { BANDS } from '../deps.ts';
import { formatScore } from '../format.ts';
import { Layout, SyntheticBanner, type View } from '../layout.tsx';
import { MapLegend, MapSvg, linkRules } from '../map-svg.tsx';
import { ModelLine, PrintMeta, ScoreIntro } from './score-intro.tsx';

export function BandBadge(props: { readonly band: Band; readonly v: View }) {
  return <span class={`zicht-band zicht-band--${props.band}`}>{props.v.t(`band.${props.band}`)}</span>;
}

/** The threshold of each band in words, for the legend ("vanaf 40%", "onder 5%"). */
function thresholds(v: View, map: AreaMap): Record<Band, string> {
  const { bands, unit } = map.context;
  const f = (x: number) => formatScore(v.t, v.lang, x, unit);
  const out = {} as Record<Band, string>;
  for (const b of BANDS)
    out[b] =
      b === 'laag' ? v.t('legend.below', { value: f(bands.gemiddeld) }) : v.t('legend.from', { value: f(bands[b]) });
  return out;
}

export function MapPage(props: { readonly v: View; readonly map: AreaMap }) {
  const { v, map } = props;
  const { t, lang } = v;
  const c = map.context;
  const name = map.gemeente.name;
  const order = (a: MapArea) => a.rank ?? Number.POSITIVE_INFINITY;
  const ranked = [...map.areas].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  const scored = ranked.filter((a) => !a.suppressed && a.score !== null && a.band !== null);
  const missing = map.areas.filter((a) => a.geometry === null).length;
  const score = (a: MapArea) => formatScore(t, lang, a.score!, c.unit);
  const areaLabel = (a: MapArea) =>
    t('map.areaLabel', { rank: a.rank ?? '—', name: a.name, score: score(a), band: t(`band.${a.band!}`) });
  return (
    <Layout
      v={v}
      title={t('map.title', { name })}
      style={linkRules(scored.map((a) => a.code))}
      print={<PrintMeta v={v} context={c} what={t('map.title', { name })} />}
    >
      {c.synthetic ? <SyntheticBanner t={t} /> : null}
      <h1 class="utrecht-heading-1">{t('map.title', { name })}</h1>
      <ScoreIntro v={v} context={c} />
      <p class="utrecht-paragraph zicht-no-print" id="export">
        <a class="utrecht-link" href={`/kaart/${map.gemeente.code}/export.csv`} download>
          {t('map.export', { name })}
        </a>{' '}
        <small>{t('map.printHint')}</small>
      </p>
      <div class="zicht-columns zicht-mapview">
        <div>
          <a class="utrecht-link zicht-skip" href="#ranking" id="skip-map">
            {t('map.skip')}
          </a>
          <MapSvg
            areas={map.areas}
            title={t('map.svgTitle', { name })}
            description={t('map.svgDesc')}
            t={t}
            lang={lang}
            areaLabel={areaLabel}
          />
          <MapLegend t={t} thresholds={thresholds(v, map)} />
          {missing > 0 ? <p class="utrecht-paragraph">{t('map.noGeometry', { count: missing })}</p> : null}
        </div>
        <div class="zicht-scroll">
          <table class="utrecht-table utrecht-table--html-table" id="ranking" tabindex={-1}>
            <caption class="utrecht-table__caption">{t('map.ranking', { name })}</caption>
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
              {ranked.map((a) => {
                const shown = !a.suppressed && a.score !== null && a.band !== null;
                return (
                  <tr class="utrecht-table__row" data-code={a.code}>
                    <td class="utrecht-table__cell utrecht-table__cell--numeric-data">{shown ? a.rank : '—'}</td>
                    <th scope="row" class="utrecht-table__header-cell">
                      {shown ? (
                        <a class="utrecht-link" href={`/gebied/${encodeURIComponent(a.code)}`}>
                          {a.name}
                        </a>
                      ) : (
                        <span>
                          {a.name} <small>({t(`level.${a.level}`)})</small>
                        </span>
                      )}
                    </th>
                    <td class="utrecht-table__cell utrecht-table__cell--numeric-data">{shown ? score(a) : '—'}</td>
                    <td class="utrecht-table__cell">
                      {shown ? <BandBadge band={a.band!} v={v} /> : t('map.suppressed')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      <ModelLine v={v} context={c} />
    </Layout>
  );
}
