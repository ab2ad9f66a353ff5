/**
 * The postings of the in-memory index: for each term, for each document (by
 * slot, in increasing order) how often the term occurs in the title and in the
 * rest (abstract and authors), as varints:
 *   (slot - previous slot) * 2 + (title occurs ? 1 : 0),  rest count,  [title count]
 * so a posting of a common term usually takes two bytes.
 *
 * Two layouts: `PostingsStore` packs every term's postings into one byte arena
 * (hundreds of thousands of terms, most with one or two postings, would
 * otherwise cost more in per-object overhead than in data), and papers indexed
 * since the last `pack()` go to per-term chains of small blocks (TailPool).
 */

/** Appends varint-coded postings to a growable buffer. */
class PostingsWriter {
  bytes: Uint8Array;
  end = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(8, capacity));
  }

  /** Writes one posting after `lastSlot`; returns its slot. */
  put(lastSlot: number, slot: number, titleCount: number, restCount: number): number {
    if (this.end + 16 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(16, Math.ceil(this.bytes.length * 1.5)));
      grown.set(this.bytes.subarray(0, this.end));
      this.bytes = grown;
    }
    this.varint((slot - lastSlot) * 2 + (titleCount > 0 ? 1 : 0));
    this.varint(restCount);
    if (titleCount > 0) this.varint(titleCount);
    return slot;
  }

  private varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.end++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.end++] = v;
  }
}

/** Calls `visit(slot, titleCount, restCount)` for the postings in bytes[from, to). */
function forEachIn(b: Uint8Array, from: number, to: number, visit: (slot: number, titleCount: number, restCount: number) => void): void {
  let i = from;
  let slot = -1;
  while (i < to) {
    let byte = b[i++]!;
    let v = byte & 0x7f;
    let shift = 0x80;
    while (byte & 0x80) {
      byte = b[i++]!;
      v += (byte & 0x7f) * shift;
      shift *= 0x80;
    }
    slot += (v - (v & 1)) / 2;
    byte = b[i++]!;
    let rest = byte & 0x7f;
    shift = 0x80;
    while (byte & 0x80) {
      byte = b[i++]!;
      rest += (byte & 0x7f) * shift;
      shift *= 0x80;
    }
    let title = 0;
    if (v & 1) {
      byte = b[i++]!;
      title = byte & 0x7f;
      shift = 0x80;
      while (byte & 0x80) {
        byte = b[i++]!;
        title += (byte & 0x7f) * shift;
        shift *= 0x80;
      }
    }
    visit(slot, title, rest);
  }
}

/** The length of a slot whose paper was replaced or removed (real lengths are capped below it). */
export const DEAD_SLOT = 0xffff;

/** What a search needs to score postings (see PostingsStore.accumulate). */
export interface ScoringState {
  readonly titleWeight: number;
  readonly restWeight: number;
  readonly k1: number;
  /** length norm k1 * (1 - b + b * length / avgdl) = normBase + normPerToken * length[slot] */
  readonly normBase: number;
  readonly normPerToken: number;
  /** tokens per slot; DEAD_SLOT for a replaced or removed paper */
  readonly length: Uint16Array;
  /** scores so far: 0 = not touched yet (every contribution is > 0), -Infinity = excluded */
  readonly acc: Float64Array;
  readonly touched: Int32Array;
}

/**
 * The hot loop of a search: adds a term's BM25 contribution to `acc` for every
 * live document in bytes[from, to), recording first touches in `touched`.
 * Returns the new number of touched slots.
 */
