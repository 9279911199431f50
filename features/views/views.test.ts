import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addFeatureView,
  builtinFeatureViews,
  getFeatureView,
  listFeatureViews,
  parseFeatureView,
  userViewsDir,
  type FeatureView,
} from './index.ts';

const KWB_FEATURES = [
  'inwoners_log',
  'bevolkingsdichtheid',
  'aandeel_15_24',
  'aandeel_65_plus',
  'eenpersoonshuishoudens',
  'huishoudens_met_kinderen',
  'woz_waarde',
  'koopwoningen',
  'corporatiewoningen',
  'leegstand',
  'arbeidsparticipatie',
  'inkomen_per_inwoner',
  'sociaal_minimum',
  'bijstand_per_1000',
  'ao_per_1000',
  'ww_per_1000',
  'jeugdzorg',
  'bedrijven_per_1000',
  'handel_horeca_per_1000',
  'afstand_huisarts',
  'afstand_supermarkt',
  'adressendichtheid',
  'autos_per_huishouden',
  'bijstand_tov_gemeente',
  'corporatiewoningen_buren',
  'bijstand_buren',
  'laag_inkomen',
  'buiten_europa',
  'stedelijkheid',
];

const tagged = (v: FeatureView, tag: string) =>
  v.features.filter((f) => f.tags.includes(tag as never)).map((f) => f.name);

test('the built-in views are JSON files with the features (and names) trained models use', () => {
  assert.deepEqual(
    builtinFeatureViews().map((v) => `${v.name}@${v.version}`),
    ['kwb2022-tidy@1', 'kwb@1'],
  );
  const kwb = getFeatureView('kwb', null);
  assert.deepEqual(
    kwb.features.map((f) => f.name),
    KWB_FEATURES,
  );
  assert.deepEqual(tagged(kwb, 'protected'), ['laag_inkomen', 'buiten_europa', 'stedelijkheid']);
  assert.equal(getFeatureView('kwb2022-tidy@1', null).features.length, 20);
  assert.equal(kwb.features.find((f) => f.name === 'inwoners_log')!.minPopulation, 0);
  assert.equal(kwb.features.find((f) => f.name === 'bijstand_tov_gemeente')!.context?.kind, 'diff-from-gemeente');
});

test('mutable: housing stock, vacancy, distances and businesses; never demographics, income, benefits or urbanity', () => {
  const kwb = getFeatureView('kwb@1', null);
  assert.deepEqual(tagged(kwb, 'mutable'), [
    'koopwoningen',
    'corporatiewoningen',
    'leegstand',
    'bedrijven_per_1000',
    'handel_horeca_per_1000',
    'afstand_huisarts',
    'afstand_supermarkt',
    'corporatiewoningen_buren',
  ]);
  assert.deepEqual(tagged(getFeatureView('kwb2022-tidy@1', null), 'mutable'), [
    'koopwoningen',
    'huurwoningen',
    'huurwoningen_buren',
  ]);
  for (const v of builtinFeatureViews())
    for (const f of v.features) {
      assert.ok(!(f.tags.includes('mutable') && f.tags.includes('protected')), `${f.name}: protected is not mutable`);
      if (/inwoners|aandeel_|huishoudens|inkomen|bijstand|ao_|ww_|dichtheid|stedelijkheid|europa/.test(f.name))
        assert.ok(!f.tags.includes('mutable'), `${v.name}.${f.name} is not a policy lever`);
    }
});

const view = (over: Partial<FeatureView> = {}) => ({
  name: 'eigen',
  version: 1,
  descriptionNl: 'Eigen indicatoren',
  descriptionEn: 'Own indicators',
  populationKey: 'Bevolking/Aantal inwoners',
  features: [
    {
      name: 'meldingen_per_1000',
      descriptionNl: 'Meldingen woonoverlast',
      descriptionEn: 'Housing nuisance reports',
      unit: 'per 1.000 inwoners',
      expr: {
        op: 'ratio',
        num: { op: 'measure', key: 'meldingen_woonoverlast' },
        den: { op: 'measure', key: 'Bevolking/Aantal inwoners' },
        scale: 1000,
      },
    },
  ],
  ...over,
});

function writeJson(dir: string, name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
}

