import { geoMercator, geoPath } from 'd3-geo';
import type { ModelCard } from './card.ts';
import { groupWords, num, word, type CardLang } from './messages.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => (Math.round(x * 10) / 10).toString();

function frame(w: number, h: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${body}</svg>`;
}

/** ROC curve with the diagonal. */
export function rocChart(lang: CardLang, roc: ModelCard['quantitative']['roc'], title: string): string {
  const s = 220,
    p = 30;
  const pts = roc.map((r) => `${n(p + r.fpr * (s - 2 * p))},${n(s - p - r.tpr * (s - 2 * p))}`).join(' ');
  return frame(
    s,
    s,
    title,
    `<rect x="${p}" y="${p}" width="${s - 2 * p}" height="${s - 2 * p}" fill="none" stroke="#999"/><line x1="${p}" y1="${s - p}" x2="${s - p}" y2="${p}" stroke="#bbb" stroke-dasharray="4 3"/><polyline points="${pts}" fill="none" stroke="#0b57d0" stroke-width="2"/><text x="${s / 2}" y="${s - 6}" font-size="10" text-anchor="middle">${esc(word(lang, 'fpr'))}</text><text x="8" y="${s / 2}" font-size="10" transform="rotate(-90 8 ${s / 2})" text-anchor="middle">${esc(word(lang, 'tpr'))}</text>`,
  );
}

/** Calibration: mean predicted vs observed per bin, with the diagonal. */
export function calibrationChart(lang: CardLang, cal: ModelCard['quantitative']['calibration'], title: string): string {
  const s = 220,
    p = 30;
  const max = Math.max(0.05, ...cal.map((c) => Math.max(c.predicted, c.observed)));
  const x = (v: number) => n(p + (v / max) * (s - 2 * p)),
    y = (v: number) => n(s - p - (v / max) * (s - 2 * p));
  const dots = cal.map((c) => `<circle cx="${x(c.predicted)}" cy="${y(c.observed)}" r="3.5" fill="#c4320a"/>`).join('');
  return frame(
    s,
    s,
    title,
    `<rect x="${p}" y="${p}" width="${s - 2 * p}" height="${s - 2 * p}" fill="none" stroke="#999"/><line x1="${p}" y1="${s - p}" x2="${s - p}" y2="${p}" stroke="#bbb" stroke-dasharray="4 3"/>${dots}<text x="${s / 2}" y="${s - 6}" font-size="10" text-anchor="middle">${esc(word(lang, 'predicted'))} (max ${num(lang, max)})</text><text x="8" y="${s / 2}" font-size="10" transform="rotate(-90 8 ${s / 2})" text-anchor="middle">${esc(word(lang, 'observed'))}</text>`,
  );
}

/** Horizontal bars of mean |contribution|. */
export function importanceChart(
  lang: CardLang,
  imp: ModelCard['quantitative']['importance'],
  label: (f: string) => string,
  title: string,
): string {
  const w = 560,
    row = 18,
    left = 260,
    h = imp.length * row + 20;
  const max = Math.max(1e-12, ...imp.map((i) => i.meanAbsContribution));
  const bars = imp
    .map(
      (i, k) =>
        `<text x="${left - 6}" y="${14 + k * row}" font-size="11" text-anchor="end">${esc(label(i.feature).slice(0, 42))}</text><rect x="${left}" y="${4 + k * row}" width="${n((i.meanAbsContribution / max) * (w - left - 50))}" height="${row - 6}" fill="#0b57d0"/><text x="${left + 4 + (i.meanAbsContribution / max) * (w - left - 50)}" y="${14 + k * row}" font-size="10">${num(lang, i.meanAbsContribution)}</text>`,
    )
    .join('');
  return frame(w, h, title, bars);
}

/** Disparity ratios with CI bars, the 0.8–1.25 band shaded, log scale. */
export function disparityChart(
  lang: CardLang,
  slices: ModelCard['fairness']['slices'],
  band: readonly [number, number],
  title: string,
): string {
  const w = 640,
    row = 20,
    left = 330,
    h = slices.length * row + 36;
  const lo = 0.05,
    hi = 20;
  const x = (v: number) =>
    left + ((Math.log(Math.min(hi, Math.max(lo, v))) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (w - left - 20);
  const ticks = [0.1, 0.5, 0.8, 1, 1.25, 2, 10]
    .map(
      (t) =>
        `<line x1="${n(x(t))}" y1="14" x2="${n(x(t))}" y2="${h - 18}" stroke="#ddd"/><text x="${n(x(t))}" y="${h - 6}" font-size="9" text-anchor="middle">${num(lang, t)}</text>`,
    )
    .join('');
  const rows = slices
    .map((s, k) => {
      const yy = 22 + k * row;
      const e = s.ratio.estimate;
      const bar =
        s.ratio.lo !== null && s.ratio.hi !== null
          ? `<line x1="${n(x(s.ratio.lo))}" y1="${yy}" x2="${n(x(s.ratio.hi))}" y2="${yy}" stroke="#333" stroke-width="1.5"/>`
          : '';
      const dot =
        e === null ? '' : `<circle cx="${n(x(e))}" cy="${yy}" r="4" fill="${s.inBand ? '#1a7f37' : '#c4320a'}"/>`;
      const label = groupWords(lang, s.group);
      const short = label.length > 58 ? `${label.slice(0, 57)}…` : label;
      return `<text x="${left - 6}" y="${yy + 4}" font-size="10" text-anchor="end"><title>${esc(label)}</title>${esc(short)}</text>${bar}${dot}`;
    })
    .join('');
  return frame(
    w,
    h,
    title,
    `<rect x="${n(x(band[0]))}" y="14" width="${n(x(band[1]) - x(band[0]))}" height="${h - 32}" fill="#e6f4ea"/>${ticks}<line x1="${n(x(1))}" y1="14" x2="${n(x(1))}" y2="${h - 18}" stroke="#666"/>${rows}`,
  );
}

/** Shape function of one additive term: score per bin. */
export function shapeChart(s: ModelCard['quantitative']['shapeFunctions'][number], title: string): string {
  const w = 260,
    h = 140,
    p = 24;
  const xs = s.points.map((q) => q.x),
    ys = s.points.map((q) => q.score);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)],
    [y0, y1] = [Math.min(0, ...ys), Math.max(0, ...ys)];
  const X = (v: number) => p + ((v - x0) / (x1 - x0 || 1)) * (w - 2 * p),
    Y = (v: number) => h - p - ((v - y0) / (y1 - y0 || 1)) * (h - 2 * p);
  const line = s.points.map((q, i) => `${i ? 'L' : 'M'}${n(X(q.x))},${n(Y(q.score))}`).join('');
  return frame(
    w,
    h,
    title,
    `<line x1="${p}" y1="${n(Y(0))}" x2="${w - p}" y2="${n(Y(0))}" stroke="#bbb"/><path d="${line}" fill="none" stroke="#0b57d0" stroke-width="2"/><text x="${w / 2}" y="12" font-size="10" text-anchor="middle">${esc(s.feature)}</text>`,
  );
}

const BAND_COLOURS: Record<string, string> = {
  hoog: '#b2182b',
  verhoogd: '#ef8a62',
  gemiddeld: '#fddbc7',
  laag: '#f7f7f7',
};

/** Map of the areas on the card, coloured by band; nothing else is drawn. */
export function mapChart(
  areas: ModelCard['map'],
  geometry: readonly { code: string; geometry: unknown }[],
  title: string,
): string {
  const w = 520,
    h = 600;
  const byCode = new Map(areas.map((a) => [a.code, a.band]));
  // only the areas the reader may see: no other municipality's areas, no suppressed ones
  const feats = geometry
    .filter((g) => byCode.has(g.code))
    .map((g) => ({
      type: 'Feature' as const,
      properties: { code: g.code },
      geometry: rewind(g.geometry),
    }));
  const fc = { type: 'FeatureCollection' as const, features: feats };
  const proj = geoMercator().fitSize([w, h], fc as never);
  const path = geoPath(proj);
  const shapes = feats
    .map((f) => {
      const band = byCode.get(f.properties.code);
      const fill = band === undefined || band === null ? 'url(#hatch)' : (BAND_COLOURS[band] ?? '#eee');
      return `<path d="${path(f as never) ?? ''}" fill="${fill}" stroke="#fff" stroke-width="0.3"><title>${esc(f.properties.code)} ${band ?? '—'}</title></path>`;
    })
    .join('');
  const legend = Object.entries(BAND_COLOURS)
    .map(
      ([b, c], i) =>
        `<rect x="10" y="${10 + i * 16}" width="12" height="12" fill="${c}" stroke="#999"/><text x="28" y="${20 + i * 16}" font-size="11">${b}</text>`,
    )
    .join('');
  return frame(
    w,
    h,
    title,
    `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="1.5"/></pattern></defs>${shapes}${legend}`,
  );
}

/** d3-geo expects clockwise exterior rings (spherical winding); GeoJSON files are usually counter-clockwise. */
function rewind(g: unknown): unknown {
  const geom = g as { type: string; coordinates: number[][][] | number[][][][] };
  const fix = (ring: number[][]) => {
    let a = 0;
    for (let i = 0; i + 1 < ring.length; i++)
      a += (ring[i + 1]![0]! - ring[i]![0]!) * (ring[i + 1]![1]! + ring[i]![1]!);
    return a < 0 ? [...ring].reverse() : ring;
  };
  if (geom.type === 'Polygon') return { type: 'Polygon', coordinates: (geom.coordinates as number[][][]).map(fix) };
  return { type: 'MultiPolygon', coordinates: (geom.coordinates as number[][][][]).map((p) => p.map(fix)) };
}
