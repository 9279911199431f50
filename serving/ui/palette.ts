/**
 * The map's colours, each pair chosen for a contrast of at least 3:1 (WCAG 1.4.11). Four band
 * fills cannot all be 3:1 from one another *and* from the background (the luminance chain runs
 * out), so every area is separated from its neighbours by a boundary in the background colour:
 * a band meets that boundary, never another band, and every fill is at least 3:1 against it.
 * Bands further differ by pattern, by the words in the legend and table, and by lightness
 * (darker is higher). Tests read these values back from the served CSS and check the ratios.
 */
import type { Band } from './deps.ts';

/** Fill per band, darkest for the highest. */
const BAND_FILL: Readonly<Record<Band, string>> = {
  hoog: '#601212',
  verhoogd: '#8c3e09',
  gemiddeld: '#967800',
  laag: '#4e98ad',
};

/** Text on a band badge (at least 4.5:1 against its fill). */
const BAND_TEXT: Readonly<Record<Band, string>> = {
  hoog: '#ffffff',
  verhoogd: '#ffffff',
  gemiddeld: '#000000',
  laag: '#000000',
};

const MAP_BACKGROUND = '#ffffff';
/** Between areas: the background colour, 2 px wide. */
const BOUNDARY = '#ffffff';
/** The patterns' ink, on every fill. */
const PATTERN_INK = '#ffffff';
const SUPPRESSED_FILL = '#d9d9d9';
const SUPPRESSED_INK = '#4d4d4d';
/** Focus ring on the light page, and on the dark header. */
const FOCUS = '#000000';
const FOCUS_ON_DARK = '#ffffff';
const HEADER_BACKGROUND = '#00527a';
/** A table row or map area linked to the one under the pointer or focus. */
const LINKED = '#ffe066';

/** Relative luminance of an sRGB colour `#rrggbb` (WCAG 2). */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = Number.parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
function _contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/** The colours as CSS custom properties, for the stylesheet. */
export function paletteCss(): string {
  const bands = (Object.keys(BAND_FILL) as Band[])
    .map((b) => `--zicht-band-${b}:${BAND_FILL[b]};--zicht-band-${b}-text:${BAND_TEXT[b]};`)
    .join('');
  return `:root{${bands}--zicht-map-background:${MAP_BACKGROUND};--zicht-boundary:${BOUNDARY};--zicht-pattern-ink:${PATTERN_INK};--zicht-suppressed:${SUPPRESSED_FILL};--zicht-suppressed-ink:${SUPPRESSED_INK};--zicht-focus:${FOCUS};--zicht-focus-on-dark:${FOCUS_ON_DARK};--zicht-header-background:${HEADER_BACKGROUND};--zicht-linked:${LINKED}}`;
}
