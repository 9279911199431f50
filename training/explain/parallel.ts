import type { Worker } from 'node:worker_threads';
import { moduleWorker, type Frame } from '../../core/index.ts';
import type { Contributions, TreeEnsemble } from '../types.ts';
import { treeShap } from './tree-shap.ts';

interface Reply {
  id: number;
  values: Float64Array;
  output: Float64Array;
  baseValue: number;
}

let pool: Worker[] = [];
let nextId = 0;

function workers(n: number): Worker[] {
  while (pool.length < n) {
    const w = moduleWorker(import.meta.url, 'shap-worker');
    w.unref();
    pool.push(w);
  }
  return pool.slice(0, n);
}

/** Stop the worker pool (optional: the workers do not keep the process alive). */
async function _closeShapPool(): Promise<void> {
  const p = pool;
  pool = [];
  await Promise.all(p.map((w) => w.terminate()));
}

/**
 * TreeSHAP over blocks of rows in `threads` worker threads (the same exact values as
 * `treeShap`: every row is computed the same way, only elsewhere). Small inputs run
 * inline, where starting workers would cost more than it saves.
 */
export async function treeShapParallel(ensemble: TreeEnsemble, X: Frame, threads: number): Promise<Contributions> {
  const n = X.nRows;
  if (threads <= 1 || n < 256) return treeShap(ensemble, X);
  const ws = workers(threads);
  const nF = ensemble.nFeatures;
  const values = new Float64Array(n * nF),
    output = new Float64Array(n);
  const block = Math.ceil(n / threads);
  let baseValue = 0;
  await Promise.all(
    ws.map(
      (w, k) =>
        new Promise<void>((resolve, reject) => {
          const start = k * block,
            end = Math.min(n, start + block);
          if (start >= end) {
            resolve();
            return;
          }
          const id = nextId++;
          const onMessage = (r: Reply): void => {
            if (r.id !== id) return;
            w.off('message', onMessage);
            w.off('error', reject);
            values.set(r.values, start * nF);
            output.set(r.output, start);
            baseValue = r.baseValue;
            resolve();
          };
          w.on('message', onMessage);
          w.once('error', reject);
          w.postMessage({
            id,
            ensemble,
            columns: [...X.columns],
            data: X.data.map((c) => c.subarray(start, end)),
            nRows: end - start,
          });
        }),
    ),
  );
  return { baseValue, values, nFeatures: nF, output };
}
