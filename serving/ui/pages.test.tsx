import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { createUi } from './app.tsx';
import { fakeDeps } from './fake-deps.test-support.ts';
import { uiClient } from './ui-client.test-support.ts';
import { pickEncoding } from './static.ts';

async function marine() {
  const deps = fakeDeps();
  const c = uiClient(createUi(deps));
  await c.login('zt_marine_nijmegen');
  return { c, deps };
}

test('the area page says what the score means first, with verdict, bands, rank and caveat', async () => {
  const { c } = await marine();
  const html = await (await c.req('/gebied/BU02680002')).text();
  const at = (s: string) => html.indexOf(s);
  assert.ok(at('id="meaning"') < at('id="score"'), 'the meaning comes before the figures');
  assert.match(html, /id="meaning">De kans dat dit gebied in 2025[^<]*<span class="zicht-unit">\(eenheid: kans\)/);
  assert.match(html, /id="verdict"><strong>Dit model is beter dan de eenvoudige voorspellers\.<\/strong>/);
  assert.match(html, /Banden: hoog vanaf 70,0%, verhoogd vanaf 50,0%, gemiddeld vanaf 30,0%, daaronder laag/);
  assert.match(html, /<dt[^>]*>Plaats in Nijmegen<\/dt><dd[^>]*id="rank">2 van 8<\/dd>/);
  assert.match(html, /id="caveat">Een score is een signaal voor aandacht/);
  assert.doesNotMatch(html, /Waarom dit gebied opvalt/);
  assert.match(
    html,
    /<h3[^>]*>Wat de score verhoogt<\/h3><ul[^>]*id="reasons-up"><li[^>]*>Aandeel corporatiewoningen: hoger dan gemiddeld in Nijmegen \(62% tegen 38%\)/,
  );
  assert.match(html, /id="reasons-down"><li[^>]*>Bedrijfsvestigingen: lager dan gemiddeld/);
  assert.match(html, /<details id="details"[^>]*><summary>Details: wat elke indicator bijdraagt<\/summary>/);
  assert.ok(at('<svg') > -1 && at('class="zicht-waterfall"') > at('<details'), 'the waterfall is behind the toggle');
  assert.doesNotMatch(html, /basiswaarde|log\(inwoners\)|log-odds/);
  assert.match(html, /Zo is de onzekerheid bepaald: de spreiding van de kruisvalidatiemodellen\./);
  assert.match(
    html,
    /id="trend-note">Deze modelversie bevat alleen scores voor 2023, 2024; oudere jaren zijn niet berekend/,
  );
});

test('the map page: meaning, verdict, bands, skip link, numbered areas linked to the rows, CSV link', async () => {
  const { c } = await marine();
  const html = await (await c.req('/kaart/GM0268')).text();
  assert.match(html, /id="meaning"/);
  assert.match(html, /id="verdict"/);
  assert.match(html, /id="bands">Banden: hoog vanaf/);
  assert.match(html, /<a class="utrecht-link zicht-skip" href="#ranking" id="skip-map">Sla de kaart over/);
  assert.match(html, /<table [^>]*id="ranking" tabindex="-1">/);
  assert.match(
    html,
    /\.zicht-mapview:has\(tr\[data-code=BU02680001\]:is\(:hover,:focus-within\)\) \.zicht-area\[data-code=BU02680001\] path/,
  );
  assert.match(html, /href="\/kaart\/GM0268\/export\.csv"/);
  assert.match(html, /<div class="zicht-print-meta"><div id="print-meta">/);
  assert.match(html, /Kaart van Nijmegen/, 'the municipality by name, not by code, in the menu');
  assert.match(html, /gemeente Nijmegen<\/p>/);
  assert.doesNotMatch(html.replace(/(href|data-code|action)="[^"]*"|\[data-code="[^"]*"\]/g, ''), />[^<]*GM0268[^<]*</);
});

