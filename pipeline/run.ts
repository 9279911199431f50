import { ZichtError, createFrame, type OperationalDb } from '../core/index.ts';
import { buildEvaluationReport, degenerateReason, type EvaluationReport, type GroupSpec } from '../evaluation/index.ts';
import {
  buildDataset,
  adjacencyOf,
  describeFeature,
  FeatureStore,
  getFeatureView,
  LAG_FEATURE,
  LAG_TRANSFORM,
  lagFeatureDef,
} from '../features/index.ts';
import {
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  ModelRegistry,
  fit,
  packScores,
  groupFolds,
  linkOf,
  serializeArtifact,
  TreeEnsembleModel,
  type Artifact,
  type FittedModel,
  type ModelVersion,
} from '../training/index.ts';
import { baselinePredictions } from './baselines.ts';
import { verdictRuleOf, type TrainingConfig } from './config.ts';
import { crossValidate } from './cross-validate.ts';
import { runFacts } from './facts.ts';
import { cvGroupsOf, labelBiasSection, startReportedModel, type FeedbackSimulation } from './label-bias.ts';
import { noisedLabels, privacyCost } from './privacy.ts';
import { scoreSet } from './score-set.ts';
import { globalImportance } from './side-model.ts';

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
const CODE_VERSION = 'zicht 0.2.0';

/** The protected attributes the fairness audit groups by (when the views provide them). */
const AUDIT_GROUPS: readonly GroupSpec[] = [
  { attribute: 'buiten_europa', kind: 'quantile', bins: 3 },
  { attribute: 'laag_inkomen', kind: 'quantile', bins: 3 },
  { attribute: 'stedelijkheid', kind: 'categorical' },
];

function nSplits(model: FittedModel): number | null {
  if (!(model instanceof TreeEnsembleModel)) return null;
  let n = 0;
  for (const t of model.ensemble.trees) for (let i = 0; i < t.left.length; i++) if (t.left[i] !== -1) n++;
  return n;
}

function featureMeta(
  home: string,
  views: readonly string[],
  name: string,
  crimeCode: string,
): Artifact['features'][number] {
  if (name === LAG_FEATURE.name) {
    const f = lagFeatureDef(crimeCode);
    return {
      name,
      view: LAG_FEATURE.view,
      viewVersion: LAG_FEATURE.viewVersion,
      unit: f.unit,
      transform: LAG_TRANSFORM,
      descriptionNl: f.descriptionNl,
      descriptionEn: f.descriptionEn,
      protected: false,
    };
  }
  for (const ref of views) {
    const v = getFeatureView(ref, home);
    const f = v.features.find((x) => x.name === name);
    if (f)
      return {
        name,
        view: v.name,
        viewVersion: v.version,
        unit: f.unit,
        transform: describeFeature(f),
        descriptionNl: f.descriptionNl,
        descriptionEn: f.descriptionEn,
        protected: f.tags.includes('protected'),
      };
  }
  throw new ZichtError('UNKNOWN_FEATURE', `feature '${name}' is in none of the views ${views.join(', ')}`);
}

/**
 * Run a training job: build the leak-free dataset, cross-validate by group with cross-fitted
 * calibration, fit the final model, check the temporal holdout, build the baselines, judge the
 * model against them by the config's verdict rule, evaluate fairness, privacy, spatial structure
 * and label bias, score and explain every area of the version's domain, and register the version
 * as a candidate — atomically, with the facts of what ran.
 */
