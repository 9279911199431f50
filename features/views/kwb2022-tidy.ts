import { feature, type Expr, type FeatureView } from './types.ts';

/**
 * Feature view over the tidy KWB 2022 wijk/gemeente table (`cbs-kwb-2022-wijk`,
 * columns as in tmap's NLD_dist: shares in %, WOZ in k€, area in km²).
 */
const M = (key: string): Expr => ({ op: 'measure', key });
const f = feature;

export const kwb2022TidyView: FeatureView = {
  name: 'kwb2022-tidy',
  version: 1,
  descriptionNl: 'Kerncijfers wijken en buurten 2022 (CBS), opgeschoonde wijk- en gemeentetabel',
  descriptionEn: 'Key figures for districts 2022 (CBS), tidy district and municipality table',
  populationKey: 'population',
  features: [
    f(
      'inwoners_log',
      'Aantal inwoners (logaritme)',
      'Number of inhabitants (logarithm)',
      'log(inwoners)',
      { op: 'log1p', of: M('population') },
      { minPopulation: 0 },
    ),
    f('bevolkingsdichtheid', 'Bevolkingsdichtheid', 'Population density', 'inwoners per km²', {
      op: 'ratio',
      num: M('population'),
      den: M('area'),
      scale: 1,
    }),
    f('aandeel_0_14', 'Aandeel inwoners van 0 tot 15 jaar', 'Share of residents aged 0 to 14', '%', M('pop_0_14')),
    f('aandeel_15_24', 'Aandeel inwoners van 15 tot 25 jaar', 'Share of residents aged 15 to 24', '%', M('pop_15_24')),
    f('aandeel_25_44', 'Aandeel inwoners van 25 tot 45 jaar', 'Share of residents aged 25 to 44', '%', M('pop_25_44')),
    f(
      'aandeel_65_plus',
      'Aandeel inwoners van 65 jaar of ouder',
      'Share of residents aged 65 or over',
      '%',
      M('pop_65plus'),
    ),
    f('woningen_per_1000', 'Woningen', 'Dwellings', 'per 1.000 inwoners', {
      op: 'ratio',
      num: M('dwelling_total'),
      den: M('population'),
      scale: 1000,
    }),
    f(
      'woz_waarde',
      'Gemiddelde WOZ-waarde van woningen',
      'Average property value (WOZ)',
      'x 1.000 euro',
      M('dwelling_value'),
    ),
    f('koopwoningen', 'Aandeel koopwoningen', 'Share of owner-occupied dwellings', '%', M('dwelling_ownership')),
    f('huurwoningen', 'Aandeel huurwoningen', 'Share of rented dwellings', '%', {
      op: 'minus',
      a: { op: 'const', value: 100 },
      b: M('dwelling_ownership'),
    }),
    f('arbeidsparticipatie', 'Arbeidsparticipatie', 'Employment rate', '%', M('employment_rate')),
    f(
      'hoog_inkomen',
      'Aandeel inwoners met een hoog inkomen (landelijke top 20%)',
      'Share of residents with a high income (national top 20%)',
      '%',
      M('income_high'),
    ),
    f('hbo_wo', 'Aandeel inwoners met hbo of wo', 'Share of residents with higher education', '%', M('edu_appl_sci')),
    f(
      'woz_tov_gemeente',
      'WOZ-waarde, verschil met de gemeente',
      'Property value, difference from the municipality',
      'x 1.000 euro',
      M('dwelling_value'),
      { context: { kind: 'diff-from-gemeente' } },
    ),
    f(
      'jongeren_tov_gemeente',
      'Aandeel 15–25-jarigen, verschil met de gemeente',
      'Share aged 15–24, difference from the municipality',
      'procentpunt',
      M('pop_15_24'),
      { context: { kind: 'diff-from-gemeente' } },
    ),
    f(
      'woz_buren',
      'WOZ-waarde in de aangrenzende wijken',
      'Property value in adjacent districts',
      'x 1.000 euro',
      M('dwelling_value'),
      { context: { kind: 'neighbour-mean' } },
    ),
    f(
      'arbeidsparticipatie_buren',
      'Arbeidsparticipatie in de aangrenzende wijken',
      'Employment rate in adjacent districts',
      '%',
      M('employment_rate'),
      { context: { kind: 'neighbour-mean' } },
    ),
    f(
      'huurwoningen_buren',
      'Aandeel huurwoningen in de aangrenzende wijken',
      'Share of rented dwellings in adjacent districts',
      '%',
      { op: 'minus', a: { op: 'const', value: 100 }, b: M('dwelling_ownership') },
      { context: { kind: 'neighbour-mean' } },
    ),
    f(
      'laag_inkomen',
      'Aandeel inwoners met een laag inkomen (landelijke onderste 40%)',
      'Share of residents with a low income (national bottom 40%)',
      '%',
      M('income_low'),
      { tags: ['protected'] },
    ),
    f(
      'stedelijkheid',
      'Mate van stedelijkheid (1 = zeer sterk, 5 = niet stedelijk)',
      'Degree of urbanity (1 = extremely, 5 = not urbanised)',
      'klasse',
      M('urbanity'),
      { tags: ['protected'], minPopulation: 0 },
    ),
  ],
};
