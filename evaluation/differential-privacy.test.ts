import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOperationalDb } from '../core/index.ts';
import {
  DEFAULT_LABEL_SET,
  PrivacyBudget,
  geometricNoise,
  laplaceNoise,
  noiseVariance,
  privatiseCounts,
} from './index.ts';

/** Sample mean and variance of n draws. */
function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0,
    s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

test('the noise has the scale its ε promises (variance within its confidence band), centred on 0', () => {
  // A Laplace-type variable has kurtosis 6: the sample variance of n draws has a relative standard
  // error of √(5/n) ≈ 1% at n = 50,000. ±8% is eight standard errors; removing the noise, or
  // drawing it at another scale (ε/2 doubles the variance fourfold), fails.
  const n = 50_000;
  for (const [mechanism, eps] of [
    ['geometric', 0.5],
    ['geometric', 1],
    ['laplace', 0.5],
  ] as const) {
    const m = moments(() => (mechanism === 'geometric' ? geometricNoise(eps) : laplaceNoise(eps)), n);
    const expected = noiseVariance(mechanism, eps);
    assert.ok(
      Math.abs(m.variance / expected - 1) < 0.08,
      `${mechanism} ε=${eps}: variance ${m.variance} vs ${expected}`,
    );
    assert.ok(Math.abs(m.mean) < 8 * Math.sqrt(expected / n), `${mechanism} ε=${eps}: mean ${m.mean}`);
  }
});

test('the noise is not reproducible: the same counts noised twice differ', () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-dp-'));
  const db = openOperationalDb(home);
  const budget = new PrivacyBudget(db);
  budget.set(DEFAULT_LABEL_SET, 10, 'admin');
  const counts = Array.from({ length: 200 }, (_, i) => i % 17);
  const opts = { epsilon: 1, mechanism: 'geometric' as const, labelSet: 'x', purpose: 'test', budget };
  const a = privatiseCounts(counts, opts),
    b = privatiseCounts(counts, opts);
  assert.notDeepEqual(Array.from(a), Array.from(b));
  db.close();
});

test('the budget is set once by an administrator; spends are appended and checked against it', () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-dp-'));
  const db = openOperationalDb(home);
  const budget = new PrivacyBudget(db);
  const opts = (epsilon: number) => ({
    epsilon,
    mechanism: 'laplace' as const,
    labelSet: '3.1.1|wijk|2023JJ00',
    purpose: 'train',
    budget,
  });
  assert.throws(() => privatiseCounts([1, 2], opts(0.5)), {
    code: 'GATE_REFUSED',
    message: /no privacy budget is set.*zicht privacy budget set/,
  });
  budget.set('3.1.1|wijk|2023JJ00', 1, 'admin');
  assert.throws(() => budget.set('3.1.1|wijk|2023JJ00', 5, 'data-scientist'), {
    code: 'GATE_REFUSED',
    message: /set once and never raised/,
  });
  privatiseCounts([1, 2], opts(0.6));
  assert.throws(() => privatiseCounts([1, 2], opts(0.5)), {
    code: 'GATE_REFUSED',
    message: /exhausted: 0.6 of 1 spent/,
  });
  privatiseCounts([1, 2], opts(0.4));
  assert.equal(budget.spends('3.1.1|wijk|2023JJ00').length, 2);
  assert.ok(Math.abs(budget.spent('3.1.1|wijk|2023JJ00') - 1) < 1e-12);
  // the stored budget survives a new connection: it is not the spender's to set
  db.close();
  const again = new PrivacyBudget(openOperationalDb(home));
  assert.equal(again.budget('3.1.1|wijk|2023JJ00'), 1);
});

test('zicht privacy budget set/show: an administrator sets a budget once; the CLI refuses to raise it', async () => {
  const { runCli } = await import('../core/index.ts');
  const { evaluationCommands } = await import('./index.ts');
  const home = mkdtempSync(join(tmpdir(), 'zicht-dp-cli-'));
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
    env: { USER: 'beheerder' },
    cwd: home,
  };
  assert.equal(await runCli(evaluationCommands, ['privacy', 'budget', 'set', '--epsilon', '2'], io, home), 0);
  assert.equal(await runCli(evaluationCommands, ['privacy', 'budget', 'set', '--epsilon', '9'], io, home), 1);
  assert.match(err, /GATE_REFUSED: .*set once and never raised/);
  out = '';
  assert.equal(await runCli(evaluationCommands, ['privacy', 'budget', 'show', '--json'], io, home), 0);
  const shown = JSON.parse(out) as { budgets: { labelSet: string; epsilon: number; setBy: string }[] };
  assert.deepEqual(
    shown.budgets.map((b) => [b.labelSet, b.epsilon, b.setBy]),
    [['*', 2, 'beheerder']],
  );
});
