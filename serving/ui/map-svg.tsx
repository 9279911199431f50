/**
 * The municipality choropleth, drawn on the server with d3-geo: Mercator fitted
 * to the boundaries, one path per area, filled by risk band. The palette is a
 * colour-blind-safe sequential ramp (ColorBrewer YlOrBr); the two upper bands
 * also carry a dot pattern and every area has a text alternative, so colour is
 * never the only cue. Areas under the disclosure threshold are hatched grey,
 * are not links and carry no score anywhere in their markup.
 */
import { geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Band, MapArea } from './deps.ts';
import { BANDS } from './deps.ts';
import { formatNumber, type Translate } from './i18n.ts';
import type { Lang } from './deps.ts';

/** Fill colour per band; contrast with the page background and between neighbours. */
export const BAND_COLOURS: Readonly<Record<Band, string>> = {
  hoog: '#993404',
  verhoogd: '#d95f0e',
  gemiddeld: '#fec44f',
  laag: '#ffffd4',
};
const SUPPRESSED_FILL = '#bdbdbd';

/** Pattern id per band: dots on the two upper bands, plain fill below. */
export function bandFill(band: Band): string {
  return band === 'hoog' || band === 'verhoogd' ? `url(#band-${band})` : BAND_COLOURS[band];
}

export interface MapSvgProps {
  readonly areas: readonly MapArea[];
  readonly title: string;
  readonly description: string;
  readonly t: Translate;
  readonly lang: Lang;
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

/** SVG <defs>: hatch for suppressed areas, dot patterns for the upper bands. */
export function MapDefs() {
  return (
    <defs>
      <pattern id="suppressed-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="8" height="8" fill={SUPPRESSED_FILL} />
        <line x1="0" y1="0" x2="0" y2="8" stroke="#4d4d4d" stroke-width="2" />
      </pattern>
      <pattern id="band-hoog" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill={BAND_COLOURS.hoog} />
        <circle cx="3" cy="3" r="1.3" fill="#ffffff" />
      </pattern>
      <pattern id="band-verhoogd" width="8" height="8" patternUnits="userSpaceOnUse">
        <rect width="8" height="8" fill={BAND_COLOURS.verhoogd} />
        <circle cx="4" cy="4" r="1" fill="#ffffff" />
      </pattern>
    </defs>
  );
}

/** The choropleth. Areas without geometry are left out of the drawing (the table lists them). */
export function MapSvg(props: MapSvgProps) {
  const width = props.width ?? 640;
  const height = props.height ?? 520;
  const drawn = props.areas.filter((a): a is MapArea & { geometry: Geometry } => a.geometry !== null);
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
        [8, 8],
        [width - 8, height - 8],
      ],
      collection,
    );
  const path = geoPath(projection);
  const { t } = props;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby="map-title map-desc"
      class="zicht-map"
    >
      <title id="map-title">{props.title}</title>
      <desc id="map-desc">{props.description}</desc>
      <MapDefs />
      {drawn.map((a, i) => {
        const d = path(collection.features[i]!) ?? '';
        if (a.suppressed || a.band === null || a.score === null) {
          const label = `${a.name} (${a.code}): ${t('map.suppressed')}`;
          const [[x0, y0], [x1, y1]] = path.bounds(collection.features[i]!);
          const [cx, cy] = path.centroid(collection.features[i]!);
          const showText = x1 - x0 > 120 && y1 - y0 > 24 && Number.isFinite(cx) && Number.isFinite(cy);
          return (
            <g class="zicht-area zicht-area--suppressed" data-code={a.code} aria-label={label}>
              <title>{label}</title>
              <path d={d} fill="url(#suppressed-hatch)" stroke="#ffffff" stroke-width="1" />
              {showText ? (
                <text
                  x={cx}
                  y={cy}
                  text-anchor="middle"
                  font-size="12"
                  fill="#000000"
                  stroke="#ffffff"
                  stroke-width="3"
                  paint-order="stroke"
                >
                  {t('map.suppressed')}
                </text>
              ) : null}
            </g>
          );
        }
        const label = t('map.areaTitle', {
          name: a.name,
          code: a.code,
          score: formatNumber(props.lang, a.score),
          band: t(`band.${a.band}`),
        });
        return (
          <a
            href={`/gebied/${encodeURIComponent(a.code)}`}
            class="zicht-area"
            data-code={a.code}
            data-band={a.band}
            aria-label={label}
          >
            <title>{label}</title>
            <path d={d} fill={bandFill(a.band)} stroke="#ffffff" stroke-width="1" />
          </a>
        );
      })}
    </svg>
  );
}

/** The legend: a swatch and a word per band, plus the hatch. Uses the patterns the map defines. */
export function MapLegend(props: { readonly t: Translate }) {
  const { t } = props;
  return (
    <figure class="zicht-legend">
      <figcaption class="utrecht-heading-3">{t('map.legend')}</figcaption>
      <ul class="zicht-legend__list">
        {BANDS.map((b) => (
          <li>
            <svg width="28" height="18" aria-hidden="true" focusable="false">
              <rect width="28" height="18" fill={bandFill(b)} stroke="#4d4d4d" />
            </svg>
            <span>{t(`band.${b}`)}</span>
          </li>
        ))}
        <li>
          <svg width="28" height="18" aria-hidden="true" focusable="false">
            <rect width="28" height="18" fill="url(#suppressed-hatch)" stroke="#4d4d4d" />
          </svg>
          <span>{t('map.suppressed')}</span>
        </li>
      </ul>
    </figure>
  );
}
