import { ZichtError } from '../core/index.ts';
import {
  recoverable,
  secondarySuppression,
  verdictReasonText,
  type RunFacts,
  type Verdict,
} from '../evaluation/index.ts';
import {
  CRIME_CODES,
  exprMeasures,
  gemeenteOf,
  getFeatureView,
  lagFeatureDef,
  levelOf,
  periodYear,
  type Dataset,
  type FeatureStore,
} from '../features/index.ts';
import {
  explainFrame,
  suppressedArea,
  bandOf,
  bandThresholds,
  periodFrame,
  ranksWithin,
  references,
  type Calibrator,
  type FittedModel,
  type ScoreSet,
} from '../training/index.ts';
import type { TrainingConfig } from './config.ts';

const MIN_POPULATION = 100;

/** Periods with data for the views' measures (not label-only or boundary files). */
async function featurePeriods(store: FeatureStore, views: readonly string[]): Promise<string[]> {
  const needed = new Set(
    views.flatMap((v) => {
      const fv = getFeatureView(v, store.home);
      return [fv.populationKey, ...fv.features.flatMap((f) => exprMeasures(f.expr))];
    }),
  );
  return [
    ...new Set(
      (await store.sources())
        .filter((s) => s.quality?.measures.some((m) => needed.has(m.key)))
        .flatMap((s) => s.periods),
    ),
  ].sort();
}

/** What a score means, per language, for this version's target. */
function meaning(config: TrainingConfig, period: string): ScoreSet['meaning'] {
  const year = periodYear(period) + config.label.horizon;
  const title = CRIME_CODES[config.label.crimeCode]?.title ?? `misdrijfcode ${config.label.crimeCode}`;
  const nlTitle = title.toLowerCase();
  if (config.label.target === 'count') {
    return {
      nl: `Het verwachte aantal registraties van ${nlTitle} (${config.label.crimeCode}) per 1.000 inwoners in ${year}, volgens het patroon van de indicatoren van ${periodYear(period)}.`,
      en: `The expected number of registered ${nlTitle} (${config.label.crimeCode}) crimes per 1,000 inhabitants in ${year}, from the pattern of the ${periodYear(period)} indicators.`,
    };
  }
  const pct = Math.round(100 * (config.label.topShare ?? 0.1));
  return {
    nl: `De kans dat dit gebied in ${year} bij de ${pct}% gebieden hoort met de meeste geregistreerde ${nlTitle} (${config.label.crimeCode}) per inwoner, volgens het patroon van de indicatoren van ${periodYear(period)}.`,
    en: `The probability that this area is among the ${pct}% of areas with the most registered ${nlTitle} (${config.label.crimeCode}) per inhabitant in ${year}, from the pattern of the ${periodYear(period)} indicators.`,
  };
}

/** How many earlier years an area's trend shows (each is one more period scored by the job). */
const HISTORY_PERIODS = 5;

/**
 * Scores and exact explanations for every area in the version's domain (its level and the
 * municipalities it was trained on) of the latest period with indicator data; this version's
 * scores of up to five earlier years for the trend; an interval around each score from the cross-validation models;
 * bands relative to the average; ranks within the gemeente (and nationally only for a national
 * domain). Areas under the minimum population get no score at all.
 */
