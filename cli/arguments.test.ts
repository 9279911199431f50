// The CLI's argument errors, over the real commands: every mistake a user can make on the command
// line is a BAD_ARGUMENT (exit 2) naming what is wrong and how to call the command; nothing runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../core/index.ts';
import { commands } from './index.ts';

async function run(argv: string[], home = mkdtempSync(join(tmpdir(), 'zicht-args-'))) {
  let stdout = '',
    stderr = '';
  const io = {
    stdout: (s: string) => {
      stdout += s;
    },
    stderr: (s: string) => {
      stderr += s;
    },
    isTTY: false,
    env: {},
    cwd: home,
  };
  const code = await runCli(commands, argv, io, home);
  return { code, stdout, stderr, home };
}

test('every command that needs an argument says which one and how to call it', async () => {
  const needing = commands.filter((c) => /<[^>]+>/.test(c.usage.replace(/\[[^\]]*\]/g, '')));
  assert.ok(needing.length >= 20, `${needing.length} commands take a required argument`);
  for (const c of needing) {
    const r = await run([...c.words]);
    assert.equal(r.code, 2, `${c.words.join(' ')} without arguments: exit ${r.code} (${r.stderr})`);
    assert.match(r.stderr, /^zicht: BAD_ARGUMENT: /, c.words.join(' '));
    assert.match(r.stderr, /zicht /, `${c.words.join(' ')} shows how to call it: ${r.stderr}`);
    assert.deepEqual(readdirSync(r.home), [], `${c.words.join(' ')} wrote nothing into ZICHT_HOME`);
  }
});

test('an unknown option is refused by every command before it runs (even demo and serve)', async () => {
  for (const c of commands) {
    const r = await run([...c.words, '--bogus']);
    assert.equal(r.code, 2, c.words.join(' '));
    assert.match(r.stderr, /BAD_ARGUMENT: .*--bogus.*Usage: zicht /s, c.words.join(' '));
    assert.deepEqual(readdirSync(r.home), [], `${c.words.join(' ')} wrote nothing into ZICHT_HOME`);
  }
});

test('--help of every command shows its usage and exits 0', async () => {
  for (const c of commands) {
    const r = await run([...c.words, '--help']);
    assert.equal(r.code, 0, c.words.join(' '));
    assert.ok(r.stdout.includes(c.usage), `${c.words.join(' ')} --help prints its usage`);
  }
});

test('required options and malformed values name the option and what was wrong', async () => {
  const cases: [string[], RegExp][] = [
    [['dataset', 'build'], /--view, --periods and --crime are required/],
    [['fetch', 'kwb'], /--year YYYY is required/],
    [['fetch', 'kwb', '--year', '20x4'], /--year YYYY is required, got '20x4'/],
    [['fetch', 'police'], /--municipality is required/],
    [['privacy', 'budget', 'set'], /--epsilon is required/],
    [['privacy', 'budget', 'set', '--epsilon=-1'], /--epsilon must be a number above 0, got '-1'/],
    [['token', 'create'], /--role is required/],
    [
      ['token', 'create', '--role', 'king'],
      /role must be one of marine, analyst, data_scientist, ethics_board, admin, got 'king'/,
    ],
    [['token', 'create', '--role', 'marine'], /role marine needs a municipality scope: --municipality GMxxxx/],
    [['models', 'show', 'foo'], /'foo' is not a model reference; expected name@version/],
    [['explain', 'demo@1'], /missing <area>/],
    [['areas', 'list', '--level', 'stad'], /--level must be one of gemeente, wijk, buurt, got 'stad'/],
    [['audit', 'prune', '--days', '10'], /--days must be at least 183/],
    [['audit', 'list', '--limit=-3'], /--limit must be at least 1, got -3/],
    [['audit', 'list', '--limit', '2.5'], /--limit must be an integer, got '2.5'/],
    [['demo', '--seed', 'abc'], /--seed must be an integer, got 'abc'/],
    [['demo', '--port', '99999'], /--port must be at most 65535, got 99999/],
    [['serve', '--port', '99999'], /--port must be at most 65535, got 99999/],
    [['serve', '--port=-1'], /--port must be at least 0, got -1/],
    [['dataset', 'build', '--view', 'kwb', '--periods', '2020', '--crime', '3.1.1'], /'2020' is not a CBS period/],
    [
      ['dataset', 'build', '--view', 'kwb', '--periods', '2020JJ00', '--crime', '3.1.1', '--horizon', '0'],
      /--horizon must be at least 1, got 0/,
    ],
    [
      ['review', 'demo@1', '--decision', 'maybe', '--reviewer', 'x', '--role', 'voorzitter', '--rationale', 'r'],
      /--decision must be one of approve, reject, request-changes, got 'maybe'/,
    ],
  ];
  for (const [argv, message] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: exit ${r.code} (${r.stderr})`);
    assert.match(r.stderr, /^zicht: BAD_ARGUMENT: /, argv.join(' '));
    assert.match(r.stderr, message, argv.join(' '));
  }
});

test('--json puts the error, as data, on stdout', async () => {
  const r = await run(['models', 'show', 'foo', '--json']);
  assert.equal(r.code, 2);
  const body = JSON.parse(r.stdout) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'BAD_ARGUMENT');
  assert.match(body.error.message, /name@version/);
});

test('a port that is taken is a clear error, not an internal one', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = await run(['serve', '--port', String(port)]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`zicht: CONFLICT: port ${port} on 127.0.0.1 is already in use`));
  } finally {
    blocker.close();
  }
});