function accumulateIn(b: Uint8Array, from: number, to: number, idf: number, s: ScoringState, touchedCount: number): number {
  const { titleWeight, restWeight, normBase, normPerToken, length, acc, touched } = s;
  const scale = idf * (s.k1 + 1);
  let n = touchedCount;
  let i = from;
  let slot = -1;
  while (i < to) {
    let byte = b[i++]!;
    let v = byte & 0x7f;
    let shift = 0x80;
    while (byte & 0x80) {
      byte = b[i++]!;
      v += (byte & 0x7f) * shift;
      shift *= 0x80;
    }
    slot += (v - (v & 1)) / 2;
    byte = b[i++]!;
    let rest = byte & 0x7f;
    shift = 0x80;
    while (byte & 0x80) {
      byte = b[i++]!;
      rest += (byte & 0x7f) * shift;
      shift *= 0x80;
    }
    let title = 0;
    if (v & 1) {
      byte = b[i++]!;
      title = byte & 0x7f;
      shift = 0x80;
      while (byte & 0x80) {
        byte = b[i++]!;
        title += (byte & 0x7f) * shift;
        shift *= 0x80;
      }
    }
    const len = length[slot]!;
    if (len === DEAD_SLOT) continue;
    const f = titleWeight * title + restWeight * rest;
    const before = acc[slot]!;
    if (before === 0) touched[n++] = slot;
    acc[slot] = before + (scale * f) / (f + normBase + normPerToken * len);
  }
  return n;
}

/**
 * Postings added since the last pack, for every term, in fixed-size blocks
 * carved out of a few large buffers: one small buffer per term (hundreds of
 * thousands of them while a big index is built) fragments the C heap so badly
 * that the memory is not given back after packing. Large buffers are.
 */
class TailPool {
  private static readonly BLOCK = 64; // 60 data bytes, then the next block's number (or -1)
  private static readonly DATA = 60;
  // a 1 MB first chunk (small indexes), then 64 MB ones: allocations that large are mapped
  // directly and go back to the system when freed (smaller ones stay in the C heap)
  private static readonly FIRST_BLOCKS = 1 << 14;
  private static readonly BLOCKS_PER_CHUNK = 1 << 20;
  private chunks: Uint8Array[] = [];
  private blocks = 0;
  first = new Int32Array(0);
  last = new Int32Array(0);
  /** bytes used in the last block */
  fill = new Int32Array(0);
  lastSlot = new Int32Array(0);
  count = new Int32Array(0);
  bytes = 0;

  ensureTerms(n: number): void {
    if (n <= this.first.length) return;
    const size = Math.max(n, Math.ceil(this.first.length * 1.5), 1024);
    const grow = (a: Int32Array, fill: number) => {
      const b = new Int32Array(size).fill(fill);
      b.set(a);
      return b;
    };
    this.first = grow(this.first, -1);
    this.last = grow(this.last, -1);
    this.fill = grow(this.fill, 0);
    this.lastSlot = grow(this.lastSlot, -1);
    this.count = grow(this.count, 0);
  }

  private newBlock(): number {
    const b = this.blocks++;
    const { chunk } = TailPool.place(b);
    if (chunk === this.chunks.length) this.chunks.push(new Uint8Array((chunk === 0 ? TailPool.FIRST_BLOCKS : TailPool.BLOCKS_PER_CHUNK) * TailPool.BLOCK));
    this.setNext(b, -1);
    return b;
  }

  private static place(block: number): { chunk: number; index: number } {
    if (block < TailPool.FIRST_BLOCKS) return { chunk: 0, index: block };
    const rest = block - TailPool.FIRST_BLOCKS;
    return { chunk: 1 + Math.floor(rest / TailPool.BLOCKS_PER_CHUNK), index: rest % TailPool.BLOCKS_PER_CHUNK };
  }

  private at(block: number): { chunk: Uint8Array; offset: number } {
    const { chunk, index } = TailPool.place(block);
    return { chunk: this.chunks[chunk]!, offset: index * TailPool.BLOCK };
  }

  private setNext(block: number, next: number): void {
    const { chunk, offset } = this.at(block);
    new DataView(chunk.buffer, chunk.byteOffset + offset + TailPool.DATA, 4).setInt32(0, next, true);
  }

  private next(block: number): number {
    const { chunk, offset } = this.at(block);
    return new DataView(chunk.buffer, chunk.byteOffset + offset + TailPool.DATA, 4).getInt32(0, true);
  }

  /** Appends encoded bytes to a term's chain. */
  append(term: number, data: Uint8Array, length: number): void {
    if (this.first[term] === -1) {
      const b = this.newBlock();
      this.first[term] = b;
      this.last[term] = b;
      this.fill[term] = 0;
    }
    for (let i = 0; i < length; i++) {
      if (this.fill[term] === TailPool.DATA) {
        const b = this.newBlock();
        this.setNext(this.last[term]!, b);
        this.last[term] = b;
        this.fill[term] = 0;
      }
      const { chunk, offset } = this.at(this.last[term]!);
      chunk[offset + this.fill[term]!] = data[i]!;
      this.fill[term]!++;
    }
    this.bytes += length;
  }

