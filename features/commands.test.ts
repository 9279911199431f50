import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realDataPath, realDataTest, runCli } from '../core/index.ts';
import { featuresCommands } from './commands.ts';
import { SOURCE_KINDS } from './sources/index.ts';

async function cli(home: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const io = {
    stdout: (x: string) => {
      out += x;
    },
    stderr: (x: string) => {
      err += x;
    },
    isTTY: false,
    env: {},
    cwd: home,
  };
  const code = await runCli(featuresCommands, args, io, home);
  return { code, out, err };
}

test('zicht ingest --help lists every kind with its shape and the options with an example each', async () => {
  const { code, out } = await cli(mkdtempSync(join(tmpdir(), 'zicht-help-')), ['ingest', '--help']);
  assert.equal(code, 0);
  for (const k of SOURCE_KINDS) assert.match(out, new RegExp(`^  ${k} +\\S`, 'm'), `kind ${k} is described`);
  for (const o of ['--vintage', '--period', '--properties'])
    assert.match(out, new RegExp(`^  ${o} .*\\n(.*\\n)?\\s+zicht ingest .*${o} `, 'm'), `${o} has an example`);
});

test('zicht ingest: a file whose vintage cannot be decided stops the whole command', realDataTest(), async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-ingest-'));
  // the first file is fine on its own (KWB tidy 2022); the second cannot be placed: nothing is written
  const r = await cli(home, [
    'ingest',
    realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_attributes.csv'),
    realDataPath('politie-nijmegen-2023-2025', 'misdrijven_per_buurt_2023_2025.csv'),
    '--json',
  ]);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /misdrijven_per_buurt_2023_2025\.csv: its area codes match none .* pass --vintage YYYY/);
  const sources = await cli(home, ['quality', '--json']);
  assert.deepEqual(JSON.parse(sources.out), [], 'no source written');
});

test(
  'zicht ingest: a later file is placed by the codes of an earlier one in the same command',
  realDataTest(),
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-ingest-'));
    // a GeoJSON copy without a year in its name or content
    const geo = join(home, 'wijken.geojson');
    copyFileSync(realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_wgs84.geojson'), geo);
    const r = await cli(home, [
      'ingest',
      realDataPath('cbs-kwb-2022-wijk', 'NLD_dist_2022_attributes.csv'),
      geo,
      '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    const results = JSON.parse(r.out) as { kind: string; vintage: number; vintageBasis: string }[];
    assert.deepEqual(
      results.map((x) => [x.kind, x.vintage, x.vintageBasis]),
      [
        ['kwb-tidy-csv', 2022, 'period'],
        ['geojson', 2022, 'codes'],
      ],
    );
  },
);

interface CheckJson {
  view: string;
  period: string;
  computable: number;
  population: unknown;
  features: {
    name: string;
    computable: boolean;
    reason: string | null;
    missing: { key: string; inPeriods: string[]; nearMatches: { key: string }[] }[];
  }[];
}

test(
  'zicht features check on the real KWB 2024 export: which kwb features compute, and which keys the others miss',
  realDataTest(),
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-check-'));
    const kwb = realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv');
    assert.equal((await cli(home, ['ingest', kwb, '--period', '2024JJ00'])).code, 0);
    const r = await cli(home, ['features', 'check', 'kwb', '--period', '2024JJ00', '--level', 'buurt']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^kwb@1 on 2024JJ00 \(buurt\): 3 of 29 features can be computed$/m);
    assert.match(r.out, /^ {2}-- {2}woz_waarde: missing 'Wonen en vastgoed\/Gemiddelde WOZ-waarde van woningen'$/m);
    const [c] = JSON.parse((await cli(home, ['features', 'check', 'kwb', '--json'])).out) as CheckJson[];
    assert.equal(c!.period, '2024JJ00', 'every period with indicators when --period is not given');
    assert.equal(c!.population, null);
    assert.deepEqual(
      c!.features.filter((f) => f.computable).map((f) => f.name),
      ['inwoners_log', 'aandeel_15_24', 'aandeel_65_plus'],
    );
    const byName = new Map(c!.features.map((f) => [f.name, f]));
    assert.deepEqual(
      byName.get('eenpersoonshuishoudens')!.missing.map((m) => m.key),
      [
        'Bevolking/Particuliere huishoudens/Eenpersoonshuishoudens',
        'Bevolking/Particuliere huishoudens/Huishoudens totaal',
      ],
      'exactly the keys that are missing, not the population key the export has',
    );
    assert.deepEqual(
      byName.get('buiten_europa')!.missing.map((m) => m.key),
      ['Bevolking/Bevolking naar herkomst/Herkomstland/Buiten Europa'],
    );
    for (const f of c!.features.filter((x) => !x.computable))
      assert.ok(f.missing.length > 0 || f.reason, `${f.name} says why it cannot be computed`);
    // the origin export (joined by row order) brings buiten_europa
    const origin = realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv');
    const ing = await cli(home, ['ingest', origin, '--period', '2024JJ00', '--join-rows', kwb]);
    assert.equal(ing.code, 0, ing.err);
    const [after] = JSON.parse((await cli(home, ['features', 'check', 'kwb@1', '--json'])).out) as CheckJson[];
    assert.equal(after!.computable, 4);
    assert.ok(after!.features.find((f) => f.name === 'buiten_europa')!.computable);
    // a period without data says where the measures are
    const [none] = JSON.parse(
      (await cli(home, ['features', 'check', 'kwb', '--period', '2023JJ00', '--json'])).out,
    ) as CheckJson[];
    assert.equal(none!.computable, 0);
    assert.deepEqual(
      (none!.population as { inPeriods: string[] }).inPeriods,
      ['2024JJ00'],
      'the population measure was ingested for 2024 only',
    );
  },
);

test('zicht features check: near matches by title, and a neighbour mean without boundaries', async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-check-'));
  const csv = join(home, 'eigen.csv');
  writeFileSync(
    csv,
    [
      'area_code,period,variable,value,vintage',
      'WK999901,2024JJ00,Bevolking/Aantal inwoners,1200,2024',
      'WK999901,2024JJ00,Gemiddelde WOZ-waarde woningen,310,2024',
      'WK999901,2024JJ00,In bezit woningcorporatie,35,2024',
    ].join('\n'),
  );
  assert.equal((await cli(home, ['ingest', csv])).code, 0);
  const [c] = JSON.parse(
    (await cli(home, ['features', 'check', 'kwb', '--period', '2024JJ00', '--json'])).out,
  ) as CheckJson[];
  const woz = c!.features.find((f) => f.name === 'woz_waarde')!;
  assert.deepEqual(
    woz.missing[0]!.nearMatches.map((n) => n.key),
    ['Gemiddelde WOZ-waarde woningen'],
  );
  const corp = c!.features.find((f) => f.name === 'corporatiewoningen')!;
  assert.deepEqual(
    corp.missing[0]!.nearMatches.map((n) => n.key),
    ['In bezit woningcorporatie'],
  );
  const buren = c!.features.find((f) => f.name === 'corporatiewoningen_buren')!;
  assert.match(buren.reason!, /no boundaries ingested for vintage 2024/);
  const text = await cli(home, ['features', 'check', 'kwb', '--period', '2024JJ00']);
  assert.match(text.out, /woz_waarde: missing '.*'; similar: 'Gemiddelde WOZ-waarde woningen'/);
});

