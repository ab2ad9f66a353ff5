import { describe, expect, it } from 'vitest';
import { InvertedLists } from '../../src/store/sqlite/inverted-lists.ts';
import { decodeHalf, encodeHalf, halfToInt8, quantize, rng } from '../../src/store/sqlite/ivf.ts';
import { RowScorer, topIndexes } from '../../src/store/sqlite/row-scorer.ts';
import { kernels } from '../../src/store/sqlite/simd-kernels.ts';

const random = rng(5);
const int8s = (n: number) => Int8Array.from({ length: n }, () => Math.floor(random() * 255) - 127);
const floats = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);

describe('SIMD dot-product kernels', () => {
  it('dotI8 matches plain JS on every row, extremes included', () => {
    const k = kernels(4);
    const dim = 512;
    const n = 70;
    const bytes = new Int8Array(k.memory.buffer);
    const q = int8s(dim);
    q[0] = -127;
    q[1] = 127;
    const rows = int8s(n * dim);
    rows.fill(-127, 0, dim); // a row of -127 against the query: the largest magnitudes
    bytes.set(q, 0);
    bytes.set(rows, 1024);
    const out = 1024 + n * dim;
    k.dotI8(0, 1024, n, dim, out);
    const got = new Int32Array(k.memory.buffer, out, n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += q[i]! * rows[r * dim + i]!;
      expect(got[r]).toBe(s);
    }
    k.dotI8(0, 1024, 0, dim, out); // n = 0 writes nothing and returns
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
  const dim = 40;
  const unit = () => {
    const v = floats(dim);
    const s = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    return decodeHalf(encodeHalf(v.map((x) => x / s))); // as stored: float16
  };
  const scale = 300;
  const codeDot = (q: Int8Array, v: Float32Array) => quantize(v, scale).reduce((a, x, i) => a + x * q[i]!, 0);

  it('scans the chosen lists and returns the best `pool` by int8 score, through adds, moves and removals', () => {
    const lists = new InvertedLists(dim, 5, halfToInt8(scale));
    const vectors = new Map<number, { list: number; v: Float32Array }>();
    for (let rowid = 1; rowid <= 500; rowid++) {
      const v = unit();
      const list = rowid % 5;
      vectors.set(rowid, { list, v });
      lists.add(rowid, list, encodeHalf(v));
    }
    // move some to another list, change some in place, remove some
    for (let rowid = 1; rowid <= 500; rowid += 7) {
      const v = unit();
      const list = (rowid * 3) % 5;
      vectors.set(rowid, { list, v });
      lists.add(rowid, list, encodeHalf(v));
    }
    for (let rowid = 2; rowid <= 500; rowid += 11) {
      expect(lists.remove(rowid)).toBe(true);
      vectors.delete(rowid);
    }
    expect(lists.remove(2)).toBe(false);
    expect(lists.size).toBe(vectors.size);
    const q = quantize(unit(), 127 / 0.6);
    const probe = [1, 3];
    const pool = lists.scan(q, probe, 25);
    const expected = [...vectors.entries()]
      .filter(([, e]) => probe.includes(e.list))
      .map(([rowid, e]) => ({ rowid, s: codeDot(q, e.v) }))
      .sort((a, b) => b.s - a.s);
    const got = Array.from(pool.rowids).map((r, i) => ({ rowid: r, s: pool.scores[i]! }));
    got.sort((a, b) => b.s - a.s);
    expect(got.map((g) => g.s)).toEqual(expected.slice(0, 25).map((e) => e.s));
    for (const g of got) expect(codeDot(q, vectors.get(g.rowid)!.v)).toBe(g.s);
    // everything when the pool is large
    expect(lists.scan(q, [0, 1, 2, 3, 4], 10_000).rowids.length).toBe(vectors.size);
    lists.reset(2, halfToInt8(scale));
    expect(lists.size).toBe(0);
    expect(lists.scan(q, [0, 1], 10).rowids.length).toBe(0);
  });
});
