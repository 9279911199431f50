import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { realDataPath, realDataTest } from '../../core/index.ts';
import { parseTableProperties } from '../sources/index.ts';
import { allOf, codesFilter, crimeFilter, municipalityFilter, resolveSelect } from './filters.ts';
import { collectionUrl, odataEndpoint } from './odata-client.ts';
import { odataBaseUrl } from './catalogue.ts';

test('filters: a municipality and its areas, padded eq lists, crime codes with their trailing space', () => {
  assert.equal(
    municipalityFilter('WijkenEnBuurten', 'GM0268', 'wijk'),
    "substringof('GM0268',WijkenEnBuurten) or substringof('WK0268',WijkenEnBuurten)",
  );
  assert.equal(municipalityFilter('Key', 'GM0268').split(' or ').length, 3);
  assert.equal(codesFilter('RegioS', ['GM0268']), "RegioS eq 'GM0268    '");
  assert.equal(
    crimeFilter('SoortMisdrijf', ['3.1.1', '2.6.10']),
    "SoortMisdrijf eq '3.1.1 ' or SoortMisdrijf eq '2.6.10'",
  );
  assert.throws(() => crimeFilter('SoortMisdrijf', ['drugs']), /--crime: 'drugs' is not a 47018NED crime code/);
  assert.equal(allOf('a or b', undefined, 'c'), '(a or b) and (c)');
  assert.equal(allOf('a'), 'a');
});

test('URLs: metadata from ODataApi, data from ODataFeed; OData expressions stay readable', () => {
  const ep = odataEndpoint('https://dataderden.cbs.nl/ODataApi/odata/');
  assert.equal(ep.apiUrl, 'https://dataderden.cbs.nl/ODataApi/odata');
  assert.equal(ep.feedUrl, 'https://dataderden.cbs.nl/ODataFeed/odata');
  assert.equal(odataEndpoint('http://mirror.local/cbs').feedUrl, 'http://mirror.local/cbs');
  assert.equal(
    collectionUrl(ep.feedUrl, '47018NED', 'TypedDataSet', {
      filter: "substringof('GM0268',WijkenEnBuurten)",
      select: ['WijkenEnBuurten', 'GeregistreerdeMisdrijven_1'],
    }),
    'https://dataderden.cbs.nl/ODataFeed/odata/47018NED/TypedDataSet?$format=json' +
      "&$filter=substringof('GM0268',WijkenEnBuurten)&$select=WijkenEnBuurten,GeregistreerdeMisdrijven_1",
  );
  assert.match(collectionUrl('x', 'T', 'C', { filter: "a eq 'b c'" }), /\$filter=a%20eq%20'b%20c'/);
  assert.throws(() => odataEndpoint('opendata.cbs.nl'), /--base-url 'opendata\.cbs\.nl' is not a URL/);
  assert.equal(
    odataBaseUrl(undefined, { ZICHT_ODATA_BASE_URL: 'http://m/ODataApi/odata' }, 'x'),
    'http://m/ODataApi/odata',
  );
  assert.equal(odataBaseUrl('http://o', { ZICHT_ODATA_BASE_URL: 'http://m' }, 'x'), 'http://o');
  assert.equal(odataBaseUrl(undefined, {}, 'x'), 'x');
});

test('--select: OData keys or title paths, resolved through the real DataProperties', realDataTest(), () => {
  const file = realDataPath('cbs-kwb-2024', 'DataProperties_85984NED.json');
  const props = parseTableProperties(readFileSync(file, 'utf8'), file);
  assert.deepEqual(resolveSelect(props, ['Bevolking/Aantal inwoners', 'GemiddeldInkomenPerInwoner_83']), [
    'WijkenEnBuurten',
    'AantalInwoners_5',
    'GemiddeldInkomenPerInwoner_83',
  ]);
  assert.throws(() => resolveSelect(props, ['Aantal katten']), /--select: 'Aantal katten' is not a measure/);
});
