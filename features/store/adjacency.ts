import { levelOf } from '../areas/codes.ts';
import { computeAdjacency } from '../geo/index.ts';
import type { GeoJsonGeometry } from '../sources/index.ts';
import type { AreaLevel } from '../types.ts';
import type { FeatureStore } from './store.ts';

/** Cached contiguity per boundary vintage and level; emptied for a vintage when its boundaries are ingested. */
export const ADJACENCY_SCHEMA =
  'CREATE TABLE IF NOT EXISTS adjacency (vintage INTEGER NOT NULL, level VARCHAR NOT NULL, neighbours VARCHAR NOT NULL, PRIMARY KEY (vintage, level))';

/**
 * The polygon contiguity (`computeAdjacency`, default tolerance) of the areas of one level in the
 * boundaries of one vintage; null when that vintage has no boundaries at that level. Computed once
 * and kept in the store (table `adjacency`) until boundaries of that vintage are ingested again, so
 * materializing and training do not redo the geometry. The map's order (areas by code, neighbours
 * sorted) is kept, so sums over neighbours add up in the same order as a fresh computation.
 */
export async function adjacencyOf(
  store: FeatureStore,
  vintage: number,
  level: AreaLevel,
): Promise<Map<string, string[]> | null> {
  const cached = await store.db.all<{ neighbours: string }>(
    'SELECT neighbours FROM adjacency WHERE vintage = ? AND level = ?',
    [vintage, level],
  );
  if (cached.length) {
    const pairs = JSON.parse(cached[0]!.neighbours) as [string, string[]][] | null;
    return pairs && new Map(pairs);
  }
  // only this level's geometries are parsed
  const bounds = (
    await store.db.all<{ code: string; geometry: string }>(
      'SELECT code, geometry FROM boundaries WHERE vintage = ? ORDER BY code',
      [vintage],
    )
  ).filter((b) => levelOf(b.code) === level);
  const adjacency = bounds.length
    ? computeAdjacency(bounds.map((b) => ({ code: b.code, geometry: JSON.parse(b.geometry) as GeoJsonGeometry })))
    : null;
  await store.db.run('INSERT OR REPLACE INTO adjacency VALUES (?, ?, ?)', [
    vintage,
    level,
    JSON.stringify(adjacency && [...adjacency]),
  ]);
  return adjacency;
}
