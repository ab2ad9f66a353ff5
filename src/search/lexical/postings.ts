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
 * after packing go to small per-term tails until the next `pack()`.
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

/** What a search needs to score postings (see PostingsStore.accumulate). */
export interface ScoringState {
  readonly titleWeight: number;
  readonly restWeight: number;
  readonly k1: number;
  /** length norm k1 * (1 - b + b * length / avgdl) = normBase + normPerToken * length[slot] */
  readonly normBase: number;
  readonly normPerToken: number;
  readonly length: Uint16Array;
  readonly dead: Uint8Array;
  readonly acc: Float64Array;
  readonly seen: Uint8Array;
  readonly touched: Int32Array;
}

/**
 * The hot loop of a search: adds a term's BM25 contribution to `acc` for every
 * live document in bytes[from, to), recording first touches in `touched`.
 * Returns the new number of touched slots.
 */
function accumulateIn(b: Uint8Array, from: number, to: number, idf: number, s: ScoringState, touchedCount: number): number {
  const { titleWeight, restWeight, normBase, normPerToken, length, dead, acc, seen, touched } = s;
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
    if (dead[slot] === 1) continue;
    const f = titleWeight * title + restWeight * rest;
    if (seen[slot] === 0) {
      seen[slot] = 1;
      touched[n++] = slot;
      acc[slot] = 0;
    }
    acc[slot] = acc[slot]! + (scale * f) / (f + normBase + normPerToken * length[slot]!);
  }
  return n;
}

/** A term's postings added since the last pack. */
interface Tail {
  readonly writer: PostingsWriter;
  lastSlot: number;
  count: number;
}

export class PostingsStore {
  private arena = new Uint8Array(0);
  private start = new Int32Array(0);
  private end = new Int32Array(0);
  private packedCount = new Int32Array(0);
  private packedLast = new Int32Array(0);
  private tails: (Tail | undefined)[] = [];
  private tailBytes = 0;
  private terms = 0;

  /** Makes room for term ids below `n`. */
  ensureTerms(n: number): void {
    this.terms = Math.max(this.terms, n);
  }

  add(term: number, slot: number, titleCount: number, restCount: number): void {
    let tail = this.tails[term];
    if (!tail) {
      const last = term < this.packedLast.length ? this.packedLast[term]! : -1;
      tail = { writer: new PostingsWriter(8), lastSlot: last, count: 0 };
      this.tails[term] = tail;
      this.ensureTerms(term + 1);
    }
    if (slot <= tail.lastSlot) throw new Error(`postings must be added in slot order (${slot} after ${tail.lastSlot})`);
    const before = tail.writer.end;
    // a tail's first posting is coded from slot -1: tails decode on their own
    tail.writer.put(tail.count === 0 ? -1 : tail.lastSlot, slot, titleCount, restCount);
    this.tailBytes += tail.writer.end - before;
    tail.lastSlot = slot;
    tail.count++;
  }

  /** documents listed for a term, removed ones included */
  count(term: number): number {
    return (term < this.packedCount.length ? this.packedCount[term]! : 0) + (this.tails[term]?.count ?? 0);
  }

  forEach(term: number, visit: (slot: number, titleCount: number, restCount: number) => void): void {
    if (term < this.start.length) forEachIn(this.arena, this.start[term]!, this.end[term]!, visit);
    const tail = this.tails[term];
    if (tail) forEachIn(tail.writer.bytes, 0, tail.writer.end, visit);
  }

  accumulate(term: number, idf: number, state: ScoringState, touchedCount: number): number {
    let n = touchedCount;
    if (term < this.start.length) n = accumulateIn(this.arena, this.start[term]!, this.end[term]!, idf, state, n);
    const tail = this.tails[term];
    if (tail) n = accumulateIn(tail.writer.bytes, 0, tail.writer.end, idf, state, n);
    return n;
  }

  /** bytes in tails, for deciding when to pack */
  get unpackedBytes(): number {
    return this.tailBytes;
  }

  get packedBytes(): number {
    return this.arena.length;
  }

  /**
   * Rewrites every term's postings into one arena, dropping the tails; `remap`
   * gives each slot's new slot, or -1 to drop its postings (compaction).
   */
  pack(remap?: Int32Array): void {
    const out = new PostingsWriter(this.arena.length + this.tailBytes + 8 * this.terms);
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
    this.tails = [];
    this.tailBytes = 0;
  }

  memoryBytes(): number {
    let bytes = this.arena.length + this.start.byteLength * 4;
    for (const t of this.tails) if (t) bytes += t.writer.bytes.length + 64;
    return bytes;
  }
}
