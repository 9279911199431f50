import type * as WorkerThreads from 'node:worker_threads';
import type { HistKernels, LevelState } from './hist-kernels.ts';

/** Int32 control array of one worker for one fit (indices), and its commands. */
export const CTRL = {
  /** Counter of level tasks; the worker wakes when it changes. */
  SEQ: 0,
  CMD: 1,
  ENTRIES: 2,
  /** The last task the worker finished (−1 until it has taken the fit's buffers). */
  DONE: 3,
  ERROR: 4,
  /** How many buffer updates the main thread has posted; the worker takes them all before it runs. */
  VERSION: 5,
  LENGTH: 6,
  RUN: 1,
  END: 2,
} as const;

/** First message of a fit: the shared buffers, this worker's part, and the channel for later buffers. */
export interface SetupMessage {
  readonly ctrl: Int32Array;
  readonly port: WorkerThreads.MessagePort;
  readonly part: number;
  readonly parts: number;
  readonly state: LevelState;
}

/** Buffers that grew during a fit; they replace the worker's copies of the same fields. */
export type StateUpdate = Partial<Pick<LevelState, 'slots' | 'ints' | 'sums' | 'feats' | 'results'>> & {
  readonly version: number;
};

/**
 * The worker's program. Like `histKernels` it has no free variables: its source text is evaluated
 * in the worker with the modules passed in. A fit is one blocking loop — wait for the next level
 * on the control array, do this worker's share of the features, report done — and between fits
 * the worker sits idle in its event loop.
 */
export function serveFits(wt: typeof WorkerThreads, k: HistKernels, c: typeof CTRL): void {
  wt.parentPort!.on('message', (m: SetupMessage) => {
    const { ctrl, port, part, parts } = m;
    let state = m.state,
      version = 0,
      seen = 0;
    const nap = new Int32Array(1);
    Atomics.store(ctrl, c.DONE, 0);
    Atomics.notify(ctrl, c.DONE);
    for (;;) {
      Atomics.wait(ctrl, c.SEQ, seen);
      seen = Atomics.load(ctrl, c.SEQ);
      if (Atomics.load(ctrl, c.CMD) === c.END) break;
      try {
        for (let waited = 0; version !== Atomics.load(ctrl, c.VERSION); ) {
          const u = wt.receiveMessageOnPort(port);
          if (u) {
            const { version: v, ...buffers } = u.message as StateUpdate;
            state = { ...state, ...buffers };
            version = v;
          } else if (waited++ > 10_000) throw new Error('shared buffers did not arrive');
          else Atomics.wait(nap, 0, 0, 1);
        }
        k.runLevel(state, Atomics.load(ctrl, c.ENTRIES), part, parts);
      } catch (e) {
        port.postMessage(String(e instanceof Error ? (e.stack ?? e.message) : e));
        Atomics.store(ctrl, c.ERROR, 1);
      }
      Atomics.store(ctrl, c.DONE, seen);
      Atomics.notify(ctrl, c.DONE);
    }
    port.close();
  });
}
