/**
 * Trains the built-in embedder in a worker thread, so the process that asked
 * (a running server) stays responsive. Resolves with the serialised model.
 */
import { Worker } from 'node:worker_threads';
import type { TrainingText } from './builtin/model.ts';

export function trainInWorker(texts: readonly TrainingText[], onProgress?: (done: number, total: number) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./train-worker.mjs', import.meta.url), {
      workerData: { texts: texts.map((t) => ({ title: t.title, abstract: t.abstract, summary: t.summary ?? null })) },
    });
    let settled = false;
    worker.on('message', (m: { kind: 'progress'; done: number; total: number } | { kind: 'done'; bytes: Uint8Array } | { kind: 'error'; message: string }) => {
      if (m.kind === 'progress') onProgress?.(m.done, m.total);
      else if (m.kind === 'done') {
        settled = true;
        resolve(m.bytes);
        void worker.terminate();
      } else {
        settled = true;
        reject(new Error(`training the built-in embedder failed: ${m.message}`));
        void worker.terminate();
      }
    });
    worker.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the training worker stopped early (exit code ${code})`));
      settled = true;
    });
  });
}
