import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGES, t } from './i18n.ts';

test('every message key exists, non-empty, in both languages', () => {
  const nl = Object.keys(MESSAGES.nl).sort();
  const en = Object.keys(MESSAGES.en).sort();
  assert.deepEqual(en, nl);
  for (const lang of ['nl', 'en'] as const) {
    for (const [k, v] of Object.entries(MESSAGES[lang])) assert.ok(v.trim().length > 0, `${lang}:${k} is empty`);
  }
});

test('placeholders are the same in both languages', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(MESSAGES.nl) as (keyof typeof MESSAGES.nl)[]) {
    assert.deepEqual(names(MESSAGES.en[k]), names(MESSAGES.nl[k]), `placeholders of ${k}`);
  }
});

test('t fills placeholders and defaults to the catalogue text', () => {
  assert.equal(t('nl', 'map.title', { name: 'Nijmegen' }), 'Kaart Nijmegen');
  assert.equal(t('en', 'map.suppressed'), 'not shown: too few residents');
  assert.equal(t('nl', 'map.suppressed'), 'niet getoond: te weinig inwoners');
});
