import type { SourceKind } from './types.ts';

/**
 * What each kind of extract looks like, for `zicht ingest --help`. A record
 * over every kind, so a new kind cannot be added without describing it.
 */
export const SOURCE_KIND_HELP: Readonly<Record<SourceKind, string>> = {
  'statline-csv':
    "CBS StatLine CSV export: ';'-separated, UTF-8 BOM, quoted '/'-path headers with the unit in parentheses " +
    '("Bevolking/Aantal inwoners (aantal)"), a code column "Regioaanduiding/Codering (code)" (padded codes), ' +
    "'.' suppressed, 'x' secret, '-' nil. Needs --period unless it has a Perioden column; vintage = its period's " +
    'year (a KWB table describes the boundaries of its own year). Without a code column: --join-rows.',
  'odata-json':
    'CBS OData TypedDataSet JSON ({"value": [{"WijkenEnBuurten": "GM0268    ", "AantalInwoners_5": 179120, …}]} ' +
    'or an object keyed by area code) with its DataProperties (--properties): every measure key must have a ' +
    'Topic there and is stored under its title path. Vintage = the MapYear of the region dimension.',
  'police-csv':
    'Police 47018NED as CSV: columns SoortMisdrijf ("3.1.1 "), WijkenEnBuurten, Perioden (2023JJ00), ' +
    'GeregistreerdeMisdrijven (StatLine titles or OData names; suffixed OData keys such as ' +
    'GeregistreerdeMisdrijven_1 with --properties). Vintage: --vintage or MapYear, else inferred from the codes.',
  'police-odata':
    'Police 47018NED OData TypedDataSet JSON ({"value": [{"SoortMisdrijf": "3.1.1 ", "WijkenEnBuurten": ' +
    '"BU02680840", "Perioden": "2023JJ00", "GeregistreerdeMisdrijven_1": 4}]}) with its DataProperties ' +
    '(--properties): dimensions and the measure "Geregistreerde misdrijven" are found there. Vintage = MapYear.',
  'police-buurt-csv':
    "The police's per-buurt open data: buurt_code, buurt_naam, wijk_code, jaar, categorie, aantal (categories " +
    'such as drugshandel → 3.1.1). Vintage: --vintage, else inferred from the buurt codes.',
  geojson:
    'GeoJSON FeatureCollection of (Multi)Polygons in WGS84 with an area code property (code, statcode, ' +
    'buurtcode, wijkcode or gemeentecode) and optionally a name. Vintage: --vintage, a top-level "vintage", ' +
    'else inferred from the codes.',
  'kwb-tidy-csv':
    'Tidy KWB CSV (comma-separated, one row per area): code, name, province, area, urbanity (label), ' +
    'population, pop_0_14 … income_high; empty = missing. --period (default 2022JJ00); vintage = its year.',
  'long-csv':
    'Long CSV: area_code, period, variable, value [, unit, vintage] — one value per row; a vintage column must ' +
    'hold one year. Without it: --vintage, else inferred from the codes.',
  'code-list':
    "CBS region code list: ';'-separated code and name columns — buurt_2025_codes.csv (Buurt2025;buurtnaam2025, " +
    "codes without prefix: 00140000 = BU00140000) or an OData region list (Key, Title). Registers a vintage's " +
    'areas with their names; vintage from the header (Buurt2025) or --vintage.',
};
