import { ZichtError, createFrame, hashValue } from '../../core/index.ts';
import { gemeenteOf, periodYear, yearPeriod } from '../areas/codes.ts';
import type { AreaLevel, Dataset, LabelSpec } from '../types.ts';
import { getFeatureView } from '../views/index.ts';
import { LAG_FEATURE, labelLagColumn } from './label-lag.ts';
import { readLabelCounts } from './labels.ts';
import { POPULATION_COLUMN, materializeData, type SnapshotData } from './snapshots.ts';
import type { FeatureStore } from './store.ts';

/** What to build: feature views of periods t, labels of t + horizon. */
export interface DatasetSpec {
  readonly views: readonly string[];
  readonly level: AreaLevel;
  readonly featurePeriods: readonly string[];
  readonly label: LabelSpec;
  /** Explicit label period (single feature period only); must be after the feature period. */
  readonly labelPeriod?: string;
  /** Restrict the model inputs to these features. */
  readonly features?: readonly string[];
  /** Make protected attributes model inputs too (off by default). */
  readonly includeProtected?: boolean;
  /** Areas under this population are left out (never scored). Default 100. */
  readonly minPopulation?: number;
}

/** A dataset plus what the join left out, for the data scientist. */
export interface DatasetReport {
  readonly rows: number;
  readonly positives: number;
  readonly belowMinPopulation: number;
  readonly featureOnly: number;
  readonly labelOnly: number;
  /** Labels summed from the level below because the police source has no counts at this level. */
  readonly labelsAggregated: number;
  /** Areas left out because a buurt (or wijk) under them has no count: never under-counted. */
  readonly labelsIncomplete: readonly string[];
  readonly byPeriod: readonly { readonly period: string; readonly labelPeriod: string; readonly rows: number }[];
}

/** The label period for a feature period, refusing any pairing that could leak. */
function labelPeriodFor(featurePeriod: string, label: LabelSpec, explicit?: string): string {
  if (!Number.isInteger(label.horizon) || label.horizon < 1) {
    throw new ZichtError(
      'LEAKAGE',
      `label horizon must be at least 1 year (got ${label.horizon}): labels of the same period as the features would leak`,
      { horizon: label.horizon },
    );
  }
  const lp = explicit ?? yearPeriod(periodYear(featurePeriod) + label.horizon);
  if (periodYear(lp) <= periodYear(featurePeriod)) {
    throw new ZichtError(
      'LEAKAGE',
      `label period ${lp} is not after feature period ${featurePeriod}: a model may only learn from labels of a later period than its features`,
      { featurePeriod, labelPeriod: lp },
    );
  }
  return lp;
}

/**
 * Build a leak-free training set: the point-in-time join of feature snapshots
 * of each period t with registered-crime counts of t + horizon. Codes that
 * exist on only one side (boundary changes between vintages) are reported,
 * never silently dropped.
 */
