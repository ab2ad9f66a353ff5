/**
 * The postings of the in-memory index: for each term, for each document (by
 * slot, in increasing order) how often the term occurs in the title and in the
 * rest (abstract and authors), as varints:
 *   (slot - previous slot) * 4 + kind,  then by kind:
 *     0: nothing (title 0, rest 1: the commonest posting by far)
 *     1: rest count (title 0)
 *     2: rest count (title 1)
 *     3: rest count, title count
 * so a posting of a common term usually takes one or two bytes. (With the
 * counts always written, the bench's 1M papers took 173 MB of word postings
 * and 162 MB of pair postings; this way 115 and 122 MB.)
 *
 * Two layouts: `PostingsStore` packs every term's postings into one byte arena
 * (hundreds of thousands of terms, most with one or two postings, would
 * otherwise cost more in per-object overhead than in data), and papers indexed
 * since the last `pack()` go to per-term chains of small blocks (TailPool).
 *
 * Memory is counted per term, because the pair store has millions of terms, most
 * with one posting (inverted-index.ts): a packed term costs its 4-byte start in
 * the arena and a varint count in front of its postings (its end is the next
 * term's start); a term costs nothing in the tail pool until it has a tail.
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
    const gap = (slot - lastSlot) * 4;
    if (titleCount === 0 && restCount === 1) this.varint(gap);
    else if (titleCount <= 1) {
      this.varint(gap + 1 + titleCount);
      this.varint(restCount);
    } else {
      this.varint(gap + 3);
      this.varint(restCount);
      this.varint(titleCount);
    }
    return slot;
  }

  /** Appends `length` bytes of `from`. */
  copy(from: Uint8Array, length: number): void {
    if (this.end + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.end + length, Math.ceil(this.bytes.length * 1.5)));
      grown.set(this.bytes.subarray(0, this.end));
      this.bytes = grown;
    }
    this.bytes.set(from.subarray(0, length), this.end);
    this.end += length;
  }

  varint(value: number): void {
    if (this.end + 8 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(16, Math.ceil(this.bytes.length * 1.5)));
      grown.set(this.bytes.subarray(0, this.end));
      this.bytes = grown;
    }
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.end++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.end++] = v;
  }
}

/** Where the varint read last by `readVarint` ended. */
let varintEnd = 0;

/** The varint at b[i] (sets `varintEnd`). */
function readVarint(b: Uint8Array, i: number): number {
  let byte = b[i++]!;
  let v = byte & 0x7f;
  let shift = 0x80;
  while (byte & 0x80) {
    byte = b[i++]!;
    v += (byte & 0x7f) * shift;
    shift *= 0x80;
  }
  varintEnd = i;
  return v;
}

