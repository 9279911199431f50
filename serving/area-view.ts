import { topReasons, type Lang } from './reasons/index.ts';
import type { AreaScore, ServingModel } from './scores.ts';

const CAVEAT = {
  nl: 'Een score is een signaal voor aandacht, geen bewijs over iemand die er woont.',
  en: 'A score is a signal for attention, not evidence about anyone who lives there.',
};

/** Plain reasons for an area's score, from its contributions and the references of its gemeente. */
export function reasonsFor(m: ServingModel, a: AreaScore, lang: Lang, top = 5) {
  const feats = new Map(m.scores.features.map((f) => [f.name, f]));
  return topReasons(
    a.contributions.map((c) => ({
      feature: feats.get(c.feature)!,
      value: c.value ?? Number.NaN,
      contribution: c.contribution,
      municipal: m.scores.references.municipal[a.gemeente]?.[c.feature] ?? Number.NaN,
      national: m.scores.references.national[c.feature] ?? Number.NaN,
    })),
    { lang, top, protectedAreInputs: m.scores.protectedAreInputs },
  );
}

/**
 * One area as the API and the UI show it: the score in its unit with what it means, the
 * version's verdict beside it, the interval, the rank within the gemeente, the explanation and
 * the reasons. The one place where an area's answer is assembled.
 */
export function describeArea(m: ServingModel, a: AreaScore, lang: Lang) {
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
    verdict: s.verdict,
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
    reasons: reasonsFor(m, a, lang),
    lang,
    change:
      a.previous && a.score !== null
        ? { previousPeriod: a.previous.period, previousScore: a.previous.score, delta: a.score - a.previous.score }
        : null,
    model: { name: m.name, version: m.version },
    period: s.period,
    vintage: s.vintage,
    synthetic: s.synthetic,
    caveat: CAVEAT[lang],
  };
}
