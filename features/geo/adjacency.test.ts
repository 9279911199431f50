import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realDataPath, realDataTest } from '../../core/index.ts';
import { parseSourceFile } from '../sources/index.ts';
import { computeAdjacency } from './index.ts';

const square = (code: string, x: number, y: number) => ({
  code,
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, y],
        [x + 1, y],
        [x + 1, y + 1],
        [x, y + 1],
        [x, y],
      ] as [number, number][],
    ],
  },
});

test('grid of squares: edge and corner neighbours, symmetric', () => {
  const a = computeAdjacency([square('A', 0, 0), square('B', 1, 0), square('C', 1, 1), square('D', 5, 5)]);
  assert.deepEqual(a.get('A'), ['B', 'C']);
  assert.deepEqual(a.get('B'), ['A', 'C']);
  assert.deepEqual(a.get('D'), []);
});

test('real KWB 2022 wijk boundaries: nearly all wijken have neighbours; known pairs', realDataTest(), () => {
  const g = parseSourceFile(realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_wgs84.geojson'));
  assert.equal(g.type, 'boundaries');
  if (g.type !== 'boundaries') return;
  const adj = computeAdjacency(g.set.boundaries);
  const isolated = [...adj].filter(([, n]) => n.length === 0).map(([c]) => c);
  assert.ok(isolated.length < 40, `isolated wijken: ${isolated.length} (${isolated.slice(0, 10).join(', ')})`);
  for (const [c, ns] of adj) for (const n of ns) assert.ok(adj.get(n)!.includes(c), `${c}–${n} symmetric`);
  // Groningen: Centrum borders Oud-Zuid and Oud-West
  assert.ok(adj.get('WK001400')!.includes('WK001401'));
  assert.ok(adj.get('WK001400')!.includes('WK001402'));
  const mean = [...adj.values()].reduce((s, n) => s + n.length, 0) / adj.size;
  assert.ok(mean > 3 && mean < 9, `mean neighbours ${mean}`);
});
