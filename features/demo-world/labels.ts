import type { Rng } from '../../core/index.ts';
import type { DemoWijk } from './geography.ts';
import { DEMO_MEASURES } from './indicators.ts';

/** The planted mechanism behind the demo labels, recorded in the manifest for tests and the card. */
export interface PlantedTruth {
  /**
   * Latent drug-trade risk: log incidence = intercept + Σ weight × standardised driver + the
   * non-linear terms below + spatial term + noise.
   */
  readonly drivers: readonly { readonly feature: string; readonly measure: string; readonly weight: number }[];
  /**
   * Where drug markets settle is not additive: vacancy matters where there is much social housing
   * (an interaction), and only the densest areas carry extra risk (a threshold). A linear
   * scorecard cannot represent either; a tree ensemble can.
   */
  readonly nonLinear: {
    readonly interaction: number;
    readonly densityThreshold: number;
    readonly densityWeight: number;
  };
  readonly intercept: number;
  /** Areas with more enforcement, hence a higher detection rate of discovered crime (3.1.1). */
  readonly biasedGroup: { readonly attribute: string; readonly rule: string; readonly detectionMultiplier: number };
  readonly baseDetection: number;
  /** 2.1.1 is reported by residents: no enforcement dependence. */
  readonly nuisance: { readonly incidenceFactor: number; readonly baseline: number };
  /** Each flagged round raises enforcement in the flagged areas by this factor (feedback loop). */
  readonly enforcementResponse: number;
}

export const PLANTED: PlantedTruth = {
  drivers: [
    {
      feature: 'corporatiewoningen',
      measure: 'Wonen en vastgoed/Woningen naar eigendom/Huurwoningen/In bezit woningcorporatie',
      weight: 0.55,
    },
    { feature: 'bijstand_per_1000', measure: 'Sociale zekerheid/Personen per soort uitkering; Bijstand', weight: 0.45 },
    { feature: 'leegstand', measure: 'Wonen en vastgoed/Onbewoonde woningen', weight: 0.35 },
    { feature: 'bevolkingsdichtheid', measure: 'Bevolking/Bevolkingsdichtheid', weight: 0.3 },
  ],
  nonLinear: { interaction: 0.6, densityThreshold: 0.8, densityWeight: 0.9 },
  intercept: Math.log(0.07),
  biasedGroup: {
    attribute: 'buiten_europa',
    rule: 'top third of wijken by share of residents with a country of origin outside Europe',
    detectionMultiplier: 2,
  },
  baseDetection: 0.35,
  nuisance: { incidenceFactor: 0.6, baseline: 0.8 },
  enforcementResponse: 1.5,
};

const col = (key: string) => DEMO_MEASURES.findIndex(([k]) => k === key);

function standardise(x: Float64Array): Float64Array {
  const v = [...x].filter(Number.isFinite);
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length) || 1;
  return x.map((a) => (Number.isFinite(a) ? (a - m) / sd : 0));
}

/** True drug-trade incidence per 1,000 inhabitants for one year, from that year's indicators. */
export function trueIncidence(
  rng: Rng,
  wijken: readonly DemoWijk[],
  cols: readonly Float64Array[],
  persistent: Float64Array,
): Float64Array {
  const pop = cols[0]!;
  const z = PLANTED.drivers.map((d) => {
    const c = cols[col(d.measure)]!;
    // bijstand is a count: the driver is the rate per 1,000; density enters on a log scale
    const x =
      d.feature === 'bijstand_per_1000'
        ? c.map((v, i) => (v / Math.max(pop[i]!, 1)) * 1000)
        : d.feature === 'bevolkingsdichtheid'
          ? c.map((v) => Math.log1p(v))
          : c;
    return standardise(x);
  });
  const u = Float64Array.from(persistent, (p) => p + 0.15 * rng.normal());
  return Float64Array.from(wijken, (w, i) => {
    const spatial = w.neighbours.length ? w.neighbours.reduce((a, j) => a + u[j]!, 0) / w.neighbours.length : 0;
    const nl = PLANTED.nonLinear;
    const [corp, , vacancy, density] = [z[0]![i]!, z[1]![i]!, z[2]![i]!, z[3]![i]!];
    const lin =
      PLANTED.intercept +
      PLANTED.drivers.reduce((a, d, k) => a + d.weight * z[k]![i]!, 0) +
      nl.interaction * Math.max(0, corp) * Math.max(0, vacancy) +
      nl.densityWeight * Math.max(0, density - nl.densityThreshold) +
      0.5 * spatial +
      u[i]!;
    return Math.exp(lin);
  });
}

/** Enforcement intensity per wijk: 1, doubled for the over-policed group (the planted detection bias). */
export function baseEnforcement(cols: readonly Float64Array[]): Float64Array {
  const pop = cols[0]!,
    outside = cols[col('Bevolking/Bevolking naar herkomst/Herkomstland/Buiten Europa')]!;
  const share = outside.map((v, i) => v / Math.max(pop[i]!, 1));
  const sorted = [...share].sort((a, b) => a - b);
  const cut = sorted[Math.floor((2 * sorted.length) / 3)]!;
  return share.map((s) => (s >= cut ? PLANTED.biasedGroup.detectionMultiplier : 1));
}

/** Registered counts for one year: 3.1.1 discovered (depends on enforcement), 2.1.1 reported (does not). */
export function drawCounts(
  rng: Rng,
  population: Float64Array,
  incidence: Float64Array,
  enforcement: Float64Array,
): { drugTrade: Float64Array; nuisance: Float64Array } {
  const drugTrade = Float64Array.from(population, (p, i) =>
    rng.poisson((p / 1000) * incidence[i]! * PLANTED.baseDetection * enforcement[i]!),
  );
  const nuisance = Float64Array.from(population, (p, i) =>
    rng.poisson((p / 1000) * (PLANTED.nuisance.incidenceFactor * incidence[i]! + PLANTED.nuisance.baseline)),
  );
  return { drugTrade, nuisance };
}

/**
 * One round of the feedback loop: flagged areas get more enforcement, which
 * raises their *discovered* drug-trade counts while true incidence is unchanged.
 * Used by the label-bias evaluation to show whether flags self-reinforce.
 */
export function simulateEnforcementRound(
  rng: Rng,
  input: { population: Float64Array; incidence: Float64Array; enforcement: Float64Array; flags: Uint8Array },
): { enforcement: Float64Array; discovered: Float64Array; reported: Float64Array } {
  const enforcement = input.enforcement.map((e, i) => (input.flags[i] ? e * PLANTED.enforcementResponse : e));
  const { drugTrade, nuisance } = drawCounts(rng, input.population, input.incidence, enforcement);
  return { enforcement, discovered: drugTrade, reported: nuisance };
}
