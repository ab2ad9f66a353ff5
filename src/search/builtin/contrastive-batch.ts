/**
 * One contrastive training batch as work units over shared memory, so that two
 * threads (the training thread and a helper, see contrastive-thread.ts) can
 * share it. The training thread builds the batch's bags (it owns the random
 * stream) and computes the softmax; everything else is split into units that
 * either thread may claim:
 *  - EMBED: a few bags -> their normalised vectors (reads the table);
 *  - SIMS: a few rows of the similarity matrix;
 *  - GRADS: a few rows of the gradient w.r.t. the normalised vectors, then
 *    through the normalisation;
 *  - UPDATE: the Adagrad steps of one shard of table rows (rows are sharded by
 *    id, and a shard applies its steps in batch order).
 * A unit's result does not depend on which thread ran it or in which order the
 * units ran, so training gives the same model, bit for bit, on one thread or
 * two, loaded or not. Units are claimed one at a time (not split in halves),
 * so a thread that gets less CPU (the LSA worker beside it, other processes)
 * simply takes fewer.
 *
 * A helper that fails before taking a unit costs nothing (this thread does all
 * of them); one that dies in the middle of a unit makes training throw.
 *
 * Claiming: ctrl[CLAIM] holds (generation << 16 | next unit). A phase is
 * published by closing the claim word, writing its kind and unit count, then
 * opening the claim word at unit 0 and bumping ctrl[GEN]; a thread claims a
 * unit by compare-and-swap, so it can never run a unit of a phase it did not
 * read the parameters of. ctrl[DONE] counts finished units.
 */
import { addRows, scaledDotProducts, subtractScaled } from '../numeric/kernels.ts';

export const Unit = { EMBED: 1, SIMS: 2, GRADS: 3, UPDATE: 4, STOP: 5 } as const;

/** ctrl word indices */
export const Ctrl = {
  CLAIM: 0,
  GEN: 1,
  KIND: 2,
  COUNT: 3,
  DONE: 4,
  /** rows of the current batch (m) */
  M: 5,
  /** bag slot of the current batch (0 or 1) */
  SLOT: 6,
  /** set by the helper once it waits for work */
  READY: 7,
  /** set by the helper if it failed (it stops claiming) */
  FAILED: 8,
  /** units the helper ran (statistics) */
  HELPER_UNITS: 9,
  WORDS: 10,
} as const;

const CLOSED = 0xffff;
/** units per phase stay below this (the claim word has 16 bits for the unit) */
const MAX_UNITS = 0x4000;
/** bags / rows per unit */
const CHUNK = 4;
/** update shards: a power of two */
export const SHARDS = 64;

/** Everything a thread needs to run units: sizes and the shared buffers. */
export interface BatchBuffers {
  readonly d: number;
  /** batch size (max rows per batch) */
  readonly B: number;
  /** entries of one batch's bags (the flat bag arrays hold two batches: slots 0 and 1) */
  readonly capacity: number;
  readonly learningRate: number;
  readonly temperature: number;
  readonly ctrl: SharedArrayBuffer;
  readonly table: SharedArrayBuffer;
  readonly accum: SharedArrayBuffer;
  readonly bagIds: SharedArrayBuffer;
  readonly bagWeights: SharedArrayBuffer;
  readonly bagStart: SharedArrayBuffer;
  readonly bagEnd: SharedArrayBuffer;
  readonly vecs: SharedArrayBuffer;
  readonly norms: SharedArrayBuffer;
  readonly sims: SharedArrayBuffer;
  readonly grad: SharedArrayBuffer;
  readonly gvecs: SharedArrayBuffer;
  readonly g2: SharedArrayBuffer;
  readonly shardStart: SharedArrayBuffer;
  readonly entryBag: SharedArrayBuffer;
  readonly entryFlat: SharedArrayBuffer;
}

export function allocateBatchBuffers(rows: number, d: number, B: number, capacity: number, learningRate: number, temperature: number): BatchBuffers {
  const f32 = (n: number) => new SharedArrayBuffer(4 * n);
  return {
    d, B, capacity, learningRate, temperature,
    ctrl: new SharedArrayBuffer(4 * Ctrl.WORDS),
    table: f32(rows * d),
    accum: f32(rows),
    bagIds: f32(2 * capacity),
    bagWeights: f32(2 * capacity),
    bagStart: f32(4 * B),
    bagEnd: f32(4 * B),
    vecs: f32(2 * B * d),
    norms: f32(2 * B),
    sims: f32(B * B),
    grad: f32(B * B),
    gvecs: f32(2 * B * d),
    g2: new SharedArrayBuffer(8 * 2 * B),
    shardStart: f32(2 * (SHARDS + 1)),
    entryBag: f32(2 * capacity),
    entryFlat: f32(2 * capacity),
  };
}

