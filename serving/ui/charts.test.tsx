import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sparkline, Waterfall, waterfallSteps } from './charts.tsx';
import { translator } from './i18n.ts';
import type { Contribution } from './deps.ts';

const contributions: Contribution[] = [
  { feature: 'a', label: 'A', value: 1, contribution: 0.5 },
  { feature: 'b', label: 'B', value: 2, contribution: -0.25 },
  { feature: 'c', label: 'C', value: null, contribution: 0.125 },
  { feature: 'd', label: 'D', value: 4, contribution: -0.0625 },
];

test('waterfall steps chain from the base value to base + Σ contributions', () => {
  const steps = waterfallSteps(-1, contributions, 10, (n) => `${n} other`);
  assert.equal(steps[0]!.kind, 'base');
  assert.equal(steps[0]!.end, -1);
  const out = steps[steps.length - 1]!;
  assert.equal(out.kind, 'output');
  assert.equal(out.end, -1 + 0.5 - 0.25 + 0.125 - 0.0625);
  for (let i = 1; i < steps.length - 1; i++) {
    assert.equal(steps[i]!.start, steps[i - 1]!.end, `step ${i} starts where the previous ended`);
    assert.equal(steps[i]!.end - steps[i]!.start, steps[i]!.delta);
  }
  assert.deepEqual(
    steps.slice(1, -1).map((s) => s.label),
    ['A', 'B', 'C', 'D'],
    'largest magnitude first',
  );
});

test('contributions beyond top are lumped into one step and the sum still holds', () => {
  const steps = waterfallSteps(0.5, contributions, 2, (n) => `${n} other`);
  assert.deepEqual(
    steps.map((s) => s.label),
    ['', 'A', 'B', '2 other', ''],
  );
  assert.equal(steps[3]!.delta, 0.125 - 0.0625);
  assert.equal(steps[4]!.end, 0.5 + 0.5 - 0.25 + 0.125 - 0.0625);
});

test('waterfall SVG has a bar per step, a title and a description naming the output', async () => {
  const svg = (
    await (<Waterfall baseValue={-1} contributions={contributions} t={translator('nl')} lang="nl" />)
  ).toString();
  assert.match(svg, /^<svg/);
  assert.equal((svg.match(/<rect /g) ?? []).length, 6);
  assert.match(svg, /<title id="wf-title">Bijdragen per indicator<\/title>/);
  assert.match(svg, /naar de uitkomst -0,69/);
  assert.match(svg, /−0,25/);
});

test('sparkline draws one point per period and nothing for no data', async () => {
  const svg = (
    await (
      <Sparkline
        points={[
          { period: '2021', score: 0.2 },
          { period: '2022', score: 0.4 },
          { period: '2023', score: 0.3 },
        ]}
        label="trend"
      />
    )
  ).toString();
  const pts = /points="([^"]+)"/.exec(svg)![1]!.split(' ');
  assert.equal(pts.length, 3);
  assert.equal(Sparkline({ points: [], label: 'x' }), null);
});