export async function scoreSet(input: {
  store: FeatureStore;
  config: TrainingConfig;
  dataset: Dataset;
  model: FittedModel;
  foldModels: readonly FittedModel[];
  calibrator: Calibrator;
  domain: RunFacts['domain'];
  verdict: Pick<Verdict, 'status' | 'reasons'>;
}): Promise<Omit<ScoreSet, 'model'>> {
  const { store, config, dataset, model, calibrator, domain } = input;
  const count = config.label.target === 'count';
  const periods = await featurePeriods(store, config.featureViews);
  const latest = periods.at(-1);
  if (!latest) throw new ZichtError('NOT_FOUND', 'no indicator periods to score');
  const inputs = dataset.X.columns;
  const inDomain = new Set(domain.municipalities);
  const lag = config.label.lagFeature
    ? { crimeCode: config.label.crimeCode, minPopulation: MIN_POPULATION }
    : undefined;
  const f = await periodFrame(store, config.featureViews, config.level, latest, inputs, lag);
  const rows = f.codes.map((c, i) => [c, i] as const).filter(([c]) => inDomain.has(gemeenteOf(c)));
  if (rows.length === 0)
    throw new ZichtError('NOT_FOUND', `no area of the version's municipalities has indicators in ${latest}`);
  const toScore = (m: Float64Array) => (count ? m.map(Math.exp) : calibrator.apply(m));
  const c = await explainFrame(model, f.X);
  const score = toScore(c.output);
  // interval: the spread of the cross-validation models around their median, re-centred on this
  // version's own margin, so it always contains the score
  const foldMargins = input.foldModels.map((m) => m.predictMargin(f.X));
  const lo = new Float64Array(f.codes.length),
    hi = new Float64Array(f.codes.length);
  for (let i = 0; i < f.codes.length; i++) {
    const v = foldMargins.map((m) => m[i]!).sort((a, b) => a - b);
    const mid = v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
    lo[i] = c.output[i]! + (v[0]! - mid);
    hi[i] = c.output[i]! + (v.at(-1)! - mid);
  }
  const scoreLo = toScore(lo),
    scoreHi = toScore(hi);
  // the trend: this version's score on the indicators of up to HISTORY_PERIODS earlier years
  // (what this model says of those years, not what earlier versions said), oldest first
  const history = new Map<string, { period: string; score: number }[]>();
  for (const period of periods.slice(-1 - HISTORY_PERIODS, -1)) {
    const pf = await periodFrame(store, config.featureViews, config.level, period, inputs, lag);
    const pp = toScore(model.predictMargin(pf.X));
    pf.codes.forEach((code, i) => {
      if (pf.population[i]! < MIN_POPULATION || !inDomain.has(gemeenteOf(code)) || !Number.isFinite(pp[i]!)) return;
      const h = history.get(code) ?? [];
      h.push({ period, score: pp[i]! });
      history.set(code, h);
    });
  }
  const shown = (i: number) => f.population[i]! >= MIN_POPULATION;
  const reference = count
    ? (1000 * dataset.counts.reduce((a, b) => a + b, 0)) / dataset.population.reduce((a, b) => a + b, 0)
    : dataset.y.reduce((a, b) => a + (b > 0 ? 1 : 0), 0) / dataset.y.length;
  const bands = bandThresholds(reference, count ? 'rate-per-1000' : 'probability');
  const shownRows = rows.filter(([, i]) => shown(i));
  const scores = shownRows.map(([, i]) => score[i]!);
  const gms = shownRows.map(([code]) => gemeenteOf(code));
  const inGm = ranksWithin(scores, gms);
  const national = domain.national
    ? ranksWithin(
        scores,
        gms.map(() => 'NL'),
      )
    : null;
  const rankOf = new Map(shownRows.map(([, i], k) => [i, k]));
  // the gemeente's population-weighted expected rate, for count targets' rate ratio
  const gmRate = new Map<string, [number, number]>();
  for (const [code, i] of shownRows) {
    const g = gmRate.get(gemeenteOf(code)) ?? [0, 0];
    g[0] += score[i]! * f.population[i]!;
    g[1] += f.population[i]!;
    gmRate.set(gemeenteOf(code), g);
  }
  const viewFeatures = [
    ...config.featureViews.flatMap((v) => getFeatureView(v, store.home).features),
    ...(config.label.lagFeature ? [lagFeatureDef(config.label.crimeCode)] : []),
  ];
  const meta = inputs.map((name, j) => {
    const d = viewFeatures.find((x) => x.name === name)!;
    let min = Number.POSITIVE_INFINITY,
      max = Number.NEGATIVE_INFINITY;
    for (const v of dataset.X.data[j]!) {
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return {
      name,
      descriptionNl: d.descriptionNl,
      descriptionEn: d.descriptionEn,
      unit: d.unit,
      protected: d.tags.includes('protected'),
      mutable: d.tags.includes('mutable'),
      range: Number.isFinite(min) ? { min, max } : null,
    };
  });
  const nShown = shownRows.length;
  // disclosure control over what is published: shown areas' indicator values plus the public
  // totals of their parents (gemeente, and wijk for buurten) must not determine a suppressed
  // area's values; where they would, the values of more shown areas are withheld
  const children = new Map<string, string[]>();
  for (const [code] of rows) {
    const parents = [gemeenteOf(code), ...(levelOf(code) === 'buurt' ? [`WK${code.slice(2, 8)}`] : [])];
    for (const p of parents) {
      const siblings = children.get(p) ?? [];
      siblings.push(code);
      children.set(p, siblings);
    }
  }
  const hidden = new Set(rows.filter(([, i]) => !shown(i) && f.population[i]! > 0).map(([code]) => code));
  const popOf = new Map(rows.map(([code, i]) => [code, f.population[i]!]));
  const secondary = secondarySuppression(children, popOf, hidden);
  const withheld = new Set([...secondary].filter((c) => !hidden.has(c)));
  const stillRecoverable = recoverable(children, new Set([...hidden, ...secondary]), secondary.parents);
  const areas = rows.map(([code, i]) => {
    const base = {
      code,
      name: f.names.get(code) ?? code,
      level: config.level,
      gemeente: gemeenteOf(code),
      population: Number.isFinite(f.population[i]!) ? f.population[i]! : null,
    };
    if (!shown(i)) return suppressedArea(base);
    const k = rankOf.get(i)!;
    const nG = inGm.size.get(base.gemeente)!;
    const g = gmRate.get(base.gemeente)!;
    return {
      ...base,
      suppressed: false,
      margin: c.output[i]!,
      score: score[i]!,
      band: bandOf(score[i]!, bands),
      interval: { lo: Math.min(scoreLo[i]!, score[i]!), hi: Math.max(scoreHi[i]!, score[i]!) },
      rankInGemeente: inGm.rank[k]!,
      nInGemeente: nG,
      percentileInGemeente: Math.round((100 * (nG - inGm.rank[k]!)) / Math.max(nG - 1, 1)),
      rateRatioToGemeente: count && g[1] > 0 ? score[i]! / (g[0] / g[1]) : null,
      rankNational: national ? national.rank[k]! : null,
      percentileNational: national ? Math.round((100 * (nShown - national.rank[k]!)) / Math.max(nShown - 1, 1)) : null,
      baseValue: c.baseValue,
      contributions: inputs.map((feature, j) => {
        const v = f.X.data[j]![i]!;
        return {
          feature,
          value: Number.isFinite(v) && !withheld.has(code) ? v : null,
          contribution: c.values[i * c.nFeatures + j]!,
        };
      }),
      history: history.get(code) ?? [],
    };
  });
  const nFolds = input.foldModels.length;
  return {
    format: 'zicht-scores',
    version: 2,
    synthetic: f.synthetic || dataset.synthetic,
    period: latest,
    vintage: f.vintage,
    minPopulation: MIN_POPULATION,
    link: model.link,
    target: config.label.target,
    crimeCode: config.label.crimeCode,
    topShare: config.label.topShare ?? null,
    unit: count
      ? {
          kind: 'rate-per-1000',
          nl: 'verwachte registraties per 1.000 inwoners',
          en: 'expected registrations per 1,000 inhabitants',
        }
      : { kind: 'probability', nl: 'kans', en: 'probability' },
    meaning: meaning(config, latest),
    intervalMethod: {
      nl: `de spreiding (kleinste tot grootste) van de ${nFolds} kruisvalidatiemodellen rond hun mediaan, gelegd om de score van deze versie`,
      en: `the spread (smallest to largest) of the ${nFolds} cross-validation models around their median, centred on this version's score`,
    },
    domain,
    // said in both languages here, like the meaning: the server answers in the reader's language
    verdict: {
      status: input.verdict.status,
      reasons: input.verdict.reasons.map((r) => ({ nl: verdictReasonText(r, 'nl'), en: verdictReasonText(r, 'en') })),
    },
    features: meta,
    protectedAreInputs: config.includeProtected,
    references: (() => {
      const r = references(f, inputs, MIN_POPULATION);
      return {
        national: r.national,
        municipal: Object.fromEntries(Object.entries(r.municipal).filter(([g]) => inDomain.has(g))),
      };
    })(),
    bands: { hoog: bands.hoog, verhoogd: bands.verhoogd, gemiddeld: bands.gemiddeld, reference: bands.reference },
    disclosure: {
      suppressedAreas: rows.length - shownRows.length,
      valuesWithheld: withheld.size,
      recoverable: stillRecoverable.length,
    },
    areas,
  };
}
