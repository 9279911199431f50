/**
 * Plain-language reasons: the top contributions of one area's score as short
 * sentences in Dutch or English, built from the feature view's description, the
 * area's value against the average of its municipality (or the country), and the
 * direction — said as an association, never as a cause.
 *
 *   «Aandeel inwoners met een laag inkomen: hoger dan gemiddeld in Nijmegen (38% tegen 21%)
 *    — hangt samen met een hogere score; dit is een verband, geen oorzaak»
 */

export type Lang = 'nl' | 'en';

/** What the sentence builder needs to know about a feature. */
interface ReasonFeature {
  readonly name: string;
  readonly descriptionNl: string;
  readonly descriptionEn: string;
  readonly unit: string;
  /** Protected attributes are never named as reasons unless they are explicit model inputs. */
  readonly protected: boolean;
}

/** One contribution of one area, with the reference values to compare against. */
export interface ReasonInput {
  readonly feature: ReasonFeature;
  /** The area's value; NaN when missing or suppressed (then no value is shown). */
  readonly value: number;
  /** Contribution to the margin; its sign gives the direction. */
  readonly contribution: number;
  /** Population-weighted value of the area's gemeente; NaN when unknown. */
  readonly municipal: number;
  /** National value; NaN when unknown. */
  readonly national: number;
  /** The municipality's name, for "gemiddeld in Nijmegen"; without it, "in de gemeente". */
  readonly gemeenteName?: string;
}

export interface Reason {
  readonly feature: string;
  readonly direction: 'up' | 'down';
  readonly contribution: number;
  readonly text: string;
}

export interface ReasonOptions {
  readonly lang: Lang;
  /** How many reasons, largest |contribution| first. Default 5. */
  readonly top?: number;
  /** True when the model configuration explicitly made protected attributes inputs. */
  readonly protectedAreInputs?: boolean;
}

const WORDS = {
  nl: {
    up: 'hangt samen met een hogere score',
    down: 'hangt samen met een lagere score',
    association: 'dit is een verband, geen oorzaak',
    higher: 'hoger dan gemiddeld in',
    lower: 'lager dan gemiddeld in',
    same: 'gelijk aan het gemiddelde in',
    against: 'tegen',
    municipality: 'de gemeente',
    national: 'Nederland',
    inhabitants: 'inwoners',
    noValue: 'geen waarde getoond (onbekend of afgeschermd)',
  },
  en: {
    up: 'goes with a higher score',
    down: 'goes with a lower score',
    association: 'this is an association, not a cause',
    higher: 'higher than the average in',
    lower: 'lower than the average in',
    same: 'equal to the average in',
    against: 'against',
    municipality: 'the municipality',
    national: 'the Netherlands',
    inhabitants: 'inhabitants',
    noValue: 'no value shown (unknown or withheld)',
  },
} as const;

// Intl formatters are costly to build: one per language and precision, made once
const FORMATS = {
  nl: [0, 1, 2].map((d) => new Intl.NumberFormat('nl-NL', { maximumFractionDigits: d, minimumFractionDigits: 0 })),
  en: [0, 1, 2].map((d) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: d, minimumFractionDigits: 0 })),
};

/** Format a number in the feature's unit, Dutch or English style. A log count is shown as the count. */
export function formatValue(value: number, unit: string, lang: Lang): string {
  if (unit === 'log(inwoners)')
    return `≈ ${formatValue(Math.round(Math.expm1(value)), '', lang)} ${WORDS[lang].inhabitants}`;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const num = FORMATS[lang][digits]!.format(value);
  if (unit === '%') return `${num}%`;
  if (unit === '' || unit === 'aantal' || unit === 'count') return num;
  if (unit.startsWith('€') || unit.startsWith('EUR')) return `€ ${num}${unit.slice(unit.startsWith('€') ? 1 : 3)}`;
  return `${num} ${unit}`;
}

/** "hoger dan gemiddeld in Nijmegen (38% tegen 21%)", against the municipality or else the country. */
function comparison(r: ReasonInput, lang: Lang): string {
  const w = WORDS[lang];
  const value = formatValue(r.value, r.feature.unit, lang);
  const municipal = Number.isFinite(r.municipal);
  const ref = municipal ? r.municipal : r.national;
  if (!Number.isFinite(ref)) return value;
  const refText = formatValue(ref, r.feature.unit, lang);
  const place = municipal ? (r.gemeenteName ?? w.municipality) : w.national;
  // equal as shown: the rounded figures are the same
  const how = refText === value ? w.same : r.value > ref ? w.higher : w.lower;
  return `${how} ${place} (${value} ${w.against} ${refText})`;
}

/** Build the sentence for one contribution. */
export function reasonSentence(r: ReasonInput, lang: Lang): string {
  const w = WORDS[lang];
  const label = lang === 'nl' ? r.feature.descriptionNl : r.feature.descriptionEn;
  const direction = `${r.contribution >= 0 ? w.up : w.down}; ${w.association}`;
  if (!Number.isFinite(r.value)) return `${label}: ${w.noValue} — ${direction}`;
  return `${label}: ${comparison(r, lang)} — ${direction}`;
}

/**
 * The top reasons for one area, largest absolute contribution first. Protected
 * attributes are left out unless `protectedAreInputs`; zero contributions are
 * not reasons.
 */
export function topReasons(inputs: readonly ReasonInput[], options: ReasonOptions): Reason[] {
  const top = options.top ?? 5;
  return inputs
    .filter((r) => r.contribution !== 0 && Number.isFinite(r.contribution))
    .filter((r) => !r.feature.protected || options.protectedAreInputs === true)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.name.localeCompare(b.feature.name))
    .slice(0, top)
    .map((r) => ({
      feature: r.feature.name,
      direction: r.contribution >= 0 ? ('up' as const) : ('down' as const),
      contribution: r.contribution,
      text: reasonSentence(r, options.lang),
    }));
}

/** Pick the language from an `Accept-Language` header: English only when preferred over Dutch. */
export function langFromAcceptLanguage(header: string | undefined | null): Lang {
  if (!header) return 'nl';
  const prefs = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([0-9.]+)$/.exec(p.trim())).find((m) => m !== null);
      return { tag: tag ?? '', q: q ? Number(q[1]) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const p of prefs) {
    if (p.tag.startsWith('nl')) return 'nl';
    if (p.tag.startsWith('en')) return 'en';
  }
  return 'nl';
}