/** Calls `visit(slot, titleCount, restCount)` for the postings in bytes[from, to). */
function forEachIn(b: Uint8Array, from: number, to: number, visit: (slot: number, titleCount: number, restCount: number) => void): void {
  let i = from;
  let slot = -1;
  while (i < to) {
    const v = readVarint(b, i);
    i = varintEnd;
    const kind = v & 3;
    slot += (v - kind) / 4;
    let title = 0;
    let rest = 1;
    if (kind !== 0) {
      rest = readVarint(b, i);
      i = varintEnd;
      if (kind === 2) title = 1;
      else if (kind === 3) {
        title = readVarint(b, i);
        i = varintEnd;
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
    const v = readVarint(b, i);
    i = varintEnd;
    const kind = v & 3;
    slot += (v - kind) / 4;
    let f = restWeight;
    if (kind !== 0) {
      const rest = readVarint(b, i);
      i = varintEnd;
      let title = kind === 2 ? 1 : 0;
      if (kind === 3) {
        title = readVarint(b, i);
        i = varintEnd;
      }
      f = titleWeight * title + restWeight * rest;
    }
    const len = length[slot]!;
    if (len === DEAD_SLOT) continue;
    const before = acc[slot]!;
    if (before === 0) touched[n++] = slot;
    acc[slot] = before + (scale * f) / (f + normBase + normPerToken * len);
  }
  return n;
}

/**
 * Postings added since the last pack, in fixed-size blocks carved out of a few
 * large buffers: one small buffer per term (hundreds of thousands of them
 * while a big index is built) fragments the C heap so badly that the memory is
 * not given back after packing. Large buffers are.
 *
 * A term has a tail only once something is added to it: `tailOf` maps terms to
 * tail numbers, and a tail's bookkeeping (META ints side by side, one cache
 * line, since every add reads and writes them all) is allocated per tail.
 */
class TailPool {
  /** per tail: first block, last block, bytes used in the last block, last slot, postings */
  private static readonly META = 5;
  // 64 MB chunks: allocations that large are mapped directly and go back to the system when
  // freed (smaller ones stay in the C heap); a 1 MB first chunk for small indexes
  private static readonly CHUNK_BYTES = 64 << 20;
  private static readonly FIRST_CHUNK_BYTES = 1 << 20;
  private readonly dataBytes: number;
  private readonly firstBlocks: number;
  private readonly blocksPerChunk: number;
  private chunks: Uint8Array[] = [];
  private blocks = 0;
  /** term → tail number + 1 (0: no tail yet) */
  private tailOf = new Int32Array(0);
  private meta = new Int32Array(0);
  private tails = 0;
  bytes = 0;

  /** `blockBytes`: data plus the 4-byte number of the next block */
  constructor(private readonly blockBytes: number) {
    this.dataBytes = blockBytes - 4;
    this.firstBlocks = TailPool.FIRST_CHUNK_BYTES / blockBytes;
    this.blocksPerChunk = TailPool.CHUNK_BYTES / blockBytes;
  }

  private tail(term: number): number {
    return term < this.tailOf.length ? this.tailOf[term]! - 1 : -1;
  }

  /** postings in the term's tail */
  count(term: number): number {
    const t = this.tail(term);
    return t < 0 ? 0 : this.meta[t * TailPool.META + 4]!;
  }

  /** slot of the term's last tail posting, -1 when it has none */
  lastSlot(term: number): number {
    const t = this.tail(term);
    return t < 0 ? -1 : this.meta[t * TailPool.META + 3]!;
  }

  private chunkOf(block: number): Uint8Array {
    return this.chunks[block < this.firstBlocks ? 0 : 1 + Math.floor((block - this.firstBlocks) / this.blocksPerChunk)]!;
  }

  private offsetOf(block: number): number {
    return (block < this.firstBlocks ? block : (block - this.firstBlocks) % this.blocksPerChunk) * this.blockBytes;
  }

  private newBlock(): number {
    const b = this.blocks++;
    const chunks = b < this.firstBlocks ? 1 : 2 + Math.floor((b - this.firstBlocks) / this.blocksPerChunk);
    if (chunks > this.chunks.length) this.chunks.push(new Uint8Array(this.chunks.length === 0 ? TailPool.FIRST_CHUNK_BYTES : TailPool.CHUNK_BYTES));
    this.setNext(b, -1);
    return b;
  }

  private setNext(block: number, next: number): void {
    const c = this.chunkOf(block);
    const at = this.offsetOf(block) + this.dataBytes;
    c[at] = next & 0xff;
    c[at + 1] = (next >>> 8) & 0xff;
    c[at + 2] = (next >>> 16) & 0xff;
    c[at + 3] = (next >>> 24) & 0xff;
  }

  private next(block: number): number {
    const c = this.chunkOf(block);
    const at = this.offsetOf(block) + this.dataBytes;
    return c[at]! | (c[at + 1]! << 8) | (c[at + 2]! << 16) | (c[at + 3]! << 24);
  }

  private newTail(term: number): number {
    if (term >= this.tailOf.length) {
      const grown = new Int32Array(Math.max(term + 1, Math.ceil(this.tailOf.length * 1.5), 1024));
      grown.set(this.tailOf);
      this.tailOf = grown;
    }
    const t = this.tails++;
    if ((t + 1) * TailPool.META > this.meta.length) {
      // room for 1.5 times as many tails (meta holds META ints a tail)
      const grown = new Int32Array(Math.max(1024, Math.ceil((this.meta.length / TailPool.META) * 1.5)) * TailPool.META);
      grown.set(this.meta);
      this.meta = grown;
    }
    const b = this.newBlock();
    const m = t * TailPool.META;
    this.meta[m] = b;
    this.meta[m + 1] = b;
    this.meta[m + 2] = 0;
    this.meta[m + 3] = -1;
    this.meta[m + 4] = 0;
    this.tailOf[term] = t + 1;
    return t;
  }

  /** Appends one posting's encoded bytes to a term's chain. */
  append(term: number, slot: number, data: Uint8Array, length: number): void {
    let t = this.tail(term);
    if (t < 0) t = this.newTail(term);
    const m = t * TailPool.META;
    let block = this.meta[m + 1]!;
    let fill = this.meta[m + 2]!;
    let chunk = this.chunkOf(block);
    let offset = this.offsetOf(block);
    for (let i = 0; i < length; i++) {
      if (fill === this.dataBytes) {
        const b = this.newBlock();
        this.setNext(block, b);
        block = b;
        chunk = this.chunkOf(b);
        offset = this.offsetOf(b);
        fill = 0;
      }
      chunk[offset + fill++] = data[i]!;
    }
    this.meta[m + 1] = block;
    this.meta[m + 2] = fill;
    this.meta[m + 3] = slot;
    this.meta[m + 4]!++;
    this.bytes += length;
  }

  /** A term's tail bytes, contiguous (a copy), or null when it has none. */
  read(term: number): Uint8Array | null {
    const t = this.tail(term);
    if (t < 0) return null;
    const m = t * TailPool.META;
    const last = this.meta[m + 1]!;
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let b = this.meta[m]!; b !== -1; b = b === last ? -1 : this.next(b)) {
      const offset = this.offsetOf(b);
      const n = b === last ? this.meta[m + 2]! : this.dataBytes;
      parts.push(this.chunkOf(b).subarray(offset, offset + n));
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
  /** term t's packed postings are arena[start[t], start[t + 1]): a varint count, then the postings */
  private start = new Int32Array(1);
  private tails: TailPool;
  private readonly scratch = new PostingsWriter(16);
  private readonly body = new PostingsWriter(64);
  private terms = 0;
  /** the highest slot added: postings come in slot order */
  private lastSlot = -1;
  /** the highest slot in the packed arena: a term may not get a second posting there */
  private packedLast = -1;

  /**
   * `blockBytes`: the tail pool's block size. Small blocks suit a store of
   * many terms with one posting each (pairs), larger ones fewer, longer lists.
   */
  constructor(private readonly blockBytes = 64) {
    this.tails = new TailPool(blockBytes);
  }

  /** Makes room for term ids below `n`. */
  ensureTerms(n: number): void {
    this.terms = Math.max(this.terms, n);
  }

  private get packedTerms(): number {
    return this.start.length - 1;
  }

  add(term: number, slot: number, titleCount: number, restCount: number): void {
    this.ensureTerms(term + 1);
    const previous = this.tails.lastSlot(term);
    if (slot < this.lastSlot || slot <= previous || slot <= this.packedLast) throw new Error(`postings must be added in slot order (${slot} after ${Math.max(previous, this.lastSlot, this.packedLast)})`);
    this.scratch.end = 0;
    // a tail's first posting is coded from slot -1: tails decode on their own
    this.scratch.put(previous, slot, titleCount, restCount);
    this.tails.append(term, slot, this.scratch.bytes, this.scratch.end);
    this.lastSlot = slot;
  }

  /** documents listed for a term, removed ones included */
  count(term: number): number {
    return (term < this.packedTerms ? readVarint(this.arena, this.start[term]!) : 0) + this.tails.count(term);
  }

  forEach(term: number, visit: (slot: number, titleCount: number, restCount: number) => void): void {
    if (term < this.packedTerms) {
      readVarint(this.arena, this.start[term]!);
      forEachIn(this.arena, varintEnd, this.start[term + 1]!, visit);
    }
    const tail = this.tails.read(term);
    if (tail) forEachIn(tail, 0, tail.length, visit);
  }

  accumulate(term: number, idf: number, state: ScoringState, touchedCount: number): number {
    let n = touchedCount;
    if (term < this.packedTerms) {
      readVarint(this.arena, this.start[term]!);
      n = accumulateIn(this.arena, varintEnd, this.start[term + 1]!, idf, state, n);
    }
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
    const terms = this.terms;
    const out = new PostingsWriter(this.arena.length + this.tails.bytes + 2 * terms + 16);
    const start = new Int32Array(terms + 1);
    const body = this.body;
    let lastSlot = -1;
    let highest = -1;
    let n = 0;
    const visit = (slot: number, title: number, rest: number): void => {
      const to = remap ? remap[slot]! : slot;
      if (to < 0) return;
      lastSlot = body.put(lastSlot, to, title, rest);
      n++;
    };
    for (let t = 0; t < terms; t++) {
      start[t] = out.end;
      body.end = 0;
      lastSlot = -1;
      n = 0;
      this.forEach(t, visit);
      out.varint(n);
      out.copy(body.bytes, body.end);
      if (lastSlot > highest) highest = lastSlot;
    }
    start[terms] = out.end;
    this.arena = out.bytes.slice(0, out.end);
    this.start = start;
    this.tails = new TailPool(this.blockBytes);
    this.packedLast = highest;
    if (remap) this.lastSlot = highest;
  }
}
