import { ZichtError } from '../../core/index.ts';
import { levelOf, periodYear } from '../areas/codes.ts';
import type { TableProperties } from '../sources/index.ts';
import type { AreaLevel } from '../types.ts';
import { odataString } from './odata-client.ts';

/** Width StatLine pads region keys to (`"GM0268    "`). */
const REGION_KEY_WIDTH = 10;
/** Width StatLine pads 47018NED crime-type keys to (`"3.1.1 "`). */
const CRIME_KEY_WIDTH = 6;

/** A gemeente code such as GM0268, or a `BAD_ARGUMENT` naming the option. */
export function requireMunicipality(code: string, option = '--municipality'): string {
  const c = code.trim().toUpperCase();
  if (levelOf(c) !== 'gemeente')
    throw new ZichtError('BAD_ARGUMENT', `${option} must be a gemeente code such as GM0268, got '${code}'`, {
      option,
    });
  return c;
}

/**
 * `$filter` for one municipality and its wijken (and buurten): the codes of
 * its areas begin with `GM0268`, `WK0268`, `BU0268`. Written with
 * `substringof`, which CBS's OData v3 service supports; the prefix letters
 * make it exact.
 */
export function municipalityFilter(column: string, municipality: string, level: AreaLevel = 'buurt'): string {
  const digits = municipality.slice(2);
  const prefixes = ['GM', ...(level === 'gemeente' ? [] : ['WK']), ...(level === 'buurt' ? ['BU'] : [])];
  return prefixes.map((p) => `substringof(${odataString(`${p}${digits}`)},${column})`).join(' or ');
}

/** `$filter` matching exact region codes (padded as StatLine stores them). */
export function codesFilter(column: string, codes: readonly string[]): string {
  return codes.map((c) => `${column} eq ${odataString(c.padEnd(REGION_KEY_WIDTH, ' '))}`).join(' or ');
}

/** `$filter` for 47018NED crime codes (`3.1.1` → `SoortMisdrijf eq '3.1.1 '`). */
export function crimeFilter(column: string, crimeCodes: readonly string[]): string {
  return crimeCodes
    .map((c) => {
      if (!/^\d+(\.\d+){2}$/.test(c))
        throw new ZichtError('BAD_ARGUMENT', `--crime: '${c}' is not a 47018NED crime code such as 3.1.1`, {
          option: '--crime',
        });
      return `${column} eq ${odataString(c.padEnd(CRIME_KEY_WIDTH, ' '))}`;
    })
    .join(' or ');
}

/** `$filter` for periods (`2023JJ00`). */
export function periodsFilter(column: string, periods: readonly string[]): string {
  for (const p of periods) periodYear(p);
  return periods.map((p) => `${column} eq ${odataString(p)}`).join(' or ');
}

/** Join filter parts with `and`, each in parentheses. */
export function allOf(...parts: readonly (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  if (kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : kept.map((p) => `(${p})`).join(' and ');
}

/**
 * `$select` from the user's measures: each is an OData key (`AantalInwoners_5`)
 * or a title path (`Bevolking/Aantal inwoners`), resolved through
 * `DataProperties` — so a selection written for one year's table works for
 * another year's, whose suffixes differ. The table's dimensions are always kept.
 */
export function resolveSelect(props: TableProperties, wanted: readonly string[]): string[] {
  const topics = [...props.topics.values()];
  const keys = wanted.map((w) => {
    const want = w.trim();
    if (props.topics.has(want)) return want;
    const byPath = topics.filter((t) => t.key.toLowerCase() === want.toLowerCase());
    const byTitle = topics.filter((t) => t.title.toLowerCase() === want.toLowerCase());
    const hit = byPath.length === 1 ? byPath : byTitle;
    if (hit.length === 1) return hit[0]!.odataKey;
    throw new ZichtError(
      'BAD_ARGUMENT',
      `--select: '${want}' is ${hit.length > 1 ? `ambiguous (${hit.map((t) => t.key).join('; ')})` : 'not a measure'}` +
        ` of this table per ${props.file}; give an OData key or a title path such as '${topics[0]?.key ?? ''}'`,
      { option: '--select' },
    );
  });
  const dims = [props.regionKey, props.periodKey, ...props.dimensions].filter((d): d is string => d !== null);
  return [...new Set([...dims, ...keys])];
}
