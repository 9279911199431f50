import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { openOperationalDb, sha256 } from '../../core/index.ts';
import { ModelRegistry, parseModelRef } from './index.ts';

function fresh(): { home: string; reg: ModelRegistry } {
  const home = mkdtempSync(join(tmpdir(), 'zicht-reg-'));
  return { home, reg: new ModelRegistry(openOperationalDb(home), home) };
}

const base = {
  name: 'drugs-wijk',
  kind: 'gbm',
  trainedBy: 'ds@test',
  dataHash: 'd1',
  synthetic: true,
  metrics: { auc: 0.8 },
};

test('register: monotonic versions, candidate status, files beside the artifact', () => {
  const { reg } = fresh();
  const a = reg.register({ ...base, artifactText: '{"a":1}', files: { 'evaluation.json': '{}' } });
  const b = reg.register({ ...base, artifactText: '{"a":2}' });
  assert.equal(a.version, 1);
  assert.equal(b.version, 2);
  assert.equal(a.status, 'candidate');
  assert.equal(reg.readFile(a, 'evaluation.json'), '{}');
  assert.equal(reg.readFile(b, 'artifact.json'), '{"a":2}');
  assert.deepEqual(
    reg.list('drugs-wijk').map((v) => v.version),
    [2, 1],
  );
  assert.deepEqual(reg.get('drugs-wijk', 1).metrics, { auc: 0.8 });
});

test('unknown model and bad references are clear errors', () => {
  const { reg } = fresh();
  assert.throws(() => reg.get('nope', 1), { code: 'UNKNOWN_MODEL' });
  assert.throws(() => parseModelRef('nope'), { code: 'BAD_ARGUMENT' });
  assert.deepEqual(parseModelRef('drugs-wijk@12'), { name: 'drugs-wijk', version: 12 });
  assert.throws(() => reg.register({ ...base, name: 'Bad Name', artifactText: '{}' }), { code: 'BAD_ARGUMENT' });
});

test('one production version per name: promoting retires the previous one', () => {
  const { reg } = fresh();
  reg.register({ ...base, artifactText: '{"a":1}' });
  reg.register({ ...base, artifactText: '{"a":2}' });
  reg.setStatus('drugs-wijk', 1, 'production', 'admin');
  reg.setStatus('drugs-wijk', 2, 'production', 'admin');
  assert.equal(reg.get('drugs-wijk', 1).status, 'retired');
  assert.equal(reg.production('drugs-wijk')?.version, 2);
  assert.deepEqual(
    reg.history('drugs-wijk', 1).map((h) => h.to),
    ['candidate', 'production', 'retired'],
  );
});

test('a tampered artifact is refused on read', () => {
  const { reg } = fresh();
  const v = reg.register({ ...base, artifactText: '{"a":1}' });
  writeFileSync(join(reg.dirOf(v), 'artifact.json'), '{"a":666}');
  assert.throws(() => reg.readFile(v, 'artifact.json'), { code: 'CORRUPT_ARTIFACT' });
});

test('a failure while writing leaves no registered version', () => {
  const { reg } = fresh();
  // a file name with a NUL byte makes the write fail inside the transaction
  assert.throws(() => reg.register({ ...base, artifactText: '{}', files: { 'bad\0name': 'x' } }));
  assert.deepEqual(reg.list(), []);
  assert.equal(reg.register({ ...base, artifactText: '{}' }).version, 1);
});

test('killing a process that is registering versions never leaves a half-registered one', async () => {
  const home = mkdtempSync(join(tmpdir(), 'zicht-reg-kill-'));
  const script = `
    import { openOperationalDb } from './core/index.ts';
    import { ModelRegistry } from './training/registry/index.ts';
    const home = ${JSON.stringify(home)};
    const reg = new ModelRegistry(openOperationalDb(home), home);
    const big = JSON.stringify({ trees: Array.from({ length: 20000 }, (_, i) => i) });
    process.stdout.write('ready\\n');
    for (;;) reg.register({ name: 'kill-test', kind: 'gbm', trainedBy: 't', dataHash: 'd', synthetic: true, metrics: {}, artifactText: big, files: { 'evaluation.json': big } });
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await new Promise((r) => setTimeout(r, 400));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const reg = new ModelRegistry(openOperationalDb(home), home);
  const versions = reg.list('kill-test');
  assert.ok(versions.length > 0, 'the child registered some versions before the kill');
  for (const v of versions) {
    const text = readFileSync(join(reg.dirOf(v), 'artifact.json'), 'utf8');
    assert.equal(sha256(text), v.artifactHash, `version ${v.version} is complete`);
  }
  // numbering continues without a gap after the last committed version
  assert.equal(reg.register({ ...base, name: 'kill-test', artifactText: '{}' }).version, versions[0]!.version + 1);
});