  /** A term's tail bytes, contiguous (a copy), or null when it has none. */
  read(term: number): Uint8Array | null {
    if (term >= this.first.length || this.first[term] === -1) return null;
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let b = this.first[term]!; b !== -1; b = this.next(b)) {
      const { chunk, offset } = this.at(b);
      const n = b === this.last[term] ? this.fill[term]! : TailPool.DATA;
      parts.push(chunk.subarray(offset, offset + n));
      size += n;
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

export class PostingsStore {
  private arena = new Uint8Array(0);
  private start = new Int32Array(0);
  private end = new Int32Array(0);
  private packedCount = new Int32Array(0);
  private packedLast = new Int32Array(0);
  private tails = new TailPool();
  private readonly scratch = new PostingsWriter(16);
  private terms = 0;

  /** Makes room for term ids below `n`. */
  ensureTerms(n: number): void {
    this.terms = Math.max(this.terms, n);
    this.tails.ensureTerms(n);
  }

  add(term: number, slot: number, titleCount: number, restCount: number): void {
    this.ensureTerms(term + 1);
    const t = this.tails;
    const previous = t.count[term] === 0 && term < this.packedLast.length ? this.packedLast[term]! : t.lastSlot[term]!;
    if (slot <= previous) throw new Error(`postings must be added in slot order (${slot} after ${previous})`);
    this.scratch.end = 0;
    // a tail's first posting is coded from slot -1: tails decode on their own
    this.scratch.put(t.count[term] === 0 ? -1 : t.lastSlot[term]!, slot, titleCount, restCount);
    t.append(term, this.scratch.bytes, this.scratch.end);
    t.lastSlot[term] = slot;
    t.count[term]!++;
  }

  /** documents listed for a term, removed ones included */
  count(term: number): number {
    return (term < this.packedCount.length ? this.packedCount[term]! : 0) + (term < this.tails.count.length ? this.tails.count[term]! : 0);
  }

  forEach(term: number, visit: (slot: number, titleCount: number, restCount: number) => void): void {
    if (term < this.start.length) forEachIn(this.arena, this.start[term]!, this.end[term]!, visit);
    const tail = this.tails.read(term);
    if (tail) forEachIn(tail, 0, tail.length, visit);
  }

  accumulate(term: number, idf: number, state: ScoringState, touchedCount: number): number {
    let n = touchedCount;
    if (term < this.start.length) n = accumulateIn(this.arena, this.start[term]!, this.end[term]!, idf, state, n);
    const tail = this.tails.read(term);
    if (tail) n = accumulateIn(tail, 0, tail.length, idf, state, n);
    return n;
  }

  /** bytes in tails, for deciding when to pack */
  get unpackedBytes(): number {
    return this.tails.bytes;
  }

  get packedBytes(): number {
    return this.arena.length;
  }

  /**
   * Rewrites every term's postings into one arena, dropping the tails; `remap`
   * gives each slot's new slot, or -1 to drop its postings (compaction).
   */
  pack(remap?: Int32Array): void {
    const out = new PostingsWriter(this.arena.length + this.tails.bytes + 8 * this.terms);
    const start = new Int32Array(this.terms);
    const end = new Int32Array(this.terms);
    const count = new Int32Array(this.terms);
    const last = new Int32Array(this.terms).fill(-1);
    for (let t = 0; t < this.terms; t++) {
      start[t] = out.end;
      let lastSlot = -1;
      let n = 0;
      this.forEach(t, (slot, title, rest) => {
        const to = remap ? remap[slot]! : slot;
        if (to < 0) return;
        lastSlot = out.put(lastSlot, to, title, rest);
        n++;
      });
      end[t] = out.end;
      count[t] = n;
      last[t] = lastSlot;
    }
    this.arena = out.bytes.slice(0, out.end);
    this.start = start;
    this.end = end;
    this.packedCount = count;
    this.packedLast = last;
    this.tails = new TailPool();
    this.tails.ensureTerms(this.terms);
  }
}
