/**
 * npm run bench:features [-- --json] — 14,574 buurten × 100 measures × 10 periods, generated here
 * as StatLine CSV files, then read + parsed, ingested into a fresh store and materialized (view
 * kwb, level buurt). The physical floor is timed in the same run: DuckDB's own `read_csv` of the
 * same files into a table. Targets: total under 10 s on 2 cores, peak RSS under 1 GiB, total at
 * most 3× the floor. Both sides run with the store's DuckDB settings and include closing the database
 * (its last checkpoint). With `--json` the last stdout line is one JSON object with the figures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRng } from '../core/index.ts';
import { FeatureStore, STORE_SETTINGS, materialize, parseSourceFile } from '../features/index.ts';

const BUURTEN = 14574,
  MEASURES = 100,
  PERIODS = 10;
const TARGET_SECONDS = 10,
  TARGET_RSS_MIB = 1024,
  TARGET_RATIO = 3;
const json = process.argv.includes('--json');
const rng = createRng(2024);
const kwbKeys = [
  'Bevolking/Aantal inwoners',
  'Bevolking/Leeftijdsgroepen/15 tot 25 jaar',
  'Bevolking/Leeftijdsgroepen/65 jaar of ouder',
  'Wonen en vastgoed/Gemiddelde WOZ-waarde van woningen',
  'Wonen en vastgoed/Woningen naar eigendom/Koopwoningen',
  'Wonen en vastgoed/Woningen naar eigendom/Huurwoningen/In bezit woningcorporatie',
  'Sociale zekerheid/Personen per soort uitkering; Bijstand',
  'Inkomen/Inkomen van huishoudens/Huishoudens met een laag inkomen',
];
const keys = [...kwbKeys, ...Array.from({ length: MEASURES - kwbKeys.length }, (_, j) => `Extra/Indicator ${j}`)];
const codes = Array.from(
  { length: BUURTEN },
  (_, i) =>
    `BU${String(1000 + Math.floor(i / 300)).padStart(4, '0')}${String(Math.floor((i % 300) / 10)).padStart(2, '0')}${String(i % 10).padStart(2, '0')}`,
);

function exportText(): string {
  const head = [
    'Wijken en buurten',
    'Regioaanduiding/Codering (code)',
    ...keys.map((k) => `${k} (${k.includes('Aantal') || k.includes('Bijstand') ? 'aantal' : '%'})`),
  ]
    .map((h) => `"${h}"`)
    .join(';');
  const lines = [head];
  for (let i = 0; i < BUURTEN; i++) {
    const pop = Math.round(50 + 3000 * rng.next());
    const cells = keys.map((_, j) => (j === 0 ? String(pop) : rng.next() < 0.03 ? '.' : (100 * rng.next()).toFixed(1)));
    lines.push(`"Buurt ${i}";"${codes[i]!.padEnd(10)}";${cells.join(';')}`);
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const dir = mkdtempSync(join(tmpdir(), 'zicht-bench-'));
const files = Array.from({ length: PERIODS }, (_, p) => {
  const path = join(dir, `bench-${2015 + p}.csv`);
  writeFileSync(path, exportText());
  return path;
});

// the floor: DuckDB parses the same files into tables itself (same settings as the store; closing,
// which writes the last checkpoint, is timed on both sides)
let t = performance.now();
const floorDb = await DuckDBInstance.create(join(dir, 'floor.duckdb'), { ...STORE_SETTINGS });
const floorConn = await floorDb.connect();
for (const [p, path] of files.entries())
  await floorConn.run(
    `CREATE TABLE floor_${p} AS SELECT * FROM read_csv('${path}', delim = ';', header = true, nullstr = '.')`,
  );
floorConn.closeSync();
floorDb.closeSync();
const readCsv = seconds(t);

let parse = 0,
  ingest = 0,
  mat = 0,
  values = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const store = await FeatureStore.openPath(join(dir, 'features.duckdb'));
for (const [p, path] of files.entries()) {
  const year = 2015 + p;
  t = performance.now();
  // as `zicht ingest` reads a file
  const parsed = parseSourceFile(path, { kind: 'statline-csv', period: `${year}JJ00`, vintage: 2024, synthetic: true });
  if (parsed.type !== 'table') throw new Error(`${path} is not a table`);
  const table = parsed.table;
  parse += seconds(t);
  t = performance.now();
  await store.ingest({ type: 'table', table });
  ingest += seconds(t);
  values += table.codes.length * table.measures.length;
  t = performance.now();
  await materialize(store, 'kwb', { period: `${year}JJ00`, level: 'buurt' });
  mat += seconds(t);
}
t = performance.now();
store.close();
const close = seconds(t);
const total = seconds(t0);
const cpu = process.cpuUsage(cpu0);
rmSync(dir, { recursive: true, force: true });

const rows = BUURTEN * PERIODS;
const rssMiB = process.resourceUsage().maxRSS / 1024;
const ratio = total / readCsv;
const met = { seconds: total < TARGET_SECONDS, rss: rssMiB < TARGET_RSS_MIB, ratio: ratio <= TARGET_RATIO };
const f2 = (x: number) => x.toFixed(2).padStart(6);
console.log(
  `bench:features — ${BUURTEN} buurten × ${MEASURES} measures × ${PERIODS} periods (${values.toLocaleString('en')} values)`,
);
console.log(`  read + parse   ${f2(parse)} s`);
console.log(`  ingest         ${f2(ingest)} s`);
console.log(`  materialize    ${f2(mat)} s`);
console.log(`  close          ${f2(close)} s (the last checkpoint)`);
console.log(
  `  total          ${f2(total)} s  → ${Math.round(rows / total).toLocaleString('en')} area-periods/s, ${Math.round(values / total).toLocaleString('en')} values/s`,
);
console.log(`  cpu            ${f2((cpu.user + cpu.system) / 1e6)} s (all threads of this process)`);
console.log(`  peak memory    ${rssMiB.toFixed(0).padStart(6)} MiB (max RSS)`);
console.log(`  duckdb read_csv of the same files ${readCsv.toFixed(2)} s; total is ${ratio.toFixed(2)}× that`);
console.log(
  `  targets: < ${TARGET_SECONDS} s ${met.seconds ? 'met' : 'NOT met'}, < ${TARGET_RSS_MIB} MiB ${met.rss ? 'met' : 'NOT met'}, ≤ ${TARGET_RATIO}× read_csv ${met.ratio ? 'met' : 'NOT met'}`,
);
if (json)
  console.log(
    JSON.stringify({
      bench: 'features',
      buurten: BUURTEN,
      measures: MEASURES,
      periods: PERIODS,
      values,
      seconds: { parse, ingest, materialize: mat, close, total },
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      areaPeriodsPerSecond: rows / total,
      valuesPerSecond: values / total,
      peakRssMiB: rssMiB,
      readCsvSeconds: readCsv,
      ratioToReadCsv: ratio,
      targets: { seconds: TARGET_SECONDS, rssMiB: TARGET_RSS_MIB, ratioToReadCsv: TARGET_RATIO, met },
    }),
  );
