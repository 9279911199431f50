import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScoreScale, TrendChart, Waterfall, axisMax, waterfallSteps } from './charts.tsx';
import { translator } from './i18n.ts';
import type { Contribution } from './deps.ts';

const t = translator('nl');
const contributions: Contribution[] = [
  { feature: 'a', label: 'A', value: '1%', contribution: 0.5, effect: 0.08 },
  { feature: 'b', label: 'B', value: '2%', contribution: -0.25, effect: -0.03 },
  { feature: 'c', label: 'C', value: null, contribution: 0.125, effect: 0.015 },
  { feature: 'd', label: 'D', value: '4%', contribution: -0.0625, effect: -0.005 },
];
const unit = { kind: 'probability' as const, label: 'kans' };
const bands = { hoog: 0.4, verhoogd: 0.2, gemiddeld: 0.05, reference: 0.1 };

test('waterfall steps chain from the base score to the score, in the score unit', () => {
  const steps = waterfallSteps(0.1, contributions, 10, (n) => `${n} other`);
  assert.equal(steps[0]!.kind, 'base');
  assert.equal(steps[0]!.end, 0.1);
  const out = steps[steps.length - 1]!;
  assert.equal(out.kind, 'output');
  assert.ok(Math.abs(out.end - (0.1 + 0.08 - 0.03 + 0.015 - 0.005)) < 1e-12);
  for (let i = 1; i < steps.length - 1; i++) {
    assert.equal(steps[i]!.start, steps[i - 1]!.end, `step ${i} starts where the previous ended`);
    assert.ok(Math.abs(steps[i]!.end - steps[i]!.start - steps[i]!.delta) < 1e-12);
  }
  const lumped = waterfallSteps(0.1, contributions, 2, (n) => `${n} other`);
  assert.deepEqual(
    lumped.map((s) => s.label),
    ['', 'A', 'B', '2 other', ''],
  );
});

test('the waterfall is labelled in the score unit, never in log-odds', async () => {
  const svg = (
    await (<Waterfall baseScore={0.1} score={0.16} contributions={contributions} unit={unit} t={t} lang="nl" />)
  ).toString();
  assert.equal((svg.match(/<rect /g) ?? []).length, 6);
  assert.match(svg, /<title id="wf-title">Van een gemiddeld gebied naar dit gebied<\/title>/);
  assert.match(svg, /gebied met gemiddelde indicatoren/);
  assert.match(svg, /10,0%/);
  assert.match(svg, /\+8,0 procentpunt/);
  assert.match(svg, /−3,0 procentpunt/);
  assert.doesNotMatch(svg, /basiswaarde|log|−2,26/);
});

test('the score scale draws the interval around the score and the band thresholds', async () => {
  const svg = (
    await (<ScoreScale score={0.23} interval={{ low: 0.18, high: 0.28 }} bands={bands} unit={unit} t={t} lang="nl" />)
  ).toString();
  const x = (attr: string) => Number(new RegExp(`${attr}="([\\d.]+)"`).exec(svg)![1]);
  const left = x('x'),
    dot = Number(/class="zicht-scale__score" cx="([\d.]+)"/.exec(svg)![1]);
  const rect = /class="zicht-scale__interval" x="([\d.]+)" y="38" width="([\d.]+)"/.exec(svg)!;
  assert.ok(Number(rect[1]) <= dot && dot <= Number(rect[1]) + Number(rect[2]), 'the score lies in its interval');
  assert.ok(left >= 0);
  assert.match(svg, /0,0%/);
  assert.match(svg, /100,0%/, 'the full probability axis');
  for (const b of ['hoog', 'verhoogd', 'gemiddeld']) assert.match(svg, new RegExp(`>${b}<`));
});

test('the trend shows years as labels on the full axis, and only the points there are', async () => {
  const svg = (
    await (
      <TrendChart
        points={[
          { period: '2023JJ00', score: 0.2 },
          { period: '2024JJ00', score: 0.3 },
        ]}
        bands={bands}
        unit={unit}
        t={t}
        lang="nl"
      />
    )
  ).toString();
  assert.deepEqual(
    [...svg.matchAll(/class="zicht-trend__year"[^>]*>(\d{4})</g)].map((m) => m[1]),
    ['2023', '2024'],
  );
  assert.doesNotMatch(svg.replace(/data-period="\w+"/g, ''), /JJ00/, 'no CBS period codes in what is read');
  assert.equal((svg.match(/class="zicht-trend__point"/g) ?? []).length, 2);
  assert.match(svg, />100,0%</);
  assert.equal(TrendChart({ points: [], bands, unit, t, lang: 'nl' }), null);
  assert.equal(axisMax({ kind: 'rate-per-1000' }, [0.3, 1.7]), 2);
});
