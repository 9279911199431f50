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

test('a reason compares the value with the average of the municipality and says it is an association', () => {
  assert.equal(
    reasonSentence({ ...inputs[0]!, gemeenteName: 'Nijmegen' }, 'nl'),
    'Aandeel inwoners met een laag inkomen: hoger dan gemiddeld in Nijmegen (38% tegen 21%) — hangt samen met een hogere score; dit is een verband, geen oorzaak',
  );
  assert.equal(
    reasonSentence(inputs[2]!, 'nl'),
    'Bijstandsuitkeringen: lager dan gemiddeld in de gemeente (12,3 per 1.000 inwoners tegen 20 per 1.000 inwoners) — hangt samen met een lagere score; dit is een verband, geen oorzaak',
  );
  assert.equal(
    reasonSentence({ ...inputs[0]!, gemeenteName: 'Nijmegen' }, 'en'),
    'Share of residents with a low income: higher than the average in Nijmegen (38% against 21%) — goes with a higher score; this is an association, not a cause',
  );
});

test('without a municipal average the country is the reference; equal figures are called equal', () => {
  const national = { ...inputs[0]!, municipal: Number.NaN };
  assert.match(reasonSentence(national, 'nl'), /hoger dan gemiddeld in Nederland \(38% tegen 24%\)/);
  assert.match(reasonSentence({ ...inputs[0]!, municipal: 38.001 }, 'nl'), /gelijk aan het gemiddelde in de gemeente/);
});

test('a log count is shown as the count', () => {
  assert.equal(formatValue(Math.log1p(1480), 'log(inwoners)', 'nl'), '≈ 1.480 inwoners');
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
  assert.match(s, /afgeschermd/);
});

test('number formatting and Accept-Language', () => {
  assert.equal(formatValue(1234.5, 'aantal', 'nl'), '1.235');
  assert.equal(formatValue(0.125, '%', 'en'), '0.13%');
  assert.equal(langFromAcceptLanguage('en-GB,en;q=0.9,nl;q=0.8'), 'en');
  assert.equal(langFromAcceptLanguage('nl-NL,en;q=0.5'), 'nl');
  assert.equal(langFromAcceptLanguage(undefined), 'nl');
  assert.equal(langFromAcceptLanguage('fr'), 'nl');
});
