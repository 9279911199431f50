import type { Rng } from '../../core/index.ts';
import type { DemoGemeente, DemoWijk } from './geography.ts';

/** Persistent latent traits of a wijk; the indicators and the labels are drawn from them. */
export interface Traits {
  readonly deprivation: Float64Array;
  readonly wealth: Float64Array;
  readonly age: Float64Array;
  readonly origin: Float64Array;
  readonly trend: Float64Array;
  readonly population: Float64Array;
  readonly landKm2: Float64Array;
}

/** KWB measure key (StatLine title path) → unit, in the order the export writes them. */
export const DEMO_MEASURES: readonly (readonly [string, string])[] = [
  ['Bevolking/Aantal inwoners', 'aantal'],
  ['Bevolking/Geslacht/Mannen', 'aantal'],
  ['Bevolking/Geslacht/Vrouwen', 'aantal'],
  ['Bevolking/Leeftijdsgroepen/0 tot 15 jaar', 'aantal'],
  ['Bevolking/Leeftijdsgroepen/15 tot 25 jaar', 'aantal'],
  ['Bevolking/Leeftijdsgroepen/25 tot 45 jaar', 'aantal'],
  ['Bevolking/Leeftijdsgroepen/45 tot 65 jaar', 'aantal'],
  ['Bevolking/Leeftijdsgroepen/65 jaar of ouder', 'aantal'],
  ['Bevolking/Bevolking naar herkomst/Herkomstland/Nederland', 'aantal'],
  ['Bevolking/Bevolking naar herkomst/Herkomstland/Europa (exclusief Nederland)', 'aantal'],
  ['Bevolking/Bevolking naar herkomst/Herkomstland/Buiten Europa', 'aantal'],
  ['Bevolking/Geboorte en sterfte/Geboorte relatief', 'per 1 000 inwoners'],
  ['Bevolking/Particuliere huishoudens/Huishoudens totaal', 'aantal'],
  ['Bevolking/Particuliere huishoudens/Eenpersoonshuishoudens', 'aantal'],
  ['Bevolking/Particuliere huishoudens/Huishoudens met kinderen', 'aantal'],
  ['Bevolking/Bevolkingsdichtheid', 'aantal inwoners per km²'],
  ['Wonen en vastgoed/Woningvoorraad', 'aantal'],
  ['Wonen en vastgoed/Gemiddelde WOZ-waarde van woningen', 'x 1 000 euro'],
  ['Wonen en vastgoed/Woningen naar type/Percentage meergezinswoning', '%'],
  ['Wonen en vastgoed/Onbewoonde woningen', '%'],
  ['Wonen en vastgoed/Woningen naar eigendom/Koopwoningen', '%'],
  ['Wonen en vastgoed/Woningen naar eigendom/Huurwoningen/In bezit woningcorporatie', '%'],
  ['Wonen en vastgoed/Woningen naar eigendom/Huurwoningen/In bezit overige verhuurders', '%'],
  ['Wonen en vastgoed/Woningen naar bouwjaar/Bouwjaar afgelopen tien jaar', '%'],
  ['Arbeid/Nettoarbeidsparticipatie', '%'],
  ['Arbeid/Onderverdeling werkenden/Percentage zelfstandigen', '%'],
  ['Inkomen/Inkomen van personen/Gemiddeld inkomen per inwoner', 'x 1 000 euro'],
  ['Inkomen/Inkomen van huishoudens/Huishoudens met een laag inkomen', '%'],
  ['Inkomen/Inkomen van huishoudens/Huish. onder of rond sociaal minimum', '%'],
  ['Sociale zekerheid/Personen per soort uitkering; Bijstand', 'aantal'],
  ['Sociale zekerheid/Personen per soort uitkering; AO', 'aantal'],
  ['Sociale zekerheid/Personen per soort uitkering; WW', 'aantal'],
  ['Zorg/Percentage jongeren met jeugdzorg', '%'],
  ['Zorg/Wmo-cliënten relatief', 'per 1 000 inwoners'],
  ['Bedrijfsvestigingen, SBI 2008/Bedrijfsvestigingen totaal', 'aantal'],
  ['Bedrijfsvestigingen, SBI 2008/Bedrijfsvestigingen naar activiteit/G+I Handel en horeca', 'aantal'],
  ["Motorvoertuigen/Personenauto's/Personenauto's per huishouden", 'per huishouden'],
  ['Nabijheid voorzieningen/Afstand tot huisartsenpraktijk', 'km'],
  ['Nabijheid voorzieningen/Afstand tot grote supermarkt', 'km'],
  ['Oppervlakte/Oppervlakte land', 'ha'],
  ['Stedelijkheid/Mate van stedelijkheid', 'code'],
  ['Stedelijkheid/Omgevingsadressendichtheid', 'per km²'],
];

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round5 = (x: number) => Math.max(0, Math.round(x / 5) * 5);

