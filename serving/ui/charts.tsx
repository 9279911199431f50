/**
 * Small server-side SVG charts for the area page, all in the score's own unit: where the score
 * lies on the full scale with its interval and the band thresholds, the score per period, and
 * the steps from an area with average indicators to this area (the "waterfall").
 */
import type { BandThresholds, Contribution, Lang, ScoreUnit } from './deps.ts';
import { formatDelta, formatScore, periodLabel } from './format.ts';
import type { Translate } from './i18n.ts';

export interface WaterfallStep {
  readonly label: string;
  readonly kind: 'base' | 'contribution' | 'output';
  /** Running total before the step (0 for the base and output bars, which start at 0). */
  readonly start: number;
  readonly end: number;
  readonly delta: number;
}

/**
 * The steps of the waterfall in the score's unit: the base score, the `top` largest effects,
 * the rest lumped into one step, and the area's score. The running total after the last step
 * equals the score exactly.
 */
export function waterfallSteps(
  baseScore: number,
  contributions: readonly Contribution[],
  top: number,
  otherLabel: (count: number) => string,
): WaterfallStep[] {
  const shown = contributions.slice(0, top);
  const rest = contributions.slice(top);
  const steps: WaterfallStep[] = [{ label: '', kind: 'base', start: 0, end: baseScore, delta: baseScore }];
  let total = baseScore;
  for (const c of shown) {
    steps.push({ label: c.label, kind: 'contribution', start: total, end: total + c.effect, delta: c.effect });
    total += c.effect;
  }
  if (rest.length > 0) {
    const delta = rest.reduce((s, c) => s + c.effect, 0);
    steps.push({ label: otherLabel(rest.length), kind: 'contribution', start: total, end: total + delta, delta });
    total += delta;
  }
  steps.push({ label: '', kind: 'output', start: 0, end: total, delta: total });
  return steps;
}

const UP = '#8c3e09';
const DOWN = '#1d5f8a';
const TOTAL = '#4d4d4d';

/** The top of the score axis: 100% for a probability, else a round value above every figure shown. */
export function axisMax(unit: Pick<ScoreUnit, 'kind'>, values: readonly number[]): number {
  if (unit.kind === 'probability') return 1;
  const hi = Math.max(...values.filter(Number.isFinite), 0) * 1.1 || 1;
  const step = 10 ** Math.floor(Math.log10(hi));
  return Math.ceil(hi / step) * step;
}