test('zicht features view add: adds a JSON view, refuses a changed one under the same version', async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-view-'));
  const view = {
    name: 'eigen',
    version: 1,
    descriptionNl: 'Eigen indicatoren',
    descriptionEn: 'Own indicators',
    populationKey: 'Bevolking/Aantal inwoners',
    features: [
      {
        name: 'meldingen',
        descriptionNl: 'Meldingen',
        descriptionEn: 'Reports',
        unit: 'aantal',
        expr: { op: 'measure', key: 'meldingen' },
        tags: ['mutable'],
      },
    ],
  };
  const file = join(home, 'eigen.json');
  writeFileSync(file, JSON.stringify(view));
  const r = await cli(home, ['features', 'view', 'add', file]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^added eigen@1: .*views\/eigen@1\.json$/m);
  const show = JSON.parse((await cli(home, ['features', 'show', 'eigen@1', '--json'])).out) as {
    features: { tags: string[] }[];
  };
  assert.deepEqual(show.features[0]!.tags, ['mutable']);
  writeFileSync(file, JSON.stringify({ ...view, descriptionEn: 'Changed' }));
  const again = await cli(home, ['features', 'view', 'add', file]);
  assert.equal(again.code, 1);
  assert.match(again.err, /CONFLICT: .*eigen@1 exists with other content.*new version \(eigen@2\)/);
  const list = await cli(home, ['features', 'list']);
  assert.match(list.out, /^eigen@1 — Own indicators$/m);
});

test(
  'zicht areas show: an area under 100 inhabitants shows no feature value, not even inwoners_log',
  realDataTest(),
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'zicht-areas-'));
    const kwb = realDataPath('cbs-kwb-2024', 'Kerncijfers_wijken_en_buurten_2024_geslachten.csv');
    assert.equal((await cli(home, ['ingest', kwb, '--period', '2024JJ00'])).code, 0);
    assert.equal(
      (await cli(home, ['features', 'materialize', 'kwb', '--period', '2024JJ00', '--level', 'buurt'])).code,
      0,
    );
    const list = JSON.parse(
      (await cli(home, ['areas', 'list', '--level', 'buurt', '--municipality', 'GM0268', '--json'])).out,
    ) as {
      code: string;
      population: number | null;
    }[];
    const small = list.find((a) => a.population !== null && a.population > 0 && a.population < 100)!;
    const big = list.find((a) => (a.population ?? 0) > 1000)!;
    const shown = JSON.parse((await cli(home, ['areas', 'show', big.code, '--json'])).out) as {
      features: Record<string, number | null>;
    };
    assert.ok(typeof shown.features['inwoners_log'] === 'number');
    const hidden = await cli(home, ['areas', 'show', small.code, '--json']);
    assert.deepEqual((JSON.parse(hidden.out) as { features: object }).features, {});
  },
);
