/** Inside the LSA worker: compute the term vectors of the job it was given and send them back. */
import { parentPort, workerData } from 'node:worker_threads';
import { runLsa, type LsaJob } from './lsa-thread.ts';

const port = parentPort;
if (!port) throw new Error('lsa-worker-main.ts must run in a worker thread');
try {
  const result = { ...runLsa(workerData as LsaJob), onWorker: true };
  port.postMessage(result, [result.vectors.buffer as ArrayBuffer]);
} catch (e) {
  port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
