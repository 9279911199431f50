import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openOperationalDb, runCli, type CliIo } from '../core/index.ts';
import { commands } from '../cli/index.ts';
import { gateFailures } from '../model-cards/index.ts';
import { ModelRegistry } from '../training/index.ts';
import { buildRuntime, recheckSuppression } from './runtime.ts';
import { uiAdapter } from './ui-adapter.ts';
import { holdStore, trainCandidate, trainedHome } from './trained-home.test-support.ts';
import { ORIGIN, uiClient } from './ui/ui-client.test-support.ts';

/**
 * The real runtime (registry, governance, scores, audit, UI adapter) through app.request, no
 * browser: the privacy and scope promises over every route and page.
 */
const setup = (async () => {
  const { home, version } = await trainedHome('rt');
  // many clients share one address in app.request: the per-client page limit is tested with the UI alone
  const rt = await buildRuntime(home, {
    watchMs: 100,
    anchorMs: 0,
    ui: { pageRate: { capacity: 1e6, perSecond: 1e6 } },
  });
  const scores = rt.active.current()!.scores;
  const perGm = new Map<string, number>();
  for (const a of scores.areas) if (!a.suppressed) perGm.set(a.gemeente, (perGm.get(a.gemeente) ?? 0) + 1);
  const [own, foreign] = [...perGm].sort((a, b) => b[1] - a[1]).map(([g]) => g) as [string, string];
  return { home, version, rt, own, foreign };
})();
after(async () => (await setup).rt.close());

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

test('scope over every API route and every page: a scoped role never sees another municipality', async () => {
  const { rt, own, foreign, version } = await setup;
  const scores = rt.active.current()!.scores;
  const foreignAreas = scores.areas.filter((a) => a.gemeente === foreign);
  const ownArea = scores.areas.find((a) => a.gemeente === own && !a.suppressed)!;
  const ownNames = new Set(scores.areas.filter((a) => a.gemeente === own).map((a) => a.name));
  // what may not appear: any code of the foreign gemeente, and any of its area names that are not also own names
  const forbidden = [
    foreign,
    ...foreignAreas.map((a) => a.code),
    ...foreignAreas.map((a) => a.name).filter((n) => !ownNames.has(n) && n.length > 6),
  ];
  const doc = (await (await rt.app.request('/v1/openapi.json')).json()) as { paths: Record<string, object> };
  const paths = Object.keys(doc.paths);
  assert.ok(paths.length >= 12, 'the generated document lists every route');
  const fill = (p: string, code: string) =>
    p
      .replace('{code}', code)
      .replace('{name}', 'rt')
      .replace('{version}', String(version))
      .replace('{id}', 'run_000000000000');
  for (const role of ['marine', 'analyst'] as const) {
    const t = rt.tokens.create({ role, municipality: own, name: `${role} test` }).token;
    const seen: string[] = [];
    for (const p of paths) {
      for (const code of [ownArea.code, foreignAreas.find((a) => !a.suppressed)!.code]) {
        const url = fill(p, code);
        for (const accept of ['application/json', 'text/html', 'text/markdown']) {
          const r = await rt.app.request(url, { headers: { ...bearer(t), accept } });
          // an error may repeat the code that was asked for; that reveals nothing
          seen.push(`${r.status}: ${(await r.text()).replaceAll(code, '<asked>')}`);
        }
        if (p.endsWith('what-if')) {
          const r = await rt.app.request(url, {
            method: 'POST',
            headers: { ...bearer(t), 'content-type': 'application/json' },
            body: JSON.stringify({ changes: { corporatiewoningen: 20 } }),
          });
          seen.push(`POST ${r.status}: ${(await r.text()).replaceAll(code, '<asked>')}`);
        }
      }
      const listed = await rt.app.request(`/v1/areas?municipality=${foreign}`, { headers: bearer(t) });
      seen.push((await listed.text()).replaceAll(foreign, '<asked>'));
    }
    const ui = uiClient(rt.app);
    assert.equal((await ui.login(t)).status, 303);
    for (const page of [
      '/',
      `/kaart/${own}`,
      `/kaart/${foreign}`,
      `/gebied/${ownArea.code}`,
      ...foreignAreas.slice(0, 5).map((a) => `/gebied/${a.code}`),
      '/modellen',
      `/modellen/rt/${version}`,
      `/modellen/vergelijk?a=rt@${version}&b=rt@${version}`,
      '/training',
      '/help',
    ]) {
      const r = await ui.req(page);
      const asked = page.split('/').at(-1)!;
      seen.push(`${r.status}: ${(await r.text()).replaceAll(asked, '<asked>')}`);
    }
    for (const body of seen)
      for (const f of forbidden) assert.ok(!body.includes(f), `${role} saw '${f}' in ${body.slice(0, 160)}`);
  }
});

