import {
  auditGroups,
  clusterBootstrapMany,
  groupLabels,
  persistence,
  poissonDeviance,
  provenanceOf,
  rocAuc,
  topShareFlags,
  type EvaluationReport,
  type GroupSpec,
} from '../evaluation/index.ts';
import { buildDataset, type Dataset, type DatasetSpec, type FeatureStore } from '../features/index.ts';
import { explainFrame, fit, groupFolds, linkOf, type FittedModel } from '../training/index.ts';
import type { TrainingConfig } from './config.ts';
import { crossValidate } from './cross-validate.ts';
import type { Progress } from './run.ts';

/** The reported-crime code of the same theme as a discovered one: drug nuisance for drug trade. */
const REPORTED_COUNTERPART: Readonly<Record<string, string>> = { '3.1.1': '2.1.1' };

type LabelBias = Pick<EvaluationReport['labelBias'], 'comparison' | 'persistence' | 'feedback'>;

/**
 * A feedback-loop simulation, possible only where the world's enforcement
 * mechanism is known (the synthetic demo world); the caller supplies it.
 */
export type FeedbackSimulation = (input: {
  readonly home: string;
  readonly config: TrainingConfig;
  readonly dataset: Dataset;
  readonly progress: Progress;
}) => Promise<LabelBias['feedback']>;

/** CV groups of a dataset's rows under the config's grouping. */
export function cvGroupsOf(config: TrainingConfig, d: Dataset): string[] {
  return config.validation.groupBy === 'wijk'
    ? d.areaCodes.map((c) => (c.startsWith('BU') ? `WK${c.slice(2, 8)}` : c))
    : [...d.groups];
}

/** Mean |contribution| per feature as a share of the total. */
function importanceShares(items: readonly { feature: string; meanAbsContribution: number }[]): Map<string, number> {
  const total = items.reduce((a, x) => a + x.meanAbsContribution, 0) || 1;
  return new Map(items.map((x) => [x.feature, x.meanAbsContribution / total]));
}

/** Mean |contribution| of each input of a model fitted on all rows of a dataset. */
export async function globalImportance(
  model: FittedModel,
  X: Dataset['X'],
): Promise<{ feature: string; meanAbsContribution: number }[]> {
  const c = await explainFrame(model, X);
  return X.columns
    .map((feature, j) => {
      let s = 0;
      for (let i = 0; i < X.nRows; i++) s += Math.abs(c.values[i * c.nFeatures + j]!);
      return { feature, meanAbsContribution: s / Math.max(1, X.nRows) };
    })
    .sort((a, b) => b.meanAbsContribution - a.meanAbsContribution);
}

export interface LabelBiasInputs {
  readonly home: string;
  readonly store: FeatureStore;
  readonly config: TrainingConfig;
  readonly dataset: Dataset;
  readonly spec: Omit<DatasetSpec, 'featurePeriods'>;
  /** The main model's out-of-fold predictions (probabilities or expected counts). */
  readonly oof: Float64Array;
  readonly importance: readonly { feature: string; meanAbsContribution: number }[];
  readonly groupSpecs: readonly GroupSpec[];
  readonly progress: Progress;
  readonly simulate: FeedbackSimulation | undefined;
}

/**
 * The label-bias section: for a discovered-crime label with a reported counterpart (3.1.1 →
 * 2.1.1), the same configuration fitted on the reported label, with both models' flag-rate
 * disparities per audited group side by side and the features whose importance differs most;
 * persistence of flags between consecutive periods; and, where the world's mechanism is known
 * (the demo), a feedback-loop simulation with and without a mitigation.
 */
export async function labelBiasSection(inp: LabelBiasInputs): Promise<LabelBias> {
  const { config, dataset } = inp;
  const share = config.label.topShare ?? 0.1;
  const periods = [...new Set(dataset.periods)].sort();
  let pers: LabelBias['persistence'] = null;
  if (periods.length >= 2) {
    const [a, b] = periods.slice(-2) as [string, string];
    const flags = topShareFlags(inp.oof, share);
    const at = (p: string) =>
      new Map(
        dataset.areaCodes
          .map((c, i) => [c, i] as const)
          .filter(([, i]) => dataset.periods[i] === p)
          .map(([c, i]) => [c, flags[i] === 1]),
      );
    pers = { ...persistence(at(a), at(b)), periods: [a, b] };
  }
  const reportedCode = REPORTED_COUNTERPART[config.label.crimeCode];
  let comparison: LabelBias['comparison'] = null;
  if (provenanceOf(config.label.crimeCode) === 'discovered' && reportedCode) {
    inp.progress('label bias: the same model on reported labels', 0.75);
    comparison = await compareWithReported(inp, reportedCode);
  }
  const feedback = inp.simulate
    ? await inp.simulate({ home: inp.home, config, dataset, progress: inp.progress })
    : null;
  return { comparison, persistence: pers, feedback };
}

