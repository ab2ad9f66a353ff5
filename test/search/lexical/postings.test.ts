import { describe, expect, it } from 'vitest';
import { PairTable } from '../../../src/search/lexical/pair-table.ts';
import { PostingsStore } from '../../../src/search/lexical/postings.ts';
import { rng } from '../../../src/search/numeric/random.ts';

type Posting = [slot: number, title: number, rest: number];

function listed(store: PostingsStore, term: number): Posting[] {
  const out: Posting[] = [];
  store.forEach(term, (slot, title, rest) => out.push([slot, title, rest]));
  return out;
}

/** Adds `docs` documents with random terms to both the store and a plain model of it. */
function fill(store: PostingsStore, model: Map<number, Posting[]>, fromSlot: number, docs: number, terms: number, random: () => number): void {
  for (let slot = fromSlot; slot < fromSlot + docs; slot++) {
    const chosen = new Set<number>();
    const n = 1 + Math.floor(random() * 6);
    // a few common terms (long chains of blocks) and many rare ones (one posting each)
    for (let i = 0; i < n; i++) chosen.add(random() < 0.3 ? Math.floor(random() * 5) : Math.floor(random() * terms));
    for (const term of chosen) {
      const title = random() < 0.3 ? 1 + Math.floor(random() * 3) : 0;
      const rest = Math.floor(random() * 200); // counts above 127 take two varint bytes
      store.add(term, slot, title, rest);
      const list = model.get(term) ?? [];
      list.push([slot, title, rest]);
      model.set(term, list);
    }
  }
}

function expectSame(store: PostingsStore, model: Map<number, Posting[]>, terms: number): void {
  const wrong: string[] = [];
  for (let t = 0; t < terms && wrong.length < 5; t++) {
    const want = JSON.stringify(model.get(t) ?? []);
    const got = JSON.stringify(listed(store, t));
    if (got !== want || store.count(t) !== (model.get(t)?.length ?? 0)) wrong.push(`term ${t}: ${got} (count ${store.count(t)}), want ${want}`);
  }
  expect(wrong).toEqual([]);
}

describe('PostingsStore', () => {
  // 16-byte blocks: 150k one-posting terms need more blocks than the 1 MB first chunk holds
  it('keeps every posting through tails over several chunks, packing, later tails and compaction', () => {
    const random = rng(3);
    const terms = 150_000;
    const store = new PostingsStore(16);
    const model = new Map<number, Posting[]>();
    store.ensureTerms(terms);
    fill(store, model, 0, 120_000, terms, random);
    expectSame(store, model, terms);
    store.pack();
    expectSame(store, model, terms);
    fill(store, model, 120_000, 5_000, terms, random); // tails after a pack
    expectSame(store, model, terms);

    // compaction: drop every third slot, renumber the rest
    const remap = new Int32Array(125_000);
    let next = 0;
    for (let s = 0; s < remap.length; s++) remap[s] = s % 3 === 0 ? -1 : next++;
    store.pack(remap);
    for (const [t, list] of model) model.set(t, list.filter(([s]) => remap[s]! >= 0).map(([s, a, b]) => [remap[s]!, a, b]));
    expectSame(store, model, terms);
    fill(store, model, next, 100, terms, random);
    expectSame(store, model, terms);
  });

  it('refuses postings out of slot order', () => {
    const store = new PostingsStore();
    store.add(1, 5, 0, 1);
    expect(() => store.add(1, 5, 0, 1)).toThrow(/slot order/);
    expect(() => store.add(2, 4, 0, 1)).toThrow(/slot order/);
    store.pack();
    expect(() => store.add(1, 3, 0, 1)).toThrow(/slot order/);
    expect(() => store.add(1, 5, 0, 1)).toThrow(/slot order/); // a second posting at a packed slot
    expect(() => store.add(3, 5, 0, 1)).toThrow(/slot order/); // the packed paper is finished
    store.add(1, 6, 0, 1);
    expect(listed(store, 1)).toEqual([[5, 0, 1], [6, 0, 1]]);
  });
});

describe('PairTable', () => {
  it('gives each pair one id across growth, and knows pairs it was never given', () => {
    const table = new PairTable();
    const random = rng(9);
    const pairs: [number, number][] = [];
    const wrong: string[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < 300_000; i++) {
      const a = Math.floor(random() * 2000);
      const b = Math.floor(random() * 2000);
      const id = table.add(a, b);
      const key = `${a},${b}`;
      const want = seen.get(key) ?? seen.size;
      if (id !== want) wrong.push(`add(${a}, ${b}) = ${id}, want ${want}`);
      if (!seen.has(key)) {
        seen.set(key, id);
        pairs.push([a, b]);
      }
    }
    table.trim();
    expect(table.size).toBe(seen.size);
    for (const [i, [a, b]] of pairs.entries()) if (table.get(a, b) !== i) wrong.push(`get(${a}, ${b}) = ${table.get(a, b)}, want ${i}`);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(table.get(2001, 5)).toBe(-1);
    expect(table.add(2001, 5)).toBe(seen.size); // adding after trim grows again
    expect(table.get(pairs[0]![0], pairs[0]![1])).toBe(0);
  });
});
