import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
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