async function compareWithReported(inp: LabelBiasInputs, reportedCode: string): Promise<LabelBias['comparison']> {
  const { config, dataset } = inp;
  let alt: Dataset;
  try {
    alt = (
      await buildDataset(inp.store, {
        ...inp.spec,
        label: { ...inp.spec.label, crimeCode: reportedCode },
        featurePeriods: config.trainPeriods,
      })
    ).dataset;
  } catch {
    return null; // no reported labels ingested: the run facts say so
  }
  const count = config.label.target === 'count';
  const groups = cvGroupsOf(config, alt);
  const folds = Math.min(config.validation.folds, new Set(groups).size);
  if (folds < 2) return null;
  const fold = groupFolds(groups, folds, config.seed);
  const offset = count ? alt.population.map((p) => Math.log(Math.max(p, 1) / 1000)) : undefined;
  const cv = crossValidate({
    kind: config.model.kind,
    params: config.model.params,
    X: alt.X,
    y: alt.y,
    groups,
    fold,
    folds,
    seed: config.seed,
    ...(offset ? { offset } : {}),
    calibration: count ? 'none' : config.validation.calibration,
    link: linkOf(config.model.kind, count),
  });
  const finalAlt = fit(
    config.model.kind,
    { X: alt.X, y: alt.y, groups },
    [...alt.y.keys()],
    config.model.params,
    config.seed,
    offset,
  );
  const share = config.label.topShare ?? 0.1;
  const rates = (d: Dataset) => d.counts.map((c, i) => (c / Math.max(d.population[i]!, 1)) * 1000);
  const audited = (d: Dataset, pred: Float64Array, clusters: readonly string[], spec: GroupSpec, seed: number) => {
    const col = d.protectedAttributes.columns.indexOf(spec.attribute);
    if (col < 0) return null;
    return auditGroups({
      y: count ? topShareFlags(rates(d), share) : d.y,
      flags: topShareFlags(pred, share),
      probability: pred,
      clusters,
      labels: groupLabels(d.protectedAttributes.data[col]!, spec),
      attribute: spec.attribute,
      seed,
      replicates: 100,
    });
  };
  const groupRows: NonNullable<LabelBias['comparison']>['groups'] = [];
  inp.groupSpecs.forEach((spec, k) => {
    const a = audited(dataset, inp.oof, cvGroupsOf(config, dataset), spec, config.seed + 300 + k);
    const b = audited(alt, cv.prediction, groups, spec, config.seed + 400 + k);
    if (!a || !b) return;
    for (const g of a.groups) {
      const other = b.groups.find((x) => x.group === g.group);
      if (g.group === a.reference || !other) continue;
      groupRows.push({
        attribute: spec.attribute,
        group: g.group,
        reference: a.reference,
        discovered: g.disparity.flagRate,
        reported: other.disparity.flagRate,
      });
    }
  });
  const mine = importanceShares(inp.importance),
    theirs = importanceShares(await globalImportance(finalAlt, alt.X));
  const importanceShift = [...mine.keys()]
    .map((feature) => ({
      feature,
      discovered: mine.get(feature) ?? 0,
      reported: theirs.get(feature) ?? 0,
      difference: (mine.get(feature) ?? 0) - (theirs.get(feature) ?? 0),
    }))
    .sort((p, q) => Math.abs(q.difference) - Math.abs(p.difference))
    .slice(0, 5);
  const metrics = (d: Dataset, pred: Float64Array, clusters: readonly string[], seed: number) =>
    clusterBootstrapMany(count ? { poissonDeviance } : { auc: rocAuc }, d.y, pred, clusters, { seed, replicates: 100 });
  return {
    discovered: {
      crimeCode: config.label.crimeCode,
      metrics: metrics(dataset, inp.oof, cvGroupsOf(config, dataset), config.seed + 500),
    },
    reported: { crimeCode: reportedCode, metrics: metrics(alt, cv.prediction, groups, config.seed + 501) },
    groups: groupRows,
    importanceShift,
    note:
      'The same configuration trained on reported nuisance, each model scored against its own labels. Where the ' +
      'discovered-crime model flags a group more often than the reported-crime model, part of its signal may be where ' +
      'enforcement was, not where crime is.',
  };
}
