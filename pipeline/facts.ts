import { basename } from 'node:path';
import { sha256, stableStringify } from '../core/index.ts';
import type { RunFacts } from '../evaluation/index.ts';
import {
  gemeenteOf,
  levelOf,
  snapshotInfo,
  type Dataset,
  type DatasetReport,
  type FeatureStore,
} from '../features/index.ts';
import type { TrainingConfig } from './config.ts';
import { verdictRuleOf } from './config.ts';

/** A domain covering at least this share of the gemeenten in the feature data counts as national. */
const NATIONAL_SHARE = 0.9;

/** sha256 of a config with its verdict rule filled in: what was fixed before the first fit. */
function configHash(config: TrainingConfig): string {
  return sha256(stableStringify({ ...config, verdict: verdictRuleOf(config) }));
}

/**
 * The facts of a run, read from what was used: the snapshots and sources behind the dataset,
 * the boundaries in the store, the features computed and skipped, the rows left out and why,
 * the municipalities the model learned from. The card's claims are built from these.
 */
export async function runFacts(input: {
  store: FeatureStore;
  config: TrainingConfig;
  dataset: Dataset;
  datasetReport: DatasetReport;
  cvGroups: readonly string[];
  adjacency: boolean;
  reportedLabelModel: boolean;
  feedbackSimulation: boolean;
}): Promise<RunFacts> {
  const { store, config, dataset: d } = input;
  const infos = await Promise.all([...new Set(d.snapshotHashes)].map((id) => snapshotInfo(store, id)));
  const sourceIds = new Set([...infos.flatMap((i) => i.sourceIds), ...d.labelSourceIds]);
  const sources = (await store.sources())
    .filter((s) => sourceIds.has(s.id))
    .map((s) => ({
      kind: s.kind,
      file: basename(s.file),
      tableId: s.tableId,
      periods: [...s.periods],
      vintage: s.vintage,
      synthetic: s.synthetic,
    }));
  const used = new Map<string, string>();
  for (const info of infos)
    for (const f of info.features) if (d.X.columns.includes(f.name)) used.set(f.name, f.transform);
  const skipped = new Map<string, { feature: string; view: string; reason: string }>();
  for (const info of infos)
    for (const s of info.skipped)
      skipped.set(s.feature, { feature: s.feature, view: `${info.view}@${info.viewVersion}`, reason: s.reason });
  const r = input.datasetReport;
  const excluded = [
    { reason: 'population', areas: r.belowMinPopulation },
    { reason: 'no label: the area code is not in the police extract of the label period', areas: r.featureOnly },
    { reason: 'no features: the area code is not in the feature extract (changed boundaries)', areas: r.labelOnly },
    {
      reason: 'incomplete label: a buurt or wijk under the area has no count (left out, never under-counted)',
      areas: r.labelsIncomplete.length,
    },
  ].filter((e) => e.areas > 0);
  const municipalities = [...new Set(d.groups)].sort();
  const allGemeenten = new Set(
    (await store.areas({ level: config.level, vintage: d.vintage })).map((a) => gemeenteOf(a.code)),
  );
  const national = allGemeenten.size > 0 && municipalities.length >= NATIONAL_SHARE * allGemeenten.size;
  const boundaries = (await store.boundaries(d.vintage)).some((b) => levelOf(b.code) === config.level);
  return {
    configHash: configHash(config),
    cv: {
      folds: config.validation.folds,
      grouping: config.validation.groupBy,
      groups: new Set(input.cvGroups).size,
    },
    calibration: {
      method: config.label.target === 'count' ? 'none' : config.validation.calibration,
      crossFitted: config.label.target !== 'count' && config.validation.calibration !== 'none',
    },
    capacity: { k: config.validation.capacity, per: 'gemeente' },
    sources,
    boundaries,
    features: {
      used: [...used].map(([name, transform]) => ({ name, transform })),
      skipped: [...skipped.values()].filter((s) => !used.has(s.feature)),
    },
    excluded,
    domain: { level: config.level, municipalities, national },
    reportedLabelModel: input.reportedLabelModel,
    feedbackSimulation: input.feedbackSimulation,
    differentialPrivacy: config.label.differentialPrivacy !== undefined,
  };
}
