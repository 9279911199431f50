/**
 * The UI's message catalogue: every text a user reads, keyed by id, Dutch and English side by
 * side (`i18n/*.ts`, one file per part of the UI). Dutch is the default; a test checks that
 * every id has both languages with the same placeholders (`{name}`).
 */
import type { Lang } from './deps.ts';
import { AREAS } from './i18n/areas.ts';
import { COMMON } from './i18n/common.ts';
import type { Message } from './i18n/m.ts';
import { MODELS } from './i18n/models.ts';
import { TRAINING } from './i18n/training.ts';

const CATALOGUE = { ...COMMON, ...AREAS, ...MODELS, ...TRAINING } as const;

export type MessageKey = keyof typeof CATALOGUE;

const ALL: Readonly<Record<MessageKey, Message>> = CATALOGUE;

function byLang(lang: Lang): Readonly<Record<MessageKey, string>> {
  return Object.fromEntries(Object.entries(ALL).map(([k, v]) => [k, v[lang]])) as Record<MessageKey, string>;
}

/** Both languages as flat tables, for the completeness test. */
export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = {
  nl: byLang('nl'),
  en: byLang('en'),
};

/** The message for a key in a language, with `{name}` placeholders filled in. */
export function t(lang: Lang, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** A translator bound to one language. */
export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => t(lang, key, params);
}

const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();

/** Number formatting per language (decimal comma and thousands point in Dutch). */
export function formatNumber(lang: Lang, value: number, digits = 2): string {
  const key = `${lang}:${digits}`;
  let f = NUMBER_FORMATS.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    NUMBER_FORMATS.set(key, f);
  }
  return f.format(value);
}
