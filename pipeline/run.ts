import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZichtError, createFrame, takeRows, writeFileAtomic, type Frame, type SqliteDb } from '../core/index.ts';
import {
  buildDataset,
  computeAdjacency,
  FeatureStore,
  getFeatureView,
  readObservations,
  levelOf,
  topFlags,
  type Dataset,
  type GeoJsonGeometry,
} from '../features/index.ts';
import {
  buildEvaluationReport,
  clusterBootstrap,
  onRows,
  poissonDeviance,
  PrivacyLedger,
  privatiseCounts,
  rocAuc,
  type EvaluationReport,
} from '../evaluation/index.ts';
import type { TrainingConfig } from './config.ts';
import {
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  ModelRegistry,
  calibrate,
  fit,
  groupFolds,
  serializeArtifact,
  type Artifact,
  type Calibrator,
  type FittedModel,
  type ModelVersion,
} from '../training/index.ts';
import { labelBiasSection, type FeedbackSimulation } from './label-bias.ts';
import { scoreSet } from './score-set.ts';

export interface TrainingResult {
  readonly version: ModelVersion;
  readonly dataset: {
    readonly hash: string;
    readonly rows: number;
    readonly positives: number;
    readonly unmatched: number;
  };
  readonly report: EvaluationReport;
  readonly seconds: number;
}

export type Progress = (stage: string, fraction: number) => void;

/** What only the caller of a training job can supply. */
export interface TrainingHooks {
  /** A feedback-loop simulation where the world's mechanism is known (the demo world); none otherwise. */
  readonly feedbackSimulation?: FeedbackSimulation;
}

/** The package version, recorded in every artifact. */
export const CODE_VERSION = 'zicht 0.1.0';

function margins(model: FittedModel, X: Frame, offset?: Float64Array): Float64Array {
  return offset ? model.predictMargin(X, offset) : model.predictMargin(X);
}

/**
 * Run a training job: build the leak-free dataset, cross-validate by
 * gemeente, calibrate on out-of-fold predictions, fit the final model, check
 * the temporal holdout, evaluate (accuracy, fairness, privacy, spatial, label
 * bias), score and explain every area of the latest period, and register the
 * version as a candidate — atomically.
 */
