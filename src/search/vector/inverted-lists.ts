/**
 * The in-memory half of the IVF index: the 4-bit code of every vector
 * (codebook.ts: 256 components, 128 bytes), grouped by list, in WebAssembly
 * memory so the SIMD kernel dotI4 (numeric/simd-kernels.ts) scans a list at ~10–30 ns
 * per vector.
 *
 * Each list is a chain of fixed blocks of BLOCK codes; a vector is a slot
 * (block * BLOCK + position). Adding appends to its list's last block;
 * removing moves the list's last code into the hole, so lists stay dense and
 * no more than one block per list is partly empty. Memory only grows (as
 * WebAssembly memory does); freed blocks are reused.
 */
import { I4_STRIDE_ALIGN, kernels, type Kernels } from '../numeric/simd-kernels.ts';

const BLOCK = 32;
const PAGE = 65536;
const DENSE_ROWIDS = 1 << 26;

/** rowid → slot, a flat array for the usual dense rowids, a Map beyond */
class SlotOfRowid {
  private dense = new Int32Array(1024).fill(-1);
  private readonly sparse = new Map<number, number>();

  get(rowid: number): number {
    if (rowid >= 0 && rowid < DENSE_ROWIDS) return rowid < this.dense.length ? this.dense[rowid]! : -1;
    return this.sparse.get(rowid) ?? -1;
  }

  set(rowid: number, slot: number): void {
    if (rowid >= 0 && rowid < DENSE_ROWIDS) {
      if (rowid >= this.dense.length) {
        const grown = new Int32Array(Math.min(DENSE_ROWIDS, Math.max(rowid + 1, this.dense.length * 2))).fill(-1);
        grown.set(this.dense);
        this.dense = grown;
      }
      this.dense[rowid] = slot;
    } else if (slot < 0) this.sparse.delete(rowid);
    else this.sparse.set(rowid, slot);
  }
}

export interface Candidates {
  readonly rowids: Float64Array;
  /** code dot products with the query: comparable between candidates, not a similarity */
  readonly scores: Int32Array;
}

export class InvertedLists {
  /** bytes of one code */
  readonly codeBytes: number;
  private listCount: number;
  private readonly stride: number;
  private readonly kernel: Kernels;
  private readonly outAt: number;
  private readonly base: number;
  private bytes: Uint8Array;
  private out: Int32Array;
  private blocksOf: number[][];
  private counts: Int32Array;
  private listOfBlock = new Int32Array(256);
  private rowidAt = new Float64Array(256 * BLOCK);
  private slotOf = new SlotOfRowid();
  private freeBlocks: number[] = [];
  private blockCount = 0;
  private vectors = 0;

  /** codes of `codeBytes` bytes (a multiple of the kernel's I4_STRIDE_ALIGN) */
  constructor(codeBytes: number, lists: number) {
    if (codeBytes % I4_STRIDE_ALIGN !== 0) throw new Error(`codes of ${codeBytes} bytes: not a multiple of ${I4_STRIDE_ALIGN}`);
    this.codeBytes = codeBytes;
    this.listCount = lists;
    this.stride = codeBytes;
    // layout: [int16 query: 4 bytes per code byte][BLOCK scores][blocks...]
    this.outAt = 4 * codeBytes;
    this.base = Math.ceil((this.outAt + BLOCK * 4) / 64) * 64;
    this.kernel = kernels(Math.ceil((this.base + 16 * BLOCK * this.stride) / PAGE));
    this.bytes = new Uint8Array(this.kernel.memory.buffer);
    this.out = new Int32Array(this.kernel.memory.buffer, this.outAt, BLOCK);
    this.blocksOf = Array.from({ length: lists }, () => []);
    this.counts = new Int32Array(lists);
  }

  /** Empties the lists (keeping the memory, which WebAssembly cannot give back) for a reload with `lists` lists. */
  reset(lists: number): this {
    this.listCount = lists;
    this.blocksOf = Array.from({ length: lists }, () => []);
    this.counts = new Int32Array(lists);
    this.slotOf = new SlotOfRowid();
    this.freeBlocks = [];
    this.blockCount = 0;
    this.vectors = 0;
    return this;
  }

  get lists(): number {
    return this.listCount;
  }

  get size(): number {
    return this.vectors;
  }

  /** bytes of WebAssembly memory holding the codes */
  get memoryBytes(): number {
    return this.kernel.memory.buffer.byteLength;
  }

  has(rowid: number): boolean {
    return this.slotOf.get(rowid) >= 0;
  }

