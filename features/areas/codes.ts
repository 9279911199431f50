import { ZichtError } from '../../core/index.ts';
import type { AreaLevel } from '../types.ts';

const PATTERNS: readonly [AreaLevel, RegExp][] = [
  ['gemeente', /^GM\d{4}$/],
  ['wijk', /^WK\d{4}[0-9A-Z]{2}$/],
  ['buurt', /^BU\d{4}[0-9A-Z]{4}$/],
];

/**
 * Normalise a CBS region code: trim StatLine's padding, upper-case the prefix,
 * and add the prefix to bare code lists (`0014` gemeente, `001400` wijk,
 * `00140000` buurt). Returns null for the national row (`NL00`).
 */
export function normaliseCode(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (s === 'NL00' || s === 'NL01' || s === 'NL') return null;
  if (/^\d{4}$/.test(s)) return `GM${s}`;
  if (/^\d{4}[0-9A-Z]{2}$/.test(s)) return `WK${s}`;
  if (/^\d{4}[0-9A-Z]{4}$/.test(s)) return `BU${s}`;
  return s;
}

/** The level of a normalised code, or null when it is not a CBS area code. */
export function levelOf(code: string): AreaLevel | null {
  for (const [level, re] of PATTERNS) if (re.test(code)) return level;
  return null;
}

/** Level of a code, or a clear error naming the code. */
function requireLevel(code: string, where = ''): AreaLevel {
  const l = levelOf(code);
  if (!l)
    throw new ZichtError(
      'UNKNOWN_AREA',
      `${where}'${code}' is not a CBS area code (expected GMgggg, WKggggww or BUggggwwbb; Amsterdam uses letters in ww and bb)`,
      { code },
    );
  return l;
}

/** Parent code derived from the code structure: buurt → wijk → gemeente → null. */
export function parentOf(code: string): string | null {
  const level = levelOf(code);
  if (level === 'buurt') return `WK${code.slice(2, 8)}`;
  if (level === 'wijk') return `GM${code.slice(2, 6)}`;
  return null;
}

/** The gemeente a code belongs to. */
export function gemeenteOf(code: string): string {
  const level = requireLevel(code);
  return level === 'gemeente' ? code : `GM${code.slice(2, 6)}`;
}

/** The parent chain, nearest first: `BU03630001` → [`WK036300`, `GM0363`]. */
function _parentChain(code: string): string[] {
  const out: string[] = [];
  for (let p = parentOf(code); p !== null; p = parentOf(p)) out.push(p);
  return out;
}

/** Parse `2023JJ00` → 2023; other period shapes are an error naming the value. */
export function periodYear(period: string): number {
  const m = /^(\d{4})(JJ00|KW0[1-4]|MM(0[1-9]|1[0-2]))$/.exec(period.trim());
  if (!m) throw new ZichtError('BAD_ARGUMENT', `'${period}' is not a CBS period (expected e.g. 2023JJ00)`, { period });
  return Number(m[1]);
}

/** The yearly period for a year. */
export function yearPeriod(year: number): string {
  return `${year}JJ00`;
}