export async function runTraining(
  home: string,
  config: TrainingConfig,
  opts: { trainedBy: string; progress?: Progress; db: SqliteDb } & TrainingHooks,
): Promise<TrainingResult> {
  const t0 = performance.now();
  const progress = opts.progress ?? (() => {});
  const store = await FeatureStore.open(home);
  try {
    progress('dataset', 0.02);
    const label = {
      crimeCode: config.label.crimeCode,
      horizon: config.label.horizon,
      target: config.label.target,
      ...(config.label.topShare !== undefined ? { topShare: config.label.topShare } : {}),
    };
    const spec = {
      views: config.featureViews,
      level: config.level,
      label,
      includeProtected: config.includeProtected,
      ...(config.features ? { features: config.features } : {}),
    };
    const { dataset, report: dsReport } = await buildDataset(store, { ...spec, featurePeriods: config.trainPeriods });
    if (config.label.target === 'binary-top' && (dsReport.positives === 0 || dsReport.positives === dsReport.rows)) {
      throw new ZichtError(
        'BAD_DATA',
        `the dataset has only one class (${dsReport.positives} positives in ${dsReport.rows} rows); choose another label or periods`,
      );
    }
    const count = config.label.target === 'count';
    // optional differential privacy: the learners see noised labels; accuracy is still measured against the registered ones
    const dp = config.label.differentialPrivacy;
    const trainY = dp ? noisedLabels(home, dataset, config, dp) : dataset.y;
    const offset = count ? dataset.population.map((p) => Math.log(Math.max(p, 1) / 1000)) : undefined;
    // grouped k-fold: no gemeente in both train and validation
    progress('cross-validation', 0.08);
    // the CV groups: municipalities, or wijken when the data covers a single municipality
    const cvGroups =
      config.validation.groupBy === 'wijk'
        ? dataset.areaCodes.map((c) => (c.startsWith('BU') ? `WK${c.slice(2, 8)}` : c))
        : dataset.groups;
    const fold = groupFolds(cvGroups, config.validation.folds, config.seed);
    const crossValidate = (labels: Float64Array, report: boolean) => {
      const oof = new Float64Array(dataset.y.length);
      const models: FittedModel[] = [];
      for (let f = 0; f < config.validation.folds; f++) {
        const train = [...fold.keys()].filter((i) => fold[i] !== f),
          test = [...fold.keys()].filter((i) => fold[i] === f);
        const m = fit(
          config.model.kind,
          { X: dataset.X, y: labels, groups: cvGroups },
          train,
          config.model.params,
          config.seed + f,
          offset,
        );
        const pm = margins(
          m,
          takeRows(dataset.X, test),
          offset ? Float64Array.from(test, (i) => offset[i]!) : undefined,
        );
        test.forEach((i, k) => {
          oof[i] = pm[k]!;
        });
        models.push(m);
        if (report) progress('cross-validation', 0.08 + (0.4 * (f + 1)) / config.validation.folds);
      }
      return { oof, models };
    };
    const { oof: oofMargin, models: foldModels } = crossValidate(trainY, true);
    const link = model0Link(config.model.kind, count);
    const calibrator: Calibrator = calibrate(count ? 'none' : config.validation.calibration, oofMargin, trainY, link);
    const oofPrediction = count ? oofMargin.map(Math.exp) : calibrator.apply(oofMargin);
    progress('final model', 0.5);
    const all = [...dataset.y.keys()];
    const model = fit(
      config.model.kind,
      { X: dataset.X, y: trainY, groups: cvGroups },
      all,
      config.model.params,
      config.seed,
      offset,
    );
    // temporal holdout: train ≤ t, test t + 1
    let holdout: Parameters<typeof buildEvaluationReport>[0]['holdout'] = null;
    if (config.testPeriod) {
      progress('temporal holdout', 0.58);
      const { dataset: test } = await buildDataset(store, { ...spec, featurePeriods: [config.testPeriod] });
      const X = createFrame(
        dataset.X.columns,
        dataset.X.columns.map(
          (c) => test.X.data[test.X.columns.indexOf(c)] ?? new Float64Array(test.y.length).fill(Number.NaN),
        ),
      );
      const toff = count ? test.population.map((p) => Math.log(Math.max(p, 1) / 1000)) : undefined;
      const m = margins(model, X, toff);
      holdout = {
        trainPeriods: config.trainPeriods,
        testPeriod: config.testPeriod,
        labelPeriod: test.labelPeriods[0]!,
        y: test.y,
        prediction: count ? m.map(Math.exp) : calibrator.apply(m),
        groups: test.groups,
      };
    }
    progress('baselines', 0.62);
    const baselines = await baselinePredictions(store, dataset, config, fold, offset);
    progress('evaluation', 0.7);
    const contributions = model.contributions(dataset.X);
    const importance = dataset.X.columns
      .map((feature, j) => {
        let s = 0;
        for (let i = 0; i < dataset.y.length; i++)
          s += Math.abs(contributions.values[i * contributions.nFeatures + j]!);
        return { feature, meanAbsContribution: s / dataset.y.length };
      })
      .sort((a, b) => b.meanAbsContribution - a.meanAbsContribution);
    const bounds = await store.boundaries(dataset.vintage);
    const levelBounds = bounds.filter((b) => levelOf(b.code) === config.level);
    const adjacency = levelBounds.length
      ? computeAdjacency(levelBounds.map((b) => ({ code: b.code, geometry: b.geometry as GeoJsonGeometry })))
      : null;
    const protectedAttributes = new Map(
      dataset.protectedAttributes.columns.map((c, j) => [c, dataset.protectedAttributes.data[j]!]),
    );
    const flagShare = config.label.topShare ?? 0.1;
    const report = buildEvaluationReport({
      model: { name: config.name, kind: config.model.kind },
      seed: config.seed,
      synthetic: dataset.synthetic,
      target: config.label.target,
      crimeCode: config.label.crimeCode,
      cv: {
        folds: config.validation.folds,
        codes: dataset.areaCodes,
        periods: dataset.periods,
        groups: cvGroups,
        fold,
        y: dataset.y,
        counts: dataset.counts,
        population: dataset.population,
        prediction: oofPrediction,
      },
      holdout,
      baselines,
      protectedAttributes,
      groupSpecs: [
        { attribute: 'buiten_europa', kind: 'quantile', bins: 3 },
        { attribute: 'laag_inkomen', kind: 'quantile', bins: 3 },
        { attribute: 'stedelijkheid', kind: 'categorical' },
      ],
      capacityK: 3,
      flagShare,
      adjacency,
      labelBias: await labelBiasSection(
        home,
        store,
        config,
        dataset,
        spec,
        oofPrediction,
        progress,
        opts.feedbackSimulation,
      ),
      differentialPrivacy: dp
        ? privacyCost(dp, dataset, cvGroups, oofPrediction, crossValidate(dataset.y, false).oof, count, config)
        : null,
      globalImportance: importance,
    });
    progress('scoring all areas', 0.9);
    const scores = await scoreSet(store, config, dataset, model, foldModels, calibrator, count);
    const artifact: Artifact = {
      format: ARTIFACT_FORMAT,
      formatVersion: ARTIFACT_FORMAT_VERSION,
      name: config.name,
      kind: config.model.kind,
      createdAt: new Date().toISOString(),
      codeVersion: CODE_VERSION,
      seed: config.seed,
      features: dataset.X.columns.map((name) => featureMeta(config.featureViews, name)),
      label,
      link: model.link,
      params: { ...config.model.params, folds: config.validation.folds, calibration: config.validation.calibration },
      model: model.toJSON(),
      calibration: calibrator.toJSON(),
      data: {
        hash: dataset.hash,
        snapshotHashes: [...dataset.snapshotHashes],
        synthetic: dataset.synthetic,
        level: dataset.level,
        vintage: dataset.vintage,
        featurePeriods: [...config.trainPeriods],
        labelPeriods: [...new Set(dataset.labelPeriods)],
        nRows: dataset.y.length,
      },
    };
    const metric = (e: { estimate: number | null } | undefined) => e?.estimate ?? Number.NaN;
    const cvm = report.accuracy.crossValidation.metrics;
    const summary: Record<string, number> = count
      ? { poissonDeviance: metric(cvm['poissonDeviance']) }
      : {
          auc: metric(cvm['auc']),
          prAuc: metric(cvm['prAuc']),
          brier: metric(cvm['brier']),
          ece: metric(cvm['ece']),
          ...(report.accuracy.temporalHoldout
            ? { holdoutAuc: metric(report.accuracy.temporalHoldout.metrics['auc']) }
            : {}),
        };
    progress('registering', 0.97);
    const registry = new ModelRegistry(opts.db, home);
    const version = registry.register({
      name: config.name,
      kind: config.model.kind,
      trainedBy: opts.trainedBy,
      dataHash: dataset.hash,
      synthetic: dataset.synthetic,
      metrics: Object.fromEntries(Object.entries(summary).filter(([, v]) => Number.isFinite(v))),
      artifactText: serializeArtifact(artifact),
      files: {
        'evaluation.json': JSON.stringify(report),
        'scores.json': JSON.stringify({ ...scores, model: { name: config.name, version: 0 } }),
        'config.json': JSON.stringify(config, null, 2),
        'dataset.json': JSON.stringify({ hash: dataset.hash, report: dsReport, unmatched: dataset.unmatched }),
      },
    });
    // the version number is known only inside the registration; stamp it into the scores file
    registry.writeFile(
      version,
      'scores.json',
      JSON.stringify({ ...scores, model: { name: config.name, version: version.version } }),
    );
    progress('done', 1);
    return {
      version,
      dataset: {
        hash: dataset.hash,
        rows: dsReport.rows,
        positives: dsReport.positives,
        unmatched: dsReport.featureOnly + dsReport.labelOnly,
      },
      report,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    store.close();
  }
}

/** Label counts with DP noise, spent from the ledger in $ZICHT_HOME; binary labels are re-derived from the noised rates. */
function noisedLabels(
  home: string,
  dataset: Dataset,
  config: TrainingConfig,
  dp: NonNullable<TrainingConfig['label']['differentialPrivacy']>,
): Float64Array {
  const path = join(home, 'privacy-ledger.json');
  const stored = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as { entries: PrivacyLedger['entries'] }).entries
    : [];
  const ledger = new PrivacyLedger(dp.budget);
  ledger.entries.push(...stored);
  const noised = privatiseCounts(dataset.counts, {
    epsilon: dp.epsilon,
    mechanism: dp.mechanism,
    seed: config.seed + 77,
    dataset: dataset.hash,
    ledger,
  });
  writeFileAtomic(path, JSON.stringify(ledger.toJSON(), null, 2));
  if (config.label.target === 'count') return noised;
  return topFlags(
    dataset.labelPeriods.map((lp, i) => ({ labelPeriod: lp, pop: dataset.population[i]!, count: noised[i]! })),
    config.label.topShare ?? 0.1,
  );
}