export async function runTraining(
  home: string,
  config: TrainingConfig,
  opts: {
    trainedBy: string;
    progress?: Progress;
    db: OperationalDb;
    /** A feature store the caller has open (and closes); else the job opens and closes its own. */
    store?: FeatureStore;
  } & TrainingHooks,
): Promise<TrainingResult> {
  const t0 = performance.now();
  const progress = opts.progress ?? (() => {});
  const store = opts.store ?? (await FeatureStore.open(home));
  // stops the reported-label model's worker when the job ends before reading it
  const done = new AbortController();
  try {
    progress('dataset', 0.02);
    const label = {
      crimeCode: config.label.crimeCode,
      horizon: config.label.horizon,
      target: config.label.target,
      ...(config.label.topShare !== undefined ? { topShare: config.label.topShare } : {}),
      ...(config.label.lagFeature ? { lagFeature: true } : {}),
    };
    const spec = {
      views: config.featureViews,
      level: config.level,
      label,
      includeProtected: config.includeProtected,
      ...(config.features ? { features: config.features } : {}),
    };
    const { dataset, report: dsReport } = await buildDataset(store, { ...spec, featurePeriods: config.trainPeriods });
    const count = config.label.target === 'count';
    if (!count && (dsReport.positives === 0 || dsReport.positives === dsReport.rows)) {
      throw new ZichtError(
        'BAD_DATA',
        `the dataset has only one class (${dsReport.positives} positives in ${dsReport.rows} rows); choose another label or periods`,
      );
    }
    if (dataset.X.columns.length === 0)
      throw new ZichtError('BAD_DATA', 'no model inputs: every feature of the views was skipped or is protected');
    const cvGroups = cvGroupsOf(config, dataset);
    const nGroups = new Set(cvGroups).size;
    if (config.validation.folds > nGroups) {
      throw new ZichtError(
        'INVALID_CONFIG',
        `validation.folds is ${config.validation.folds} but the data has only ${nGroups} ${config.validation.groupBy === 'wijk' ? 'wijken' : 'gemeenten'} to group by; use at most ${nGroups} folds${config.validation.groupBy === 'gemeente' && nGroups < 5 ? " or validation.groupBy 'wijk'" : ''}`,
        { field: 'validation.folds' },
      );
    }
    // differential privacy: the learners see noised labels; accuracy is measured against the registered ones
    const dp = config.label.differentialPrivacy;
    const trainY = dp ? noisedLabels(opts.db, dataset, config, dp) : dataset.y;
    const offset = count ? dataset.population.map((p) => Math.log(Math.max(p, 1) / 1000)) : undefined;
    const fold = groupFolds(cvGroups, config.validation.folds, config.seed);
    const link = linkOf(config.model.kind, count);
    const cvSpec = {
      kind: config.model.kind,
      params: config.model.params,
      X: dataset.X,
      groups: cvGroups,
      fold,
      folds: config.validation.folds,
      seed: config.seed,
      ...(offset ? { offset } : {}),
      calibration: count ? ('none' as const) : config.validation.calibration,
      link,
    };
    // the label-bias comparison's model is fitted in a worker while this thread fits the main one
    const reported = await startReportedModel(store, config, spec, done.signal);
    progress('cross-validation', 0.08);
    const cv = crossValidate({
      ...cvSpec,
      y: trainY,
      onFold: (f) => progress('cross-validation', 0.08 + (0.4 * (f + 1)) / config.validation.folds),
    });
    progress('final model', 0.5);
    const model = fit(
      config.model.kind,
      { X: dataset.X, y: trainY, groups: cvGroups },
      [...dataset.y.keys()],
      config.model.params,
      config.seed,
      offset,
    );
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
      const m = count
        ? model.predictMargin(
            X,
            test.population.map((p) => Math.log(Math.max(p, 1) / 1000)),
          )
        : model.predictMargin(X);
      holdout = {
        trainPeriods: config.trainPeriods,
        testPeriod: config.testPeriod,
        labelPeriod: test.labelPeriods[0]!,
        y: test.y,
        prediction: count ? m.map(Math.exp) : cv.calibrator.apply(m),
        groups: cvGroupsOf(config, test),
      };
    }
    progress('baselines', 0.62);
    const baselines = await baselinePredictions(store, dataset, config, fold);
    progress('evaluation', 0.7);
    const importance = await globalImportance(model, dataset.X);
    // contiguity as the store keeps it (computed once per boundary vintage and level)
    const adjacency = await adjacencyOf(store, dataset.vintage, config.level);
    const protectedAttributes = new Map(
      dataset.protectedAttributes.columns.map((c, j) => [c, dataset.protectedAttributes.data[j]!]),
    );
    const labelBias = await labelBiasSection({
      home,
      config,
      dataset,
      reported,
      oof: cv.prediction,
      importance,
      groupSpecs: AUDIT_GROUPS,
      progress,
      simulate: opts.feedbackSimulation,
    });
    progress('run facts', 0.82);
    const run = await runFacts({
      store,
      config,
      dataset,
      datasetReport: dsReport,
      cvGroups,
      adjacency: adjacency !== null,
      reportedLabelModel: labelBias.comparison !== null,
      feedbackSimulation: labelBias.feedback !== null,
    });
    progress('evaluation report', 0.84);
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
        gemeenten: dataset.groups,
        fold,
        y: dataset.y,
        counts: dataset.counts,
        population: dataset.population,
        prediction: cv.prediction,
      },
      holdout,
      baselines,
      verdict: { rule: verdictRuleOf(config), degenerate: degenerateReason(cv.prediction, nSplits(model)) },
      protectedAttributes,
      inputs: new Map(dataset.X.columns.map((c, j) => [c, dataset.X.data[j]!])),
      groupSpecs: AUDIT_GROUPS,
      capacityK: config.validation.capacity,
      flagShare: config.label.topShare ?? 0.1,
      adjacency,
      labelBias,
      differentialPrivacy: dp
        ? privacyCost(
            dp,
            dataset,
            cvGroups,
            cv.prediction,
            crossValidate({ ...cvSpec, y: dataset.y }).prediction,
            count,
            config.seed + 91,
          )
        : null,
      globalImportance: importance,
      run,
    });
    progress('scoring all areas', 0.9);
    const scores = await scoreSet({
      store,
      config,
      dataset,
      model,
      foldModels: cv.models,
      calibrator: cv.calibrator,
      domain: run.domain,
      verdict: report.verdict,
    });
    const artifact: Artifact = {
      format: ARTIFACT_FORMAT,
      formatVersion: ARTIFACT_FORMAT_VERSION,
      name: config.name,
      kind: config.model.kind,
      createdAt: new Date().toISOString(),
      codeVersion: CODE_VERSION,
      seed: config.seed,
      features: dataset.X.columns.map((name) => featureMeta(home, config.featureViews, name, config.label.crimeCode)),
      label,
      link: model.link,
      params: { ...config.model.params, folds: config.validation.folds, calibration: config.validation.calibration },
      model: model.toJSON(),
      calibration: cv.calibrator.toJSON(),
      domain: run.domain,
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
      verdict: report.verdict.status,
      metrics: Object.fromEntries(Object.entries(summary).filter(([, v]) => Number.isFinite(v))),
      artifactText: serializeArtifact(artifact),
      files: (v) => ({
        'evaluation.json': JSON.stringify(report),
        'scores.json': JSON.stringify(packScores({ ...scores, model: { name: config.name, version: v } })),
        'config.json': JSON.stringify(config, null, 2),
        'dataset.json': JSON.stringify({ hash: dataset.hash, report: dsReport, unmatched: dataset.unmatched }),
      }),
    });
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
    done.abort();
    if (!opts.store) store.close();
  }
}