test('the card through the API shows a scoped reader only their own areas, and the request is audited', async () => {
  const { rt, own, foreign, version } = await setup;
  const t = rt.tokens.create({ role: 'marine', municipality: own }).token;
  const before = rt.audit.count();
  const r = await rt.app.request(`/v1/models/rt/${version}/card`, { headers: bearer(t) });
  assert.equal(r.status, 200);
  const card = (await r.json()) as { map: { code: string }[] };
  assert.ok(card.map.length > 0 && card.map.every((a) => a.code.slice(2, 6) === own.slice(2)));
  assert.equal(rt.audit.count(), before + 1);
  const row = rt.audit.list({ limit: 1 })[0]!;
  assert.equal(row.route, 'GET /v1/models/:name/:version/card');
  assert.ok(row.areas.length === card.map.length);
  const board = rt.tokens.create({ role: 'ethics_board' }).token;
  const full = (await (await rt.app.request(`/v1/models/rt/${version}/card`, { headers: bearer(board) })).json()) as {
    map: { code: string }[];
  };
  assert.ok(
    full.map.some((a) => a.code.slice(2, 6) === foreign.slice(2)),
    'the ethics board sees every area',
  );
});

test('a changed scores.json is refused at load, never served; suppression is rechecked against the registry', async () => {
  const { home, version } = await trainedHome('tampered');
  const db = openOperationalDb(home);
  const reg = new ModelRegistry(db, home);
  const v = reg.get('tampered', version);
  const file = join(reg.dirOf(v), 'scores.json');
  const scores = JSON.parse(readFileSync(file, 'utf8')) as { areas: { suppressed: boolean; score: number | null }[] };
  const small = scores.areas.find((a) => a.suppressed)!;
  Object.assign(small, { suppressed: false, score: 0.99 });
  writeFileSync(file, JSON.stringify(scores));
  db.close();
  const rt = await buildRuntime(home, { watchMs: 0, anchorMs: 0 });
  try {
    assert.equal(rt.active.current(), null);
    const ready = await rt.app.request('/readyz');
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { code: string }).code, 'CORRUPT_ARTIFACT');
  } finally {
    rt.close();
  }
  const { rt: live } = await setup;
  const s = live.active.current()!.scores;
  const shown = s.areas.find((a) => !a.suppressed)!;
  const rechecked = recheckSuppression(s, new Map([[shown.code, 60]]));
  const after = rechecked.areas.find((a) => a.code === shown.code)!;
  assert.deepEqual([after.suppressed, after.score, after.contributions.length], [true, null, 0]);
});

test('revoking a token ends its web sessions at once; anonymous page loads never evict a logged-in user', async () => {
  const { rt, own } = await setup;
  const tok = rt.tokens.create({ role: 'marine', municipality: own });
  const ui = uiClient(rt.app);
  assert.equal((await ui.login(tok.token)).status, 303);
  assert.equal((await ui.req(`/kaart/${own}`)).status, 200);
  rt.tokens.revoke(tok.id);
  const r = await ui.req(`/kaart/${own}`);
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location') ?? '', /\/inloggen/);
  const other = rt.tokens.create({ role: 'marine', municipality: own });
  const kept = uiClient(rt.app);
  assert.equal((await kept.login(other.token)).status, 303);
  // 10,050 anonymous visits (each a new session) from many clients
  for (let i = 0; i < 10_050; i++) await rt.app.request(`${ORIGIN}/inloggen`, { headers: { host: 'zicht.test' } });
  assert.equal((await kept.req(`/kaart/${own}`)).status, 200, 'the logged-in user is still logged in');
});