/**
 * Draw the latent traits. Calibration targets (KWB 2022 wijk table, CBS):
 * median wijk population ≈ 3,100 (10%–90%: 260–12,700); owner-occupied share
 * mean 68% (sd 18); low-income share mean 39% of residents; WOZ mean 342 k€
 * (sd 120); employment rate mean 66% (sd 5); urbanity: 46% of wijken not
 * urbanised, 11% extremely urbanised.
 */
export function drawTraits(rng: Rng, wijken: readonly DemoWijk[]): Traits {
  const n = wijken.length;
  const raw = Float64Array.from(wijken, (w) => rng.normal() + 0.45 * (3 - w.urbanity));
  // spatial smoothing: deprivation clusters
  const deprivation = Float64Array.from(wijken, (w, i) => {
    const nb = w.neighbours.map((j) => raw[j]!);
    return 0.6 * raw[i]! + 0.4 * (nb.length ? nb.reduce((a, b) => a + b, 0) / nb.length : raw[i]!);
  });
  const wealth = Float64Array.from(deprivation, (d) => -0.75 * d + 0.65 * rng.normal());
  const age = Float64Array.from(wijken, (w) => 0.35 * (w.urbanity - 3) + rng.normal());
  const origin = Float64Array.from(
    wijken,
    (w, i) => 0.55 * deprivation[i]! + 0.5 * (3 - w.urbanity) + 0.7 * rng.normal(),
  );
  const trend = Float64Array.from({ length: n }, () => rng.normal());
  const median = [0, 15000, 9800, 5900, 3400, 1500];
  const population = Float64Array.from(wijken, (w) => {
    if (rng.next() < 0.04) return 20 + rng.int(80); // small wijken: below the disclosure threshold
    return Math.max(120, median[w.urbanity]! * Math.exp(0.7 * rng.normal()));
  });
  // land area follows from a density typical of the urbanity class (KWB 2022: urban wijken 5,000–15,000 per km², rural 50–300)
  const landKm2 = Float64Array.from(
    wijken,
    (w, i) => population[i]! / ([0, 8500, 4500, 2200, 900, 140][w.urbanity]! * Math.exp(0.4 * rng.normal())),
  );
  return { deprivation, wealth, age, origin, trend, population, landKm2 };
}

