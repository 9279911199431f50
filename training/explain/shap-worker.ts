import { parentPort } from 'node:worker_threads';
import type { TreeEnsemble } from '../types.ts';
import { treeShap } from './tree-shap.ts';

interface Job {
  id: number;
  ensemble: TreeEnsemble;
  columns: string[];
  data: Float64Array[];
  nRows: number;
}

// One job = TreeSHAP on a block of rows; the result buffers are transferred back, not copied.
parentPort!.on('message', (job: Job) => {
  const c = treeShap(job.ensemble, { nRows: job.nRows, columns: job.columns, data: job.data });
  parentPort!.postMessage({ id: job.id, values: c.values, output: c.output, baseValue: c.baseValue }, [
    c.values.buffer as ArrayBuffer,
    c.output.buffer as ArrayBuffer,
  ]);
});