/** Horizontal waterfall in the score's unit, one row per step; rises in brown («+»), falls in blue («−»). */
export function Waterfall(props: {
  readonly baseScore: number;
  readonly score: number;
  readonly contributions: readonly Contribution[];
  readonly unit: ScoreUnit;
  readonly t: Translate;
  readonly lang: Lang;
  readonly top?: number;
}) {
  const { t, lang, unit } = props;
  const steps = waterfallSteps(props.baseScore, props.contributions, props.top ?? 8, (count) =>
    t('area.other', { count }),
  );
  const label = (s: WaterfallStep) =>
    s.kind === 'base' ? t('area.base') : s.kind === 'output' ? t('area.output') : s.label;
  const values = steps.flatMap((s) => [s.start, s.end]);
  const hi = axisMax(unit, values);
  const lo = Math.min(0, ...values);
  const labelW = 300,
    chartW = 330,
    valueW = 130,
    rowH = 26;
  const width = labelW + chartW + valueW;
  const height = rowH * steps.length + 30;
  const x = (v: number) => labelW + ((v - lo) / (hi - lo || 1)) * chartW;
  const show = (v: number) => formatScore(t, lang, v, unit);
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="wf-title wf-desc"
      class="zicht-waterfall"
    >
      <title id="wf-title">{t('area.waterfallTitle')}</title>
      <desc id="wf-desc">{t('area.waterfallDesc', { base: show(props.baseScore), output: show(props.score) })}</desc>
      <line x1={x(0)} x2={x(0)} y1="0" y2={height - 24} stroke="#767676" />
      <text x={x(0)} y={height - 8} font-size="12" text-anchor="start" fill="#000">
        {show(0)}
      </text>
      <text x={x(hi)} y={height - 8} font-size="12" text-anchor="end" fill="#000">
        {show(hi)}
      </text>
      {steps.map((s, i) => {
        const y = i * rowH + 5;
        const x0 = Math.min(x(s.start), x(s.end));
        const w = Math.max(1, Math.abs(x(s.end) - x(s.start)));
        const fill = s.kind === 'contribution' ? (s.delta >= 0 ? UP : DOWN) : TOTAL;
        const shown = s.kind === 'contribution' ? formatDelta(t, lang, s.delta, unit) : show(s.end);
        const text = label(s);
        return (
          <g class={`zicht-waterfall__step zicht-waterfall__step--${s.kind}`} data-start={s.start} data-end={s.end}>
            <text x={labelW - 8} y={y + 16} text-anchor="end" font-size="13" fill="#000">
              {text.length > 44 ? `${text.slice(0, 43)}…` : text}
            </text>
            <rect x={x0} y={y + 3} width={w} height={rowH - 8} fill={fill} />
            <text x={labelW + chartW + 6} y={y + 16} font-size="13" fill="#000">
              {shown}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Band thresholds as vertical or horizontal guide lines, with their names. */
function bandGuides(bands: BandThresholds) {
  return [
    { at: bands.gemiddeld, key: 'band.gemiddeld' as const },
    { at: bands.verhoogd, key: 'band.verhoogd' as const },
    { at: bands.hoog, key: 'band.hoog' as const },
  ];
}

/** The score on the full scale, its interval drawn around it, and where the bands begin. */
export function ScoreScale(props: {
  readonly score: number;
  readonly interval: { readonly low: number; readonly high: number };
  readonly bands: BandThresholds;
  readonly unit: ScoreUnit;
  readonly t: Translate;
  readonly lang: Lang;
}) {
  const { t, lang, unit, bands } = props;
  const hi = axisMax(unit, [props.interval.high, bands.hoog, props.score]);
  const width = 640,
    height = 92,
    left = 16,
    right = 16;
  const x = (v: number) => left + (Math.min(Math.max(v, 0), hi) / hi) * (width - left - right);
  const show = (v: number) => formatScore(t, lang, v, unit);
  const desc = t('area.scaleDesc', {
    score: show(props.score),
    low: show(props.interval.low),
    high: show(props.interval.high),
  });
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="scale-title scale-desc"
      class="zicht-chart"
      id="score-scale"
    >
      <title id="scale-title">{t('area.scaleTitle')}</title>
      <desc id="scale-desc">{desc}</desc>
      <line x1={x(0)} x2={x(hi)} y1="46" y2="46" stroke="#000" stroke-width="1.5" />
      {bandGuides(bands).map((g) => (
        <g class="zicht-scale__band">
          <line x1={x(g.at)} x2={x(g.at)} y1="26" y2="60" stroke="#595959" stroke-dasharray="3 2" />
          <text x={x(g.at)} y="20" font-size="11" text-anchor="middle" fill="#000">
            {t(g.key)}
          </text>
        </g>
      ))}
      <rect
        class="zicht-scale__interval"
        x={x(props.interval.low)}
        y="38"
        width={Math.max(2, x(props.interval.high) - x(props.interval.low))}
        height="16"
        fill="#9ec3d9"
        stroke="#1d5f8a"
        data-low={props.interval.low}
        data-high={props.interval.high}
      />
      <circle
        class="zicht-scale__score"
        cx={x(props.score)}
        cy="46"
        r="6"
        fill="#000"
        stroke="#fff"
        stroke-width="2"
        data-score={props.score}
      />
      <text x={x(0)} y="80" font-size="12" fill="#000">
        {show(0)}
      </text>
      <text x={x(hi)} y="80" font-size="12" text-anchor="end" fill="#000">
        {show(hi)}
      </text>
    </svg>
  );
}

/** The score per period on the full score axis, years as labels, band thresholds as guides. */
export function TrendChart(props: {
  readonly points: readonly { readonly period: string; readonly score: number }[];
  readonly bands: BandThresholds;
  readonly unit: ScoreUnit;
  readonly t: Translate;
  readonly lang: Lang;
}) {
  const { t, lang, unit, points } = props;
  if (points.length === 0) return null;
  const hi = axisMax(unit, [...points.map((p) => p.score), props.bands.hoog]);
  const width = 480,
    height = 200,
    left = 70,
    right = 20,
    top = 14,
    bottom = 34;
  const x = (i: number) =>
    points.length === 1 ? (left + width - right) / 2 : left + (i / (points.length - 1)) * (width - left - right);
  const y = (v: number) => top + (1 - Math.min(Math.max(v, 0), hi) / hi) * (height - top - bottom);
  const show = (v: number) => formatScore(t, lang, v, unit);
  const years = points.map((p) => periodLabel(t, p.period));
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="trend-title trend-desc"
      class="zicht-chart"
      id="trend"
    >
      <title id="trend-title">{t('area.trendTitle')}</title>
      <desc id="trend-desc">{points.map((p, i) => `${years[i]}: ${show(p.score)}`).join('; ')}</desc>
      <line x1={left} x2={left} y1={top} y2={height - bottom} stroke="#000" />
      <line x1={left} x2={width - right} y1={height - bottom} y2={height - bottom} stroke="#000" />
      {[0, hi / 2, hi].map((v) => (
        <text x={left - 6} y={y(v) + 4} font-size="11" text-anchor="end" fill="#000">
          {show(v)}
        </text>
      ))}
      {bandGuides(props.bands).map((g) => (
        <g>
          <line x1={left} x2={width - right} y1={y(g.at)} y2={y(g.at)} stroke="#767676" stroke-dasharray="3 3" />
          <text x={width - right} y={y(g.at) - 3} font-size="10" text-anchor="end" fill="#000">
            {t(g.key)}
          </text>
        </g>
      ))}
      {points.length > 1 ? (
        <polyline
          points={points.map((p, i) => `${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ')}
          fill="none"
          stroke="#00527a"
          stroke-width="2.5"
        />
      ) : null}
      {points.map((p, i) => (
        <g class="zicht-trend__point" data-period={p.period}>
          <circle cx={x(i)} cy={y(p.score)} r="5" fill="#00527a" stroke="#fff" stroke-width="1.5" />
          <text
            class="zicht-trend__year"
            x={x(i)}
            y={height - bottom + 18}
            font-size="12"
            text-anchor="middle"
            fill="#000"
          >
            {years[i]}
          </text>
        </g>
      ))}
    </svg>
  );
}
