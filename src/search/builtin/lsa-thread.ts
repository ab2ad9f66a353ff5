/**
 * Runs the LSA phase of training on a worker thread of its own, so that it
 * overlaps the contrastive phase on a machine with two cores. The two phases
 * share only the tf-idf matrix and are seeded separately, so the result is the
 * same on either thread (test/search/builtin.test.ts checks). If no worker can
 * be started (or it fails), the LSA runs on the calling thread instead.
 */
import { Worker } from 'node:worker_threads';
import { lsaTermVectors, type SparseRows } from './lsa.ts';
import { Rng } from '../numeric/random.ts';

export interface LsaJob {
  readonly x: SparseRows;
  readonly dims: number;
  readonly seed: number;
  readonly powerIterations: number;
  readonly sigmaPower: number;
}

export interface LsaResult {
  readonly vectors: Float32Array;
  /** wall time of the LSA itself */
  readonly ms: number;
  /** whether it ran on a worker thread */
  readonly onWorker: boolean;
}

export function runLsa(job: LsaJob): LsaResult {
  const started = Date.now();
  const vectors = lsaTermVectors(job.x, job.dims, new Rng(job.seed), job.powerIterations, job.sigmaPower);
  return { vectors, ms: Date.now() - started, onWorker: false };
}

/** Starts the LSA on a worker thread; the promise settles once it is done (on this thread if the worker failed). */
export function runLsaOnWorker(job: LsaJob): Promise<LsaResult> {
  return new Promise((resolve) => {
    let settled = false;
    const fallback = () => {
      if (settled) return;
      settled = true;
      resolve(runLsa(job));
    };
    let worker: Worker;
    try {
      // the matrix is copied, not transferred: the fallback may still need it
      worker = new Worker(new URL('./lsa-worker.mjs', import.meta.url), { workerData: job });
    } catch {
      fallback();
      return;
    }
    worker.on('message', (m: LsaResult | { error: string }) => {
      if ('error' in m) return fallback();
      settled = true;
      resolve(m);
      void worker.terminate();
    });
    worker.on('error', fallback);
    worker.on('exit', fallback);
  });
}
