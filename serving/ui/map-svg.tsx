/**
 * The municipality choropleth, drawn on the server with d3-geo: Mercator fitted to the
 * boundaries, one path per area, filled by band. Colour is never the only cue: every band has
 * its own pattern, every area a boundary in the background colour, every scored area a marker
 * with its rank (the number in the table), and a text alternative. Areas are drawn in rank
 * order, so the keyboard visits them in the order of the table. Areas under the disclosure
 * threshold are hatched grey, are not links and carry no score anywhere in their markup.
 */
import { geoMercator, geoPath } from 'd3-geo';
import type { Child } from 'hono/jsx';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Band, Lang, MapArea } from './deps.ts';
import { BANDS } from './deps.ts';
import type { Translate } from './i18n.ts';

export interface MapSvgProps {
  readonly areas: readonly MapArea[];
  readonly title: string;
  readonly description: string;
  readonly t: Translate;
  readonly lang: Lang;
  /** The accessible name of one scored area ("1. Centrum: 23,1%, hoog"). */
  readonly areaLabel: (a: MapArea) => string;
  readonly width?: number;
  readonly height?: number;
}

function signedArea(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return a / 2;
}

function orient(rings: readonly (readonly Position[])[]): Position[][] {
  return rings.map((ring, i) => {
    const clockwise = signedArea(ring) < 0;
    // d3-geo is spherical: an exterior ring must run clockwise, a hole anticlockwise.
    return (i === 0) === clockwise ? [...ring] : [...ring].reverse();
  });
}

/**
 * Rewind polygon rings to d3-geo's convention. GeoJSON per RFC 7946 winds
 * exterior rings anticlockwise; d3 would read such a small ring as "the whole
 * globe minus this area" and fit the projection to the world.
 */
export function rewindForD3(g: Geometry): Geometry {
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: orient(g.coordinates) };
  if (g.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: g.coordinates.map(orient) };
  return g;
}

/** The fill of a band: its pattern (which carries the band's colour underneath). */
function bandFill(band: Band): string {
  return `url(#band-${band})`;
}

/** One pattern per band, ink on the band's colour: lines for laag, hatching, dots, dense dots. */
const INK: Readonly<Record<Band, () => Child>> = {
  laag: () => <path class="zicht-ink" d="M0 4h8" stroke-width="1.2" />,
  gemiddeld: () => <path class="zicht-ink" d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke-width="1.2" />,
  verhoogd: () => <circle class="zicht-ink-dot" cx="4" cy="4" r="1.4" />,
  hoog: () => (
    <>
      <circle class="zicht-ink-dot" cx="2" cy="2" r="1.2" />
      <circle class="zicht-ink-dot" cx="6" cy="6" r="1.2" />
    </>
  ),
};

/** SVG <defs>: one pattern per band and the hatch of suppressed areas. */
function MapDefs() {
  return (
    <defs>
      <pattern id="suppressed-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect class="zicht-fill-suppressed" width="8" height="8" />
        <line class="zicht-ink-suppressed" x1="0" y1="0" x2="0" y2="8" stroke-width="2" />
      </pattern>
      {BANDS.map((b) => (
        <pattern id={`band-${b}`} width="8" height="8" patternUnits="userSpaceOnUse">
          <rect class={`zicht-fill-${b}`} width="8" height="8" />
          {INK[b]()}
        </pattern>
      ))}
    </defs>
  );
}

