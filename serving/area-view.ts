import { topReasons, type Lang } from './reasons/index.ts';
import type { AreaScore, ServingModel } from './scores.ts';

const CAVEAT = {
  nl: 'Een score is een signaal voor aandacht, geen bewijs over iemand die er woont.',
  en: 'A score is a signal for attention, not evidence about anyone who lives there.',
};

/** Plain reasons for an area's score, from its contributions and the references of its gemeente. */
export function reasonsFor(m: ServingModel, a: AreaScore, lang: Lang, top = 5, gemeenteName?: string) {
  const feats = new Map(m.scores.features.map((f) => [f.name, f]));
  return topReasons(
    a.contributions.map((c) => ({
      feature: feats.get(c.feature)!,
      value: c.value ?? Number.NaN,
      contribution: c.contribution,
      municipal: m.scores.references.municipal[a.gemeente]?.[c.feature] ?? Number.NaN,
      national: m.scores.references.national[c.feature] ?? Number.NaN,
      ...(gemeenteName ? { gemeenteName } : {}),
    })),
    { lang, top, protectedAreInputs: m.scores.protectedAreInputs },
  );
}

/**
 * One area as the API and the UI show it: the score in its unit with what it means, the
 * version's verdict beside it, the interval, the rank within the gemeente, the explanation and
 * the reasons. The one place where an area's answer is assembled.
 */
/** The version's verdict in the reader's language. */
export function verdictIn(m: ServingModel, lang: Lang) {
  return { status: m.scores.verdict.status, reasons: m.scores.verdict.reasons.map((r) => r[lang]) };
}

export function describeArea(m: ServingModel, a: AreaScore, lang: Lang, gemeenteName?: string) {
  const s = m.scores;
  const sorted = [...a.contributions].sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
  return {
    code: a.code,
    name: a.name,
    level: a.level,
    gemeente: a.gemeente,
    population: a.population,
    score: a.score,
    unit: { kind: s.unit.kind, label: s.unit[lang] },
    meaning: s.meaning[lang],
    verdict: verdictIn(m, lang),
    band: a.band,
    bands: s.bands,
    interval: a.interval ? { ...a.interval, method: s.intervalMethod[lang] } : null,
    rateRatioToGemeente: a.rateRatioToGemeente,
    rank: {
      gemeente: a.rankInGemeente,
      ofGemeente: a.nInGemeente,
      percentileGemeente: a.percentileInGemeente,
      national: a.rankNational,
      percentileNational: a.percentileNational,
    },
    explanation: {
      space: 'margin',
      link: s.link,
      baseValue: a.baseValue,
      output: a.margin,
      top: sorted.slice(0, 5),
      contributions: sorted,
    },
    reasons: reasonsFor(m, a, lang, 5, gemeenteName),
    lang,
    change: (() => {
      const prev = a.history.at(-1);
      return prev && a.score !== null
        ? { previousPeriod: prev.period, previousScore: prev.score, delta: a.score - prev.score }
        : null;
    })(),
    history: a.history,
    model: { name: m.name, version: m.version },
    period: s.period,
    vintage: s.vintage,
    synthetic: s.synthetic,
    caveat: CAVEAT[lang],
  };
}

const SCALES = new WeakMap<ServingModel, (margin: number) => number>();

/**
 * The score for a margin (the model's own scale). A count model's score is exp(margin); a
 * probability is the version's calibration of the margin, read off its own scored areas (every
 * area is a point of that monotone map; between two, the line joining them).
 */
function marginToScore(m: ServingModel): (margin: number) => number {
  const known = SCALES.get(m);
  if (known) return known;
  let f: (margin: number) => number;
  if (m.scores.target === 'count') f = Math.exp;
  else {
    const pts = m.scores.areas
      .filter((a) => a.margin !== null && a.score !== null)
      .map((a) => [a.margin!, a.score!] as const)
      .sort((x, y) => x[0] - y[0]);
    const xs = pts.map((p) => p[0]),
      ys = pts.map((p) => p[1]);
    f = (x) => {
      if (xs.length === 0) return Number.NaN;
      if (x <= xs[0]!) return ys[0]!;
      if (x >= xs.at(-1)!) return ys.at(-1)!;
      let lo = 0,
        hi = xs.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (xs[mid]! <= x) lo = mid;
        else hi = mid;
      }
      const span = xs[hi]! - xs[lo]!;
      return span === 0 ? ys[hi]! : ys[lo]! + ((x - xs[lo]!) / span) * (ys[hi]! - ys[lo]!);
    };
  }
  SCALES.set(m, f);
  return f;
}

/**
 * An area's explanation in the score's own unit: the score of an area with average indicator
 * values (the model's base value), then each indicator's effect when added largest first. The
 * effects add up exactly to the area's score.
 */
export function scorePath(m: ServingModel, a: AreaScore) {
  const toScore = marginToScore(m);
  const sorted = [...a.contributions].sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
  const baseScore = toScore(a.baseValue ?? 0);
  let margin = a.baseValue ?? 0,
    before = baseScore;
  const steps = sorted.map((c, i) => {
    margin += c.contribution;
    const after = i === sorted.length - 1 && a.score !== null ? a.score : toScore(margin);
    const step = { ...c, effect: after - before };
    before = after;
    return step;
  });
  return { baseScore, steps };
}