  /** Adds (or replaces) `rowid` in `list` with its packed `code`. */
  add(rowid: number, list: number, code: Uint8Array): void {
    if (code.length !== this.codeBytes) throw new Error(`a code of ${code.length} bytes for lists of ${this.codeBytes}`);
    if (list < 0 || list >= this.listCount) throw new Error(`list ${list} out of range (${this.listCount} lists)`);
    let slot = this.slotOf.get(rowid);
    if (slot >= 0 && this.listOfBlock[Math.floor(slot / BLOCK)] !== list) {
      this.remove(rowid);
      slot = -1;
    }
    if (slot < 0) {
      const n = this.counts[list]!;
      const chain = this.blocksOf[list]!;
      if (n === chain.length * BLOCK) chain.push(this.newBlock(list));
      slot = chain[Math.floor(n / BLOCK)]! * BLOCK + (n % BLOCK);
      this.counts[list] = n + 1;
      this.rowidAt[slot] = rowid;
      this.slotOf.set(rowid, slot);
      this.vectors++;
    }
    this.bytes.set(code, this.base + slot * this.stride);
  }

  /** Removes `rowid`; false when it was not there. */
  remove(rowid: number): boolean {
    const slot = this.slotOf.get(rowid);
    if (slot < 0) return false;
    const list = this.listOfBlock[Math.floor(slot / BLOCK)]!;
    const chain = this.blocksOf[list]!;
    const last = this.counts[list]! - 1;
    const lastSlot = chain[Math.floor(last / BLOCK)]! * BLOCK + (last % BLOCK);
    if (lastSlot !== slot) {
      const from = this.base + lastSlot * this.stride;
      this.bytes.copyWithin(this.base + slot * this.stride, from, from + this.stride);
      const moved = this.rowidAt[lastSlot]!;
      this.rowidAt[slot] = moved;
      this.slotOf.set(moved, slot);
    }
    this.slotOf.set(rowid, -1);
    this.counts[list] = last;
    if (last % BLOCK === 0) this.freeBlocks.push(chain.pop()!);
    this.vectors--;
    return true;
  }

  /**
   * The `pool` vectors of `lists` whose codes score best against `query` (the
   * int16 query of Codebook.query: 2 × codeBytes components), in no particular order.
   */
  scan(query: Int16Array, lists: readonly number[], pool: number): Candidates {
    if (query.length !== 2 * this.codeBytes) throw new Error(`a query of ${query.length} components for codes of ${this.codeBytes} bytes`);
    new Int16Array(this.kernel.memory.buffer, 0, query.length).set(query);
    // a min-heap of the best `pool` (score, slot) so far
    const heapScore = new Int32Array(pool);
    const heapSlot = new Int32Array(pool);
    let size = 0;
    const out = this.out;
    for (const list of lists) {
      const chain = this.blocksOf[list];
      if (!chain) continue;
      let left = this.counts[list]!;
      for (const block of chain) {
        const n = Math.min(BLOCK, left);
        left -= n;
        this.kernel.dotI4(0, this.base + block * BLOCK * this.stride, n, this.stride, this.outAt);
        const first = block * BLOCK;
        for (let i = 0; i < n; i++) {
          const s = out[i]!;
          if (size < pool) {
            // sift up
            let c = size++;
            while (c > 0) {
              const p = (c - 1) >> 1;
              if (heapScore[p]! <= s) break;
              heapScore[c] = heapScore[p]!;
              heapSlot[c] = heapSlot[p]!;
              c = p;
            }
            heapScore[c] = s;
            heapSlot[c] = first + i;
          } else if (s > heapScore[0]!) {
            // replace the root, sift down
            let c = 0;
            for (;;) {
              let child = 2 * c + 1;
              if (child >= size) break;
              if (child + 1 < size && heapScore[child + 1]! < heapScore[child]!) child++;
              if (heapScore[child]! >= s) break;
              heapScore[c] = heapScore[child]!;
              heapSlot[c] = heapSlot[child]!;
              c = child;
            }
            heapScore[c] = s;
            heapSlot[c] = first + i;
          }
        }
      }
    }
    const rowids = new Float64Array(size);
    for (let i = 0; i < size; i++) rowids[i] = this.rowidAt[heapSlot[i]!]!;
    return { rowids, scores: heapScore.subarray(0, size) };
  }

  private newBlock(list: number): number {
    const reused = this.freeBlocks.pop();
    const block = reused ?? this.blockCount++;
    if (reused === undefined) {
      const need = this.base + this.blockCount * BLOCK * this.stride;
      const have = this.kernel.memory.buffer.byteLength;
      if (need > have) {
        // untouched pages cost address space, not RSS: grow by a quarter at least
        this.kernel.memory.grow(Math.ceil(Math.max(need - have, have / 4) / PAGE));
        this.bytes = new Uint8Array(this.kernel.memory.buffer);
        this.out = new Int32Array(this.kernel.memory.buffer, this.outAt, BLOCK);
      }
      if (this.blockCount > this.listOfBlock.length) {
        const grown = new Int32Array(this.listOfBlock.length * 2);
        grown.set(this.listOfBlock);
        this.listOfBlock = grown;
        const rowids = new Float64Array(grown.length * BLOCK);
        rowids.set(this.rowidAt);
        this.rowidAt = rowids;
      }
    }
    this.listOfBlock[block] = list;
    return block;
  }
}
