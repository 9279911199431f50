import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOperationalDb } from '../core/index.ts';
import { ModelRegistry } from '../training/index.ts';
import {
  cardSchema,
  DEMO_GOVERNANCE,
  Governance,
  renderHtml,
  renderMarkdown,
  diffCards,
  algoritmeregisterExport,
} from './index.ts';
import { fixtureVersion, type FixtureOptions } from './fixture.test-support.ts';

/** The demo's governance with criteria the fixture's good model meets (400 rows cannot show ECE ≤ 0.05). */
const GOVERNANCE = {
  ...DEMO_GOVERNANCE,
  successCriteria: [
    { metric: 'auc', min: 0.6, description: 'ROC AUC (ondergrens van het interval) minstens 0,60' },
    { metric: 'brier', max: 0.3, description: 'Brier-score (bovengrens van het interval) hoogstens 0,30' },
  ],
};

function setup(governance: object | null = GOVERNANCE, o: FixtureOptions = {}) {
  const home = mkdtempSync(join(tmpdir(), 'zicht-cards-'));
  const db = openOperationalDb(home);
  const registry = new ModelRegistry(db, home);
  const v = fixtureVersion(registry, home, governance, o);
  return { home, db, registry, gov: new Governance(db, registry, home), v };
}

const approve = (gov: Governance, v: { name: string; version: number }, extra: object = {}) =>
  gov.review({
    name: v.name,
    version: v.version,
    decision: 'approve',
    reviewer: 'board',
    role: 'ethics_board',
    rationale: 'complete card, disparities explained',
    ...extra,
  });

test('the card is built from artifact, report, scores and governance file, and opens with the verdict', () => {
  const { gov, v } = setup();
  const card = gov.card(v.name, v.version);
  assert.equal(cardSchema.safeParse(card).success, true);
  assert.equal(card.completeness.complete, true);
  assert.equal(card.verdict.status, 'beats-baselines');
  assert.equal(card.successCriteria.criteria.length, 2);
  const md = renderMarkdown(card, 'en');
  const firstSection = md.split('\n## ')[1]!;
  assert.match(firstSection, /^Verdict: better than the simple baselines\? — beats its baselines/);
  assert.match(firstSection, /Brier score .* best baseline \(base rate for every area\)/);
  const reg = algoritmeregisterExport(card);
  assert.equal(reg['name'], v.name);
  assert.match(String(reg['performance_standard']), /beter dan de eenvoudige voorspellers/);
});

test('a version worse than its baseline says so first, and the gate refuses it unless the board overrides', () => {
  const { gov, registry, v } = setup(GOVERNANCE, { quality: 'worse' });
  const card = gov.card(v.name, v.version);
  assert.equal(card.verdict.status, 'no-better-than-baseline');
  assert.match(renderMarkdown(card, 'nl').split('\n## ')[1]!, /NIET beter dan een eenvoudige voorspeller/);
  // the reason, in the reader's language, from the recorded reason code
  assert.match(
    renderMarkdown(card, 'nl').split('\n## ')[1]!,
    /- het model is niet beter dan de beste eenvoudige voorspeller/,
  );
  assert.match(renderMarkdown(card, 'en').split('\n## ')[1]!, /- the model does not beat the best baseline/);
  assert.throws(() => approve(gov, v), {
    code: 'GATE_REFUSED',
    message: /verdict is no-better-than-baseline.*--override verdict/,
  });
  assert.equal(registry.get(v.name, v.version).status, 'candidate');
  assert.throws(() => approve(gov, v, { overrides: ['verdict'], rationale: 'shorter than forty' }), {
    code: 'GATE_REFUSED',
    message: /at least 40 characters/,
  });
  const rationale = 'pilot for one year to collect reported-crime labels; not for prioritising visits';
  const r = approve(gov, v, { overrides: ['verdict', 'success-criteria'], rationale });
  assert.equal(r.status, 'approved');
  assert.equal(gov.promote(v.name, v.version, 'admin').status, 'production');
  const after = gov.card(v.name, v.version);
  assert.deepEqual(after.governance.reviews.at(-1)!.overrides, ['verdict', 'success-criteria']);
  assert.match(renderMarkdown(after, 'en'), /Explicitly overridden \| verdict against the baselines, success criteria/);
  assert.match(
    renderMarkdown(after, 'nl'),
    /Bewust overschreven \| oordeel t\.o\.v\. de eenvoudige voorspellers, succescriteria/,
  );
  const exported = algoritmeregisterExport(after) as {
    ethics_board_overrides: { overrides: string[]; rationale: string };
  };
  assert.deepEqual(exported.ethics_board_overrides.overrides, ['verdict', 'success-criteria']);
  assert.equal(exported.ethics_board_overrides.rationale, rationale);
});

