import { takeRows } from '../core/index.ts';
import { buildDataset, type Dataset, type DatasetSpec, type FeatureStore } from '../features/index.ts';
import { rocAuc, persistence, provenanceOf, topShareFlags, type EvaluationReport } from '../evaluation/index.ts';
import { fit, groupFolds } from '../training/index.ts';
import type { TrainingConfig } from './config.ts';
import type { Progress } from './run.ts';

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

/** Cross-validated AUC of the configured learner on a dataset (3 grouped folds, for comparisons). */
function cvAuc(config: TrainingConfig, d: Dataset): { auc: number; oof: Float64Array } {
  const fold = groupFolds(d.groups, 3, config.seed);
  const oof = new Float64Array(d.y.length);
  for (let f = 0; f < 3; f++) {
    const train = [...fold.keys()].filter((i) => fold[i] !== f),
      test = [...fold.keys()].filter((i) => fold[i] === f);
    const m = fit(config.model.kind, d, train, config.model.params, config.seed + 11 + f);
    const p = m.predict(takeRows(d.X, test));
    test.forEach((i, k) => {
      oof[i] = p[k]!;
    });
  }
  return { auc: rocAuc(d.y, oof), oof };
}

/**
 * The label-bias section: a model on discovered labels (3.1.1) compared with
 * one on reported labels (2.1.1), persistence of flags between consecutive
 * periods, and — on the synthetic demo world, whose mechanism is known — a
 * feedback-loop simulation with and without a mitigation.
 */
export async function labelBiasSection(
  home: string,
  store: FeatureStore,
  config: TrainingConfig,
  dataset: Dataset,
  spec: Omit<DatasetSpec, 'featurePeriods'>,
  oof: Float64Array,
  progress: Progress,
  simulate: FeedbackSimulation | undefined,
): Promise<LabelBias> {
  const share = config.label.topShare ?? 0.1;
  // persistence between the last two training periods
  const periods = [...new Set(dataset.periods)].sort();
  let pers: LabelBias['persistence'] = null;
  if (periods.length >= 2) {
    const [a, b] = periods.slice(-2) as [string, string];
    const flags = topShareFlags(oof, share);
    const at = (p: string) =>
      new Map(
        dataset.areaCodes
          .map((c, i) => [c, i] as const)
          .filter(([, i]) => dataset.periods[i] === p)
          .map(([c, i]) => [c, flags[i] === 1]),
      );
    pers = { ...persistence(at(a), at(b)), periods: [a, b] };
  }
  // discovered vs reported labels
  let comparison: LabelBias['comparison'] = null;
  if (config.label.target === 'binary-top') {
    const other = provenanceOf(config.label.crimeCode) === 'discovered' ? '2.1.1' : '3.1.1';
    try {
      progress('label bias: reported labels', 0.75);
      const { dataset: alt } = await buildDataset(store, {
        ...spec,
        label: { ...spec.label, crimeCode: other },
        featurePeriods: config.trainPeriods,
      });
      const mine = cvAuc(config, dataset),
        theirs = cvAuc(config, alt);
      const discovered =
        provenanceOf(config.label.crimeCode) === 'discovered'
          ? { code: config.label.crimeCode, auc: mine.auc }
          : { code: other, auc: theirs.auc };
      const reported =
        discovered.code === config.label.crimeCode
          ? { code: other, auc: theirs.auc }
          : { code: config.label.crimeCode, auc: mine.auc };
      const est = (x: number) => ({ auc: { estimate: x, lo: null, hi: null } });
      comparison = {
        discovered: { crimeCode: discovered.code, metrics: est(discovered.auc) },
        reported: { crimeCode: reported.code, metrics: est(reported.auc) },
        note: 'Each model is scored against its own labels (3 grouped folds). A model of discovered crime that looks more accurate may be learning where enforcement was, not where crime is.',
      };
    } catch {
      comparison = null;
    }
  }
  const feedback = simulate ? await simulate({ home, config, dataset, progress }) : null;
  return { comparison, persistence: pers, feedback };
}
