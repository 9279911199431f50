import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Duck, T } from './duck.ts';

// 5,000 rows: three chunks of 2,048, 2,048 and 904; NULLs only in some chunks, so a mask left over
// from one chunk (or a row written into the wrong chunk) shows in the next
const N = 5000;
const nullAt = (i: number) => i < 2048 && i % 7 === 3;

test('append writes every row of every type across chunks: NaN and null become NULL, −0 becomes 0', async () => {
  const db = await Duck.open(':memory:');
  await db.run('CREATE TABLE t (s VARCHAR, i INTEGER, b BOOLEAN, d DOUBLE, f DOUBLE)');
  // short ASCII strings are written inline, the others by DuckDB: both kinds, the edges of 12
  // characters, non-ASCII and the empty string, mixed in every chunk
  const kinds = (i: number) =>
    [`a longer text, row ${i}`, `r${i}`, 'twelve chars', 'thirteen char', 'Súdwest', '', `${i}`.padStart(12, 'x')][
      i % 7
    ];
  const s = Array.from({ length: N }, (_, i) => (nullAt(i) ? null : kinds(i)!));
  const ints = Array.from({ length: N }, (_, i) => (i % 11 === 5 ? null : i - 2500));
  const bools = Array.from({ length: N }, (_, i) => (i >= 4096 && i % 5 === 0 ? null : i % 2 === 0));
  const d = Array.from({ length: N }, (_, i) => (i >= 2048 && i % 13 === 0 ? null : i === 1 ? -0 : i / 8));
  const f = Float64Array.from({ length: N }, (_, i) =>
    i >= 4096 && i % 3 === 0 ? Number.NaN : i === 2 ? -0 : -i * 1.5,
  );
  const done: number[] = [];
  await db.append('t', [T.VARCHAR, T.INTEGER, T.BOOLEAN, T.DOUBLE, T.DOUBLE], [s, ints, bools, d, f], (r) =>
    done.push(r),
  );
  assert.deepEqual(done, [2048, 4096, 5000]);
  const rows = await db.all<{
    s: string | null;
    i: number | null;
    b: boolean | null;
    d: number | null;
    f: number | null;
  }>('SELECT s, i, b, d, f FROM t ORDER BY rowid');
  assert.equal(rows.length, N);
  rows.forEach((r, k) => {
    assert.deepEqual(
      r,
      {
        s: s[k],
        i: ints[k],
        b: bools[k],
        d: d[k] === null ? null : Object.is(d[k], -0) ? 0 : d[k],
        f: Number.isNaN(f[k]!) ? null : f[k] === 0 ? 0 : f[k],
      },
      `row ${k}`,
    );
  });
  assert.ok(Object.is(rows[1]!.d, 0) && Object.is(rows[2]!.f, 0), '−0 is stored as 0');
  db.close();
});

test('append refuses a value of the wrong type, naming the column type and the row', async () => {
  const db = await Duck.open(':memory:');
  await db.run('CREATE TABLE t (i INTEGER)');
  await assert.rejects(db.append('t', [T.INTEGER], [[1, 2, 'drie']]), /INTEGER column has string drie at row 2/);
  await assert.rejects(db.append('t', [T.INTEGER], [[1, 2.5]]), /INTEGER column has number 2\.5 at row 1/);
  db.close();
});
