import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainingConfig } from './config.ts';

const good = {
  name: 'drugshandel-wijk',
  featureViews: ['kwb-demo'],
  label: { crimeCode: '3.1.1', target: 'binary-top', topShare: 0.1 },
  trainPeriods: ['2020JJ00', '2021JJ00'],
  testPeriod: '2022JJ00',
  model: { kind: 'gbm' },
  seed: 1,
};

test('a valid config gets its defaults', () => {
  const c = parseTrainingConfig(good);
  assert.equal(c.label.horizon, 1);
  assert.equal(c.validation.folds, 5);
  assert.equal(c.includeProtected, false);
});

test('a typo is reported with the field and the allowed values', () => {
  assert.throws(
    () => parseTrainingConfig({ ...good, modle: {} }),
    (e: Error & { code?: string }) =>
      e.code === 'INVALID_CONFIG' && /unknown field 'modle'; allowed: name, featureViews/.test(e.message),
  );
  assert.throws(
    () => parseTrainingConfig({ ...good, model: { kind: 'gbm', parms: {} } }),
    /field 'model'.*unknown field 'parms'; allowed: kind, params/,
  );
  assert.throws(
    () => parseTrainingConfig({ ...good, model: { kind: 'xgb' } }),
    /field 'model.kind'.*"gbm"\|"forest"\|"ebm"\|"logistic"|field 'model.kind'.*gbm/,
  );
});

test('semantic errors: missing topShare, test period not after train periods, missing seed', () => {
  assert.throws(
    () => parseTrainingConfig({ ...good, label: { crimeCode: '3.1.1', target: 'binary-top' } }),
    /label.topShare/,
  );
  assert.throws(() => parseTrainingConfig({ ...good, testPeriod: '2021JJ00' }), /testPeriod/);
  const { seed: _seed, ...noSeed } = good;
  assert.throws(() => parseTrainingConfig(noSeed), /field 'seed'/);
});