/**
 * Views of the shared buffers plus per-thread scratch. Bag `b` is a query bag
 * for b < B (query i = bag i) and a paper bag for b >= B (paper i = bag B + i);
 * its normalised vector is row b of `vecs`, its gradient row b of `gvecs`.
 * Bags (and their entries sorted by shard) come in two slots, so that the next
 * batch can be built while the current one updates the table: bag b of slot s
 * spans bagIds[bagStart[s * 2B + b], bagEnd[s * 2B + b]); slot s's entries
 * start at s * capacity, its shard offsets at s * (SHARDS + 1).
 */
export class BatchWork {
  readonly d: number;
  readonly B: number;
  readonly ctrl: Int32Array;
  readonly table: Float32Array;
  readonly accum: Float32Array;
  readonly bagIds: Int32Array;
  readonly bagWeights: Float32Array;
  readonly bagStart: Int32Array;
  readonly bagEnd: Int32Array;
  readonly vecs: Float32Array;
  readonly norms: Float32Array;
  /** m x m, row-major with stride m */
  readonly sims: Float32Array;
  /** dLoss/dsims, m x m */
  readonly grad: Float32Array;
  readonly gvecs: Float32Array;
  readonly g2: Float64Array;
  readonly shardStart: Int32Array;
  readonly entryBag: Int32Array;
  readonly entryFlat: Int32Array;
  private readonly q: Float32Array;
  private readonly p: Float32Array;
  private readonly lr: number;
  private readonly invT: number;
  private readonly acc: Float64Array;
  private readonly ids: Int32Array;
  private readonly weights: Float32Array;
  readonly capacity: number;

  constructor(readonly buffers: BatchBuffers) {
    const { d, B } = buffers;
    this.d = d;
    this.B = B;
    this.ctrl = new Int32Array(buffers.ctrl);
    this.table = new Float32Array(buffers.table);
    this.accum = new Float32Array(buffers.accum);
    this.bagIds = new Int32Array(buffers.bagIds);
    this.bagWeights = new Float32Array(buffers.bagWeights);
    this.bagStart = new Int32Array(buffers.bagStart);
    this.bagEnd = new Int32Array(buffers.bagEnd);
    this.vecs = new Float32Array(buffers.vecs);
    this.norms = new Float32Array(buffers.norms);
    this.sims = new Float32Array(buffers.sims);
    this.grad = new Float32Array(buffers.grad);
    this.gvecs = new Float32Array(buffers.gvecs);
    this.g2 = new Float64Array(buffers.g2);
    this.shardStart = new Int32Array(buffers.shardStart);
    this.entryBag = new Int32Array(buffers.entryBag);
    this.entryFlat = new Int32Array(buffers.entryFlat);
    this.q = this.vecs.subarray(0, B * d);
    this.p = this.vecs.subarray(B * d);
    this.lr = buffers.learningRate;
    this.invT = 1 / buffers.temperature;
    this.acc = new Float64Array(d);
    this.ids = new Int32Array(B);
    this.weights = new Float32Array(B);
    this.capacity = buffers.capacity;
  }

  /** units of a phase for a batch of m rows */
  static units(kind: number, m: number): { count: number; size: number } {
    if (kind === Unit.UPDATE) return { count: SHARDS, size: 1 };
    const items = kind === Unit.SIMS ? m : 2 * m;
    const size = Math.max(CHUNK, Math.ceil(items / MAX_UNITS));
    return { count: Math.ceil(items / size), size };
  }

  run(kind: number, unit: number, m: number, slot: number): void {
    if (kind === Unit.UPDATE) return this.update(unit, slot);
    const { size } = BatchWork.units(kind, m);
    const from = unit * size;
    if (kind === Unit.SIMS) {
      scaledDotProducts(this.q, this.p, m, this.d, this.invT, this.sims, from, Math.min(m, from + size));
      return;
    }
    const to = Math.min(2 * m, from + size);
    for (let i = from; i < to; i++) {
      // items 0..m-1 are the queries, m..2m-1 the papers
      const paper = i >= m;
      const b = paper ? this.B + i - m : i;
      if (kind === Unit.EMBED) this.embed(b, slot * 2 * this.B + b);
      else this.gradient(b, paper ? i - m : i, paper, m);
    }
  }