/** The accuracy cost of the noise: the same cross-validation on noised and on registered labels, both scored against the registered ones. */
function privacyCost(
  dp: NonNullable<TrainingConfig['label']['differentialPrivacy']>,
  dataset: Dataset,
  groups: readonly string[],
  withNoise: Float64Array,
  withoutMargin: Float64Array,
  count: boolean,
  config: TrainingConfig,
) {
  const metric = count ? poissonDeviance : rocAuc;
  const without = count ? withoutMargin.map(Math.exp) : withoutMargin;
  const est = (pred: Float64Array) =>
    clusterBootstrap(onRows(metric, dataset.y, pred), groups, { seed: config.seed + 91, replicates: 100 });
  const a = est(without),
    b = est(withNoise);
  return {
    epsilon: dp.epsilon,
    mechanism: `${dp.mechanism} (${count ? 'Poisson deviance' : 'AUC'})`,
    aucWithout: a,
    aucWith: b,
    cost: a.estimate - b.estimate,
  };
}

/** The link of a model kind: forests average probabilities; boosted and additive models use logit (or log for counts). */
function model0Link(kind: string, count: boolean): 'identity' | 'logit' | 'log' {
  return count ? 'log' : kind === 'forest' ? 'identity' : 'logit';
}

function featureMeta(views: readonly string[], name: string) {
  for (const ref of views) {
    const v = getFeatureView(ref);
    const f = v.features.find((x) => x.name === name);
    if (f)
      return {
        name,
        view: v.name,
        viewVersion: v.version,
        unit: f.unit,
        transform: JSON.stringify(f.expr) + (f.context ? ` | ${f.context.kind}` : ''),
        descriptionNl: f.descriptionNl,
        descriptionEn: f.descriptionEn,
        protected: f.tags.includes('protected'),
      };
  }
  throw new ZichtError('UNKNOWN_FEATURE', `feature '${name}' is in none of the views ${views.join(', ')}`);
}

