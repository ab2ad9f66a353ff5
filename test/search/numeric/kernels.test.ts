import { describe, expect, it } from 'vitest';
import { addGram, addInt8Rows, addRows, mixRows, scaledDotProducts, subtractScaled } from '../../../src/search/numeric/kernels.ts';
import { lsaTermVectors, transpose, type SparseRows } from '../../../src/search/builtin/lsa.ts';
import { runLsa, runLsaOnWorker } from '../../../src/search/builtin/lsa-thread.ts';
import { Rng } from '../../../src/search/numeric/random.ts';

// odd sizes on purpose: every unrolled loop also runs its remainder
const d = 7;
const rng = new Rng(3);
const randomF32 = (n: number) => Float32Array.from({ length: n }, () => rng.gaussian());
const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 4);
};

describe('built-in embedder kernels', () => {
  const table = randomF32(20 * d);
  const ids = Int32Array.from([3, 0, 19, 3, 7, 11, 2, 5, 8, 13, 1]);
  const weights = randomF32(ids.length);

  it('addRows / addInt8Rows sum weighted rows (any count, any range)', () => {
    for (const [from, to] of [[0, 11], [2, 9], [4, 5], [6, 6]] as const) {
      const want = new Float64Array(d).fill(0.5);
      for (let t = from; t < to; t++) for (let k = 0; k < d; k++) want[k] = want[k]! + weights[t]! * table[ids[t]! * d + k]!;
      const got = new Float64Array(d).fill(0.5);
      addRows(got, table, d, ids, weights, from, to);
      close(got, want);
    }
    const data = Int8Array.from({ length: 20 * d }, (_, i) => ((i * 37) % 255) - 127);
    const w64 = Float64Array.from(weights);
    for (const n of [0, 3, 8, 11]) {
      const want = new Float64Array(d);
      for (let t = 0; t < n; t++) for (let k = 0; k < d; k++) want[k] = want[k]! + w64[t]! * data[ids[t]! * d + k]!;
      const got = new Float64Array(d);
      addInt8Rows(got, data, d, ids, w64, n);
      close(got, want);
    }
  });

  it('mixRows multiplies a dense row by a matrix; addGram accumulates Y^T Y', () => {
    const y = randomF32(9 * d);
    const m = randomF32(d * 5);
    const got = new Float64Array(5);
    mixRows(got, m, 5, y, 2 * d, d);
    const want = new Float64Array(5);
    for (let i = 0; i < d; i++) for (let j = 0; j < 5; j++) want[j] = want[j]! + y[2 * d + i]! * m[i * 5 + j]!;
    close(got, want);

    const g = new Float64Array(d * d);
    addGram(g, y, d, 1, 8);
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        let s = 0;
        for (let r = 1; r < 8; r++) s += y[r * d + i]! * y[r * d + j]!;
        expect(g[i * d + j]).toBeCloseTo(s, 4);
      }
    }
  });

  it('scaledDotProducts and subtractScaled', () => {
    const m = 6;
    const a = randomF32(m * d);
    const b = randomF32(m * d);
    const s = new Float32Array(m * m);
    scaledDotProducts(a, b, m, d, 2, s);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let want = 0;
        for (let k = 0; k < d; k++) want += a[i * d + k]! * b[j * d + k]!;
        expect(s[i * m + j]).toBeCloseTo(2 * want, 4);
      }
    }
    // a row range fills just those rows, with the same values (odd ranges too)
    for (const [from, to] of [[1, 4], [3, 6], [2, 3]] as const) {
      const part = new Float32Array(m * m);
      scaledDotProducts(a, b, m, d, 2, part, from, to);
      expect(part.subarray(from * m, to * m)).toEqual(s.subarray(from * m, to * m));
      expect(part.subarray(0, from * m).every((x) => x === 0) && part.subarray(to * m).every((x) => x === 0)).toBe(true);
    }
    const t = Float32Array.from(table);
    subtractScaled(t, 3 * d, 0.5, b, d, d);
    for (let k = 0; k < d; k++) expect(t[3 * d + k]).toBeCloseTo(table[3 * d + k]! - 0.5 * b[d + k]!, 5);
    expect(t.subarray(4 * d)).toEqual(table.subarray(4 * d));
  });
});

describe('LSA', () => {
  // 12 documents x 9 terms of rank 4
  const rows = 12;
  const cols = 9;
  const dense = new Float32Array(rows * cols);
  const basis = randomF32(4 * cols);
  for (let r = 0; r < rows; r++) {
    const mix = randomF32(4);
    for (let c = 0; c < cols; c++) for (let j = 0; j < 4; j++) dense[r * cols + c] = dense[r * cols + c]! + mix[j]! * basis[j * cols + c]!;
  }
  const x: SparseRows = {
    rows, cols,
    rowPtr: Int32Array.from({ length: rows + 1 }, (_, r) => r * cols),
    colIdx: Int32Array.from({ length: rows * cols }, (_, p) => p % cols),
    values: dense,
  };

  it('transposes a sparse matrix', () => {
    const t = transpose({ rows: 2, cols: 3, rowPtr: Int32Array.from([0, 2, 3]), colIdx: Int32Array.from([0, 2, 1]), values: Float32Array.from([1, 2, 3]) });
    expect(t).toEqual({ rows: 3, cols: 2, rowPtr: Int32Array.from([0, 1, 2, 3]), colIdx: Int32Array.from([0, 1, 0]), values: Float32Array.from([1, 3, 2]) });
  });

  it('spans the row space of X: projecting a document onto the term vectors gives it back', () => {
    const k = 6;
    const v = lsaTermVectors(x, k, new Rng(1), 1, 0);
    for (let r = 0; r < rows; r++) {
      const doc = dense.subarray(r * cols, (r + 1) * cols);
      const coords = new Float64Array(k);
      for (let c = 0; c < cols; c++) for (let j = 0; j < k; j++) coords[j] = coords[j]! + doc[c]! * v[c * k + j]!;
      const back = new Float64Array(cols);
      for (let c = 0; c < cols; c++) for (let j = 0; j < k; j++) back[c] = back[c]! + coords[j]! * v[c * k + j]!;
      close(back, doc);
    }
  });

  it('gives the same term vectors on a worker thread', async () => {
    const job = { x, dims: 6, seed: 11, powerIterations: 1, sigmaPower: -0.5 };
    const here = runLsa(job);
    const there = await runLsaOnWorker(job);
    expect(here.onWorker).toBe(false);
    expect(there.onWorker).toBe(true);
    expect(there.vectors).toEqual(here.vectors);
    expect(here.vectors.some((v) => v !== 0)).toBe(true);
  });
});
