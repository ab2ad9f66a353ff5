/** Inside the worker: train on the texts it was given, send progress, then the serialised model. */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeBuiltinModel, trainBuiltinModel } from './builtin/index.ts';
import type { TrainingText } from './builtin/model.ts';

interface Job {
  readonly texts: TrainingText[];
}

const port = parentPort;
if (!port) throw new Error('train-worker-main.ts must run in a worker thread');
const { texts } = workerData as Job;
try {
  const model = await trainBuiltinModel(texts, { onProgress: (done, total) => port.postMessage({ kind: 'progress', done, total }) });
  const bytes = serializeBuiltinModel(model);
  port.postMessage({ kind: 'done', bytes }, [bytes.buffer as ArrayBuffer]);
} catch (e) {
  port.postMessage({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
