import { describe, expect, it } from 'vitest';
import { Rng, rng } from '../../../src/search/numeric/random.ts';

/** mulberry32 as the vector index had its own copy of it (src/store/sqlite/ivf.ts), before search shared one PRNG */
function formerVectorIndexRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the shared PRNG', () => {
  it('gives the vector index the stream it had before (so trainings come out the same)', () => {
    for (const seed of [0, 1, 12_345, 0xffffffff, -7]) {
      const before = formerVectorIndexRng(seed);
      const now = rng(seed);
      for (let i = 0; i < 1000; i++) expect(now()).toBe(before());
    }
  });

  it('keeps the built-in embedder stream apart: its seeds are mixed first', () => {
    const mixed = new Rng(5);
    const raw = rng(5);
    expect(mixed.next()).not.toBe(raw());
    expect(Rng.raw((5 ^ 0x9e3779b9) >>> 0).next()).toBe(new Rng(5).next());
  });
});
