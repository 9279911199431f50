import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realDataPath, realDataTest } from '../../core/index.ts';
import { parseSourceFile, type SourceTable } from './index.ts';
import { policeDataProperties, policeRecord } from './fixtures.test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'zicht-odata-'));
function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}
const table = (p: ReturnType<typeof parseSourceFile>): SourceTable => {
  assert.equal(p.type, 'table');
  return (p as { table: SourceTable }).table;
};
const rejects = (fn: () => unknown, code: string, message: RegExp) =>
  assert.throws(fn, (e: Error & { code?: string }) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });

const policeProps = file('DataProperties_47018NED.json', { value: policeDataProperties() });
const published = {
  'odata.metadata': 'https://dataderden.cbs.nl/ODataApi/OData/47018NED/$metadata#Cbs.OData.WebAPI.TypedDataSet',
  value: [
    policeRecord(0, '3.1.1', 'GM0268', '2023JJ00', 120),
    policeRecord(1, '3.1.1', 'BU02680840', '2023JJ00', 1),
    policeRecord(2, '2.1.1', 'BU02680840', '2023JJ00', null),
    policeRecord(3, '3.1.1', 'BU02680840', '2022JJ00', 0),
  ],
};

test('police OData: the published 47018NED TypedDataSet (suffixed measure key, padded codes) parses', () => {
  const p = file('TypedDataSet_47018NED.json', published);
  const t = table(parseSourceFile(p, { kind: 'police-odata', properties: policeProps }));
  assert.equal(t.meta.kind, 'police-odata');
  assert.equal(t.meta.vintage, 2024, 'the boundary year is the MapYear of the region dimension');
  assert.deepEqual(t.meta.periods, ['2022JJ00', '2023JJ00']);
  const drug = t.measures.findIndex((m) => m.key === '3.1.1');
  const nuisance = t.measures.findIndex((m) => m.key === '2.1.1');
  assert.ok(drug >= 0 && nuisance >= 0, 'crime codes are trimmed: "3.1.1 " → 3.1.1');
  const at = (code: string, period: string) => t.codes.findIndex((c, i) => c === code && t.periods[i] === period);
  assert.equal(t.values[drug]![at('GM0268', '2023JJ00')], 120, 'codes are trimmed: "GM0268    " → GM0268');
  assert.equal(t.values[drug]![at('BU02680840', '2023JJ00')], 1);
  assert.equal(t.values[drug]![at('BU02680840', '2022JJ00')], 0);
  assert.ok(Number.isNaN(t.values[nuisance]![at('BU02680840', '2023JJ00')]!), 'null is missing');
  assert.equal(t.suppressed[nuisance]![at('BU02680840', '2023JJ00')], 1);
});

test('police OData: the measure is found by its title in DataProperties, whatever its suffix', () => {
  const props = policeDataProperties().map((p) =>
    p['Type'] === 'Topic' ? { ...p, Key: 'GeregistreerdeMisdrijven_7' } : p,
  );
  const rows = published.value.map(({ GeregistreerdeMisdrijven_1: n, ...r }) => ({
    ...r,
    GeregistreerdeMisdrijven_7: n,
  }));
  const t = table(
    parseSourceFile(file('suffix7.json', { value: rows }), {
      kind: 'police-odata',
      properties: file('dp7.json', props),
    }),
  );
  assert.equal(t.codes.length, 3);
});

test('police OData: a TypedDataSet without its DataProperties is refused with the option to pass', () => {
  const p = file('TypedDataSet_noprops.json', published);
  rejects(() => parseSourceFile(p, { kind: 'police-odata' }), 'BAD_ARGUMENT', /--properties DataProperties/);
});

