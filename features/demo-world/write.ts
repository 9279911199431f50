import type { DemoGemeente, DemoWijk } from './geography.ts';
import { DEMO_MEASURES } from './indicators.ts';

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const num = (x: number) => (Number.isNaN(x) ? '.' : Number.isInteger(x) ? String(x) : x.toFixed(1));

/** A KWB year as a StatLine CSV export: BOM, `;`, CRLF, quoted `/`-path headers, padded codes, `.` suppressed. */
export function statlineCsv(
  gemeenten: readonly DemoGemeente[],
  wijken: readonly DemoWijk[],
  gmCols: readonly Float64Array[],
  wkCols: readonly Float64Array[],
  codes: readonly string[],
): string {
  const header = [
    'Wijken en buurten',
    'Regioaanduiding/Gemeentenaam (naam)',
    'Regioaanduiding/Soort regio (omschrijving)',
    'Regioaanduiding/Codering (code)',
    ...DEMO_MEASURES.map(([k, u]) => `${k} (${u})`),
  ];
  const lines = [header.map(q).join(';')];
  const total = DEMO_MEASURES.map(([, u], j) =>
    u === 'aantal' ? gmCols[j]!.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0) : Number.NaN,
  );
  lines.push(
    [q('Nederland'), q('Nederland'.padEnd(40)), q('Land'.padEnd(10)), q('NL00'.padEnd(10)), ...total.map(num)].join(
      ';',
    ),
  );
  gemeenten.forEach((g, gi) => {
    lines.push(
      [
        q(g.name),
        q(g.name.padEnd(40)),
        q('Gemeente'.padEnd(10)),
        q(g.code.padEnd(10)),
        ...gmCols.map((c) => num(c[gi]!)),
      ].join(';'),
    );
    for (const i of g.wijken) {
      lines.push(
        [
          q(wijken[i]!.name),
          q(g.name.padEnd(40)),
          q('Wijk'.padEnd(10)),
          q(codes[i]!.padEnd(10)),
          ...wkCols.map((c) => num(c[i]!)),
        ].join(';'),
      );
    }
  });
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Police registered crime in the 47018NED CSV shape (OData column names), all years on one vintage. */
export function policeCsv(rows: readonly { code: string; crime: string; period: string; count: number }[]): string {
  const lines = ['"SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven"'];
  for (const r of rows) lines.push(`${q(r.crime.padEnd(6))},${q(r.code.padEnd(10))},${q(r.period)},${r.count}`);
  return `${lines.join('\r\n')}\r\n`;
}

/** Boundaries as a GeoJSON FeatureCollection (lon/lat), wijk rectangles and gemeente outlines, marked synthetic. */
export function boundariesGeoJson(
  vintage: number,
  gemeenten: readonly DemoGemeente[],
  wijken: readonly DemoWijk[],
  codes: readonly string[],
): string {
  const rect = ([x0, y0, x1, y1]: readonly [number, number, number, number]) => [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ].map(([x, y]) => [round(x!), round(y!)]),
  ];
  const features = [
    ...wijken.map((w, i) => ({
      type: 'Feature',
      properties: { code: codes[i], name: w.name, synthetic: true },
      geometry: { type: 'Polygon', coordinates: rect(w.bbox) },
    })),
    ...gemeenten.map((g) => ({
      type: 'Feature',
      properties: { code: g.code, name: g.name, synthetic: true },
      geometry: { type: 'MultiPolygon', coordinates: g.wijken.map((i) => rect(wijken[i]!.bbox)) },
    })),
  ];
  return JSON.stringify({
    type: 'FeatureCollection',
    name: `zicht-demo-grenzen-${vintage}`,
    synthetic: true,
    vintage,
    features,
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
