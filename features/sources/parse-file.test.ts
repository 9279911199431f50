import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../../core/index.ts';
import { buildDemoWorld } from '../demo-world/index.ts';
import { parseGeoJson, parsePoliceCsv, parseSourceFile, parseStatlineCsv } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'zicht-read-'));
const world = buildDemoWorld(7);
const BOM = '\ufeff';
function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const withoutBom = (t: string) => (t.startsWith(BOM) ? t.slice(1) : t);

// parseSourceFile reads an extract's bytes and decodes it without its byte-order mark: the result,
// content hash (the source's id) included, must be what parsing the whole decoded text gave
test('an extract read from its bytes parses exactly as its whole decoded text, content hash included', () => {
  const kwb = world.files.get('kwb-2024-synthetisch.csv')!;
  const police = world.files.get('politie-47018NED-synthetisch.csv')!;
  for (const bom of [true, false]) {
    const mark = bom ? BOM : '';
    const k = write(`kwb-${bom}.csv`, mark + withoutBom(kwb));
    const whole = readFileSync(k, 'utf8');
    const viaFile = parseSourceFile(k, { period: '2024JJ00', synthetic: true });
    assert.deepStrictEqual(viaFile, {
      type: 'table',
      table: parseStatlineCsv(whole, k, { period: '2024JJ00', synthetic: true }),
    });
    assert.equal(viaFile.type === 'table' && viaFile.table.meta.contentHash, sha256(whole));

    const p = write(`politie-${bom}.csv`, mark + withoutBom(police));
    assert.deepStrictEqual(parseSourceFile(p, { synthetic: true, vintage: 2024 }), {
      type: 'table',
      table: parsePoliceCsv(readFileSync(p, 'utf8'), p, { synthetic: true, vintage: 2024 }),
    });
  }
  const g = write('grenzen.geojson', withoutBom(world.files.get('grenzen-2024-synthetisch.geojson')!));
  assert.deepStrictEqual(parseSourceFile(g, { vintage: 2024, synthetic: true }), {
    type: 'boundaries',
    set: parseGeoJson(readFileSync(g, 'utf8'), g, { vintage: 2024, synthetic: true }),
  });
});

test('a file that is not valid UTF-8 is decoded whole as before, and hashed as its text', () => {
  const head = '"Wijken en buurten";"Regioaanduiding/Codering (code)";"Bevolking/Aantal inwoners (aantal)"\r\n';
  const bytes = Buffer.concat([
    Buffer.from(head),
    Buffer.from('"S'),
    Buffer.from([0xfa]), // ú in Latin-1: not UTF-8
    Buffer.from('dwest";"BU19000000";"120"\r\n'),
  ]);
  const p = join(dir, 'latin1.csv');
  writeFileSync(p, bytes);
  const whole = readFileSync(p, 'utf8');
  assert.ok(whole.includes('\ufffd'));
  const viaFile = parseSourceFile(p, { period: '2024JJ00', vintage: 2024 });
  assert.deepStrictEqual(viaFile, {
    type: 'table',
    table: parseStatlineCsv(whole, p, { period: '2024JJ00', vintage: 2024 }),
  });
  assert.equal(viaFile.type === 'table' && viaFile.table.meta.contentHash, sha256(whole));
});
