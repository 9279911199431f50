import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topReasons, reasonSentence, formatValue, langFromAcceptLanguage, type ReasonInput } from './reasons.ts';

const lowIncome = {
  name: 'income_low_share',
  descriptionNl: 'Aandeel inwoners met een laag inkomen',
  descriptionEn: 'Share of residents with a low income',
  unit: '%',
  protected: false,
};
const bornOutside = {
  name: 'born_outside_europe_share',
  descriptionNl: 'Aandeel inwoners geboren buiten Europa',
  descriptionEn: 'Share of residents born outside Europe',
  unit: '%',
  protected: true,
};
const benefits = {
  name: 'benefits_per_1000',
  descriptionNl: 'Bijstandsuitkeringen',
  descriptionEn: 'Social assistance benefits',
  unit: 'per 1.000 inwoners',
  protected: false,
};

const inputs: ReasonInput[] = [
  { feature: lowIncome, value: 38, contribution: 0.42, municipal: 21, national: 24 },
  { feature: bornOutside, value: 30, contribution: 0.9, municipal: 12, national: 10 },
  { feature: benefits, value: 12.25, contribution: -0.1, municipal: 20, national: Number.NaN },
];

test('Dutch sentence with municipal and national reference and direction', () => {
  assert.equal(
    reasonSentence(inputs[0]!, 'nl'),
    'Aandeel inwoners met een laag inkomen: 38% (gemeente 21%, Nederland 24%) — verhoogt de score',
  );
  assert.equal(
    reasonSentence(inputs[2]!, 'nl'),
    'Bijstandsuitkeringen: 12,3 per 1.000 inwoners (gemeente 20 per 1.000 inwoners) — verlaagt de score',
  );
  assert.equal(
    reasonSentence(inputs[0]!, 'en'),
    'Share of residents with a low income: 38% (municipality 21%, Netherlands 24%) — raises the score',
  );
});

test('protected attributes are never named unless they are explicit model inputs', () => {
  const r = topReasons(inputs, { lang: 'nl' });
  assert.deepEqual(
    r.map((x) => x.feature),
    ['income_low_share', 'benefits_per_1000'],
  );
  const withProtected = topReasons(inputs, { lang: 'nl', protectedAreInputs: true });
  assert.equal(withProtected[0]!.feature, 'born_outside_europe_share');
});

test('a suppressed value is never shown', () => {
  const s = reasonSentence(
    { feature: lowIncome, value: Number.NaN, contribution: 0.2, municipal: 21, national: 24 },
    'nl',
  );
  assert.doesNotMatch(s, /\d/);
  assert.match(s, /onderdrukt/);
});

test('number formatting and Accept-Language', () => {
  assert.equal(formatValue(1234.5, 'aantal', 'nl'), '1.235');
  assert.equal(formatValue(0.125, '%', 'en'), '0.13%');
  assert.equal(langFromAcceptLanguage('en-GB,en;q=0.9,nl;q=0.8'), 'en');
  assert.equal(langFromAcceptLanguage('nl-NL,en;q=0.5'), 'nl');
  assert.equal(langFromAcceptLanguage(undefined), 'nl');
  assert.equal(langFromAcceptLanguage('fr'), 'nl');
});
