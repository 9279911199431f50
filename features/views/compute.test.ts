import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeView, type FeatureView, type ViewInput } from './index.ts';

const POP = 'inwoners';
const M = (key: string) => ({ op: 'measure' as const, key });

/** Every context transform, over a count (per 1,000) and an average-type measure, suppressed under 100. */
const VIEW: FeatureView = {
  name: 'test',
  version: 1,
  descriptionNl: 'test',
  descriptionEn: 'test',
  populationKey: POP,
  features: [
    ['bijstand', { op: 'ratio', num: M('bijstand'), den: M(POP), scale: 1000 }, undefined],
    ['bijstand_tov_gemeente', { op: 'ratio', num: M('bijstand'), den: M(POP), scale: 1000 }, 'diff-from-gemeente'],
    ['woz_tov_gemeente', M('woz'), 'diff-from-gemeente'],
    ['bijstand_buren', { op: 'ratio', num: M('bijstand'), den: M(POP), scale: 1000 }, 'neighbour-mean'],
    ['woz_buren', M('woz'), 'neighbour-mean'],
  ].map(([name, expr, context]) => ({
    name: name as string,
    descriptionNl: 'x',
    descriptionEn: 'x',
    unit: 'x',
    expr: expr as FeatureView['features'][number]['expr'],
    ...(context ? { context: { kind: context as 'diff-from-gemeente' | 'neighbour-mean' } } : {}),
    minPopulation: 100,
    tags: [],
  })),
};

interface Area {
  pop: number;
  bijstand: number;
  woz: number;
}

/** Wijken of two gemeenten (even and odd positions) with random contiguity. */
function inputOf(areas: readonly Area[], edges: readonly [number, number][]): ViewInput {
  const codes = areas.map((_, i) => `WK${i % 2 === 0 ? '0001' : '0002'}${String(i).padStart(2, '0')}`);
  const col = (f: (a: Area) => number) => Float64Array.from(areas, f);
  const adjacency = new Map<string, string[]>(codes.map((c) => [c, []]));
  for (const [a, b] of edges) {
    if (a === b || a >= codes.length || b >= codes.length) continue;
    adjacency.get(codes[a]!)!.push(codes[b]!);
    adjacency.get(codes[b]!)!.push(codes[a]!);
  }
  return {
    codes,
    measures: new Map([
      [POP, col((a) => a.pop)],
      ['bijstand', col((a) => a.bijstand)],
      ['woz', col((a) => a.woz)],
    ]),
    adjacency,
  };
}

const small = fc.record({
  pop: fc.integer({ min: 0, max: 99 }),
  bijstand: fc.integer({ min: 0, max: 99 }),
  woz: fc.double({ min: 50, max: 2000, noNaN: true }),
});
const area = fc.oneof(
  small,
  fc.record({
    pop: fc.integer({ min: 100, max: 20000 }),
    bijstand: fc.integer({ min: 0, max: 2000 }),
    woz: fc.double({ min: 50, max: 2000, noNaN: true }),
  }),
);

test('non-interference: the raw measures of a suppressed area change no value shown for any other area', () => {
  fc.assert(
    fc.property(
      fc.array(area, { minLength: 2, maxLength: 12 }),
      fc.nat(),
      small,
      small,
      fc.array(fc.tuple(fc.nat(12), fc.nat(12)), { maxLength: 30 }),
      (others, at, before, after, edges) => {
        const s = at % (others.length + 1);
        const world = [...others.slice(0, s), before, ...others.slice(s)];
        const changed = world.map((a, i) => (i === s ? after : a));
        const x = computeView(VIEW, inputOf(world, edges));
        const y = computeView(VIEW, inputOf(changed, edges));
        assert.deepEqual(
          y.features.map((f) => f.name),
          x.features.map((f) => f.name),
        );
        x.values.forEach((col, j) => {
          for (let i = 0; i < col.length; i++) {
            if (i === s) {
              assert.ok(Number.isNaN(col[i]!) && Number.isNaN(y.values[j]![i]!), 'the small area shows nothing');
              continue;
            }
            assert.ok(
              Object.is(col[i], y.values[j]![i]),
              `${x.features[j]!.name} of area ${i} moved from ${col[i]} to ${y.values[j]![i]} when suppressed area ${s} changed`,
            );
          }
        });
      },
    ),
    { numRuns: 300 },
  );
});
