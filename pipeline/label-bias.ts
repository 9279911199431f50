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
import { groupFolds, linkOf } from '../training/index.ts';
import type { TrainingConfig } from './config.ts';
import type { Progress } from './run.ts';
import { fitSideModelInWorker, type SideModel } from './side-model.ts';

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

/** The same configuration on the reported counterpart of a discovered-crime label, fitted in a worker. */
export interface ReportedModel {
  readonly crimeCode: string;
  readonly dataset: Dataset;
  /** CV groups of the dataset's rows. */
  readonly groups: readonly string[];
  /** Settles when the worker is done; read it with await (a failure before then is not unhandled). */
  readonly model: Promise<SideModel>;
}

/**
 * Start the label-bias comparison's model: for a discovered-crime label with a reported
 * counterpart (3.1.1 → 2.1.1), build the same dataset on the reported label here and fit the same
 * configuration on it in a worker thread, while the caller fits and evaluates its own model. Null
 * where there is nothing to compare (another label, no reported labels ingested, too few groups);
 * the run facts say which. `signal` stops the worker (a job that fails before it reads the result).
 */
export async function startReportedModel(
  store: FeatureStore,
  config: TrainingConfig,
  spec: Omit<DatasetSpec, 'featurePeriods'>,
  signal: AbortSignal,
): Promise<ReportedModel | null> {
  const crimeCode = REPORTED_COUNTERPART[config.label.crimeCode];
  if (provenanceOf(config.label.crimeCode) !== 'discovered' || !crimeCode) return null;
  let alt: Dataset;
  try {
    alt = (
      await buildDataset(store, {
        ...spec,
        label: { ...spec.label, crimeCode },
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
  const offset = count ? alt.population.map((p) => Math.log(Math.max(p, 1) / 1000)) : undefined;
  const model = fitSideModelInWorker(
    {
      kind: config.model.kind,
      params: config.model.params,
      X: alt.X,
      y: alt.y,
      groups,
      fold: groupFolds(groups, folds, config.seed),
      folds,
      seed: config.seed,
      ...(offset ? { offset } : {}),
      calibration: count ? 'none' : config.validation.calibration,
      link: linkOf(config.model.kind, count),
    },
    signal,
  );
  model.catch(() => {}); // read, and its error rethrown, where the comparison is built
  return { crimeCode, dataset: alt, groups, model };
}

export interface LabelBiasInputs {
  readonly home: string;
  readonly config: TrainingConfig;
  readonly dataset: Dataset;
  /** The reported-label model, as `startReportedModel` started it. */
  readonly reported: ReportedModel | null;
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
  // the simulation first: the reported-label model's worker goes on meanwhile
  const feedback = inp.simulate
    ? await inp.simulate({ home: inp.home, config, dataset, progress: inp.progress })
    : null;
  let comparison: LabelBias['comparison'] = null;
  if (inp.reported) {
    inp.progress('label bias: the same model on reported labels', 0.81);
    comparison = await compareWithReported(inp, inp.reported);
  }
  return { comparison, persistence: pers, feedback };
}

async function compareWithReported(inp: LabelBiasInputs, reported: ReportedModel): Promise<LabelBias['comparison']> {
  const { config, dataset } = inp;
  const { dataset: alt, groups } = reported;
  const side = await reported.model;
  const count = config.label.target === 'count';
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
    const b = audited(alt, side.prediction, groups, spec, config.seed + 400 + k);
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
    theirs = importanceShares(side.importance);
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
    reported: { crimeCode: reported.crimeCode, metrics: metrics(alt, side.prediction, groups, config.seed + 501) },
    groups: groupRows,
    importanceShift,
    note:
      'The same configuration trained on reported nuisance, each model scored against its own labels. Where the ' +
      'discovered-crime model flags a group more often than the reported-crime model, part of its signal may be where ' +
      'enforcement was, not where crime is.',
  };
}