test('a promotion from the CLI reaches the running server without a restart', async () => {
  const { rt, home, version } = await setup;
  assert.equal(rt.active.current()!.version, version);
  const io: CliIo = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd: home };
  assert.equal(await runCli(commands, ['retire', `rt@${version}`, '--by', 'admin'], io, home), 0);
  const t0 = Date.now();
  while (rt.active.current() !== null && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 50));
  assert.equal(rt.active.current(), null, 'the retired version stops serving within 2 s');
  assert.equal((await rt.app.request('/readyz')).status, 503);
  // put it back for the other tests: a retired version cannot be promoted again, so re-activate directly
  const db = openOperationalDb(home);
  new ModelRegistry(db, home).setStatus('rt', version, 'production', 'test');
  db.close();
  const t1 = Date.now();
  while (rt.active.current() === null && Date.now() - t1 < 2000) await new Promise((r) => setTimeout(r, 50));
  assert.equal(rt.active.current()?.version, version);
});

test('while another process holds the feature store, pages and cards still answer (no 500, no path, no pid)', async () => {
  const { rt, home, version } = await setup;
  const holder = holdStore(home);
  await holder.held;
  try {
    assert.equal(await rt.cache.refresh(), false, 'the refresh sees the lock and keeps its copy');
    const admin = rt.tokens.create({ role: 'admin' }).token;
    const ui = uiClient(rt.app);
    assert.equal((await ui.login(admin)).status, 303);
    for (const page of ['/training', `/modellen/rt/${version}`]) {
      const r = await ui.req(page);
      const body = await r.text();
      assert.equal(r.status, 200, page);
      assert.doesNotMatch(body, /PID|\.duckdb|Conflicting lock/i);
    }
    assert.equal((await rt.app.request(`/v1/models/rt/${version}/card`, { headers: bearer(admin) })).status, 200);
  } finally {
    holder.release();
  }
});

test('ZICHT_HOME is private: the home 0700, its files 0600; the audit chain of all this verifies', async () => {
  const { rt, home } = await setup;
  rt.audit.anchor();
  assert.ok(rt.audit.verify().ok);
  assert.equal((statSync(home).mode & 0o777).toString(8), '700');
  for (const f of ['zicht.db', 'audit.key', 'audit-anchors.log'])
    assert.equal((statSync(join(home, f)).mode & 0o077).toString(8), '0', `${f} is not readable by others`);
});

test('the UI adapter: band changes in scope only and audited; an area explained in its own unit, adding up', async () => {
  const { rt, own, foreign, version } = await setup;
  const ui = uiAdapter(rt);
  const scores = rt.active.current()!.scores;
  const marine = rt.tokens.create({ role: 'marine', municipality: own, name: 'adapter test' });
  const p = { tokenId: marine.id, role: 'marine' as const, municipality: own };
  const before = rt.audit.count();
  const same = (await ui.compareBands(p, { name: 'rt', version }, { name: 'rt', version }))!;
  assert.deepEqual(same.areas, [], 'a version does not differ from itself');
  assert.equal(same.compared, scores.areas.filter((a) => a.gemeente === own && !a.suppressed).length);
  assert.equal(rt.audit.count(), before + 1, 'the comparison was audited');
  const board = { tokenId: 'board', role: 'ethics_board' as const, municipality: null };
  assert.ok((await ui.compareBands(board, { name: 'rt', version }, { name: 'rt', version }))!.compared > same.compared);
  assert.equal(await ui.compareBands(p, { name: 'rt', version }, { name: 'rt', version: 999 }), null);
  const shown = scores.areas.find((a) => a.gemeente === own && !a.suppressed)!;
  const area = (await ui.getArea(p, shown.code, 'nl'))!;
  const total = area.baseScore + area.contributions.reduce((s, c) => s + c.effect, 0);
  assert.ok(Math.abs(total - area.score) < 1e-9, 'the effects add up to the score');
  assert.ok(area.baseScore > 0 && area.baseScore < 1, 'the base is a probability, not a log-odds');
  assert.ok(area.reasons.every((r) => /verband, geen oorzaak/.test(r.text)));
  assert.equal(area.gemeente.name, rt.cache.names.get(own) ?? own);
  assert.equal(
    await ui.getArea(p, scores.areas.find((a) => a.gemeente === foreign && !a.suppressed)!.code, 'nl'),
    null,
  );
  const csv = (await ui.exportAreas(p, own, 'nl'))!;
  assert.equal(csv.context.model.version, version);
  assert.equal(await ui.exportAreas(p, foreign, 'nl'), null);
});