test('CSV export: the municipality list with unit, band, rank, interval, version, period, date and the caveat', async () => {
  const { c, deps } = await marine();
  const res = await c.req('/kaart/GM0268/export.csv');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(
    res.headers.get('content-disposition')!,
    /^attachment; filename="zicht-nijmegen-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark, for spreadsheets');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.startsWith('# Een score is een signaal voor aandacht'), 'the caveat as a comment line first');
  const lines = text.trim().split('\r\n');
  const head = lines.find((l) => !l.startsWith('#'))!;
  assert.equal(
    head,
    'code;naam;score;eenheid;band;plaats;onzekerheid_van;onzekerheid_tot;modelversie;jaar_indicatoren;datum_export',
  );
  const rows = lines.slice(lines.indexOf(head) + 1).map((l) => l.split(';'));
  assert.equal(rows.length, 9);
  assert.deepEqual(rows[0]!.slice(0, 8), [
    'BU02680001',
    'Nijmegen-Centrum',
    '90,00',
    'kans in procenten',
    'hoog',
    '1',
    '82,00',
    '97,00',
  ]);
  assert.deepEqual(rows[0]!.slice(8, 10), ['drugshandel-buurt@2', '2024']);
  const hidden = rows.find((r) => r[0] === 'BU02680008')!;
  assert.deepEqual(hidden.slice(2, 8), ['', 'kans in procenten', 'niet getoond: te weinig inwoners', '', '', '']);
  assert.deepEqual(deps.exports, ['tok-marine GM0268'], 'the export went through the audited function');
  assert.equal((await c.req('/kaart/GM0202/export.csv')).status, 404, 'the same scope rule as the map');
  const en = await (await c.req('/kaart/GM0268/export.csv?lang=en')).text();
  assert.match(en, /^# A score is a signal/);
  assert.match(
    en,
    /\r\ncode,name,score,unit,band,rank,interval_low,interval_high,model_version,indicator_year,export_date\r\n/,
  );
});

test('not found, no access and errors are styled pages with a way back', async () => {
  const { c } = await marine();
  const nf = await c.req('/bestaat/niet');
  assert.equal(nf.status, 404);
  const body = await nf.text();
  assert.match(body, /<div class="zicht-message" id="message"><p class="zicht-status" aria-hidden="true">404<\/p>/);
  assert.match(
    body,
    /<ul class="utrecht-link-list[^>]*id="ways"><li[^>]*><a [^>]*href="\/kaart\/GM0268">Kaart van Nijmegen<\/a>/,
  );
  const forbidden = await c.req('/training');
  assert.equal(forbidden.status, 403);
  assert.match(await forbidden.text(), /id="ways"[\s\S]*href="\/"/);
  const deps = fakeDeps();
  const broken = createUi({
    ...deps,
    listModels: () => {
      throw new Error('boom');
    },
  });
  const b = uiClient(broken);
  await b.login('zt_ethics');
  const original = console.error;
  console.error = () => {};
  try {
    const err = await b.req('/modellen');
    assert.equal(err.status, 500);
    const text = await err.text();
    assert.match(text, /Er ging iets mis/);
    assert.match(text, /href="\/modellen">Opnieuw proberen/);
    assert.doesNotMatch(text, /boom/);
  } finally {
    console.error = original;
  }
});

test('comparing a version with itself is refused; two versions show disparity and band changes', async () => {
  const c = uiClient(createUi(fakeDeps()));
  await c.login('zt_ethics');
  const same = await c.req('/modellen/vergelijk?a=drugshandel-buurt@2&b=drugshandel-buurt@2');
  assert.equal(same.status, 400);
  assert.match(await same.text(), /Kies twee verschillende versies/);
  const html = await (await c.req('/modellen/vergelijk?a=drugshandel-buurt@2&b=drugshandel-buurt@3')).text();
  assert.match(html, /<table [^>]*id="disparity">/);
  assert.match(html, /1,10 \[0,90–1,30\]: binnen de marge/);
  assert.match(html, /1,60 \[1,30–2,00\]: niet binnen de marge/);
  assert.match(html, /id="band-summary">4 van de 16 gebieden/);
  assert.equal((html.match(/<tr class="utrecht-table__row" data-code="BU/g) ?? []).length, 4);
  const marineView = uiClient(c.app);
  await marineView.login('zt_marine_nijmegen');
  const scoped = await (await marineView.req('/modellen/vergelijk?a=drugshandel-buurt@2&b=drugshandel-buurt@3')).text();
  assert.doesNotMatch(scoped, /BU0202/, 'band changes follow the scope rule');
});

test('the stylesheets: fingerprinted, compressed, cached for a year; pages are compressed too', async () => {
  const c = uiClient(createUi(fakeDeps()));
  const login = await (await c.req('/inloggen')).text();
  const href = /href="(\/static\/zicht\.[0-9a-f]{10}\.css)"/.exec(login)![1]!;
  const plain = await c.req(href);
  const css = await plain.text();
  assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(plain.headers.get('vary'), 'Accept-Encoding');
  const br = await c.req(href, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(br.headers.get('content-encoding'), 'br');
  assert.equal(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString(), css);
  const gz = await c.req(href, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  assert.equal(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString(), css);
  assert.equal((await c.req('/static/zicht.0000000000.css')).status, 404);
  assert.equal(pickEncoding('br;q=0, gzip'), 'gzip');
  const page = await c.req('/inloggen', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(page.headers.get('content-encoding'), 'gzip');
  assert.equal(page.headers.get('cache-control'), 'no-store');
});

test('quality reports: file names only, checks in Dutch', async () => {
  const c = uiClient(createUi(fakeDeps()));
  await c.login('zt_datascience');
  const html = await (await c.req('/training')).text();
  assert.match(html, />Gebieden per niveau</);
  assert.match(html, />Ontbrekende waarden: Inkomen\/Gemiddeld inkomen per inwoner</);
  assert.match(html, />12,0% ontbreekt \(10,0% afgeschermd door CBS\)</);
  assert.doesNotMatch(html, /unmatched|missing|\/home\/|\/tmp\//);
  assert.match(html, /data-origin="cli"[\s\S]*?via de opdrachtregel/);
  assert.match(html, /4 min 12 s/);
});