test('promotion requires the success criteria met: an approval cannot skip them without naming them', () => {
  const { gov, v } = setup(GOVERNANCE, { quality: 'worse' });
  // overriding only the verdict leaves the unmet success criteria in the way
  assert.throws(
    () =>
      approve(gov, v, { overrides: ['verdict'], rationale: 'a rationale that is long enough for an override here' }),
    { code: 'GATE_REFUSED', message: /success criteria not met.*--override success-criteria/ },
  );
  assert.throws(() => approve(gov, v, { overrides: ['fairness'], rationale: 'x'.repeat(50) }), {
    code: 'GATE_REFUSED',
  });
});

test('fairness is part of the default success criteria: a group entirely outside 0.8–1.25 blocks the gate', () => {
  const { gov, v } = setup(GOVERNANCE, { disparity: true });
  const card = gov.card(v.name, v.version);
  assert.equal(card.successCriteria.fairness.met, false);
  assert.ok(card.successCriteria.fairness.failing.some((f) => f.attribute === 'buiten_europa'));
  assert.throws(() => approve(gov, v), { code: 'GATE_REFUSED', message: /--override fairness/ });
  const nl = renderMarkdown(card, 'nl');
  assert.match(
    nl,
    /In het hoogste derde naar aandeel inwoners met herkomst buiten Europa (worden gebieden [\d,]+ keer zo vaak gesignaleerd|wordt [\d,]+% van de gebieden gesignaleerd)/,
  );
  assert.match(nl, /geheel buiten de afgesproken marge van 0,8–1,25/);
});

test('missing governance fields are listed and block approval and promotion; registry unchanged', () => {
  const { gov, registry, v } = setup(null);
  assert.throws(() => approve(gov, v), {
    code: 'GATE_REFUSED',
    message: /incomplete; to be completed: governance.owner/,
  });
  assert.equal(registry.get(v.name, v.version).status, 'candidate');
  assert.deepEqual(gov.reviews(v.name, v.version), []);
});

test('gate refusals: no rationale, self-review, promoting an unapproved version, the same review twice', () => {
  const { gov, registry, v } = setup();
  assert.throws(() => approve(gov, v, { rationale: '  ' }), { code: 'GATE_REFUSED', message: /rationale/ });
  assert.throws(() => approve(gov, v, { reviewer: 'ds@test', rationale: 'I trained it and I like it a lot' }), {
    code: 'GATE_REFUSED',
    message: /cannot review it/,
  });
  assert.throws(() => gov.promote(v.name, v.version, 'admin'), {
    code: 'GATE_REFUSED',
    message: /only a version approved/,
  });
  assert.equal(registry.get(v.name, v.version).status, 'candidate');
  const changes = { decision: 'request-changes', rationale: 'please add the DPIA summary' };
  assert.equal(approve(gov, v, changes).status, 'candidate');
  assert.throws(() => approve(gov, v, changes), { code: 'CONFLICT', message: /already recorded/ });
  assert.throws(() => approve(gov, v, { overrides: ['verdict'], rationale: 'x'.repeat(60) }), {
    code: 'BAD_ARGUMENT',
    message: /nothing to override for verdict/,
  });
  assert.equal(approve(gov, v).status, 'approved');
  assert.equal(gov.promote(v.name, v.version, 'admin').status, 'production');
  assert.equal(gov.reviews(v.name, v.version).length, 2);
  assert.equal(gov.card(v.name, v.version).governance.reviews.length, 2, 'the review history is on the card');
});

test('what the card says about the data is what ran: no boundaries, no claim about boundaries or neighbours', () => {
  const without = setup(GOVERNANCE, { boundaries: false });
  const card = without.gov.card(without.v.name, without.v.version);
  for (const lang of ['nl', 'en'] as const) {
    const md = renderMarkdown(card, lang);
    assert.doesNotMatch(md, /wijk- en buurtkaart|aangrenzende|contiguous/i, lang);
    assert.doesNotMatch(md, /feedback loop simulated|terugkoppeling gesimuleerd/i, 'no feedback simulation ran');
    assert.match(
      md,
      lang === 'nl' ? /7 gebied-perioden weggelaten: minder dan 100 inwoners/ : /7 area-periods left out/,
    );
    assert.match(md, /bijstand_buren/, 'the skipped feature is named with its reason');
  }
  const withB = setup(GOVERNANCE, { boundaries: true });
  const md = renderMarkdown(withB.gov.card(withB.v.name, withB.v.version), 'nl');
  assert.match(md, /wijk- en buurtkaart/);
  assert.match(md, /aangrenzende gebieden/);
});