/** The indicators of every wijk in one year (index 0 = first year), as measure columns; NaN = suppressed. */
export function wijkIndicators(rng: Rng, wijken: readonly DemoWijk[], t: Traits, yearIndex: number): Float64Array[] {
  const n = wijken.length;
  const cols = DEMO_MEASURES.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const w = wijken[i]!;
    const dep = t.deprivation[i]! + 0.06 * yearIndex * t.trend[i]!;
    const wealth = t.wealth[i]! - 0.03 * yearIndex * t.trend[i]!;
    const e = () => rng.normal();
    const pop = round5(t.population[i]! * (1 + 0.006 * yearIndex) * (1 + 0.01 * e()));
    const young = clip(14 + 2 * (w.urbanity - 3) * 0.3 + 1.5 * e() - t.age[i]!, 4, 30) / 100;
    const teen = clip(12 + 1.5 * (3 - w.urbanity) + 1.5 * e(), 4, 40) / 100;
    const old = clip(21 + 5 * t.age[i]! + 1.5 * e(), 4, 60) / 100;
    const mid = clip(0.29 + 0.02 * e(), 0.15, 0.4);
    const adult = Math.max(0.05, 1 - young - teen - old - mid);
    const outside = clip(6 + 9 * t.origin[i]! + 1.5 * e(), 0.5, 70) / 100;
    const europe = clip(6 + 1.5 * (3 - w.urbanity) + e(), 0.5, 30) / 100;
    const hhSize = clip(2.25 + 0.12 * (w.urbanity - 3) + 0.1 * e(), 1.4, 3.2);
    const households = round5(pop / hhSize);
    const single = clip(38 + 7 * (3 - w.urbanity) + 3 * dep + 3 * e(), 10, 80) / 100;
    const kids = clip(32 - 4 * (3 - w.urbanity) - 2 * t.age[i]! + 3 * e(), 5, 60) / 100;
    const koop = clip(68 - 10 * dep - 6 * (3 - w.urbanity) + 6 * wealth + 5 * e(), 2, 99);
    const corp = clip((100 - koop) * clip(0.55 + 0.12 * dep + 0.08 * e(), 0.05, 0.95), 0, 98);
    const suppressSmall = pop < 50;
    const v: number[] = [
      pop,
      round5(pop * 0.497),
      pop - round5(pop * 0.497),
      round5(pop * young),
      round5(pop * teen),
      round5(pop * adult),
      round5(pop * mid),
      round5(pop * old),
      round5(pop * (1 - outside - europe)),
      round5(pop * europe),
      round5(pop * outside),
      clip(9 + 2 * kids * 10 - 5 + e(), 2, 25),
      households,
      round5(households * single),
      round5(households * kids),
      Math.round(pop / t.landKm2[i]!),
      round5(households * 1.04),
      clip(342 + 95 * wealth - 35 * dep + 20 * e(), 80, 1600),
      clip(25 + 18 * (3 - w.urbanity) + 5 * e(), 0, 100),
      clip(3 + 1.2 * dep + 1.2 * e(), 0, 25),
      koop,
      corp,
      clip(100 - koop - corp, 0, 100),
      clip(8 + 4 * e(), 0, 60),
      clip(66 - 4 * dep + 2.5 * e(), 30, 85),
      clip(12 + 2 * wealth + 2 * e(), 2, 40),
      clip(33 + 6 * wealth - 3 * dep + 2 * e(), 12, 90),
      clip(8 + 3.5 * dep + 1.2 * e(), 1, 45),
      clip(7 + 3 * dep + e(), 1, 40),
      round5(pop * clip(0.025 + 0.014 * dep + 0.004 * e(), 0.002, 0.15)),
      round5(pop * clip(0.05 + 0.008 * dep + 0.006 * e(), 0.01, 0.15)),
      round5(pop * clip(0.015 + 0.003 * dep + 0.002 * e(), 0.002, 0.05)),
      clip(10 + 2.2 * dep + 1.5 * e(), 1, 30),
      clip(60 + 8 * t.age[i]! + 5 * dep + 6 * e(), 10, 200),
      round5(pop * clip(0.13 + 0.04 * (3 - w.urbanity) * 0.5 + 0.02 * e(), 0.03, 0.6)),
      0,
      clip(0.75 + 0.18 * (w.urbanity - 1) + 0.1 * wealth + 0.05 * e(), 0.2, 2),
      clip(0.7 + 0.5 * (w.urbanity - 1) + 0.2 * Math.abs(e()), 0.1, 8),
      clip(0.6 + 0.6 * (w.urbanity - 1) + 0.2 * Math.abs(e()), 0.1, 10),
      Math.round(t.landKm2[i]! * 100),
      w.urbanity,
      Math.round([0, 4200, 2000, 1200, 750, 300][w.urbanity]! * Math.exp(0.2 * e())),
    ];
    v[35] = round5(v[34]! * clip(0.22 + 0.04 * (3 - w.urbanity) * 0.5, 0.05, 0.6));
    v.forEach((x, j) => {
      cols[j]![i] = x;
    });
    if (suppressSmall) for (const j of [17, 26, 27, 28, 29, 30, 31, 32]) cols[j]![i] = Number.NaN;
    else if (rng.next() < 0.03) cols[17 + rng.int(16)]![i] = Number.NaN; // scattered item non-response
  }
  return cols;
}

/** Gemeente rows: counts summed, everything else population-weighted over the gemeente's wijken. */
export function gemeenteIndicators(
  gemeenten: readonly DemoGemeente[],
  wijkCols: readonly Float64Array[],
): Float64Array[] {
  const pop = wijkCols[0]!;
  return DEMO_MEASURES.map(([key, unit], j) =>
    Float64Array.from(gemeenten, (g) => {
      let s = 0,
        w = 0;
      for (const i of g.wijken) {
        const x = wijkCols[j]![i]!;
        if (Number.isNaN(x)) continue;
        if (unit === 'aantal') s += x;
        else {
          s += x * pop[i]!;
          w += pop[i]!;
        }
      }
      if (key === 'Stedelijkheid/Mate van stedelijkheid') return Math.round(s / Math.max(w, 1));
      return unit === 'aantal' ? s : w > 0 ? s / w : Number.NaN;
    }),
  );
}
