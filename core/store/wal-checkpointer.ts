import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints of a long-running process (the server) in a thread of their own.
 *
 * SQLite checkpoints a WAL database from inside the commit that pushes the log past 1,000 pages:
 * that commit copies the pages back into the database file and fsyncs both, 5–37 ms during
 * which better-sqlite3 holds the event loop. Under load every request in flight waits for it —
 * with the audit log written on every request, that was the API's p99 (16 ms, against 3 ms at
 * the median). Here the serving connection stops checkpointing (`wal_autocheckpoint = 0`) and a
 * worker thread, on its own connection to the same file, runs a PASSIVE checkpoint every
 * `intervalMs`: it copies what no reader still needs and never blocks a writer, and the next
 * commit after a complete checkpoint starts the log from the beginning again. Under steady writes
 * no PASSIVE checkpoint is ever complete (a commit always follows the frames it copied) and the log
 * would grow as long as the writes go on (813 MB in 3 s of back-to-back commits): once it is past
 * `restartPages` (default 4,096: 16 MB) the thread runs a RESTART checkpoint, which holds the
 * next writer back while it copies the few frames the PASSIVE one left, so that the next commit
 * starts the log anew, reusing its file in place; a file that outgrew four times that (a long read
 * holding the log, a stalled thread) is cut back to it (`journal_size_limit`). Durability is
 * unchanged (the same commits, the same fsyncs, in another thread).
 *
 * Should the thread fail or exit, the connection checkpoints itself again, so the log can never
 * grow without bound.
 */
export interface WalCheckpointer {
  /**
   * Stop the thread and close its connection (waits for a checkpoint under way, at most 5 s), so
   * that the serving connection, closing after it, is the last one and removes the log as ever.
   */
  stop(): void;
}

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const done = new Int32Array(workerData.done);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  let [r] = db.pragma('wal_checkpoint(PASSIVE)');
  // past the limit: RESTART waits for the writer of the moment, holds the next one back while it
  // copies the frames that came in since, and so lets the next commit start the log anew
  if (r.log >= workerData.restartPages) [r] = db.pragma('wal_checkpoint(RESTART)');
  if (workerData.report) parentPort.postMessage(r);
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
  parentPort.close();
});
`;

/** One PASSIVE checkpoint's outcome as SQLite reports it: pages in the log, pages copied back. */
interface CheckpointReport {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

export function startWalCheckpointer(
  db: Database.Database,
  opts: { intervalMs?: number; restartPages?: number; onReport?: (r: CheckpointReport) => void } = {},
): WalCheckpointer {
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  const restartPages = opts.restartPages ?? 4096;
  // a log started anew keeps its file (SQLite writes it again from the start) unless it outgrew four
  // times the restart size. Cutting it back to the restart size itself truncated it at every
  // RESTART, as it always runs a little past it: under the API benchmark that cost 4–13 % of the
  // throughput in four alternating pairs (and the p99 was higher in three)
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`journal_size_limit = ${4 * restartPages * pageSize}`);
  let running = true;
  const checkpointHere = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  };
  const done = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: {
      modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: db.name,
      intervalMs: opts.intervalMs ?? 250,
      restartPages,
      report: opts.onReport !== undefined,
      done,
    },
  });
  const onReport = opts.onReport;
  if (onReport) worker.on('message', (r: CheckpointReport) => onReport(r));
  // the thread failed or ended: the connection checkpoints itself again
  worker.on('error', () => {});
  worker.on('exit', () => {
    if (running) {
      running = false;
      checkpointHere();
    }
  });
  worker.unref();
  return {
    stop: () => {
      if (!running) return;
      running = false;
      worker.postMessage('stop');
      if (Atomics.wait(new Int32Array(done), 0, 0, 5000) === 'timed-out') void worker.terminate();
      checkpointHere();
    },
  };
}
