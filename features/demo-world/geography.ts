import { type Rng, ZichtError } from '../../core/index.ts';

/** A generated wijk: a rectangle of the grid, with its gemeente and urbanity. */
export interface DemoWijk {
  code: string;
  name: string;
  gemeente: string;
  /** Grid cell (column, row) and its lon/lat rectangle. */
  readonly col: number;
  readonly row: number;
  readonly bbox: readonly [number, number, number, number];
  /** CBS urbanity class 1 (extremely) … 5 (not urbanised). */
  readonly urbanity: number;
  /** Neighbouring wijken by index (shared edges). */
  neighbours: number[];
}

export interface DemoGemeente {
  readonly code: string;
  readonly name: string;
  readonly urbanity: number;
  readonly wijken: number[];
}

/**
 * A rough outline of the Netherlands (lon, lat), only to give the map a
 * recognisable shape; the areas inside are invented.
 */
const OUTLINE: readonly [number, number][] = [
  [3.4, 51.4],
  [3.9, 51.2],
  [4.9, 51.45],
  [5.8, 51.15],
  [5.7, 50.76],
  [6.05, 50.8],
  [6.1, 51.2],
  [5.95, 51.75],
  [6.8, 51.9],
  [7.05, 52.2],
  [6.75, 52.55],
  [7.2, 53.2],
  [6.9, 53.45],
  [5.9, 53.45],
  [4.9, 53.2],
  [4.7, 52.9],
  [4.4, 52.2],
  [4.0, 51.95],
  [3.6, 51.75],
];