test('the UI adapter: quality reports of the real ingests as kinds and figures, worded by the UI in Dutch', async () => {
  const { rt } = await setup;
  const reports = await uiAdapter(rt).listQualityReports();
  assert.ok(reports.length > 0);
  for (const r of reports) {
    assert.ok(!r.source.includes('/'), `a file name, not a path: ${r.source}`);
    const areas = r.checks.find((c) => c.kind === 'areas')!;
    const total = Object.values(areas.figures).reduce((a, b) => a + b, 0);
    assert.ok(total > 0 && Object.values(areas.figures).every(Number.isInteger), JSON.stringify(areas.figures));
    for (const c of r.checks.filter((x) => x.kind === 'missing')) {
      assert.ok(c.measure, 'a missing-values check names its measure');
      assert.ok(c.figures['missing']! > 0.05 && c.figures['missing']! <= 1, JSON.stringify(c.figures));
      assert.ok(c.figures['suppressed']! >= 0 && c.figures['suppressed']! <= c.figures['missing']!);
    }
    assert.ok(Number.isInteger(r.checks.find((c) => c.kind === 'unmatched')!.figures['count']));
  }
});

test('the review form approves a version that fails the gate only with the ticked overrides, recorded on the card', async () => {
  const { rt, home } = await setup;
  const version = await trainCandidate(home, 'ov', { nTrees: 10, maxDepth: 2, seed: 3 });
  const failing = gateFailures(rt.governance.card('ov', version)).map((f) => f.id);
  assert.ok(failing.length > 0, 'the small demo model fails the gate (synthetic data, planted bias)');
  const board = rt.tokens.create({ role: 'ethics_board', municipality: null, name: 'board test' }).token;
  const ui = uiClient(rt.app);
  assert.equal((await ui.login(board)).status, 303);
  const page = await (await ui.req(`/modellen/ov/${version}`)).text();
  for (const f of failing) assert.match(page, new RegExp(`id="override-${f}"`));
  const form = (extra: Record<string, string>) => ({
    _csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]!,
    decision: 'approve',
    rationale: 'Synthetische demo: bewust goedgekeurd om de werkwijze van de commissie te tonen.',
    ...extra,
  });
  const refused = await ui.post(`/modellen/ov/${version}/oordeel`, form({}));
  assert.equal(refused.status, 409, 'no override ticked: refused by the governance rule');
  // the board reads why in Dutch, naming the conditions as the form does (not the CLI's English and flags)
  const why = /id="review-error"[\s\S]*?<\/div>/.exec(await refused.text())![0];
  assert.match(why, /Vink elk punt aan dat u bewust goedkeurt/);
  assert.doesNotMatch(why, /cannot be approved|--override/);
  const short = await ui.post(`/modellen/ov/${version}/oordeel`, {
    ...form(Object.fromEntries(failing.map((f) => [`override-${f}`, 'on']))),
    rationale: 'Te kort voor een uitzondering.',
  });
  assert.equal(short.status, 409);
  assert.match(await short.text(), /minstens 40 tekens/);
  const all = Object.fromEntries(failing.map((f) => [`override-${f}`, 'on']));
  const ok = await ui.post(`/modellen/ov/${version}/oordeel`, form(all));
  assert.equal(ok.status, 303, /id="review-error"[\s\S]*?<\/div>/.exec(await ok.text())?.[0]);
  const approval = rt.governance.reviews('ov', version).at(-1)!;
  assert.equal(approval.decision, 'approve');
  assert.deepEqual([...approval.overrides].sort(), [...failing].sort());
});
