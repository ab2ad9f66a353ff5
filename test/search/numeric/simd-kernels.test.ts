import { describe, expect, it } from 'vitest';
import { rng } from '../../../src/search/numeric/random.ts';
import { RowScorer, topIndexes } from '../../../src/search/numeric/row-scorer.ts';
import { kernels, packNibbles } from '../../../src/search/numeric/simd-kernels.ts';
import { Codebook, learnCodebook } from '../../../src/search/vector/codebook.ts';
import { decodeHalf, encodeHalf } from '../../../src/search/vector/half.ts';
import { InvertedLists } from '../../../src/search/vector/inverted-lists.ts';

const random = rng(5);
const int8s = (n: number) => Int8Array.from({ length: n }, () => Math.floor(random() * 255) - 127);
const floats = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);

describe('SIMD dot-product kernels', () => {
  it('dotI4 matches plain JS on every row, extremes included', () => {
    const k = kernels(4);
    for (const dim of [512, 256, 64, 192]) {
      const n = 70;
      const stride = dim / 2;
      const q = Int16Array.from({ length: dim }, () => Math.floor(random() * 65535) - 32767);
      q[0] = -32768;
      q[1] = 32767;
      const codes = Int8Array.from({ length: n * dim }, () => Math.floor(random() * 16) - 8);
      codes.fill(-8, 0, dim); // a row of -8 against the query: the largest magnitudes
      codes.fill(7, dim, 2 * dim);
      const bytes = new Uint8Array(k.memory.buffer);
      new Int16Array(k.memory.buffer, 0, dim).set(q);
      for (let r = 0; r < n; r++) packNibbles(codes.subarray(r * dim, (r + 1) * dim), bytes, 2048 + r * stride);
      const out = 2048 + n * stride;
      k.dotI4(0, 2048, n, stride, out);
      const got = new Int32Array(k.memory.buffer, out, n);
      for (let r = 0; r < n; r++) {
        let s = 0;
        for (let i = 0; i < dim; i++) s += q[i]! * codes[r * dim + i]!;
        expect(got[r]).toBe(s);
      }
      k.dotI4(0, 2048, 0, stride, out); // n = 0 writes nothing and returns
    }
  });

  it('dotF32 (through RowScorer, dimensions padded to the kernel stride) matches plain JS', () => {
    for (const dim of [24, 512, 100]) {
      const n = 37;
      const rows = floats(n * dim);
      const scorer = new RowScorer(n, dim, rows);
      const v = floats(dim);
      const got = Float32Array.from(scorer.score(v)); // score() returns a view the next call overwrites
      for (let r = 0; r < n; r++) {
        let s = 0;
        for (let i = 0; i < dim; i++) s += v[i]! * rows[r * dim + i]!;
        expect(got[r]).toBeCloseTo(s, 4);
      }
      expect(Array.from(scorer.score(v, 5, 3))).toEqual(Array.from(got.slice(5, 8)));
      const best = [...got.keys()].sort((a, b) => got[b]! - got[a]!);
      expect(scorer.best(v)).toBe(best[0]);
      expect(scorer.top(v, 5)).toEqual(best.slice(0, 5));
    }
  });

  it('topIndexes returns the m largest, largest first', () => {
    expect(topIndexes(Float32Array.of(0.1, 0.9, -1, 0.5, 0.9), 3)).toEqual([1, 4, 3]);
    expect(topIndexes(Float32Array.of(2, 1), 5)).toEqual([0, 1]);
  });
});