function inside(x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = OUTLINE.length - 1; i < OUTLINE.length; j = i++) {
    const [xi, yi] = OUTLINE[i]!,
      [xj, yj] = OUTLINE[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

const PREFIX = [
  'Beek',
  'Zuider',
  'Noorder',
  'Ooster',
  'Wester',
  'Hoog',
  'Laag',
  'Nieuw',
  'Oud',
  'Groot',
  'Klein',
  'Ber',
  'Dal',
  'Elst',
  'Ven',
  'Wolde',
  'Sloot',
  'Kreek',
  'Heide',
  'Molen',
  'Brug',
  'Dijk',
  'Polder',
  'Eiken',
  'Linde',
  'Wilgen',
  'Vos',
  'Ganze',
  'Kraai',
  'Zwanen',
];
const SUFFIX = [
  'dam',
  'veen',
  'wijk',
  'hoven',
  'broek',
  'horst',
  'lo',
  'sum',
  'um',
  'kerk',
  'dorp',
  'stede',
  'burg',
  'meer',
  'zand',
  'rade',
  'hem',
  'donk',
  'hout',
  'ven',
];
const WIJK_NAMES = [
  'Centrum',
  'Noord',
  'Oost',
  'Zuid',
  'West',
  'Binnenstad',
  'Stationsbuurt',
  'Havenkwartier',
  'Buitengebied',
  'Molenwijk',
  'Parkwijk',
  'Kerkbuurt',
  'De Akkers',
  'De Velden',
  'Het Hof',
  'Bloemenbuurt',
  'Schildersbuurt',
  'Vogelbuurt',
  'Industrieterrein',
  'Bomenwijk',
];

/**
 * Lay out the world: a lon/lat grid clipped to the outline gives the wijken
 * (rectangles that share edges, so adjacency is exact), seeded Voronoi regions
 * of the grid give ~340 gemeenten, a few of which are cities.
 */
export function layoutWorld(
  rng: Rng,
  nGemeenten: number,
): { wijken: DemoWijk[]; gemeenten: DemoGemeente[]; dx: number; dy: number } {
  if (!Number.isInteger(nGemeenten) || nGemeenten < 1 || nGemeenten > 2000)
    throw new ZichtError('BAD_ARGUMENT', `a demo world has 1 to 2,000 gemeenten, not ${nGemeenten}`);
  // the demo's grid holds ~3,000 cells for ~340 gemeenten; a larger world (a national-size
  // benchmark) gets a finer grid, so each gemeente keeps ~9 wijken
  const finer = Math.sqrt(Math.max(1, nGemeenten / 340));
  const dx = 0.053 / finer,
    dy = 0.032 / finer;
  const cells: [number, number][] = [];
  for (let c = 0; 3.35 + c * dx < 7.25; c++)
    for (let r = 0; 50.7 + r * dy < 53.5; r++) {
      const x = 3.35 + (c + 0.5) * dx,
        y = 50.7 + (r + 0.5) * dy;
      if (inside(x, y)) cells.push([c, r]);
    }
  // gemeente seeds on distinct cells; the first few become cities
  const seeds: number[] = [];
  const used = new Set<number>();
  while (seeds.length < nGemeenten) {
    const k = rng.int(cells.length);
    if (!used.has(k)) {
      used.add(k);
      seeds.push(k);
    }
  }
  const center = (k: number) => cells[k]!;
  const owner = cells.map(([c, r]) => {
    let best = 0,
      bd = Number.POSITIVE_INFINITY;
    seeds.forEach((s, g) => {
      const [sc, sr] = center(s);
      // cities (first 12 seeds) claim larger territories
      const d = ((sc - c) ** 2 + (sr - r) ** 2) / (g < 12 ? 2.2 : 1);
      if (d < bd) {
        bd = d;
        best = g;
      }
    });
    return best;
  });
  const names = new Set<string>();
  const gemeenten: DemoGemeente[] = seeds.map((_, g) => {
    let name = '';
    // once every prefix–suffix pair is taken, names get a number ("Beekdam 2")
    const round = Math.floor(g / (PREFIX.length * SUFFIX.length));
    do name = PREFIX[rng.int(PREFIX.length)]! + SUFFIX[rng.int(SUFFIX.length)]! + (round > 0 ? ` ${round + 1}` : '');
    while (names.has(name));
    names.add(name);
    const urbanity = g < 4 ? 1 : g < 12 ? 2 : g < 60 ? 3 : g < 160 ? 4 : 5;
    // four digits outside the range of real gemeenten: 9000–9999, then 8000–8999
    return { code: `GM${g < 1000 ? 9000 + g : 8000 + g - 1000}`, name, urbanity, wijken: [] };
  });
  const wijken: DemoWijk[] = [];
  const index = new Map<string, number>();
  cells.forEach(([c, r], k) => {
    const g = gemeenten[owner[k]!]!;
    if (g.wijken.length >= 100) return; // wijk numbers are two digits
    const n = g.wijken.length;
    const distCity = g.urbanity <= 2 ? n : n + 2; // the first wijken of a gemeente are its centre
    const urbanity = Math.min(
      5,
      Math.max(1, g.urbanity + (distCity < 2 ? -1 : distCity > 8 ? 1 : 0) + (rng.next() < 0.15 ? 1 : 0)),
    );
    const w: DemoWijk = {
      code: `WK${g.code.slice(2)}${String(n).padStart(2, '0')}`,
      name:
        n === 0
          ? 'Centrum'
          : `${WIJK_NAMES[n % WIJK_NAMES.length]}${n >= WIJK_NAMES.length ? ` ${Math.floor(n / WIJK_NAMES.length) + 1}` : ''}`,
      gemeente: g.code,
      col: c,
      row: r,
      bbox: [3.35 + c * dx, 50.7 + r * dy, 3.35 + (c + 1) * dx, 50.7 + (r + 1) * dy],
      urbanity,
      neighbours: [],
    };
    index.set(`${c},${r}`, wijken.length);
    g.wijken.push(wijken.length);
    wijken.push(w);
  });
  wijken.forEach((w) => {
    for (const [a, b] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ] as const) {
      const j = index.get(`${w.col + a},${w.row + b}`);
      if (j !== undefined) w.neighbours.push(j);
    }
  });
  return { wijken, gemeenten: gemeenten.filter((g) => g.wijken.length > 0), dx, dy };
}
