/** What every page with scores says first: what the score means, the verdict, the bands, the caveat. */
import type { ScoreContext } from '../deps.ts';
import { bandsSentence, formatDate, periodLabel } from '../format.ts';
import type { View } from '../layout.tsx';

const cardHref = (c: ScoreContext) => `/modellen/${c.model.name}/${c.model.version}`;

/** The meaning of the score in its unit, the version's verdict beside it, the band thresholds and the caveat. */
export function ScoreIntro(props: { readonly v: View; readonly context: ScoreContext }) {
  const { v, context: c } = props;
  const { t, lang } = v;
  return (
    <section class="zicht-intro" aria-label={t('intro.label')}>
      <p class="utrecht-paragraph zicht-meaning" id="meaning">
        {c.meaning} <span class="zicht-unit">{t('intro.unit', { unit: c.unit.label })}</span>
      </p>
      <p class={`utrecht-paragraph zicht-verdict zicht-verdict--${c.verdict}`} id="verdict">
        <strong>{t(`verdict.${c.verdict}`)}</strong>{' '}
        <a class="utrecht-link" href={cardHref(c)}>
          {t('intro.verdictHow', { version: `${c.model.name}@${c.model.version}` })}
        </a>
      </p>
      <p class="utrecht-paragraph" id="bands">
        {bandsSentence(t, lang, c.bands, c.unit)}
      </p>
      <p class="utrecht-paragraph zicht-caveat" id="caveat">
        {t('area.caveat')}
      </p>
    </section>
  );
}

/** The block a printed page carries on top: when, which version and period, its verdict, the caveat. */
export function PrintMeta(props: { readonly v: View; readonly context: ScoreContext; readonly what: string }) {
  const { v, context: c } = props;
  const { t, lang } = v;
  return (
    <div id="print-meta">
      <p>
        <strong>{props.what}</strong> — {t('print.date', { date: formatDate(lang, new Date()) })}
      </p>
      <p>
        {t('print.model', {
          version: `${c.model.name}@${c.model.version}`,
          period: periodLabel(t, c.period),
          vintage: c.vintage,
        })}
      </p>
      <p>
        {t('print.verdict')} {t(`verdict.${c.verdict}`)}
      </p>
      <p>{t('area.caveat')}</p>
      {c.synthetic ? <p>{t('synthetic.banner')}</p> : null}
    </div>
  );
}

/** The last line of a map or area page: which version said this, from which year's indicators and boundaries. */
export function ModelLine(props: { readonly v: View; readonly context: ScoreContext }) {
  const { t } = props.v;
  const c = props.context;
  return (
    <p class="utrecht-paragraph utrecht-paragraph--small">
      {t('map.model', {
        version: `${c.model.name}@${c.model.version}`,
        period: periodLabel(t, c.period),
        vintage: c.vintage,
      })}
    </p>
  );
}
