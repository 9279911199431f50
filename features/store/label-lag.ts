import { ZichtError } from '../../core/index.ts';
import { gemeenteOf, periodYear } from '../areas/codes.ts';
import { CRIME_CODES } from '../sources/index.ts';
import type { AreaLevel } from '../types.ts';
import type { FeatureDef } from '../views/index.ts';
import { readLabelCounts } from './labels.ts';
import type { FeatureStore } from './store.ts';

/**
 * The lagged-label feature (`label.lagFeature`): the crime code's registered rate in the
 * feature period. It is not part of a view; artifacts record it under this pseudo-view.
 */
export const LAG_FEATURE = { name: 'registraties_vorige_periode', view: 'label-lag', viewVersion: 1 } as const;

/** The documented definition of the lagged-label feature for a crime code. */
export function lagFeatureDef(crimeCode: string): FeatureDef {
  const title = CRIME_CODES[crimeCode]?.title ?? `misdrijfcode ${crimeCode}`;
  return {
    name: LAG_FEATURE.name,
    descriptionNl: `Geregistreerde ${title.toLowerCase()} (${crimeCode}) in de periode van de indicatoren, naar het cijfer van de gemeente getrokken`,
    descriptionEn: `Registered ${title.toLowerCase()} (${crimeCode}) in the indicators' period, shrunk toward the municipality's rate`,
    unit: 'per 1.000 inwoners',
    expr: { op: 'measure', key: crimeCode },
    minPopulation: 0,
    tags: [],
  };
}

/** How the lag is computed, for artifacts and cards. */
export const LAG_TRANSFORM =
  'empirical Bayes (Marshall): w·count/(inwoners/1000) + (1 − w)·gemeente rate, w = τ²/(τ² + gemeente rate/(inwoners/1000)), over the shown areas of the feature period';

/**
 * Registered rates per 1,000 inhabitants shrunk toward each gemeente's rate (Marshall's global
 * empirical Bayes): the between-area variance τ² is estimated by moments around the gemeente
 * rates, and an area's own rate gets weight τ² / (τ² + μ_g / e_i), e_i its inhabitants / 1,000.
 * Only areas at or above `minPopulation` with a count take part (nothing is derived from a
 * suppressed area); the others get NaN.
 */
export function smoothedRates(
  codes: readonly string[],
  counts: Float64Array,
  population: Float64Array,
  minPopulation: number,
): Float64Array {
  const n = codes.length;
  const use = (i: number) => Number.isFinite(counts[i]!) && population[i]! >= minPopulation && population[i]! > 0;
  const sums = new Map<string, [number, number]>();
  for (let i = 0; i < n; i++) {
    if (!use(i)) continue;
    const g = gemeenteOf(codes[i]!);
    const s = sums.get(g) ?? [0, 0];
    s[0] += counts[i]!;
    s[1] += population[i]! / 1000;
    sums.set(g, s);
  }
  const mu = (i: number) => {
    const [c, e] = sums.get(gemeenteOf(codes[i]!))!;
    return c / e;
  };
  let se = 0,
    sd = 0,
    sm = 0,
    k = 0;
  for (let i = 0; i < n; i++) {
    if (!use(i)) continue;
    const e = population[i]! / 1000,
      r = counts[i]! / e,
      m = mu(i);
    se += e;
    sd += e * (r - m) ** 2;
    sm += m;
    k++;
  }
  const tau2 = k > 0 ? Math.max(0, sd / se - sm / k / (se / k)) : 0;
  return Float64Array.from(codes, (_, i) => {
    if (!use(i)) return Number.NaN;
    const e = population[i]! / 1000,
      m = mu(i);
    const w = tau2 + m / e > 0 ? tau2 / (tau2 + m / e) : 0;
    return w * (counts[i]! / e) + (1 - w) * m;
  });
}

/**
 * The lagged-label column for the areas of one feature period: the smoothed registered rate of
 * the crime code in that same period. Reads counts of `featurePeriod` only — the label period
 * is later by construction — so a model cannot see the labels it is trained on.
 */
export async function labelLagColumn(
  store: FeatureStore,
  opts: {
    crimeCode: string;
    featurePeriod: string;
    labelPeriod?: string;
    level: AreaLevel;
    codes: readonly string[];
    population: Float64Array;
    minPopulation: number;
  },
): Promise<Float64Array> {
  if (opts.labelPeriod !== undefined && periodYear(opts.labelPeriod) <= periodYear(opts.featurePeriod))
    throw new ZichtError(
      'LEAKAGE',
      `the lagged label of ${opts.featurePeriod} may not be paired with labels of ${opts.labelPeriod}`,
      { featurePeriod: opts.featurePeriod, labelPeriod: opts.labelPeriod },
    );
  const { counts } = await readLabelCounts(store, opts.crimeCode, opts.featurePeriod, opts.level);
  const c = Float64Array.from(opts.codes, (code) => counts.get(code) ?? Number.NaN);
  return smoothedRates(opts.codes, c, opts.population, opts.minPopulation);
}