test('police OData: DataProperties without measure, region or period is a PARSE_ERROR naming what is missing', () => {
  const p = file('TypedDataSet_x.json', published);
  const without = (type: string) =>
    file(
      `dp-no-${type}.json`,
      policeDataProperties().filter((x) => x['Type'] !== type),
    );
  rejects(
    () => parseSourceFile(p, { kind: 'police-odata', properties: without('Topic') }),
    'PARSE_ERROR',
    /dp-no-Topic\.json.*no Topic titled 'Geregistreerde misdrijven'/,
  );
  rejects(
    () => parseSourceFile(p, { kind: 'police-odata', properties: without('GeoDimension') }),
    'PARSE_ERROR',
    /dp-no-GeoDimension\.json.*no region dimension \(GeoDimension or GeoDetail\)/,
  );
  rejects(
    () => parseSourceFile(p, { kind: 'police-odata', properties: without('TimeDimension') }),
    'PARSE_ERROR',
    /dp-no-TimeDimension\.json.*no period dimension \(TimeDimension\)/,
  );
  rejects(
    () => parseSourceFile(p, { kind: 'police-odata', properties: file('dp-bad.json', [{ ID: 'x' }]) }),
    'PARSE_ERROR',
    /dp-bad\.json.*entry 1/,
  );
});

test('police OData: a record without the measure names the record and the key', () => {
  const rows = [
    policeRecord(0, '3.1.1', 'GM0268', '2023JJ00', 1),
    { ...policeRecord(1, '3.1.1', 'GM0268', '2022JJ00', 1) },
  ];
  delete rows[1]!['GeregistreerdeMisdrijven_1'];
  rejects(
    () =>
      parseSourceFile(file('missing-measure.json', { value: rows }), { kind: 'police-odata', properties: policeProps }),
    'PARSE_ERROR',
    /missing-measure\.json: record 2: required field 'GeregistreerdeMisdrijven_1' missing/,
  );
});

const kwbProps = () => realDataPath('cbs-kwb-2024', 'DataProperties_85984NED.json');
const kwbData = () => realDataPath('cbs-kwb-2024', 'stripped_filtered_data_2024.json');

test('KWB OData: a DataProperties without the TopicGroups of its measures is a PARSE_ERROR', realDataTest(), () => {
  const props = (JSON.parse(readFileSync(kwbProps(), 'utf8')) as { Type: string }[]).filter(
    (p) => p.Type !== 'TopicGroup',
  );
  rejects(
    () => parseSourceFile(kwbData(), { properties: file('dp-no-groups.json', props), period: '2024JJ00' }),
    'PARSE_ERROR',
    /dp-no-groups\.json: Topic '\w+_\d+' \(ID \d+\) belongs to TopicGroup \d+, which is not in DataProperties/,
  );
});

test('KWB OData: a measure without a Topic in DataProperties is a PARSE_ERROR naming the key', realDataTest(), () => {
  const props = (JSON.parse(readFileSync(kwbProps(), 'utf8')) as { Key: string }[]).filter(
    (p) => p.Key !== 'AantalInwoners_5',
  );
  rejects(
    () => parseSourceFile(kwbData(), { properties: file('dp-no-pop.json', props), period: '2024JJ00' }),
    'PARSE_ERROR',
    /measure 'AantalInwoners_5' has no Topic in .*dp-no-pop\.json/,
  );
});

test('KWB OData: measures map by title path, so another suffix is the same measure', realDataTest(), () => {
  const text = readFileSync(kwbData(), 'utf8').replaceAll('AantalInwoners_5', 'AantalInwoners_9');
  const props = readFileSync(kwbProps(), 'utf8').replace('"AantalInwoners_5"', '"AantalInwoners_9"');
  const t = table(
    parseSourceFile(file('kwb9.json', text), { properties: file('dp9.json', props), period: '2024JJ00' }),
  );
  const pop = t.measures.findIndex((m) => m.key === 'Bevolking/Aantal inwoners');
  assert.equal(t.values[pop]![t.codes.indexOf('WK168000')], 3590);
});

const odataCsv =
  '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n' +
  '0,"3.1.1 ","GM0268    ","2023JJ00",120\n1,"3.1.1 ","BU02680840","2023JJ00",1\n';

test('police CSV with OData keys (a cbsodata export): the measure column is found through DataProperties', () => {
  const p = file('47018NED_typed.csv', odataCsv);
  rejects(
    () => parseSourceFile(p, { kind: 'police-csv' }),
    'PARSE_ERROR',
    /required column 'GeregistreerdeMisdrijven' missing.*suffixed OData keys .*--properties DataProperties_47018NED/,
  );
  const t = table(parseSourceFile(p, { kind: 'police-csv', properties: policeProps }));
  assert.equal(t.values[0]![t.codes.indexOf('BU02680840')], 1);
  assert.equal(t.meta.vintage, 2024, 'MapYear of the DataProperties');
});
