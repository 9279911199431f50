#!/usr/bin/env node
// Turn the police's per-gemeente totals of 2023 (politie-47018NED/output_gemeenten_NL_gini.csv: naam, nummer,
// bevolking, misdaad, …) into a long CSV that `zicht ingest --kind long-csv` reads: one row per gemeente with
// the registered crimes of 2023 summed over the buurt-level crime types, as crime code 0.0.0 (all crime), on the
// 2024 boundaries of 47018NED.
//   node examples/gemeenten-kwb2022/make-labels.mjs <output_gemeenten_NL_gini.csv> <out.csv>
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node examples/gemeenten-kwb2022/make-labels.mjs <output_gemeenten_NL_gini.csv> <out.csv>');
  process.exit(2);
}

/** The cells of one CSV line (quoted cells may hold commas). */
function cells(line) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  return [...out, cell];
}

const [header, ...rows] = readFileSync(input, 'utf8').trim().split(/\r?\n/);
const columns = cells(header);
const number = columns.indexOf('nummer');
const crime = columns.indexOf('misdaad');
if (number < 0 || crime < 0) {
  console.error(`${input}: expected the columns 'nummer' and 'misdaad', found ${columns.join(', ')}`);
  process.exit(1);
}
const lines = rows.map((r, i) => {
  const c = cells(r);
  if (!/^\d{1,4}$/.test(c[number]) || !/^\d+$/.test(c[crime])) {
    console.error(`${input}: row ${i + 1}: gemeente number '${c[number]}' or count '${c[crime]}' is not a number`);
    process.exit(1);
  }
  return `GM${c[number].padStart(4, '0')},2023JJ00,0.0.0,${c[crime]},2024`;
});
writeFileSync(output, `${['area_code,period,variable,value,vintage', ...lines].join('\n')}\n`);
console.log(`wrote ${lines.length} gemeenten to ${output}`);
