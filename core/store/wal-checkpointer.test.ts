import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWalCheckpointer } from './wal-checkpointer.ts';

/** A WAL database in a fresh directory, with a table of 1 kB rows. */
function walDb() {
  const file = join(mkdtempSync(join(tmpdir(), 'zicht-wal-')), 'x.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (v TEXT)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  /** Commits of 100 rows each, about 4,000 pages in all: four times the automatic threshold. */
  const write = () => {
    for (let c = 0; c < 160; c++)
      db.transaction(() => {
        for (let i = 0; i < 100; i++) insert.run('x'.repeat(1000));
      })();
  };
  return { db, file, write, size: () => statSync(file).size };
}

test('the serving connection never checkpoints inside a commit: the log grows past the threshold untouched', () => {
  const { db, write, size } = walDb();
  const before = size();
  // a thread that would not run within the test: only the connection itself could checkpoint
  const checkpointer = startWalCheckpointer(db, { intervalMs: 3_600_000 });
  write();
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  // nothing was copied back into the database file (an inline checkpoint would have: ≥ 4 MB)
  assert.equal(size(), before);
  checkpointer.stop();
  db.close();
});

test('the thread checkpoints the log, and after stop() the connection closes as the last one (no log left)', async () => {
  const { db, file, write, size } = walDb();
  const reports: { log: number; checkpointed: number }[] = [];
  const checkpointer = startWalCheckpointer(db, { intervalMs: 20, onReport: (r) => reports.push(r) });
  write();
  const deadline = Date.now() + 20_000;
  while (!reports.some((r) => r.log > 1000 && r.checkpointed === r.log) && Date.now() < deadline) await sleep(20);
  assert.ok(
    reports.some((r) => r.log > 1000 && r.checkpointed === r.log),
    `no complete checkpoint reported: ${JSON.stringify(reports.slice(-3))}`,
  );
  assert.ok(size() > 4_000_000, `the rows are in the database file (${size()} bytes)`);
  checkpointer.stop();
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'checkpointing back with the connection');
  db.close();
  assert.equal(existsSync(`${file}-wal`), false);
});

test('when the thread cannot run, the connection checkpoints itself again (the log never grows without bound)', async () => {
  const { db, file } = walDb();
  // the thread opens the database by its path, which no longer exists: it fails at once
  rmSync(file);
  const checkpointer = startWalCheckpointer(db, { intervalMs: 20 });
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  const deadline = Date.now() + 20_000;
  while (db.pragma('wal_autocheckpoint', { simple: true }) === 0 && Date.now() < deadline) await sleep(20);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  checkpointer.stop();
  db.close();
});

test('under steady commits the log is started anew once past its limit: its file stays bounded', () => {
  const { db, file } = walDb();
  // a PASSIVE checkpoint copies the frames that were in the log when it began; with a commit always
  // following, it never finds the log complete, and only a complete one lets the next commit start
  // the log from the beginning: without more, the log grows as long as the writes go on (~1.6 bytes
  // of log per byte written here)
  const checkpointer = startWalCheckpointer(db, { intervalMs: 10, restartPages: 256 });
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const commit = db.transaction(() => {
    for (let i = 0; i < 16; i++) insert.run('x'.repeat(1000));
  });
  let written = 0;
  let largest = 0;
  while (written < 48_000_000) {
    commit();
    written += 16_000;
    largest = Math.max(largest, statSync(`${file}-wal`).size);
    // a commit about every millisecond, as a busy server's audit log: steady, never idle for long
    const t = performance.now();
    while (performance.now() - t < 1);
  }
  checkpointer.stop();
  db.close();
  assert.ok(largest < 16_000_000, `the log's file reached ${largest} bytes after ${written} bytes written`);
});
