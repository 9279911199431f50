import { parentPort } from 'node:worker_threads';
import { sideModelReply, type SideModelSpec } from './side-model.ts';

// One job per worker: the side model's figures (or its error, as data); the prediction's buffer is
// transferred back, not copied.
parentPort!.once('message', async (spec: SideModelSpec) => {
  const reply = await sideModelReply(spec);
  parentPort!.postMessage(reply, reply.ok ? [reply.model.prediction.buffer as ArrayBuffer] : []);
});
