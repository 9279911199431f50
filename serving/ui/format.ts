/**
 * Numbers, scores, periods, dates and durations as the pages write them, in Dutch or English.
 * The words come from the catalogue; this file only puts figures in their place.
 */
import type { BandThresholds, Lang, ScoreUnit } from './deps.ts';
import { formatNumber, type Translate } from './i18n.ts';

/** A score in its unit: a probability as a percentage, a rate "per 1.000 inwoners". */
export function formatScore(t: Translate, lang: Lang, value: number, unit: Pick<ScoreUnit, 'kind'>): string {
  if (unit.kind === 'probability') return t('unit.percent', { value: formatNumber(lang, 100 * value, 1) });
  return t('unit.rate', { value: formatNumber(lang, value, 2) });
}

/** A change of a score in its unit: "+2,1 procentpunt", "−0,40 per 1.000 inwoners". */
export function formatDelta(t: Translate, lang: Lang, delta: number, unit: Pick<ScoreUnit, 'kind'>): string {
  const shown =
    unit.kind === 'probability' ? formatNumber(lang, 100 * Math.abs(delta), 1) : formatNumber(lang, Math.abs(delta), 2);
  // a change that rounds to nothing gets no sign (no "−0,0")
  const sign = /[1-9]/.test(shown) ? (delta > 0 ? '+' : '−') : '';
  return unit.kind === 'probability'
    ? t('unit.points', { value: `${sign}${shown}` })
    : t('unit.rate', { value: `${sign}${shown}` });
}

/** The band thresholds in one sentence. */
export function bandsSentence(t: Translate, lang: Lang, b: BandThresholds, unit: Pick<ScoreUnit, 'kind'>): string {
  const f = (x: number) => formatScore(t, lang, x, unit);
  return t('bands.sentence', {
    hoog: f(b.hoog),
    verhoogd: f(b.verhoogd),
    gemiddeld: f(b.gemiddeld),
    reference: f(b.reference),
  });
}

/** A CBS period as people say it: `2023JJ00` → "2023", `2023KW02` → "2023 kw. 2", `2023MM04` → "2023-04". */
export function periodLabel(t: Translate, period: string): string {
  const m = /^(\d{4})(JJ|KW|MM)(\d{2})$/.exec(period);
  if (!m) return period;
  if (m[2] === 'JJ') return m[1]!;
  if (m[2] === 'KW') return t('period.quarter', { year: m[1]!, quarter: Number(m[3]) });
  return `${m[1]}-${m[3]}`;
}

const DATES = new Map<string, Intl.DateTimeFormat>();

/** A moment in Amsterdam time: "2 december 2026 om 05:12" (or the date alone). */
export function formatDate(lang: Lang, iso: string | Date, withTime = true): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  const key = `${lang}:${withTime}`;
  let f = DATES.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' as const } : {}),
      timeZone: 'Europe/Amsterdam',
    });
    DATES.set(key, f);
  }
  return f.format(d);
}

/** A duration in words: "4 min 12 s", "38 s". */
export function formatDuration(t: Translate, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = s % 60;
  if (h > 0) return t('duration.hours', { h, m });
  if (m > 0) return t('duration.minutes', { m, s: sec });
  return t('duration.seconds', { s: sec });
}
