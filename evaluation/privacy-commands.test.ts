import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOperationalDb, runCli } from '../core/index.ts';
import { evaluationCommands } from './commands.ts';
import { PrivacyBudget } from './differential-privacy.ts';

async function cli(home: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const io = {
    stdout: (x: string) => {
      out += x;
    },
    stderr: (x: string) => {
      err += x;
    },
    isTTY: false,
    env: { USER: 'beheerder' },
    cwd: home,
  };
  return { code: await runCli(evaluationCommands, args, io, home), out, err };
}

test('zicht privacy budget set|list: set once, never raised, spends listed', async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-privacy-'));
  assert.match((await cli(home, ['privacy', 'budget', 'list'])).out, /no privacy budget is set/);
  const set = await cli(home, ['privacy', 'budget', 'set', '--epsilon', '1']);
  assert.equal(set.code, 0, set.err);
  assert.match(set.out, /label set '\*': ε = 1/);
  const again = await cli(home, ['privacy', 'budget', 'set', '--epsilon', '5']);
  assert.equal(again.code, 1);
  assert.match(again.err, /GATE_REFUSED: .*already has a budget of ε = 1; a budget is set once and never raised/);
  assert.equal((await cli(home, ['privacy', 'budget', 'set', '--epsilon', 'veel'])).code, 2);
  const db = openOperationalDb(home);
  new PrivacyBudget(db).spend('3.1.1|buurt|2025JJ00', 0.5, 'geometric', 'train x');
  db.close();
  const list = JSON.parse((await cli(home, ['privacy', 'budget', 'list', '--json'])).out) as {
    budgets: { labelSet: string; epsilon: number; setBy: string }[];
    spends: { labelSet: string; epsilon: number }[];
  };
  assert.deepEqual(
    list.budgets.map((b) => [b.labelSet, b.epsilon, b.setBy]),
    [['*', 1, 'beheerder']],
  );
  assert.deepEqual(
    list.spends.map((s) => [s.labelSet, s.epsilon]),
    [['3.1.1|buurt|2025JJ00', 0.5]],
  );
});
