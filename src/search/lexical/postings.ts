/**
 * One term's postings in the in-memory index: for each document (by slot, in
 * increasing order) how often the term occurs in the title and in the rest
 * (abstract and authors). Stored as varints in one growable byte buffer:
 *   (slot - previous slot) * 2 + (title occurs ? 1 : 0),  rest count,  [title count]
 * so a posting of a common term usually takes two bytes.
 */
export class Postings {
  private bytes = new Uint8Array(8);
  private end = 0;
  private lastSlot = -1;
  /** documents listed, removed ones included (the index skips those) */
  count = 0;

  add(slot: number, titleCount: number, restCount: number): void {
    if (slot <= this.lastSlot) throw new Error(`postings must be added in slot order (${slot} after ${this.lastSlot})`);
    if (this.end + 16 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(16, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.end));
      this.bytes = grown;
    }
    this.put((slot - this.lastSlot) * 2 + (titleCount > 0 ? 1 : 0));
    this.put(restCount);
    if (titleCount > 0) this.put(titleCount);
    this.lastSlot = slot;
    this.count++;
  }

  private put(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.end++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.end++] = v;
  }

  /** Calls `visit(slot, titleCount, restCount)` for every posting, in slot order. */
  forEach(visit: (slot: number, titleCount: number, restCount: number) => void): void {
    const b = this.bytes;
    const end = this.end;
    let i = 0;
    let slot = -1;
    while (i < end) {
      let v = 0;
      let shift = 1;
      let byte: number;
      do {
        byte = b[i++]!;
        v += (byte & 0x7f) * shift;
        shift *= 0x80;
      } while (byte & 0x80);
      slot += Math.floor(v / 2);
      const hasTitle = v % 2 === 1;
      let rest = 0;
      shift = 1;
      do {
        byte = b[i++]!;
        rest += (byte & 0x7f) * shift;
        shift *= 0x80;
      } while (byte & 0x80);
      let title = 0;
      if (hasTitle) {
        shift = 1;
        do {
          byte = b[i++]!;
          title += (byte & 0x7f) * shift;
          shift *= 0x80;
        } while (byte & 0x80);
      }
      visit(slot, title, rest);
    }
  }

  /**
   * The hot loop of a search: adds this term's BM25 contribution to `acc` for
   * every live document, recording first touches in `touched`. Returns the new
   * number of touched slots. The length norm k1 * (1 - b + b * length / avgdl)
   * is `normBase + normPerToken * length[slot]`.
   */
  accumulate(idf: number, titleWeight: number, restWeight: number, k1: number, normBase: number, normPerToken: number, length: Uint16Array, dead: Uint8Array, acc: Float64Array, seen: Uint8Array, touched: Int32Array, touchedCount: number): number {
    const b = this.bytes;
    const end = this.end;
    const scale = idf * (k1 + 1);
    let n = touchedCount;
    let i = 0;
    let slot = -1;
    while (i < end) {
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

  /** bytes held (for memory reports) */
  get byteLength(): number {
    return this.bytes.length;
  }

  /** Drops unused capacity (after a bulk build). */
  trim(): void {
    if (this.bytes.length > this.end) this.bytes = this.bytes.slice(0, this.end);
  }
}