test('a user view is added to $ZICHT_HOME/views, found by name@version, and never changed in place', () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-views-'));
  const file = writeJson(home, 'eigen.json', view());
  assert.throws(() => getFeatureView('eigen', home), { code: 'UNKNOWN_FEATURE', message: /known: .*kwb@1/ });
  const r = addFeatureView(home, file);
  assert.equal(r.status, 'added');
  assert.equal(r.path, join(userViewsDir(home), 'eigen@1.json'));
  const v = getFeatureView('eigen@1', home);
  assert.equal(v.features[0]!.minPopulation, 100, 'the default disclosure rule');
  assert.deepEqual(v.features[0]!.tags, []);
  assert.throws(() => getFeatureView('eigen', null), { code: 'UNKNOWN_FEATURE' }, 'built-in only without a home');
  // the same content again: nothing changes
  assert.equal(addFeatureView(home, file).status, 'unchanged');
  // other content under the same name@version: refused, the stored file kept
  const changed = writeJson(home, 'eigen-changed.json', view({ descriptionEn: 'Other' }));
  assert.throws(() => addFeatureView(home, changed), {
    code: 'CONFLICT',
    message: /eigen@1 exists with other content.*must be a new version \(eigen@2\)/,
  });
  assert.equal(getFeatureView('eigen@1', home).descriptionEn, 'Own indicators');
  // as a new version it is added, and the bare name means the highest version
  addFeatureView(home, writeJson(home, 'eigen2.json', view({ version: 2, descriptionEn: 'Other' })));
  assert.equal(getFeatureView('eigen', home).version, 2);
  assert.equal(getFeatureView('eigen@1', home).version, 1);
  assert.deepEqual(
    listFeatureViews(home).map((x) => `${x.name}@${x.version}`),
    ['eigen@1', 'eigen@2', 'kwb@1', 'kwb2022-tidy@1'],
  );
});

test('a built-in view cannot be redefined; the same content is a no-op', () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-views-'));
  const builtin = JSON.parse(readFileSync(new URL('./builtin/kwb@1.json', import.meta.url), 'utf8')) as FeatureView;
  assert.equal(addFeatureView(home, writeJson(home, 'kwb.json', builtin)).status, 'unchanged');
  const edited = { ...builtin, features: builtin.features.slice(1) };
  assert.throws(() => addFeatureView(home, writeJson(home, 'kwb-edit.json', edited)), {
    code: 'CONFLICT',
    message: /kwb@1 exists with other content.*\(kwb@2\)/,
  });
  assert.ok(!existsSync(join(userViewsDir(home), 'kwb@1.json')));
  // a file placed by hand that redefines a built-in is refused when read
  const dir = userViewsDir(home);
  addFeatureView(home, writeJson(home, 'kwb2.json', { ...edited, version: 2 }));
  writeFileSync(join(dir, 'kwb@1.json'), JSON.stringify(edited));
  assert.throws(() => listFeatureViews(home), { code: 'CONFLICT', message: /redefines the built-in view kwb@1/ });
});

test('a malformed view names the file and the field at fault', () => {
  const bad = (over: Record<string, unknown>, re: RegExp) =>
    assert.throws(() => parseFeatureView(JSON.stringify({ ...view(), ...over }), 'my-view.json'), {
      code: 'PARSE_ERROR',
      message: re,
    });
  const f0 = view().features[0]!;
  bad(
    { features: [{ ...f0, expr: { op: 'divide' } }] },
    /my-view\.json: field 'features\.0\.expr': .*one of measure, ratio/,
  );
  bad(
    { features: [{ ...f0, expr: { op: 'ratio', num: { op: 'measure', key: 'a' }, den: { op: 'const', value: 1 } } }] },
    /field 'features\.0\.expr': 'ratio' expression: field 'scale'/,
  );
  bad({ features: [{ ...f0, tags: ['secret'] }] }, /field 'features\.0\.tags\.0'/);
  bad({ features: [{ ...f0, context: { kind: 'diff-from-provincie' } }] }, /field 'features\.0\.context\.kind'/);
  bad({ features: [f0, f0] }, /field 'features\.1\.name': duplicate feature name 'meldingen_per_1000'/);
  bad({ version: 1.5 }, /field 'version'/);
  bad({ colour: 'red' }, /unknown field colour/);
  assert.throws(() => parseFeatureView('{', 'x.json'), { code: 'PARSE_ERROR', message: /x\.json is not valid JSON/ });
  const home = mkdtempSync(join(tmpdir(), 'zicht-views-'));
  assert.throws(() => addFeatureView(home, join(home, 'missing.json')), { code: 'NOT_FOUND' });
});

test('a view file in $ZICHT_HOME/views must be named after the view it holds', () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-views-'));
  addFeatureView(home, writeJson(home, 'eigen.json', view()));
  writeFileSync(join(userViewsDir(home), 'eigen@3.json'), JSON.stringify(view()));
  assert.throws(() => getFeatureView('eigen', home), { code: 'PARSE_ERROR', message: /must be eigen@1\.json/ });
});