/** The choropleth. Areas without geometry are left out of the drawing (the table lists them). */
export function MapSvg(props: MapSvgProps) {
  const width = props.width ?? 640;
  const height = props.height ?? 520;
  const order = (a: MapArea) => a.rank ?? Number.POSITIVE_INFINITY;
  const drawn = props.areas
    .filter((a): a is MapArea & { geometry: Geometry } => a.geometry !== null)
    .sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: drawn.map(
      (a): Feature => ({ type: 'Feature', properties: { code: a.code }, geometry: rewindForD3(a.geometry) }),
    ),
  };
  const projection = geoMercator();
  if (drawn.length > 0)
    projection.fitExtent(
      [
        [12, 12],
        [width - 12, height - 12],
      ],
      collection,
    );
  const path = geoPath(projection);
  const { t } = props;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      aria-labelledby="map-title map-desc"
      class="zicht-map"
      id="map"
    >
      <title id="map-title">{props.title}</title>
      <desc id="map-desc">{props.description}</desc>
      <MapDefs />
      {drawn.map((a, i) => {
        const feature = collection.features[i]!;
        const d = path(feature) ?? '';
        const [cx, cy] = path.centroid(feature);
        const centred = Number.isFinite(cx) && Number.isFinite(cy);
        if (a.suppressed || a.band === null || a.score === null) {
          const label = `${a.name}: ${t('map.suppressed')}`;
          return (
            <g class="zicht-area zicht-area--suppressed" data-code={a.code} aria-label={label}>
              <title>{label}</title>
              <path d={d} fill="url(#suppressed-hatch)" />
            </g>
          );
        }
        const label = props.areaLabel(a);
        return (
          <a
            href={`/gebied/${encodeURIComponent(a.code)}`}
            class="zicht-area"
            data-code={a.code}
            data-band={a.band}
            aria-label={label}
          >
            <title>{label}</title>
            <path d={d} fill={bandFill(a.band)} />
            {centred && a.rank !== null ? (
              <g class="zicht-marker">
                <circle cx={cx.toFixed(1)} cy={cy.toFixed(1)} r={a.rank >= 100 ? 11 : 9} />
                <text x={cx.toFixed(1)} y={(cy + 4).toFixed(1)} text-anchor="middle">
                  {a.rank}
                </text>
              </g>
            ) : null}
          </a>
        );
      })}
    </svg>
  );
}

/** The legend: a swatch with the band's pattern (defined by the map) and its word, and the hatch. */
export function MapLegend(props: { readonly t: Translate; readonly thresholds: Readonly<Record<Band, string>> }) {
  const { t } = props;
  return (
    <figure class="zicht-legend">
      <figcaption class="utrecht-heading-3">{t('map.legend')}</figcaption>
      <ul class="zicht-legend__list">
        {BANDS.map((b) => (
          <li data-band={b}>
            <svg width="32" height="20" aria-hidden="true" focusable="false">
              <rect width="32" height="20" fill={bandFill(b)} />
            </svg>
            <span>
              {t(`band.${b}`)} <small>({props.thresholds[b]})</small>
            </span>
          </li>
        ))}
        <li>
          <svg width="32" height="20" aria-hidden="true" focusable="false">
            <rect width="32" height="20" fill="url(#suppressed-hatch)" />
          </svg>
          <span>{t('map.suppressed')}</span>
        </li>
      </ul>
    </figure>
  );
}

/**
 * Per-area rules that link the map and the table: pointing at or focusing a row outlines its
 * area and inverts its marker; pointing at or focusing an area highlights its row. CSS only
 * (`:has`), since the pages run no script.
 */
export function linkRules(codes: readonly string[]): string {
  return codes
    .map((c) => {
      // codes are letters and digits (checked by the routes): a bare CSS identifier, nothing to escape
      const row = `tr[data-code=${c}]`,
        area = `.zicht-area[data-code=${c}]`;
      const fromRow = `.zicht-mapview:has(${row}:is(:hover,:focus-within)) ${area}`;
      return `${fromRow} path{stroke:var(--zicht-focus);stroke-width:3px}${fromRow} .zicht-marker circle{fill:#000;stroke:#fff;stroke-width:2.5px}${fromRow} .zicht-marker text{fill:#fff}.zicht-mapview:has(${area}:is(:hover,:focus)) ${row}{background:var(--zicht-linked)}`;
    })
    .join('\n');
}
