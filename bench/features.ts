/**
 * npm run bench:features — ingest + materialize 14,574 buurten × 100 measures
 * × 10 periods (generated here, StatLine CSV format), into a fresh store.
 * Prints rows/s and peak memory. Target: under 10 s on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../core/index.ts';
import { FeatureStore, materialize, parseStatlineCsv } from '../features/index.ts';

const BUURTEN = 14574,
  MEASURES = 100,
  PERIODS = 10;
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

function exportText(_year: number): string {
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

const dir = mkdtempSync(join(tmpdir(), 'zicht-bench-'));
const store = await FeatureStore.openPath(join(dir, 'features.duckdb'));
let parseMs = 0,
  ingestMs = 0,
  materializeMs = 0,
  values = 0;
const t0 = performance.now();
for (let p = 0; p < PERIODS; p++) {
  const year = 2015 + p;
  const text = exportText(year);
  let t = performance.now();
  const table = parseStatlineCsv(text, `bench-${year}.csv`, { period: `${year}JJ00`, vintage: 2024, synthetic: true });
  parseMs += performance.now() - t;
  t = performance.now();
  await store.ingest({ type: 'table', table });
  ingestMs += performance.now() - t;
  values += table.codes.length * table.measures.length;
  t = performance.now();
  await materialize(store, 'kwb', { period: `${year}JJ00`, level: 'buurt' });
  materializeMs += performance.now() - t;
}
const total = (performance.now() - t0) / 1000;
store.close();
rmSync(dir, { recursive: true, force: true });
const rows = BUURTEN * PERIODS;
console.log(
  `bench:features — ${BUURTEN} buurten × ${MEASURES} measures × ${PERIODS} periods (${values.toLocaleString('en')} values)`,
);
console.log(`  parse        ${(parseMs / 1000).toFixed(2)} s`);
console.log(`  ingest       ${(ingestMs / 1000).toFixed(2)} s`);
console.log(`  materialize  ${(materializeMs / 1000).toFixed(2)} s`);
console.log(
  `  total        ${total.toFixed(2)} s  → ${Math.round(rows / total).toLocaleString('en')} area-periods/s, ${Math.round(values / total).toLocaleString('en')} values/s`,
);
console.log(`  peak memory  ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (max RSS)`);
console.log(`  target < 10 s: ${total < 10 ? 'met' : 'NOT met'}`);
