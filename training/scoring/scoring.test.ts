import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ranksWithin } from '../index.ts';

test('ranks within groups: 1 for the highest score, ties by row, missing scores unranked and uncounted', () => {
  const value = fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 6 }).map((v) => v / 2) },
    { weight: 1, arbitrary: fc.constant(Number.NaN) },
  );
  const rows = fc.array(fc.tuple(value, fc.constantFrom('GM0001', 'GM0002', 'GM0003')), { maxLength: 60 });
  fc.assert(
    fc.property(rows, (r) => {
      const values = r.map(([v]) => v);
      const groups = r.map(([, g]) => g);
      const { rank, size } = ranksWithin(values, groups);
      const ranked = (i: number) => Number.isFinite(values[i]!);
      r.forEach(([v, g], i) => {
        if (!ranked(i)) {
          assert.ok(Number.isNaN(rank[i]!));
          return;
        }
        // the rows of the group before this one: a higher score, or the same score earlier
        const ahead = r.filter(([w, h], k) => h === g && ranked(k) && (w > v || (w === v && k < i))).length;
        assert.equal(rank[i], ahead + 1);
      });
      const expected = new Map<string, number>();
      r.forEach(([, g], i) => {
        if (ranked(i)) expected.set(g, (expected.get(g) ?? 0) + 1);
      });
      assert.deepEqual(size, expected);
    }),
    { numRuns: 300 },
  );
});
