import { addRows } from '../numeric/kernels.ts';
import { gram, multiply, orthonormalizeColumns, symmetricEigen } from '../numeric/linalg.ts';
import type { Rng } from '../numeric/random.ts';

/** A sparse documents x terms matrix in CSR form. */
export interface SparseRows {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float32Array;
}

/** X^T in CSR form (the columns of X as rows), so both products below gather rows. */
export function transpose(x: SparseRows): SparseRows {
  const rowPtr = new Int32Array(x.cols + 1);
  for (let p = 0; p < x.rowPtr[x.rows]!; p++) rowPtr[x.colIdx[p]! + 1]!++;
  for (let c = 0; c < x.cols; c++) rowPtr[c + 1] = rowPtr[c + 1]! + rowPtr[c]!;
  const next = rowPtr.slice(0, x.cols);
  const colIdx = new Int32Array(rowPtr[x.cols]!);
  const values = new Float32Array(rowPtr[x.cols]!);
  for (let r = 0; r < x.rows; r++) {
    for (let p = x.rowPtr[r]!; p < x.rowPtr[r + 1]!; p++) {
      const q = next[x.colIdx[p]!]!++;
      colIdx[q] = r;
      values[q] = x.values[p]!;
    }
  }
  return { rows: x.cols, cols: x.rows, rowPtr, colIdx, values };
}

/** Z (rows x l) = X Y (Y: cols x l) */
function times(x: SparseRows, y: Float32Array, l: number): Float32Array {
  const z = new Float32Array(x.rows * l);
  const acc = new Float64Array(l);
  for (let r = 0; r < x.rows; r++) {
    acc.fill(0);
    addRows(acc, y, l, x.colIdx, x.values, x.rowPtr[r]!, x.rowPtr[r + 1]!);
    z.set(acc, r * l);
  }
  return z;
}

/**
 * Term vectors of latent semantic analysis: the top `k` right singular vectors
 * of X (randomized SVD with `powerIterations` passes), each component scaled by
 * sigma^power. Returns a cols x k row-major matrix (zero-padded if the corpus
 * has lower rank than k).
 */
export function lsaTermVectors(x: SparseRows, k: number, rng: Rng, powerIterations = 2, power = 0): Float32Array {
  const out = new Float32Array(x.cols * k);
  const l = Math.min(k + 8, x.cols, x.rows);
  if (l <= 0) return out;
  const xt = transpose(x);
  let y: Float32Array = new Float32Array(x.cols * l);
  for (let i = 0; i < y.length; i++) y[i] = rng.gaussian();
  for (let it = 0; it <= powerIterations; it++) {
    y = orthonormalizeColumns(times(xt, times(x, y, l), l), x.cols, l, it === powerIterations ? 2 : 1);
  }
  const c = times(x, y, l); // rows x l
  const { values, vectors } = symmetricEigen(gram(c, x.rows, l), l);
  const keep = Math.min(k, l);
  const w = new Float64Array(l * keep);
  for (let i = 0; i < l; i++) {
    for (let j = 0; j < keep; j++) {
      const sigma = Math.sqrt(Math.max(values[j]!, 0));
      w[i * keep + j] = sigma > 1e-9 ? vectors[i * l + j]! * Math.pow(sigma, power) : 0;
    }
  }
  const v = multiply(y, x.cols, l, w, keep);
  for (let t = 0; t < x.cols; t++) for (let j = 0; j < keep; j++) out[t * k + j] = v[t * keep + j]!;
  return out;
}
