import { ZichtError, type Frame } from '../core/index.ts';
import { exprMeasures, gemeenteOf, getFeatureView, type Dataset, type FeatureStore } from '../features/index.ts';
import {
  bandCuts,
  bandOf,
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
      const fv = getFeatureView(v);
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

function score(model: FittedModel, calibrator: Calibrator, X: Frame, count: boolean): Float64Array {
  const m = model.predictMargin(X);
  return count ? m.map(Math.exp) : calibrator.apply(m);
}

/**
 * Scores and exact explanations for every area of the latest period with
 * indicator data, with the previous period's score for the trend and the
 * spread of the cross-validation models as uncertainty. Areas under the
 * minimum population get no score at all.
 */
export async function scoreSet(
  store: FeatureStore,
  config: TrainingConfig,
  dataset: Dataset,
  model: FittedModel,
  foldModels: readonly FittedModel[],
  calibrator: Calibrator,
  count: boolean,
): Promise<Omit<ScoreSet, 'model'>> {
  const periods = await featurePeriods(store, config.featureViews);
  const latest = periods.at(-1);
  if (!latest) throw new ZichtError('NOT_FOUND', 'no indicator periods to score');
  const inputs = dataset.X.columns;
  const f = await periodFrame(store, config.featureViews, config.level, latest, inputs);
  const c = model.contributions(f.X);
  const prob = count ? c.output.map(Math.exp) : calibrator.apply(c.output);
  const folds = foldModels.map((m) => score(m, calibrator, f.X, count));
  const prevPeriod = periods.at(-2);
  const previous = new Map<string, number>();
  if (prevPeriod) {
    const pf = await periodFrame(store, config.featureViews, config.level, prevPeriod, inputs);
    const pp = score(model, calibrator, pf.X, count);
    pf.codes.forEach((code, i) => {
      if (pf.population[i]! >= MIN_POPULATION) previous.set(code, pp[i]!);
    });
  }
  const shown = f.codes.map((_, i) => f.population[i]! >= MIN_POPULATION);
  const cuts = bandCuts(f.codes.map((_, i) => (shown[i] ? prob[i]! : Number.NaN)));
  const probs = f.codes.map((_, i) => (shown[i] ? prob[i]! : Number.NaN));
  const gm = f.codes.map(gemeenteOf);
  const inGm = ranksWithin(probs, gm),
    national = ranksWithin(
      probs,
      f.codes.map(() => 'NL'),
    );
  const nShown = shown.filter(Boolean).length;
  const viewFeatures = config.featureViews.flatMap((v) => getFeatureView(v).features);
  const meta = inputs.map((name) => {
    const d = viewFeatures.find((x) => x.name === name)!;
    return {
      name,
      descriptionNl: d.descriptionNl,
      descriptionEn: d.descriptionEn,
      unit: d.unit,
      protected: d.tags.includes('protected'),
    };
  });
  const areas = f.codes.map((code, i) => {
    const base = {
      code,
      name: f.names.get(code) ?? code,
      level: config.level,
      gemeente: gm[i]!,
      population: Number.isFinite(f.population[i]!) ? f.population[i]! : null,
    };
    if (!shown[i]) {
      return {
        ...base,
        suppressed: true,
        margin: null,
        probability: null,
        band: null,
        uncertainty: null,
        rankInGemeente: null,
        nInGemeente: null,
        percentileInGemeente: null,
        rankNational: null,
        percentileNational: null,
        baseValue: null,
        contributions: [],
        previous: null,
      };
    }
    const fv = folds.map((p) => p[i]!);
    const nG = inGm.size.get(gm[i]!)!;
    return {
      ...base,
      suppressed: false,
      margin: c.output[i]!,
      probability: prob[i]!,
      band: bandOf(prob[i]!, cuts),
      uncertainty: {
        lo: Math.min(...fv),
        hi: Math.max(...fv),
        method: `range of the ${foldModels.length} cross-validation models`,
      },
      rankInGemeente: inGm.rank[i]!,
      nInGemeente: nG,
      percentileInGemeente: Math.round((100 * (nG - inGm.rank[i]!)) / Math.max(nG - 1, 1)),
      rankNational: national.rank[i]!,
      percentileNational: Math.round((100 * (nShown - national.rank[i]!)) / Math.max(nShown - 1, 1)),
      baseValue: c.baseValue,
      contributions: inputs.map((feature, j) => {
        const v = f.X.data[j]![i]!;
        return { feature, value: Number.isFinite(v) ? v : null, contribution: c.values[i * c.nFeatures + j]! };
      }),
      previous: previous.has(code) && prevPeriod ? { period: prevPeriod, probability: previous.get(code)! } : null,
    };
  });
  return {
    format: 'zicht-scores',
    version: 1,
    synthetic: f.synthetic || dataset.synthetic,
    period: latest,
    vintage: f.vintage,
    minPopulation: MIN_POPULATION,
    link: model.link,
    features: meta,
    protectedAreInputs: config.includeProtected,
    references: references(f, inputs, MIN_POPULATION),
    bands: cuts,
    areas,
  };
}