describe('in-memory inverted lists', () => {
  const codeBytes = 32; // 64 components
  const code = () => {
    const codes = Int8Array.from({ length: 2 * codeBytes }, () => Math.floor(random() * 16) - 8);
    const packed = new Uint8Array(codeBytes);
    packNibbles(codes, packed);
    return { codes, packed };
  };
  const dot = (q: Int16Array, codes: Int8Array) => codes.reduce((a, x, i) => a + x * q[i]!, 0);

  it('scans the chosen lists and returns the best `pool` by code score, through adds, moves and removals', () => {
    const lists = new InvertedLists(codeBytes, 5);
    const vectors = new Map<number, { list: number; codes: Int8Array }>();
    for (let rowid = 1; rowid <= 500; rowid++) {
      const c = code();
      const list = rowid % 5;
      vectors.set(rowid, { list, codes: c.codes });
      lists.add(rowid, list, c.packed);
    }
    // move some to another list, change some in place, remove some
    for (let rowid = 1; rowid <= 500; rowid += 7) {
      const c = code();
      const list = (rowid * 3) % 5;
      vectors.set(rowid, { list, codes: c.codes });
      lists.add(rowid, list, c.packed);
    }
    for (let rowid = 2; rowid <= 500; rowid += 11) {
      expect(lists.remove(rowid)).toBe(true);
      vectors.delete(rowid);
    }
    expect(lists.remove(2)).toBe(false);
    expect(lists.size).toBe(vectors.size);
    const q = Int16Array.from({ length: 2 * codeBytes }, () => Math.floor(random() * 65535) - 32767);
    const probe = [1, 3];
    const pool = lists.scan(q, probe, 25);
    const expected = [...vectors.entries()]
      .filter(([, e]) => probe.includes(e.list))
      .map(([rowid, e]) => ({ rowid, s: dot(q, e.codes) }))
      .sort((a, b) => b.s - a.s);
    const got = Array.from(pool.rowids).map((r, i) => ({ rowid: r, s: pool.scores[i]! }));
    got.sort((a, b) => b.s - a.s);
    expect(got.map((g) => g.s)).toEqual(expected.slice(0, 25).map((e) => e.s));
    for (const g of got) expect(dot(q, vectors.get(g.rowid)!.codes)).toBe(g.s);
    // everything when the pool is large
    expect(lists.scan(q, [0, 1, 2, 3, 4], 10_000).rowids.length).toBe(vectors.size);
    lists.reset(2);
    expect(lists.size).toBe(0);
    expect(lists.scan(q, [0, 1], 10).rowids.length).toBe(0);
  });
});

describe('codebook (4-bit codes of the leading directions)', () => {
  const dim = 96;
  const unit = (v: Float32Array) => {
    const n = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    return v.map((x) => x / n);
  };
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  // energy concentrated in a few dozen directions, like embeddings
  const mix = Float32Array.from({ length: 40 * dim }, gauss);
  const vector = () => {
    const v = new Float32Array(dim);
    for (let j = 0; j < 40; j++) {
      const w = gauss() / (1 + j / 8);
      for (let d = 0; d < dim; d++) v[d]! += w * mix[j * dim + d]!;
    }
    for (let d = 0; d < dim; d++) v[d]! += 0.05 * gauss();
    return decodeHalf(encodeHalf(unit(v)));
  };
  const vectors = Array.from({ length: 3000 }, vector);
  const sample = { count: 2000, dim, bytes: new Uint8Array(Buffer.concat(vectors.slice(0, 2000).map((v) => encodeHalf(v)))) };

  it('learns an orthonormal basis of the leading directions, deterministically', () => {
    const data = learnCodebook(sample, 48);
    expect(learnCodebook(sample, 48)).toEqual(data);
    for (const [a, b] of [[0, 0], [0, 1], [5, 47], [47, 47]] as const) {
      const d = data.basis.subarray(a * dim, (a + 1) * dim).reduce((s, x, i) => s + x * data.basis[b * dim + i]!, 0);
      expect(d).toBeCloseTo(a === b ? 1 : 0, 4);
    }
    // most of the energy of vectors it was not trained on is in the 48 directions
    let kept = 0;
    for (const v of vectors.slice(2000, 2100)) for (let r = 0; r < 48; r++) kept += data.basis.subarray(r * dim, (r + 1) * dim).reduce((s, x, i) => s + x * v[i]!, 0) ** 2;
    expect(kept / 100).toBeGreaterThan(0.9);
  });

  it('ranks by code almost as the exact dot product does', () => {
    const codebook = new Codebook(learnCodebook(sample, 64));
    expect(codebook.codeBytes).toBe(32);
    const lists = new InvertedLists(codebook.codeBytes, 1);
    vectors.forEach((v, i) => lists.add(i + 1, 0, codebook.encode(v)));
    expect(Array.from(codebook.encodeHalf(encodeHalf(vectors[7]!)))).toEqual(Array.from(codebook.encode(vectors[7]!)));
    let found = 0;
    for (let t = 0; t < 20; t++) {
      const q = vector();
      const exact = vectors.map((v, i) => ({ rowid: i + 1, s: v.reduce((a, x, j) => a + x * q[j]!, 0) })).sort((a, b) => b.s - a.s);
      const pool = new Set(lists.scan(codebook.query(q), [0], 100).rowids);
      found += exact.slice(0, 10).filter((h) => pool.has(h.rowid)).length;
    }
    expect(found / 200).toBeGreaterThanOrEqual(0.97);
  });
});