  /** row b of vecs = bag b's normalised vector; norms[b] = its norm before normalising (`at`: where its span is) */
  private embed(b: number, at: number): void {
    const { d, acc } = this;
    acc.fill(0);
    addRows(acc, this.table, d, this.bagIds, this.bagWeights, this.bagStart[at]!, this.bagEnd[at]!);
    let s = 0;
    for (let k = 0; k < d; k++) s += acc[k]! * acc[k]!;
    const norm = Math.sqrt(s) || 1;
    const off = b * d;
    for (let k = 0; k < d; k++) this.vecs[off + k] = acc[k]! / norm;
    this.norms[b] = norm;
  }

  /**
   * Row b of gvecs: the gradient w.r.t. the normalised vector (query i: G D / tau;
   * paper i: G^T Q / tau; entries with |G| < 1e-4 / m, pairs the model already
   * separates well, are left out), then through the normalisation; g2[b] = its
   * mean square.
   */
  private gradient(b: number, i: number, paper: boolean, m: number): void {
    const { d, acc, ids, weights, grad: g, gvecs, vecs } = this;
    const skipBelow = 1e-4 / m;
    const scale = this.invT;
    let n = 0;
    for (let j = 0; j < m; j++) {
      const gij = paper ? g[j * m + i]! : g[i * m + j]!;
      if (gij < skipBelow && gij > -skipBelow) continue;
      ids[n] = j;
      weights[n] = gij * scale;
      n++;
    }
    acc.fill(0);
    addRows(acc, paper ? this.q : this.p, d, ids, weights, 0, n);
    const off = b * d;
    for (let k = 0; k < d; k++) gvecs[off + k] = acc[k]!;
    let gv = 0;
    for (let k = 0; k < d; k++) gv += gvecs[off + k]! * vecs[off + k]!;
    const inv = 1 / this.norms[b]!;
    for (let k = 0; k < d; k++) gvecs[off + k] = (gvecs[off + k]! - gv * vecs[off + k]!) * inv;
    let g2 = 0;
    for (let k = 0; k < d; k++) g2 += gvecs[off + k]! * gvecs[off + k]!;
    this.g2[b] = g2 / d;
  }

  /** row-wise Adagrad (one accumulator per row: mean squared gradient) on one shard, in batch order */
  private update(shard: number, slot: number): void {
    const { d, table, accum, bagIds, bagWeights, entryBag, entryFlat, gvecs, g2, lr } = this;
    const at = slot * (SHARDS + 1) + shard;
    const to = this.shardStart[at + 1]!;
    for (let e = this.shardStart[at]!; e < to; e++) {
      const f = entryFlat[e]!;
      const b = entryBag[e]!;
      const w = bagWeights[f]!;
      const row = bagIds[f]!;
      const a = (accum[row] = accum[row]! + w * w * g2[b]!);
      const step = (lr * w) / Math.sqrt(a);
      subtractScaled(table, row * d, step, gvecs, b * d, d);
    }
  }

  /**
   * Sorts the entries of a slot's bags (queries 0..m-1, then papers) by
   * shard, keeping their order within a shard. `counts` is scratch of SHARDS + 1.
   */
  shardEntries(m: number, slot: number, counts: Int32Array): void {
    counts.fill(0);
    counts[0] = slot * this.capacity;
    const mask = SHARDS - 1;
    const { bagIds, bagStart, bagEnd, entryBag, entryFlat, shardStart } = this;
    const base = slot * 2 * this.B;
    for (let i = 0; i < 2 * m; i++) {
      const b = base + (i < m ? i : this.B + i - m);
      for (let f = bagStart[b]!; f < bagEnd[b]!; f++) counts[(bagIds[f]! & mask) + 1]!++;
    }
    for (let s = 0; s < SHARDS; s++) counts[s + 1] = counts[s + 1]! + counts[s]!;
    shardStart.set(counts, slot * (SHARDS + 1));
    for (let i = 0; i < 2 * m; i++) {
      const b = i < m ? i : this.B + i - m;
      for (let f = bagStart[base + b]!; f < bagEnd[base + b]!; f++) {
        const e = counts[bagIds[f]! & mask]!++;
        entryBag[e] = b;
        entryFlat[e] = f;
      }
    }
  }

  /**
   * Claims and runs units of the published phase `gen` until none is left;
   * returns how many this thread ran.
   */
  claimAndRun(gen: number, kind: number, count: number, m: number, slot: number): number {
    const ctrl = this.ctrl;
    const tag = (gen & 0x7fff) << 16;
    let ran = 0;
    for (;;) {
      const v = Atomics.load(ctrl, Ctrl.CLAIM);
      if ((v & ~0xffff) !== tag) return ran;
      const unit = v & 0xffff;
      if (unit >= count) return ran;
      if (Atomics.compareExchange(ctrl, Ctrl.CLAIM, v, v + 1) !== v) continue;
      this.run(kind, unit, m, slot);
      ran++;
      if (Atomics.add(ctrl, Ctrl.DONE, 1) + 1 === count) Atomics.notify(ctrl, Ctrl.DONE);
    }
  }
}

