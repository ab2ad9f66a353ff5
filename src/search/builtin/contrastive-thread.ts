/**
 * Starts the helper thread of the contrastive phase (see contrastive-batch.ts):
 * a worker that takes units of each batch from shared memory while the
 * training thread takes the rest. The training thread never waits for it to
 * start: it joins whenever it is up. If it cannot be started, or fails before
 * taking any unit, the training thread simply does all the work itself (same
 * result).
 */
import { Worker } from 'node:worker_threads';
import { Ctrl, type BatchBuffers } from './contrastive-batch.ts';

export interface ContrastiveHelper {
  /** blocks until the helper waits for work or `ms` have passed; true if it is ready */
  awaitReady(ms: number): boolean;
  /** units of work the helper ran so far */
  units(): number;
  /** lets the worker go (call after PhaseLeader.stop) */
  release(): void;
}

export const CONTRASTIVE_HELPER_URL = new URL('./contrastive-worker.mjs', import.meta.url);

export function startContrastiveHelper(buffers: BatchBuffers, url: URL = CONTRASTIVE_HELPER_URL): ContrastiveHelper | undefined {
  let worker: Worker;
  try {
    worker = new Worker(url, { workerData: buffers });
  } catch {
    return undefined;
  }
  const ctrl = new Int32Array(buffers.ctrl);
  // errors reach this thread only once training is over (its event loop is busy until then):
  // the helper flags a failure in shared memory, see helperLoop
  worker.on('error', () => Atomics.store(ctrl, Ctrl.FAILED, 1));
  worker.unref();
  return {
    awaitReady(ms) {
      const until = Date.now() + ms;
      while (!Atomics.load(ctrl, Ctrl.READY) && !Atomics.load(ctrl, Ctrl.FAILED) && Date.now() < until) {
        Atomics.wait(ctrl, Ctrl.READY, 0, Math.max(1, until - Date.now()));
      }
      return Atomics.load(ctrl, Ctrl.READY) === 1;
    },
    units: () => Atomics.load(ctrl, Ctrl.HELPER_UNITS),
    release() {
      void worker.terminate();
    },
  };
}