export async function buildDataset(
  store: FeatureStore,
  spec: DatasetSpec,
): Promise<{ dataset: Dataset; report: DatasetReport }> {
  if (spec.featurePeriods.length === 0)
    throw new ZichtError('BAD_ARGUMENT', 'a dataset needs at least one feature period');
  if (spec.labelPeriod && spec.featurePeriods.length > 1)
    throw new ZichtError('BAD_ARGUMENT', 'an explicit label period works with one feature period only');
  const minPop = spec.minPopulation ?? 100;
  const views = spec.views.map((ref) => getFeatureView(ref, store.home));
  const featureOnly: string[] = [],
    labelOnly: string[] = [];
  const rows: {
    code: string;
    period: string;
    labelPeriod: string;
    pop: number;
    count: number;
    /** The period's snapshots (one per view) and this area's row in each. */
    snaps: readonly SnapshotData[];
    at: readonly number[];
    lag: number;
  }[] = [];
  const snapshotHashes: string[] = [];
  const labelSourceIds = new Set<string>();
  const byPeriod: { period: string; labelPeriod: string; rows: number }[] = [];
  const labelsIncomplete: string[] = [];
  let labelsAggregated = 0;
  let synthetic = false,
    belowMin = 0,
    vintage = 0;
  let featureMeta: { name: string; protected: boolean }[] | null = null;
  const viewOf = new Map<string, number>();
  for (const period of spec.featurePeriods) {
    const labelPeriod = labelPeriodFor(period, spec.label, spec.labelPeriod);
    const snaps: SnapshotData[] = [];
    for (const v of views) {
      // the values as materialized: identical to the stored snapshot (named by their hash)
      const snap = await materializeData(store, `${v.name}@${v.version}`, { period, level: spec.level });
      const info = snap.info;
      snaps.push(snap);
      snapshotHashes.push(info.id);
      synthetic ||= info.synthetic;
      vintage = Math.max(vintage, info.vintage);
    }
    const meta = snaps.flatMap((s) => s.info.features.map((f) => ({ name: f.name, protected: f.protected })));
    if (spec.label.lagFeature) meta.push({ name: LAG_FEATURE.name, protected: false });
    if (featureMeta === null) {
      featureMeta = meta;
      // which view gives each feature (a later view's feature of the same name wins)
      snaps.forEach((sn, k) => {
        for (const f of sn.info.features) viewOf.set(f.name, k);
      });
    } else if (meta.map((m) => m.name).join() !== featureMeta.map((m) => m.name).join()) {
      throw new ZichtError(
        'DATA_CONFLICT',
        `period ${period} yields different features than ${spec.featurePeriods[0]} (the extracts differ in measures); build one dataset per set of extracts`,
        { period },
      );
    }
    const labels = await readLabelCounts(store, spec.label.crimeCode, labelPeriod, spec.level);
    synthetic ||= labels.synthetic;
    for (const id of labels.sourceIds) labelSourceIds.add(id);
    labelsAggregated += labels.aggregated.length;
    labelsIncomplete.push(...labels.incomplete);
    const labelByCode = labels.counts;
    const incompleteNow = new Set(labels.incomplete);
    if (labelByCode.size === 0) {
      const left = labels.incomplete.length
        ? `; ${labels.incomplete.slice(0, 5).join(', ')}${labels.incomplete.length > 5 ? ', …' : ''} left out: a buurt or wijk has no count`
        : '';
      throw new ZichtError(
        'NOT_FOUND',
        `no registered-crime counts for code ${spec.label.crimeCode} at ${spec.level} level in period ${labelPeriod}${left}; ingest the police extract for that period`,
        { crimeCode: spec.label.crimeCode, period: labelPeriod },
      );
    }
    const base = snaps[0]!;
    const index = snaps.map((s) => new Map(s.codes.map((c, i) => [c, i])));
    const codes = base.codes.filter((c) => index.every((m) => m.has(c)));
    const lag = spec.label.lagFeature
      ? await labelLagColumn(store, {
          crimeCode: spec.label.crimeCode,
          featurePeriod: period,
          labelPeriod,
          level: spec.level,
          codes,
          population: Float64Array.from(codes, (c) => base.columns.get(POPULATION_COLUMN)![index[0]!.get(c)!]!),
          minPopulation: minPop,
        })
      : null;
    let n = 0;
    for (const [k, code] of codes.entries()) {
      const i = index[0]!.get(code)!;
      const pop = base.columns.get(POPULATION_COLUMN)![i]!;
      const count = labelByCode.get(code);
      if (count === undefined) {
        if (!incompleteNow.has(code)) featureOnly.push(`${code}@${period}`);
        continue;
      }
      if (!(pop >= minPop)) {
        belowMin++;
        continue;
      }
      rows.push({
        code,
        period,
        labelPeriod,
        pop,
        count,
        snaps,
        at: index.map((m) => m.get(code)!),
        lag: lag ? lag[k]! : Number.NaN,
      });
      n++;
    }
    const featureCodes = new Set(codes);
    for (const c of labelByCode.keys()) if (!featureCodes.has(c)) labelOnly.push(`${c}@${labelPeriod}`);
    byPeriod.push({ period, labelPeriod, rows: n });
  }
  const meta = featureMeta ?? [];
  const known = new Set(meta.map((m) => m.name));
  for (const f of spec.features ?? []) {
    if (!known.has(f))
      throw new ZichtError(
        'UNKNOWN_FEATURE',
        `unknown feature '${f}'; the views ${spec.views.join(', ')} give: ${[...known].join(', ')}`,
        { feature: f },
      );
  }
  const inputs = meta
    .filter((m) => (spec.includeProtected || !m.protected) && (!spec.features || spec.features.includes(m.name)))
    .map((m) => m.name);
  const protectedNames = meta.filter((m) => m.protected).map((m) => m.name);
  if (rows.length === 0)
    throw new ZichtError('BAD_DATA', 'the join of features and labels is empty: no area has both', {});
  // a column gathered from each row's snapshots (every period has the same features, checked above)
  const col = (name: string) => {
    if (name === LAG_FEATURE.name && spec.label.lagFeature) return Float64Array.from(rows, (r) => r.lag);
    const k = viewOf.get(name);
    if (k === undefined) return new Float64Array(rows.length).fill(Number.NaN);
    // a loop, not Float64Array.from with a map function (3× slower); the column looked up once
    // per run of rows from one snapshot (one period)
    const out = new Float64Array(rows.length);
    let snap: SnapshotData | null = null;
    let values: ArrayLike<number> = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.snaps[k] !== snap) {
        snap = r.snaps[k]!;
        values = snap.columns.get(name)!;
      }
      out[i] = values[r.at[k]!]!;
    }
    return out;
  };
  const counts = new Float64Array(rows.length),
    population = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    counts[i] = r.count;
    population[i] = r.pop;
  });
  const y = spec.label.target === 'count' ? counts.slice() : topFlags(rows, spec.label.topShare ?? 0.1);
  const dataset: Dataset = {
    hash: hashValue({
      snapshotHashes,
      label: spec.label,
      labelPeriod: spec.labelPeriod ?? null,
      inputs,
      minPop,
      counts: Array.from(counts),
    }).slice(0, 24),
    snapshotHashes,
    labelSourceIds: [...labelSourceIds],
    synthetic,
    level: spec.level,
    vintage,
    label: spec.label,
    featureViews: views.map((v) => ({ name: v.name, version: v.version })),
    areaCodes: rows.map((r) => r.code),
    groups: rows.map((r) => gemeenteOf(r.code)),
    periods: rows.map((r) => r.period),
    labelPeriods: rows.map((r) => r.labelPeriod),
    population,
    X: createFrame(inputs, inputs.map(col)),
    y,
    counts,
    protectedAttributes: createFrame(protectedNames, protectedNames.map(col)),
    unmatched: { featureOnly, labelOnly },
  };
  return {
    dataset,
    report: {
      rows: rows.length,
      positives: Array.from(y).filter((v) => v > 0).length,
      belowMinPopulation: belowMin,
      featureOnly: featureOnly.length,
      labelOnly: labelOnly.length,
      labelsAggregated,
      labelsIncomplete,
      byPeriod,
    },
  };
}

/** 1 for the top `share` of areas by rate per 1,000 inhabitants within each label period (ties included), 0 otherwise; never for zero counts. */
export function topFlags(
  rows: readonly { labelPeriod: string; pop: number; count: number }[],
  share: number,
): Float64Array {
  const y = new Float64Array(rows.length);
  const periods = [...new Set(rows.map((r) => r.labelPeriod))];
  for (const p of periods) {
    const idx = rows.map((r, i) => [r, i] as const).filter(([r]) => r.labelPeriod === p);
    const rates = idx.map(([r]) => (r.count / r.pop) * 1000).sort((a, b) => b - a);
    const k = Math.max(1, Math.round(share * rates.length));
    const cut = rates[k - 1]!;
    for (const [r, i] of idx) if (r.count > 0 && (r.count / r.pop) * 1000 >= cut) y[i] = 1;
  }
  return y;
}
