import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, hashValue, writeFileAtomic, runCli, ZichtError, type Command } from './index.ts';

test('rng: same seed gives the same stream, different seeds differ', () => {
  const a = createRng(42),
    b = createRng(42),
    c = createRng(43);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.next()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('rng: normal and poisson have the right moments', () => {
  const r = createRng(7);
  let s = 0,
    s2 = 0,
    p = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
    p += r.poisson(3);
  }
  assert.ok(Math.abs(s / n) < 0.03);
  assert.ok(Math.abs(s2 / n - 1) < 0.05);
  assert.ok(Math.abs(p / n - 3) < 0.05);
});

test('hashValue is independent of key order', () => {
  assert.equal(hashValue({ a: 1, b: [1, 2] }), hashValue({ b: [1, 2], a: 1 }));
  assert.notEqual(hashValue({ a: 1 }), hashValue({ a: 2 }));
});

test('writeFileAtomic leaves no temporary file behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zicht-core-'));
  writeFileAtomic(join(dir, 'x.json'), '{"a":1}');
  writeFileAtomic(join(dir, 'x.json'), '{"a":2}');
  assert.equal(readFileSync(join(dir, 'x.json'), 'utf8'), '{"a":2}');
  assert.deepEqual(readdirSync(dir), ['x.json']);
});

test('runCli: --json output, error as data with exit code, unknown command', async () => {
  const cmds: Command[] = [
    { words: ['ok'], summary: 's', usage: 'zicht ok', run: async () => ({ done: true }) },
    {
      words: ['bad'],
      summary: 's',
      usage: 'zicht bad',
      run: async () => {
        throw new ZichtError('UNKNOWN_AREA', "unknown area 'BU1'", { code: 'BU1' });
      },
    },
  ];
  let out = '',
    err = '';
  const io = {
    stdout: (s: string) => {
      out += s;
    },
    stderr: (s: string) => {
      err += s;
    },
    isTTY: false,
    env: {},
    cwd: '.',
  };
  assert.equal(await runCli(cmds, ['ok', '--json'], io, '/tmp/h'), 0);
  assert.deepEqual(JSON.parse(out), { done: true });
  out = '';
  assert.equal(await runCli(cmds, ['bad', '--json'], io, '/tmp/h'), 1);
  assert.equal(JSON.parse(out).error.code, 'UNKNOWN_AREA');
  assert.match(err, /unknown area 'BU1'/);
  assert.equal(await runCli(cmds, ['nope'], io, '/tmp/h'), 2);
  assert.equal(await runCli(cmds, ['ok', '--bogus'], io, '/tmp/h'), 2);
});
