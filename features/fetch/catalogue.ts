import { ZichtError } from '../../core/index.ts';

/** CBS's own catalogue (StatLine tables such as the KWB). */
export const CBS_ODATA_URL = 'https://opendata.cbs.nl/ODataApi/odata';

/** The third-party catalogue, where the police table 47018NED is published. */
export const THIRD_PARTY_ODATA_URL = 'https://dataderden.cbs.nl/ODataApi/odata';

/** Police registered crime per wijk and buurt, per year (on the boundaries of its latest vintage). */
export const POLICE_TABLE = '47018NED';

/**
 * The CBS wijk- en buurtkaart as GeoJSON from the PDOK WFS. `{year}`,
 * `{layer}` (gemeenten, wijken, buurten), `{count}` and `{startIndex}` are
 * filled in; WGS84 coordinates are asked for (srsName).
 */
const PDOK_BOUNDARIES_URL =
  'https://service.pdok.nl/cbs/wijkenbuurten/{year}/wfs/v1_0?service=WFS&version=2.0.0&request=GetFeature' +
  '&typeNames=wijkenbuurten:{layer}&outputFormat=json&srsName=EPSG:4326&count={count}&startIndex={startIndex}';

/**
 * StatLine ids of the Kerncijfers wijken en buurten (KWB) tables by year.
 * Checked against public uses of the tables; each table describes the
 * boundaries of its own year.
 */
const KWB_TABLES: Readonly<Record<number, string>> = {
  2019: '84583NED',
  2020: '84799NED',
  2021: '85039NED',
  2022: '85318NED',
  2023: '85618NED',
  2024: '85984NED',
};

/** The KWB table of a year, or a `BAD_ARGUMENT` listing the years known. */
export function kwbTable(year: number): string {
  const id = KWB_TABLES[year];
  if (!id)
    throw new ZichtError(
      'BAD_ARGUMENT',
      `--year ${year}: no KWB table known for that year (known: ${Object.keys(KWB_TABLES).join(', ')}); ` +
        'fetch it by id with: zicht fetch table <id>',
      { option: '--year' },
    );
  return id;
}

/** The OData base URL: `--base-url`, else `$ZICHT_ODATA_BASE_URL`, else the catalogue's own. */
export function odataBaseUrl(option: string | undefined, env: NodeJS.ProcessEnv, fallback: string): string {
  return option ?? env['ZICHT_ODATA_BASE_URL'] ?? fallback;
}

/** The boundaries URL template: `--url-template`, else `$ZICHT_BOUNDARIES_URL`, else PDOK's. */
export function boundariesUrlTemplate(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option ?? env['ZICHT_BOUNDARIES_URL'] ?? PDOK_BOUNDARIES_URL;
}
