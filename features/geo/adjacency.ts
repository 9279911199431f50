import type { GeoJsonGeometry, Position } from '../sources/types.ts';

/** Options for contiguity. Tolerances are in the coordinate units (degrees for WGS84). */
export interface AdjacencyOptions {
  /** Two boundaries closer than this touch. Default 2e-4° (about 15–20 m): simplified boundaries of neighbours rarely share exact vertices. */
  readonly tolerance?: number;
}

function rings(g: GeoJsonGeometry): (readonly Position[])[] {
  return g.type === 'Polygon' ? [...g.coordinates] : g.coordinates.flatMap((p) => [...p]);
}

/**
 * Polygon contiguity ("queen" style, tolerant): two areas are neighbours when a
 * vertex of one lies within `tolerance` of a boundary segment of the other.
 * Segments are indexed in a uniform grid whose cell is a few tolerances wide,
 * so the cost is about linear in the number of vertices. Works on simplified
 * boundaries whose shared borders no longer share exact vertices. Symmetric.
 */
export function computeAdjacency(
  features: readonly { readonly code: string; readonly geometry: GeoJsonGeometry }[],
  opts: AdjacencyOptions = {},
): Map<string, string[]> {
  const tol = opts.tolerance ?? 2e-4;
  // a cell a few tolerances wide, or as wide as a typical segment where segments are long
  // (generalised or grid-like boundaries): a long segment in narrow cells fills many of them
  const cell = Math.max(tol * 20, medianSegmentSpan(features));
  const key = cellKey(features, tol, cell);
  const grid = new Map<number | string, number[]>();
  // flat segment store: x1, y1, x2, y2, owner
  const seg: number[] = [];
  features.forEach((f, owner) => {
    for (const ring of rings(f.geometry)) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const [x1, y1] = ring[k]!,
          [x2, y2] = ring[k + 1]!;
        const id = seg.length / 5;
        seg.push(x1, y1, x2, y2, owner);
        const i0 = Math.floor((Math.min(x1, x2) - tol) / cell),
          i1 = Math.floor((Math.max(x1, x2) + tol) / cell);
        const j0 = Math.floor((Math.min(y1, y2) - tol) / cell),
          j1 = Math.floor((Math.max(y1, y2) + tol) / cell);
        for (let i = i0; i <= i1; i++)
          for (let j = j0; j <= j1; j++) {
            const kk = key(i, j);
            const list = grid.get(kk);
            if (list) list.push(id);
            else grid.set(kk, [id]);
          }
      }
    }
  });
  const nb = features.map(() => new Set<number>());
  const tol2 = tol * tol;
  features.forEach((f, owner) => {
    for (const ring of rings(f.geometry)) {
      for (const [x, y] of ring) {
        const list = grid.get(key(Math.floor(x / cell), Math.floor(y / cell)));
        if (!list) continue;
        for (const id of list) {
          const other = seg[id * 5 + 4]!;
          if (other === owner || nb[owner]!.has(other)) continue;
          if (dist2(x, y, seg[id * 5]!, seg[id * 5 + 1]!, seg[id * 5 + 2]!, seg[id * 5 + 3]!) <= tol2) {
            nb[owner]!.add(other);
            nb[other]!.add(owner);
          }
        }
      }
    }
  });
  return new Map(features.map((f, i) => [f.code, [...nb[i]!].map((j) => features[j]!.code).sort()]));
}

/** The median of max(|dx|, |dy|) over the boundary segments (0 without segments). */
function medianSegmentSpan(features: readonly { readonly geometry: GeoJsonGeometry }[]): number {
  const spans: number[] = [];
  for (const f of features)
    for (const ring of rings(f.geometry))
      for (let k = 0; k + 1 < ring.length; k++)
        spans.push(Math.max(Math.abs(ring[k + 1]![0] - ring[k]![0]), Math.abs(ring[k + 1]![1] - ring[k]![1])));
  if (spans.length === 0) return 0;
  return Float64Array.from(spans).sort()[Math.floor(spans.length / 2)]!;
}

/**
 * The grid cell (i, j) as a Map key: one number (cells counted from the lower-left corner of all
 * coordinates) where the grid is small enough for that to be exact, else the string "i,j".
 */
function cellKey(
  features: readonly { readonly geometry: GeoJsonGeometry }[],
  tol: number,
  cell: number,
): (i: number, j: number) => number | string {
  let minX = Number.POSITIVE_INFINITY,
    minY = Number.POSITIVE_INFINITY,
    maxX = Number.NEGATIVE_INFINITY,
    maxY = Number.NEGATIVE_INFINITY;
  for (const f of features)
    for (const ring of rings(f.geometry))
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
  const i0 = Math.floor((minX - tol) / cell) - 1,
    j0 = Math.floor((minY - tol) / cell) - 1;
  const width = Math.floor((maxY + tol) / cell) + 2 - j0;
  const height = Math.floor((maxX + tol) / cell) + 2 - i0;
  if (Number.isFinite(width * height) && width * height < Number.MAX_SAFE_INTEGER)
    return (i, j) => (i - i0) * width + (j - j0);
  return (i, j) => `${i},${j}`;
}

function dist2(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1,
    dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - x1) * dx + (py - y1) * dy) / len2 : 0;
  t = t < 0 ? 0 : Math.min(t, 1);
  const ex = x1 + t * dx - px,
    ey = y1 + t * dy - py;
  return ex * ex + ey * ey;
}