/** The training thread's side: publishes phases and takes part in them. */
export class PhaseLeader {
  private gen = 0;
  constructor(private readonly work: BatchWork, private readonly shared: boolean) {}

  private pending: { kind: number; m: number; slot: number; count: number; gen: number } | undefined;

  /** Runs every unit of a phase, with the helper if there is one; returns once all are done. */
  phase(kind: number, m: number, slot: number): void {
    this.begin(kind, m, slot);
    this.finish();
  }

  /** Offers a phase to the helper (which may start on it right away); finish() runs the rest. */
  begin(kind: number, m: number, slot: number): void {
    const work = this.work;
    const { count } = BatchWork.units(kind, m);
    if (!this.shared) {
      this.pending = { kind, m, slot, count, gen: 0 };
      return;
    }
    const ctrl = work.ctrl;
    const gen = (this.gen = (this.gen + 1) & 0x7fff);
    const tag = gen << 16;
    Atomics.store(ctrl, Ctrl.CLAIM, tag | CLOSED);
    Atomics.store(ctrl, Ctrl.KIND, kind);
    Atomics.store(ctrl, Ctrl.COUNT, count);
    Atomics.store(ctrl, Ctrl.M, m);
    Atomics.store(ctrl, Ctrl.SLOT, slot);
    Atomics.store(ctrl, Ctrl.DONE, 0);
    Atomics.store(ctrl, Ctrl.CLAIM, tag);
    Atomics.store(ctrl, Ctrl.GEN, gen);
    Atomics.notify(ctrl, Ctrl.GEN);
    this.pending = { kind, m, slot, count, gen };
  }

  /** Takes part in the phase begun last and returns once all its units are done. */
  finish(): void {
    const { kind, m, slot, count, gen } = this.pending!;
    this.pending = undefined;
    const work = this.work;
    if (!this.shared) {
      for (let u = 0; u < count; u++) work.run(kind, u, m, slot);
      return;
    }
    const ctrl = work.ctrl;
    work.claimAndRun(gen, kind, count, m, slot);
    for (;;) {
      const done = Atomics.load(ctrl, Ctrl.DONE);
      if (done >= count) return;
      // a unit is still running on the helper
      if (Atomics.wait(ctrl, Ctrl.DONE, done, 5_000) === 'timed-out' && Atomics.load(ctrl, Ctrl.FAILED)) {
        throw new Error('the contrastive training helper thread failed in the middle of a batch');
      }
    }
  }

  /** Tells the helper to stop (it exits once it sees this). */
  stop(): void {
    if (!this.shared) return;
    const ctrl = this.work.ctrl;
    const gen = (this.gen = (this.gen + 1) & 0x7fff);
    Atomics.store(ctrl, Ctrl.CLAIM, (gen << 16) | CLOSED);
    Atomics.store(ctrl, Ctrl.KIND, Unit.STOP);
    Atomics.store(ctrl, Ctrl.COUNT, 0);
    Atomics.store(ctrl, Ctrl.GEN, gen);
    Atomics.notify(ctrl, Ctrl.GEN);
  }
}

/** The helper's side: waits for phases and takes part in them until told to stop. */
export function helperLoop(buffers: BatchBuffers): void {
  const work = new BatchWork(buffers);
  const ctrl = work.ctrl;
  let seen = -1;
  Atomics.store(ctrl, Ctrl.READY, 1);
  Atomics.notify(ctrl, Ctrl.READY);
  try {
    for (;;) {
      const gen = Atomics.load(ctrl, Ctrl.GEN);
      if (gen === seen) {
        Atomics.wait(ctrl, Ctrl.GEN, gen);
        continue;
      }
      const kind = Atomics.load(ctrl, Ctrl.KIND);
      if (kind === Unit.STOP) return;
      const count = Atomics.load(ctrl, Ctrl.COUNT);
      const m = Atomics.load(ctrl, Ctrl.M);
      const slot = Atomics.load(ctrl, Ctrl.SLOT);
      const ran = work.claimAndRun(gen, kind, count, m, slot);
      if (ran) Atomics.add(ctrl, Ctrl.HELPER_UNITS, ran);
      seen = gen;
    }
  } catch (e) {
    Atomics.store(ctrl, Ctrl.FAILED, 1);
    throw e;
  }
}
