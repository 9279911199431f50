import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpGet, httpGetJson, retryAfterMs, type HttpOptions } from './http.ts';
import { fetchCollection } from './odata-client.ts';
import { startFakeCbs, type FakeCbs } from './fake-cbs.test-support.ts';

/** A table the fake serves without the real data: the police TableInfos. */
const path = (s: FakeCbs) => `${s.baseUrl}/47018NED/TableInfos?$format=json`;

function recorder(extra: HttpOptions = {}): HttpOptions & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    retries: 2,
    baseDelayMs: 10,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...extra,
  };
}

const fails = (code: string, message: RegExp) => (e: Error & { code?: string }) => {
  assert.equal(e.code, code, e.message);
  assert.match(e.message, message);
  return true;
};

test('Retry-After: seconds or an HTTP date', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  assert.equal(retryAfterMs('7', now), 7000);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
  assert.equal(retryAfterMs(null, now), null);
  assert.equal(retryAfterMs('soon', now), null);
});

test('429 with Retry-After: waits what the server asks (capped), then succeeds', async () => {
  const s = await startFakeCbs();
  s.fail(/TableInfos/, [
    { status: 429, retryAfter: '7' },
    { status: 429, retryAfter: '600' },
  ]);
  const opts = recorder({ maxDelayMs: 60_000 });
  const { json } = await httpGetJson(path(s), opts);
  assert.deepEqual(opts.slept, [7000, 60_000]);
  assert.equal((json as { value: unknown[] }).value.length, 1);
  await s.close();
});

test('5xx: exponential back-off, then success', async () => {
  const s = await startFakeCbs();
  s.fail(/TableInfos/, [{ status: 500 }, { status: 503 }]);
  const opts = recorder();
  await httpGet(path(s), ['application/json'], opts);
  assert.deepEqual(opts.slept, [10, 20]);
  assert.equal(s.requests.length, 3);
  await s.close();
});

test('5xx forever: a clear error after the retries, naming the URL', async () => {
  const s = await startFakeCbs();
  s.fail(/TableInfos/, [{ status: 500 }], { forever: true });
  const opts = recorder();
  await assert.rejects(
    httpGet(path(s), ['application/json'], opts),
    fails(
      'NOT_FOUND',
      /^GET http:\/\/127\.0\.0\.1:\d+\/ODataApi\/odata\/47018NED\/TableInfos\?\$format=json: HTTP 500 .*after 3/,
    ),
  );
  assert.equal(s.requests.length, 3);
  await s.close();
});

test('no answer: the timeout ends each attempt', async () => {
  const s = await startFakeCbs();
  s.fail(/TableInfos/, ['hang'], { forever: true });
  await assert.rejects(
    httpGet(path(s), ['application/json'], recorder({ retries: 1, timeoutMs: 200 })),
    fails('NOT_FOUND', /TableInfos.*: no answer within 0\.2 s; gave up after 2 attempts/),
  );
  await s.close();
});

test('a cut-off body is retried; an HTML page or a 404 is not', async () => {
  const s = await startFakeCbs();
  s.fail(/TableInfos/, ['truncate']);
  const { json } = await httpGetJson(path(s), recorder());
  assert.ok(json);
  assert.equal(s.requests.length, 2);
  s.fail(/TableInfos/, ['html']);
  await assert.rejects(
    httpGet(path(s), ['application/json'], recorder()),
    fails('PARSE_ERROR', /expected application\/json, got 'text\/html' — an error page\? Onderhoud/),
  );
  assert.equal(s.requests.length, 3, 'not retried');
  await assert.rejects(
    httpGet(`${s.baseUrl}/99999NED/TableInfos?$format=json`, ['application/json'], recorder()),
    fails('NOT_FOUND', /99999NED\/TableInfos.*HTTP 404/),
  );
  assert.equal(s.requests.length, 4, 'not retried');
  await s.close();
});

test('paging: odata.nextLink is followed to the last page', async () => {
  const s = await startFakeCbs(2);
  const r = await fetchCollection(`${s.baseUrl}/47018NED/SoortMisdrijf?$format=json`, recorder());
  assert.deepEqual(
    r.rows.map((x) => x['Key']),
    ['0.0.0 ', '2.1.1 ', '3.1.1 '],
  );
  assert.equal(r.urls.length, 2);
  await s.close();
});
