/**
 * Ids for pair terms: (term id of a word, term id of the word right after it),
 * in an open-addressing hash table over typed arrays. A JavaScript Map tops
 * out at 2^24 entries and costs ~80 bytes an entry; an index of a million
 * papers holds millions of distinct pairs. Here a pair costs 8 bytes (its two
 * term ids, by pair id) plus 8-16 bytes of table.
 */
export class PairTable {
  private first = new Int32Array(1024);
  private second = new Int32Array(1024);
  /** pair id + 1 by hash slot (0: empty); the capacity is a power of two */
  private table = new Int32Array(2048);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** bytes held by the table */
  get bytes(): number {
    return this.first.byteLength + this.second.byteLength + this.table.byteLength;
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 15), 0x85ebca77);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    return h ^ (h >>> 15);
  }

  /** The pair's id, or -1 when it was never added. */
  get(a: number, b: number): number {
    const mask = this.table.length - 1;
    for (let i = PairTable.hash(a, b) & mask; ; i = (i + 1) & mask) {
      const e = this.table[i]!;
      if (e === 0) return -1;
      if (this.first[e - 1] === a && this.second[e - 1] === b) return e - 1;
    }
  }

  /** The pair's id, added when new (ids are 0, 1, 2, ... in order of addition). */
  add(a: number, b: number): number {
    const mask = this.table.length - 1;
    let i = PairTable.hash(a, b) & mask;
    for (; ; i = (i + 1) & mask) {
      const e = this.table[i]!;
      if (e === 0) break;
      if (this.first[e - 1] === a && this.second[e - 1] === b) return e - 1;
    }
    const id = this.count++;
    if (id >= this.first.length) {
      const n = Math.ceil(this.first.length * 1.5);
      const f = new Int32Array(n);
      f.set(this.first);
      this.first = f;
      const s = new Int32Array(n);
      s.set(this.second);
      this.second = s;
    }
    this.first[id] = a;
    this.second[id] = b;
    this.table[i] = id + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = PairTable.hash(this.first[id]!, this.second[id]!) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = id + 1;
    }
    this.table = table;
  }
}
