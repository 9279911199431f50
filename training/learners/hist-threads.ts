import { availableParallelism } from 'node:os';
import { ZichtError } from '../../core/index.ts';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { histKernels, kernels, type LevelState } from './hist-kernels.ts';
import { CTRL, type SetupMessage, serveFits, type StateUpdate } from './hist-worker.ts';

/** How long a fit waits for a new worker to start (normally well under a second) before it goes on alone. */
const START_TIMEOUT_MS = 5_000;

/** Below this many (rows × features) starting a worker costs more than it saves. */
const MIN_CELLS_FOR_THREADS = 250_000;

/** Threads for a fit when the caller did not say: 1 for small data, else up to 2 (the cores permitting). */
export function defaultThreads(nRows: number, nFeatures: number): number {
  return nRows * nFeatures < MIN_CELLS_FOR_THREADS ? 1 : Math.min(2, availableParallelism());
}

// The worker evaluates the source text of the two self-contained functions: no TypeScript loader
// to start in the thread. The sources go through eval inside the try, so that even a syntax error
// shows as −1 in the worker's status word at once (and the fit goes on in one thread).
const BOOT = `'use strict';
const wt = require('node:worker_threads');
try {
  // esbuild (under tsx) keeps function names by wrapping functions in __name(fn, "name")
  const __name = (f) => f;
  const serveFits = eval(${JSON.stringify(`(${serveFits})`)});
  const histKernels = eval(${JSON.stringify(`(${histKernels})`)});
  serveFits(wt, histKernels(), ${JSON.stringify(CTRL)});
} catch (e) {
  Atomics.store(wt.workerData.status, 0, -1);
  Atomics.notify(wt.workerData.status, 0);
}`;

interface PooledWorker {
  readonly worker: Worker;
  readonly status: Int32Array;
}

const idle: PooledWorker[] = [];
/** A worker that could not run its program will not run it next time either: stay on one thread. */
let unavailable = false;

function spawn(): PooledWorker {
  const status = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(BOOT, { eval: true, workerData: { status } });
  worker.unref();
  const pooled = { worker, status };
  // a worker that ends between fits leaves the pool (the event arrives while no fit blocks this thread)
  worker.once('exit', () => {
    const i = idle.indexOf(pooled);
    if (i >= 0) idle.splice(i, 1);
  });
  return pooled;
}

/** Start workers for a fit of `threads` threads ahead of time (they start up while the caller goes on). */
export function prestartWorkers(threads: number): void {
  while (!unavailable && idle.length < threads - 1) idle.push(spawn());
}

interface Helper {
  readonly pooled: PooledWorker;
  readonly ctrl: Int32Array;
  readonly port: MessagePort;
}

/**
 * Runs the levels of a tree on this thread and `parts − 1` workers, each on its share of the
 * features, over shared memory. Every call blocks (Atomics.wait) until all parts are done, so the
 * learner stays synchronous.
 */
export class LevelRunner {
  readonly parts: number;
  private readonly helpers: Helper[];
  private readonly state: LevelState;
  private seq = 0;
  private version = 0;

  private constructor(state: LevelState, helpers: Helper[]) {
    this.state = state;
    this.helpers = helpers;
    this.parts = helpers.length + 1;
  }

  /**
   * Start (or reuse) `threads − 1` workers on buffers that are all SharedArrayBuffer views;
   * null when a worker does not come up, and the caller grows trees on this thread alone.
   */
  static start(state: LevelState, threads: number): LevelRunner | null {
    if (unavailable) return null;
    const helpers: Helper[] = [];
    for (let part = 1; part < threads; part++) {
      const pooled = idle.pop() ?? spawn();
      const ctrl = new Int32Array(new SharedArrayBuffer(CTRL.LENGTH * 4));
      Atomics.store(ctrl, CTRL.DONE, -1);
      const { port1, port2 } = new MessageChannel();
      const setup: SetupMessage = { ctrl, port: port2, part, parts: threads, state };
      pooled.worker.postMessage(setup, [port2]);
      helpers.push({ pooled, ctrl, port: port1 });
    }
    // block until every worker has taken its buffers (a new one first starts up)
    const deadline = performance.now() + START_TIMEOUT_MS;
    const waiting = (h: Helper): boolean => Atomics.load(h.ctrl, CTRL.DONE) === -1 && h.pooled.status[0] === 0;
    for (const h of helpers) while (waiting(h) && performance.now() < deadline) Atomics.wait(h.ctrl, CTRL.DONE, -1, 20);
    if (helpers.some((h) => Atomics.load(h.ctrl, CTRL.DONE) === -1)) {
      unavailable ||= helpers.some((h) => h.pooled.status[0] === -1);
      for (const h of helpers) {
        h.port.close();
        void h.pooled.worker.terminate();
      }
      return null;
    }
    return new LevelRunner(state, helpers);
  }

  /** Hand buffers that grew during the fit to the workers; they take them before the next level. */
  share(buffers: Omit<StateUpdate, 'version'>): void {
    const update: StateUpdate = { ...buffers, version: ++this.version };
    for (const h of this.helpers) {
      h.port.postMessage(update);
      Atomics.store(h.ctrl, CTRL.VERSION, this.version);
    }
  }

  /** Run the first `nEntries` entries of the level task: part 0 here, the rest in the workers. */
  run(nEntries: number): void {
    const seq = ++this.seq;
    for (const h of this.helpers) {
      Atomics.store(h.ctrl, CTRL.ENTRIES, nEntries);
      Atomics.store(h.ctrl, CTRL.CMD, CTRL.RUN);
      Atomics.store(h.ctrl, CTRL.SEQ, seq);
      Atomics.notify(h.ctrl, CTRL.SEQ);
    }
    kernels.runLevel(this.state, nEntries, 0, this.parts);
    for (const h of this.helpers) {
      for (let d = Atomics.load(h.ctrl, CTRL.DONE); d !== seq; d = Atomics.load(h.ctrl, CTRL.DONE))
        Atomics.wait(h.ctrl, CTRL.DONE, d);
    }
    const failed = this.helpers.find((h) => Atomics.load(h.ctrl, CTRL.ERROR) !== 0);
    if (failed) {
      const msg = receiveMessageOnPort(failed.port)?.message;
      this.close();
      throw new ZichtError('INTERNAL', `histogram worker failed: ${String(msg)}`);
    }
  }

  /** End the fit: the workers leave their loop and wait, idle, for the next fit. */
  close(): void {
    for (const h of this.helpers.splice(0)) {
      Atomics.store(h.ctrl, CTRL.CMD, CTRL.END);
      Atomics.store(h.ctrl, CTRL.SEQ, this.seq + 1);
      Atomics.notify(h.ctrl, CTRL.SEQ);
      h.port.close();
      if (Atomics.load(h.ctrl, CTRL.ERROR) === 0) idle.push(h.pooled);
      else void h.pooled.worker.terminate();
    }
  }
}
