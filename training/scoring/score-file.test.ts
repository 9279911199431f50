import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureScores } from '../../serving/test-fixtures.test-support.ts';
import { packScores, readScoreSet, scoreSetSchema } from '../index.ts';

test('a score set packed for storage reads back identical, smaller', () => {
  const s = scoreSetSchema.parse(fixtureScores(1, 40));
  const text = JSON.stringify(packScores(s));
  assert.deepEqual(readScoreSet(text), s);
  assert.ok(text.length < JSON.stringify(s).length, `${text.length} vs ${JSON.stringify(s).length}`);
  assert.throws(() => readScoreSet(JSON.stringify(s)), { code: 'CORRUPT_ARTIFACT', message: /version 3/ });
});
