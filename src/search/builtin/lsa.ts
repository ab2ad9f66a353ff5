import { gram, multiply, orthonormalize, symmetricEigen } from './linalg.ts';
import type { Rng } from './random.ts';

/** A sparse documents x terms matrix in CSR form. */
export interface SparseRows {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float32Array;
}

/** Z (rows x l) = X Y (Y: cols x l) */
function times(x: SparseRows, y: Float64Array, l: number): Float64Array {
  const z = new Float64Array(x.rows * l);
  for (let r = 0; r < x.rows; r++) {
    const zo = r * l;
    for (let p = x.rowPtr[r]!; p < x.rowPtr[r + 1]!; p++) {
      const v = x.values[p]!;
      const yo = x.colIdx[p]! * l;
      for (let k = 0; k < l; k++) z[zo + k] = z[zo + k]! + (v * y[yo + k]!);
    }
  }
  return z;
}

/** Y (cols x l) = X^T Z (Z: rows x l) */
function timesTransposed(x: SparseRows, z: Float64Array, l: number): Float64Array {
  const y = new Float64Array(x.cols * l);
  for (let r = 0; r < x.rows; r++) {
    const zo = r * l;
    for (let p = x.rowPtr[r]!; p < x.rowPtr[r + 1]!; p++) {
      const v = x.values[p]!;
      const yo = x.colIdx[p]! * l;
      for (let k = 0; k < l; k++) y[yo + k] = y[yo + k]! + (v * z[zo + k]!);
    }
  }
  return y;
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
  let y: Float64Array = new Float64Array(x.cols * l);
  for (let i = 0; i < y.length; i++) y[i] = rng.gaussian();
  for (let it = 0; it <= powerIterations; it++) {
    y = orthonormalize(timesTransposed(x, times(x, y, l), l), x.cols, l, it === powerIterations ? 2 : 1);
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
