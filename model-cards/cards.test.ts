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
  cardFor,
  renderHtml,
  renderMarkdown,
  diffCards,
  algoritmeregisterExport,
} from './index.ts';
import { fixtureVersion } from './fixture.test-support.ts';

function setup(governance: object | null = DEMO_GOVERNANCE) {
  const home = mkdtempSync(join(tmpdir(), 'zicht-cards-'));
  const db = openOperationalDb(home);
  const registry = new ModelRegistry(db, home);
  const v = fixtureVersion(registry, home, governance);
  return { home, db, registry, gov: new Governance(db, registry, home), v };
}

test('the card is built from artifact, report and governance file and validates against its schema', () => {
  const { registry, home, v } = setup();
  const card = cardFor(registry, home, v.name, v.version);
  assert.equal(cardSchema.safeParse(card).success, true);
  assert.equal(card.completeness.complete, true);
  assert.equal(card.modelDetails.synthetic, true);
  assert.ok(card.intendedUse.outOfScope.some((s) => /never about individuals/.test(s)));
  assert.ok(card.intendedUse.outOfScope.some((s) => /never as evidence/.test(s)));
  assert.equal(card.successCriteria.criteria.length, 2);
  assert.equal(card.parameters.label.provenance, 'discovered');
  const reg = algoritmeregisterExport(card);
  assert.equal(reg['name'], v.name);
});

test('missing governance fields are listed and block approval and promotion; registry unchanged', () => {
  const { gov, registry, v } = setup(null);
  assert.throws(
    () =>
      gov.review({
        name: v.name,
        version: v.version,
        decision: 'approve',
        reviewer: 'board member',
        role: 'ethics_board',
        rationale: 'looks good, fairness within band',
      }),
    { code: 'GATE_REFUSED', message: /incomplete; to be completed: governance.owner/ },
  );
  assert.equal(registry.get(v.name, v.version).status, 'candidate');
  assert.deepEqual(gov.reviews(v.name, v.version), []);
});

test('gate refusals: no rationale, self-review, promoting an unapproved version', () => {
  const { gov, registry, v } = setup();
  assert.throws(
    () =>
      gov.review({
        name: v.name,
        version: v.version,
        decision: 'approve',
        reviewer: 'board',
        role: 'ethics_board',
        rationale: '  ',
      }),
    { code: 'GATE_REFUSED', message: /rationale/ },
  );
  assert.throws(
    () =>
      gov.review({
        name: v.name,
        version: v.version,
        decision: 'approve',
        reviewer: 'ds@test',
        role: 'ethics_board',
        rationale: 'I trained it and I like it a lot',
      }),
    { code: 'GATE_REFUSED', message: /cannot review it/ },
  );
  assert.throws(() => gov.promote(v.name, v.version, 'admin'), {
    code: 'GATE_REFUSED',
    message: /only a version approved/,
  });
  assert.equal(registry.get(v.name, v.version).status, 'candidate');
  assert.deepEqual(gov.reviews(v.name, v.version), []);
  const r = gov.review({
    name: v.name,
    version: v.version,
    decision: 'request-changes',
    reviewer: 'board',
    role: 'ethics_board',
    rationale: 'please add the DPIA summary',
  });
  assert.equal(r.status, 'candidate');
  assert.equal(
    gov.review({
      name: v.name,
      version: v.version,
      decision: 'approve',
      reviewer: 'board',
      role: 'ethics_board',
      rationale: 'complete card, disparities explained',
    }).status,
    'approved',
  );
  assert.equal(gov.promote(v.name, v.version, 'admin').status, 'production');
  assert.equal(gov.reviews(v.name, v.version).length, 2);
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

test('HTML card: every section present in both languages, charts are well-formed SVG', () => {
  const { registry, home, v } = setup();
  const card = cardFor(registry, home, v.name, v.version);
  const geometry = card.map.map((a, i) => ({
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
  const nl = renderHtml(card, 'nl', geometry),
    en = renderHtml(card, 'en', geometry);
  for (const h of [
    'Modelgegevens',
    'Beoogd gebruik',
    'Buiten het beoogde gebruik',
    'Datasheet',
    'Kwantitatieve analyse',
    'Eerlijkheid',
    'Privacy',
    'Ruimtelijke',
    'Labelherkomst',
    'Overwegingen',
    'Algoritmeregister',
    'AI-verordening',
    'Succescriteria',
    'Kaart',
  ])
    assert.ok(nl.includes(h), `nl section ${h}`);
  for (const h of ['Model details', 'Intended use', 'Fairness', 'Success criteria', 'Map of flagged areas'])
    assert.ok(en.includes(h), `en section ${h}`);
  const svgs = [...nl.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  assert.ok(svgs.length >= 5, `${svgs.length} charts`);
  for (const s of svgs) assert.ok(wellFormed(s), `well-formed: ${s.slice(0, 80)}`);
  assert.ok(nl.includes('SYNTHETISCHE'));
  assert.match(renderMarkdown(card, 'en'), /## Fairness/);
});

test('card diff names what changed and why it matters', () => {
  const { registry, home, v } = setup();
  const a = cardFor(registry, home, v.name, v.version);
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

test('the Dutch card is in Dutch: the fixed sentences are translated, the English card keeps them', () => {
  const { registry, home, v } = setup();
  const card = cardFor(registry, home, v.name, v.version);
  const nl = renderMarkdown(card, 'nl'),
    en = renderMarkdown(card, 'en');
  assert.match(nl, /nooit over personen/);
  assert.match(nl, /Onderneem nooit iets tegen bewoners/);
  assert.doesNotMatch(nl, /never about individuals/);
  assert.match(en, /never about individuals/);
});
