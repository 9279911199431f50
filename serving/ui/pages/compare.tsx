/** Two versions side by side: the summary, the disparity per group, the areas whose band changes. */
import type { BandChanges, CardComparison, Estimate } from '../deps.ts';
import { formatNumber } from '../i18n.ts';
import { Layout, type View } from '../layout.tsx';
import { BandBadge } from './map.tsx';
import { ref } from './models.tsx';

function ratio(v: View, e: (Estimate & { inBand: boolean }) | null): string {
  if (!e || e.estimate === null) return v.t('compare.noFigure');
  const f = (x: number | null) => (x === null ? '—' : formatNumber(v.lang, x, 2));
  return v.t('compare.ratio', {
    estimate: f(e.estimate),
    lo: f(e.lo),
    hi: f(e.hi),
    where: v.t(e.inBand ? 'compare.inBand' : 'compare.outBand'),
  });
}

const head = (cells: readonly string[]) => (
  <thead class="utrecht-table__header">
    <tr class="utrecht-table__row">
      {cells.map((c) => (
        <th scope="col" class="utrecht-table__header-cell">
          {c}
        </th>
      ))}
    </tr>
  </thead>
);

export function ComparePage(props: { readonly v: View; readonly cmp: CardComparison; readonly bands: BandChanges }) {
  const { v, cmp, bands } = props;
  const { t, lang } = v;
  const a = ref(cmp.a);
  const b = ref(cmp.b);
  const [lo, hi] = cmp.fairnessBand;
  return (
    <Layout v={v} title={t('compare.title', { a, b })}>
      <h1 class="utrecht-heading-1">{t('compare.title', { a, b })}</h1>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/modellen/${cmp.a.name}/${cmp.a.version}`}>
          {t('card.title', { ref: a })}
        </a>{' '}
        ·{' '}
        <a class="utrecht-link" href={`/modellen/${cmp.b.name}/${cmp.b.version}`}>
          {t('card.title', { ref: b })}
        </a>
      </p>
      <h2 class="utrecht-heading-2">{t('compare.summary')}</h2>
      <div class="zicht-scroll">
        <table class="utrecht-table utrecht-table--html-table zicht-compare" id="comparison">
          {head([t('compare.field'), a, b])}
          <tbody class="utrecht-table__body">
            {cmp.rows.map((row) => {
              const differs = row.a !== row.b;
              return (
                <tr class={`utrecht-table__row${differs ? ' zicht-differs' : ''}`}>
                  <th scope="row" class="utrecht-table__header-cell">
                    {row.label}
                    {differs ? <small> ({t('compare.differs')})</small> : null}
                  </th>
                  <td class="utrecht-table__cell">{row.a}</td>
                  <td class="utrecht-table__cell">{row.b}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2 class="utrecht-heading-2">{t('compare.disparity')}</h2>
      <p class="utrecht-paragraph">
        {t('compare.disparityIntro', { lo: formatNumber(lang, lo, 2), hi: formatNumber(lang, hi, 2) })}
      </p>
      <div class="zicht-scroll">
        <table class="utrecht-table utrecht-table--html-table zicht-compare" id="disparity">
          {head([t('compare.group'), a, b])}
          <tbody class="utrecht-table__body">
            {cmp.disparity.map((d) => (
              <tr class={`utrecht-table__row${d.a?.inBand !== d.b?.inBand ? ' zicht-differs' : ''}`}>
                <th scope="row" class="utrecht-table__header-cell">
                  {t('compare.against', { group: d.group, reference: d.reference })}
                </th>
                <td class="utrecht-table__cell">{ratio(v, d.a)}</td>
                <td class="utrecht-table__cell">{ratio(v, d.b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 class="utrecht-heading-2">{t('compare.bands')}</h2>
      <p class="utrecht-paragraph" id="band-summary">
        {t('compare.bandsSummary', { changed: bands.areas.length, compared: bands.compared, a, b })}
      </p>
      {bands.areas.length > 0 ? (
        <div class="zicht-scroll">
          <table class="utrecht-table utrecht-table--html-table" id="band-changes">
            {head([t('table.area'), t('compare.municipality'), a, b])}
            <tbody class="utrecht-table__body">
              {bands.areas.map((x) => (
                <tr class="utrecht-table__row" data-code={x.code}>
                  <th scope="row" class="utrecht-table__header-cell">
                    {x.name}
                  </th>
                  <td class="utrecht-table__cell">{x.gemeente}</td>
                  <td class="utrecht-table__cell">{x.a ? <BandBadge band={x.a} v={v} /> : t('compare.notScored')}</td>
                  <td class="utrecht-table__cell">{x.b ? <BandBadge band={x.b} v={v} /> : t('compare.notScored')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2 class="utrecht-heading-2">{t('compare.changes')}</h2>
      {cmp.changes.length === 0 ? (
        <p class="utrecht-paragraph">{t('compare.noChanges')}</p>
      ) : (
        <ul class="utrecht-unordered-list" id="changes">
          {cmp.changes.map((c) => (
            <li class="utrecht-unordered-list__item">
              {c.what} — {c.why}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