/** Baselines on the same rows: last period's rate of the crime code, and the logistic scorecard (cross-validated). */
async function baselinePredictions(
  store: FeatureStore,
  dataset: Dataset,
  config: TrainingConfig,
  fold: Int32Array,
  offset?: Float64Array,
): Promise<{ name: string; description: string; prediction: Float64Array }[]> {
  const out: { name: string; description: string; prediction: Float64Array }[] = [];
  const last = new Float64Array(dataset.y.length).fill(Number.NaN);
  for (const period of new Set(dataset.periods)) {
    const obs = await readObservations(store, period, [config.label.crimeCode]);
    const byCode = new Map(obs.map((o) => [o.code, o.value ?? Number.NaN]));
    dataset.periods.forEach((p, i) => {
      if (p === period)
        last[i] = ((byCode.get(dataset.areaCodes[i]!) ?? Number.NaN) / Math.max(dataset.population[i]!, 1)) * 1000;
    });
  }
  const fill = last.map((v) => (Number.isFinite(v) ? v : 0));
  const count = config.label.target === 'count';
  if (last.some(Number.isFinite))
    out.push({
      name: 'last-period-rate',
      description: `registered ${config.label.crimeCode} per 1,000 inhabitants in the feature period`,
      prediction: count ? fill.map((r, i) => (r * dataset.population[i]!) / 1000) : fill,
    });
  if (count) {
    // the national rate: every area gets the overall count per inhabitant of the training data
    const rate = dataset.counts.reduce((a, b) => a + b, 0) / dataset.population.reduce((a, b) => a + b, 0);
    out.push({
      name: 'national-rate',
      description: "the overall registered rate per inhabitant × the area's population",
      prediction: dataset.population.map((p) => rate * p),
    });
  }
  if (config.model.kind !== 'logistic' && !count) {
    const oof = new Float64Array(dataset.y.length);
    for (let f = 0; f < config.validation.folds; f++) {
      const train = [...fold.keys()].filter((i) => fold[i] !== f),
        test = [...fold.keys()].filter((i) => fold[i] === f);
      const m = fit('logistic', dataset, train, {}, config.seed + f, offset);
      const p = m.predict(takeRows(dataset.X, test));
      test.forEach((i, k) => {
        oof[i] = p[k]!;
      });
    }
    out.push({
      name: 'logistic-scorecard',
      description: 'regularised logistic regression on the same features',
      prediction: oof,
    });
  }
  return out;
}
