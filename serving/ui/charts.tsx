/**
 * Small server-side SVG charts for the area page: the contribution waterfall
 * (base value → each contribution → output) and the trend sparkline.
 */
import type { Contribution, Lang } from './deps.ts';
import { formatNumber, type Translate } from './i18n.ts';

export interface WaterfallStep {
  readonly label: string;
  readonly kind: 'base' | 'contribution' | 'output';
  /** Running total before the step (0 for base and output bars, which start at 0). */
  readonly start: number;
  readonly end: number;
  readonly delta: number;
}

/**
 * The steps of the waterfall: the base value, the `top` largest contributions
 * by magnitude, the rest lumped into one step, and the output. The running
 * total after the last contribution equals the output exactly.
 */
export function waterfallSteps(
  baseValue: number,
  contributions: readonly Contribution[],
  top: number,
  otherLabel: (count: number) => string,
): WaterfallStep[] {
  const sorted = [...contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const shown = sorted.slice(0, top);
  const rest = sorted.slice(top);
  const steps: WaterfallStep[] = [{ label: '', kind: 'base', start: 0, end: baseValue, delta: baseValue }];
  let total = baseValue;
  for (const c of shown) {
    steps.push({
      label: c.label,
      kind: 'contribution',
      start: total,
      end: total + c.contribution,
      delta: c.contribution,
    });
    total += c.contribution;
  }
  if (rest.length > 0) {
    const delta = rest.reduce((s, c) => s + c.contribution, 0);
    steps.push({ label: otherLabel(rest.length), kind: 'contribution', start: total, end: total + delta, delta });
    total += delta;
  }
  steps.push({ label: '', kind: 'output', start: 0, end: total, delta: total });
  return steps;
}

const UP = '#b35806';
const DOWN = '#2166ac';
const TOTAL = '#4d4d4d';

/** Horizontal waterfall, one row per step; bars rise (orange, «+») or fall (blue, «−»). */
export function Waterfall(props: {
  readonly baseValue: number;
  readonly contributions: readonly Contribution[];
  readonly t: Translate;
  readonly lang: Lang;
  readonly top?: number;
}) {
  const { t, lang } = props;
  const steps = waterfallSteps(props.baseValue, props.contributions, props.top ?? 8, (count) =>
    t('area.other', { count }),
  );
  const labelled = steps.map((s) => ({
    ...s,
    label: s.kind === 'base' ? t('area.base') : s.kind === 'output' ? t('area.output') : s.label,
  }));
  const values = steps.flatMap((s) => [s.start, s.end]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  const labelW = 300;
  const chartW = 360;
  const valueW = 70;
  const rowH = 26;
  const width = labelW + chartW + valueW;
  const height = rowH * steps.length + 10;
  const x = (v: number) => labelW + ((v - lo) / span) * chartW;
  const output = steps[steps.length - 1]!.end;
  const desc = t('area.waterfallDesc', {
    base: formatNumber(lang, props.baseValue),
    output: formatNumber(lang, output),
  });
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby="wf-title wf-desc"
      class="zicht-waterfall"
    >
      <title id="wf-title">{t('area.contributions')}</title>
      <desc id="wf-desc">{desc}</desc>
      <line x1={x(0)} x2={x(0)} y1="0" y2={height} stroke="#757575" stroke-dasharray="3 3" />
      {labelled.map((s, i) => {
        const y = i * rowH + 5;
        const x0 = Math.min(x(s.start), x(s.end));
        const w = Math.max(1, Math.abs(x(s.end) - x(s.start)));
        const fill = s.kind === 'contribution' ? (s.delta >= 0 ? UP : DOWN) : TOTAL;
        const sign = s.kind === 'contribution' ? (s.delta >= 0 ? '+' : '−') : '';
        const shown =
          s.kind === 'contribution' ? `${sign}${formatNumber(lang, Math.abs(s.delta))}` : formatNumber(lang, s.end);
        const label = s.label.length > 44 ? `${s.label.slice(0, 43)}…` : s.label;
        return (
          <g class={`zicht-waterfall__step zicht-waterfall__step--${s.kind}`} data-start={s.start} data-end={s.end}>
            <text x={labelW - 8} y={y + 16} text-anchor="end" font-size="13" fill="#000000">
              {label}
            </text>
            <rect x={x0} y={y + 3} width={w} height={rowH - 8} fill={fill} />
            <text x={labelW + chartW + 6} y={y + 16} font-size="13" fill="#000000">
              {shown}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A small line of scores per period, the last point marked. */
export function Sparkline(props: {
  readonly points: readonly { readonly period: string; readonly score: number }[];
  readonly label: string;
}) {
  const pts = props.points;
  const width = 240;
  const height = 60;
  if (pts.length === 0) return null;
  const scores = pts.map((p) => p.score);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  const span = hi - lo || 1;
  const xy = pts.map(
    (p, i) =>
      [
        pts.length === 1 ? width / 2 : 6 + (i / (pts.length - 1)) * (width - 12),
        height - 8 - ((p.score - lo) / span) * (height - 16),
      ] as const,
  );
  const last = xy[xy.length - 1]!;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={props.label}
      class="zicht-sparkline"
    >
      <title>{props.label}</title>
      <polyline
        points={xy.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}
        fill="none"
        stroke="#00527a"
        stroke-width="2"
      />
      <circle cx={last[0]} cy={last[1]} r="4" fill="#00527a" />
    </svg>
  );
}
