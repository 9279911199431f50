import { feature, type Expr, type FeatureView } from './types.ts';

/**
 * Feature view over KWB measures by their StatLine title paths (table 85984NED
 * and its yearly predecessors). Works on a real KWB export downloaded from
 * StatLine and on the demo world, which writes the same titles.
 */
const M = (key: string): Expr => ({ op: 'measure', key });
const POP = 'Bevolking/Aantal inwoners';
const pct = (num: string, den: string): Expr => ({ op: 'ratio', num: M(num), den: M(den), scale: 100 });
const per1000 = (num: string): Expr => ({ op: 'ratio', num: M(num), den: M(POP), scale: 1000 });
const HH = 'Bevolking/Particuliere huishoudens/Huishoudens totaal';
const BIJSTAND = 'Sociale zekerheid/Personen per soort uitkering; Bijstand';
const CORPORATIE = 'Wonen en vastgoed/Woningen naar eigendom/Huurwoningen/In bezit woningcorporatie';
const LAAG_INKOMEN = 'Inkomen/Inkomen van huishoudens/Huishoudens met een laag inkomen';
const ORIGIN = 'Bevolking/Bevolking naar herkomst/Herkomstland';

const f = feature;

export const kwbView: FeatureView = {
  name: 'kwb',
  version: 1,
  descriptionNl:
    'Kerncijfers wijken en buurten (CBS): bevolking, wonen, inkomen, sociale zekerheid, voorzieningen en ruimtelijke context',
  descriptionEn:
    'Key figures for districts and neighbourhoods (CBS): population, housing, income, social security, facilities and spatial context',
  populationKey: POP,
  features: [
    f(
      'inwoners_log',
      'Aantal inwoners (logaritme)',
      'Number of inhabitants (logarithm)',
      'log(inwoners)',
      { op: 'log1p', of: M(POP) },
      { minPopulation: 0 },
    ),
    f(
      'bevolkingsdichtheid',
      'Bevolkingsdichtheid',
      'Population density',
      'inwoners per km²',
      M('Bevolking/Bevolkingsdichtheid'),
    ),
    f(
      'aandeel_15_24',
      'Aandeel inwoners van 15 tot 25 jaar',
      'Share of residents aged 15 to 25',
      '%',
      pct('Bevolking/Leeftijdsgroepen/15 tot 25 jaar', POP),
    ),
    f(
      'aandeel_65_plus',
      'Aandeel inwoners van 65 jaar of ouder',
      'Share of residents aged 65 or over',
      '%',
      pct('Bevolking/Leeftijdsgroepen/65 jaar of ouder', POP),
    ),
    f(
      'eenpersoonshuishoudens',
      'Aandeel eenpersoonshuishoudens',
      'Share of single-person households',
      '%',
      pct('Bevolking/Particuliere huishoudens/Eenpersoonshuishoudens', HH),
    ),
    f(
      'huishoudens_met_kinderen',
      'Aandeel huishoudens met kinderen',
      'Share of households with children',
      '%',
      pct('Bevolking/Particuliere huishoudens/Huishoudens met kinderen', HH),
    ),
    f(
      'woz_waarde',
      'Gemiddelde WOZ-waarde van woningen',
      'Average property value (WOZ)',
      'x 1.000 euro',
      M('Wonen en vastgoed/Gemiddelde WOZ-waarde van woningen'),
    ),
    f(
      'koopwoningen',
      'Aandeel koopwoningen',
      'Share of owner-occupied dwellings',
      '%',
      M('Wonen en vastgoed/Woningen naar eigendom/Koopwoningen'),
    ),
    f(
      'corporatiewoningen',
      'Aandeel woningen van een woningcorporatie',
      'Share of housing-association dwellings',
      '%',
      M(CORPORATIE),
    ),
    f(
      'leegstand',
      'Aandeel onbewoonde woningen',
      'Share of unoccupied dwellings',
      '%',
      M('Wonen en vastgoed/Onbewoonde woningen'),
    ),
    f(
      'arbeidsparticipatie',
      'Nettoarbeidsparticipatie',
      'Net labour participation',
      '%',
      M('Arbeid/Nettoarbeidsparticipatie'),
    ),
    f(
      'inkomen_per_inwoner',
      'Gemiddeld inkomen per inwoner',
      'Average income per inhabitant',
      'x 1.000 euro',
      M('Inkomen/Inkomen van personen/Gemiddeld inkomen per inwoner'),
    ),
    f(
      'sociaal_minimum',
      'Aandeel huishoudens onder of rond het sociaal minimum',
      'Share of households at or below the social minimum',
      '%',
      M('Inkomen/Inkomen van huishoudens/Huish. onder of rond sociaal minimum'),
    ),
    f(
      'bijstand_per_1000',
      'Inwoners met bijstand',
      'Residents on social assistance',
      'per 1.000 inwoners',
      per1000(BIJSTAND),
    ),
    f(
      'ao_per_1000',
      'Inwoners met een arbeidsongeschiktheidsuitkering',
      'Residents on disability benefit',
      'per 1.000 inwoners',
      per1000('Sociale zekerheid/Personen per soort uitkering; AO'),
    ),
    f(
      'ww_per_1000',
      'Inwoners met een WW-uitkering',
      'Residents on unemployment benefit',
      'per 1.000 inwoners',
      per1000('Sociale zekerheid/Personen per soort uitkering; WW'),
    ),
    f(
      'jeugdzorg',
      'Aandeel jongeren met jeugdzorg',
      'Share of young people in youth care',
      '%',
      M('Zorg/Percentage jongeren met jeugdzorg'),
    ),
    f(
      'bedrijven_per_1000',
      'Bedrijfsvestigingen',
      'Business establishments',
      'per 1.000 inwoners',
      per1000('Bedrijfsvestigingen, SBI 2008/Bedrijfsvestigingen totaal'),
    ),
    f(
      'handel_horeca_per_1000',
      'Vestigingen in handel en horeca',
      'Retail and hospitality establishments',
      'per 1.000 inwoners',
      per1000('Bedrijfsvestigingen, SBI 2008/Bedrijfsvestigingen naar activiteit/G+I Handel en horeca'),
    ),
    f(
      'afstand_huisarts',
      'Afstand tot huisartsenpraktijk',
      'Distance to a GP practice',
      'km',
      M('Nabijheid voorzieningen/Afstand tot huisartsenpraktijk'),
    ),
    f(
      'afstand_supermarkt',
      'Afstand tot grote supermarkt',
      'Distance to a large supermarket',
      'km',
      M('Nabijheid voorzieningen/Afstand tot grote supermarkt'),
    ),
    f(
      'adressendichtheid',
      'Omgevingsadressendichtheid',
      'Surrounding address density',
      'adressen per km²',
      M('Stedelijkheid/Omgevingsadressendichtheid'),
    ),
    f(
      'autos_per_huishouden',
      "Personenauto's per huishouden",
      'Cars per household',
      'per huishouden',
      M("Motorvoertuigen/Personenauto's/Personenauto's per huishouden"),
    ),
    f(
      'bijstand_tov_gemeente',
      'Inwoners met bijstand, verschil met de gemeente',
      'Residents on social assistance, difference from the municipality',
      'per 1.000 inwoners',
      per1000(BIJSTAND),
      { context: { kind: 'diff-from-gemeente' } },
    ),
    f(
      'corporatiewoningen_buren',
      'Aandeel corporatiewoningen in de aangrenzende gebieden',
      'Share of housing-association dwellings in adjacent areas',
      '%',
      M(CORPORATIE),
      { context: { kind: 'neighbour-mean' } },
    ),
    f(
      'bijstand_buren',
      'Inwoners met bijstand in de aangrenzende gebieden',
      'Residents on social assistance in adjacent areas',
      'per 1.000 inwoners',
      per1000(BIJSTAND),
      { context: { kind: 'neighbour-mean' } },
    ),
    // protected attributes: audited for fairness, never model inputs by default
    f(
      'laag_inkomen',
      'Aandeel huishoudens met een laag inkomen',
      'Share of households with a low income',
      '%',
      M(LAAG_INKOMEN),
      { tags: ['protected'] },
    ),
    f(
      'buiten_europa',
      'Aandeel inwoners met herkomstland buiten Europa',
      'Share of residents with a country of origin outside Europe',
      '%',
      pct(`${ORIGIN}/Buiten Europa`, POP),
      { tags: ['protected'] },
    ),
    f(
      'stedelijkheid',
      'Mate van stedelijkheid (1 = zeer sterk, 5 = niet stedelijk)',
      'Degree of urbanity (1 = extremely, 5 = not urbanised)',
      'klasse',
      M('Stedelijkheid/Mate van stedelijkheid'),
      { tags: ['protected'], minPopulation: 0 },
    ),
  ],
};
