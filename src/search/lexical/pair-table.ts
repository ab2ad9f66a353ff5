/**
 * Ids for pair terms: (term id of a word, term id of the word right after it),
 * in an open-addressing hash table over typed arrays. A JavaScript Map tops
 * out at 2^24 entries and costs ~80 bytes an entry; an index of a million
 * papers holds millions of distinct pairs. Here a pair costs 8 bytes (its two
 * term ids side by side, by pair id: one cache line per look-up) plus 5-11
 * bytes of table (linear probing, at most 3/4 full).
 */
export class PairTable {
  /** the two term ids of pair id i at [2i] and [2i + 1] */
  private ends = new Int32Array(2048);
  /** pair id + 1 by hash slot (0: empty); the capacity is a power of two */
  private table = new Int32Array(2048);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** bytes held by the table */
  get bytes(): number {
    return this.ends.byteLength + this.table.byteLength;
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 15), 0x85ebca77);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    return h ^ (h >>> 15);
  }

  /** The pair's id, or -1 when it was never added. */
  get(a: number, b: number): number {
    const { table, ends } = this;
    const mask = table.length - 1;
    for (let i = PairTable.hash(a, b) & mask; ; i = (i + 1) & mask) {
      const e = table[i]!;
      if (e === 0) return -1;
      if (ends[2 * e - 2] === a && ends[2 * e - 1] === b) return e - 1;
    }
  }

  /** The pair's id, added when new (ids are 0, 1, 2, ... in order of addition). */
  add(a: number, b: number): number {
    const { table, ends } = this;
    const mask = table.length - 1;
    let i = PairTable.hash(a, b) & mask;
    for (; ; i = (i + 1) & mask) {
      const e = table[i]!;
      if (e === 0) break;
      if (ends[2 * e - 2] === a && ends[2 * e - 1] === b) return e - 1;
    }
    const id = this.count++;
    if (2 * id + 2 > ends.length) {
      const grown = new Int32Array(Math.floor((ends.length * 1.5) / 2) * 2);
      grown.set(ends);
      this.ends = grown;
    }
    this.ends[2 * id] = a;
    this.ends[2 * id + 1] = b;
    table[i] = id + 1;
    if (this.count * 4 > table.length * 3) this.rehash();
    return id;
  }

  /** Gives back the room kept for more pairs (after a bulk load). */
  trim(): void {
    if (this.ends.length > 2 * this.count + 2048) this.ends = this.ends.slice(0, 2 * this.count);
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = PairTable.hash(this.ends[2 * id]!, this.ends[2 * id + 1]!) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = id + 1;
    }
    this.table = table;
  }
}
