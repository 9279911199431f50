/**
 * Test fixtures in the shapes CBS publishes: the 47018NED `DataProperties`
 * (one crime-type dimension, the region dimension on the 2024 boundaries, the
 * period dimension, one measure) and its `TypedDataSet` records, with the
 * padding StatLine puts on dimension keys.
 */

/** `DataProperties` of 47018NED as published (keys, types, titles, MapYear). */
export function policeDataProperties(mapYear = 2024): Record<string, unknown>[] {
  return [
    {
      'odata.type': 'Cbs.OData.Dimension',
      ID: 0,
      Position: 0,
      ParentID: null,
      Type: 'Dimension',
      Key: 'SoortMisdrijf',
      Title: 'Soort misdrijf',
      Description: 'Indeling van misdrijven naar de aard van het delict.',
    },
    {
      'odata.type': 'Cbs.OData.GeoDimension',
      ID: 1,
      Position: 1,
      ParentID: null,
      Type: 'GeoDimension',
      Key: 'WijkenEnBuurten',
      Title: 'Wijken en buurten',
      Description: 'Cijfers worden gepresenteerd volgens de buurtindeling van 2024.',
      MapYear: mapYear,
      ReleasePolicy: false,
    },
    {
      'odata.type': 'Cbs.OData.TimeDimension',
      ID: 2,
      Position: 2,
      ParentID: null,
      Type: 'TimeDimension',
      Key: 'Perioden',
      Title: 'Perioden',
      Description: '',
      ReleasePolicy: true,
    },
    {
      'odata.type': 'Cbs.OData.Topic',
      ID: 3,
      Position: 3,
      ParentID: null,
      Type: 'Topic',
      Key: 'GeregistreerdeMisdrijven_1',
      Title: 'Geregistreerde misdrijven',
      Description: 'Misdrijven die door de politie zijn geregistreerd, inclusief pogingen.',
      Datatype: 'Long',
      Unit: 'aantal',
      Decimals: 0,
      Default: 'Missing',
      PresentationType: 'Absolute',
    },
  ];
}

/** Pad a dimension key the way StatLine does (`GM0268` → `"GM0268    "`, `3.1.1` → `"3.1.1 "`). */
export const pad = (key: string, width: number): string => key.padEnd(width, ' ');

/** One 47018NED `TypedDataSet` record. */
export function policeRecord(
  id: number,
  crime: string,
  area: string,
  period: string,
  count: number | null,
): Record<string, unknown> {
  return {
    ID: id,
    SoortMisdrijf: pad(crime, 6),
    WijkenEnBuurten: pad(area, 10),
    Perioden: period,
    GeregistreerdeMisdrijven_1: count,
  };
}
