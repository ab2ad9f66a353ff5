/** Inside the contrastive helper worker: take units of each batch until told to stop. */
import { workerData } from 'node:worker_threads';
import { helperLoop, type BatchBuffers } from './contrastive-batch.ts';

helperLoop(workerData as BatchBuffers);
