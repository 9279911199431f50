/**
 * Plain-language reasons: the top contributions of one area's score as short
 * sentences in Dutch or English, built from the feature view's description, the
 * area's value, the municipal and national reference values and the direction.
 *
 *   «Aandeel inwoners met een laag inkomen: 38% (gemeente 21%, Nederland 24%) — verhoogt de score»
 */

export type Lang = 'nl' | 'en';

/** What the sentence builder needs to know about a feature. */
export interface ReasonFeature {
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
    up: 'verhoogt de score',
    down: 'verlaagt de score',
    municipality: 'gemeente',
    national: 'Nederland',
    noValue: 'geen waarde getoond (onbekend of onderdrukt)',
  },
  en: {
    up: 'raises the score',
    down: 'lowers the score',
    municipality: 'municipality',
    national: 'Netherlands',
    noValue: 'no value shown (unknown or suppressed)',
  },
} as const;

// Intl formatters are costly to build: one per language and precision, made once
const FORMATS = {
  nl: [0, 1, 2].map((d) => new Intl.NumberFormat('nl-NL', { maximumFractionDigits: d, minimumFractionDigits: 0 })),
  en: [0, 1, 2].map((d) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: d, minimumFractionDigits: 0 })),
};

/** Format a number in the feature's unit, Dutch or English style. */
export function formatValue(value: number, unit: string, lang: Lang): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const num = FORMATS[lang][digits]!.format(value);
  if (unit === '%') return `${num}%`;
  if (unit === '' || unit === 'aantal' || unit === 'count') return num;
  if (unit.startsWith('€') || unit.startsWith('EUR')) return `€ ${num}${unit.slice(unit.startsWith('€') ? 1 : 3)}`;
  return `${num} ${unit}`;
}

/** Build the sentence for one contribution. */
export function reasonSentence(r: ReasonInput, lang: Lang): string {
  const w = WORDS[lang];
  const label = lang === 'nl' ? r.feature.descriptionNl : r.feature.descriptionEn;
  const direction = r.contribution >= 0 ? w.up : w.down;
  if (!Number.isFinite(r.value)) return `${label}: ${w.noValue} — ${direction}`;
  const refs: string[] = [];
  if (Number.isFinite(r.municipal)) refs.push(`${w.municipality} ${formatValue(r.municipal, r.feature.unit, lang)}`);
  if (Number.isFinite(r.national)) refs.push(`${w.national} ${formatValue(r.national, r.feature.unit, lang)}`);
  const ref = refs.length > 0 ? ` (${refs.join(', ')})` : '';
  return `${label}: ${formatValue(r.value, r.feature.unit, lang)}${ref} — ${direction}`;
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