/** Tag balance of an SVG/XML fragment (no XML library is installed). */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

test('HTML card: sections in both languages, well-formed SVG charts, a scoped reader sees only their own areas', () => {
  const { gov, v } = setup();
  const all = gov.card(v.name, v.version);
  const own = gov.card(v.name, v.version, { municipality: 'GM9100' });
  assert.deepEqual(
    own.map.map((a) => a.code),
    all.map.filter((a) => a.code.startsWith('WK9100')).map((a) => a.code),
  );
  assert.ok(all.map.some((a) => a.code.startsWith('WK9101')));
  const geometry = all.map.map((a, i) => ({
    code: a.code,
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [5 + i * 0.1, 52],
          [5.1 + i * 0.1, 52],
          [5.1 + i * 0.1, 52.1],
          [5 + i * 0.1, 52.1],
          [5 + i * 0.1, 52],
        ],
      ],
    },
  }));
  const nl = renderHtml(own, 'nl', geometry),
    en = renderHtml(all, 'en', geometry);
  assert.doesNotMatch(nl, /WK910103/, "another municipality's area is not on a scoped card");
  for (const h of [
    'Oordeel',
    'Wat de score betekent',
    'Eerlijkheid in het kort',
    'Voorwaarden voor gebruik',
    'Modelgegevens',
    'Algoritmeregister',
    'Kaart',
  ])
    assert.ok(nl.includes(h), `nl section ${h}`);
  for (const h of ['Verdict', 'What the score means', 'Fairness at a glance', 'Model details', 'Map of the bands'])
    assert.ok(en.includes(h), `en section ${h}`);
  const svgs = [...nl.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  assert.ok(svgs.length >= 4, `${svgs.length} charts`);
  for (const s of svgs) assert.ok(wellFormed(s), `well-formed: ${s.slice(0, 80)}`);
  assert.ok(nl.includes('SYNTHETISCHE'));
});

test('card diff names what changed and why it matters', () => {
  const { gov, v } = setup();
  const a = gov.card(v.name, v.version);
  const b = {
    ...a,
    quantitative: {
      ...a.quantitative,
      crossValidation: { ...a.quantitative.crossValidation, auc: { estimate: 0.6, lo: 0.55, hi: 0.65 } },
    },
    parameters: { ...a.parameters, features: a.parameters.features.slice(1) },
  };
  const d = diffCards(a, b);
  assert.ok(d.some((c) => c.section === 'accuracy' && /do not overlap/.test(c.why)));
  assert.ok(d.some((c) => c.section === 'features' && /removed/.test(c.what)));
});

test('the Dutch card is in Dutch: sentences come from the catalogue, no English field names', () => {
  const { gov, v } = setup(GOVERNANCE, { quality: 'worse', disparity: true });
  approve(gov, v, {
    overrides: ['verdict', 'success-criteria', 'fairness'],
    rationale: 'pilot for one year to collect reported-crime labels; not for prioritising visits',
  });
  const card = gov.card(v.name, v.version);
  const nl = renderMarkdown(card, 'nl'),
    en = renderMarkdown(card, 'en');
  const html = renderHtml(card, 'nl')
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ');
  assert.match(nl, /nooit over personen/);
  assert.match(nl, /Onderneem nooit iets tegen bewoners/);
  assert.match(en, /never about individuals/);
  const english = [
    'never about individuals',
    'trained by',
    'feature periods',
    'licences',
    'recoverable',
    'Model details',
    'baseline',
    'holdout',
    'owner',
    'Intended use',
    'verdict',
    'fairness',
    'ethics_board',
    'link logit',
    'nTrees',
    'learningRate',
    'maxDepth',
    'small-count',
    'secondary',
    'predicted',
    'observed',
    'JJ00',
    'the model does not',
    'lower CI bound',
    'at least',
    'governance.',
    'request-changes',
    'approve ',
    'success-criteria',
  ];
  for (const text of [nl, html])
    for (const w of english) assert.ok(!text.toLowerCase().includes(w.toLowerCase()), `the Dutch card contains '${w}'`);
  assert.match(nl, /\| Besluit \|/);
  assert.match(nl, /goedkeuren/);
  assert.match(nl, /ethische commissie \| goedkeuren/, 'the role in words');
});
