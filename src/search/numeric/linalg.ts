/**
 * Small dense linear algebra for search's training: the built-in embedder's
 * randomized SVD (tall matrices are row-major Float32Arrays, half the memory
 * traffic; small square ones and every sum are Float64) and the vector
 * index's codebook (orthonormal rows by Gram-Schmidt).
 */
import { addGram, mixRows } from './kernels.ts';

/** Symmetric eigendecomposition by cyclic Jacobi. Returns eigenvalues (descending) and column eigenvectors. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i]! * A[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += A[i * n + j]! * A[i * n + j]!;
    }
    if (off <= 1e-22 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = A[p * n + p]!;
        const aqq = A[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]!;
          const vkq = V[k * n + q]!;
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => A[y * n + y]! - A[x * n + x]! || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = A[src * n + src]!;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src]!;
  });
  return { values, vectors };
}

/** Gram matrix Y^T Y of a rows x cols row-major matrix. */
export function gram(y: Float32Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(cols * cols);
  addGram(g, y, cols, 0, rows);
  for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) g[i * cols + j] = g[j * cols + i]!;
  return g;
}

/** Y * M for a rows x cols Y and a cols x outCols M; returns a new rows x outCols matrix. */
export function multiply(y: Float32Array, rows: number, cols: number, m: Float64Array, outCols: number): Float32Array {
  const m32 = Float32Array.from(m);
  const out = new Float32Array(rows * outCols);
  const acc = new Float64Array(outCols);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    mixRows(acc, m32, outCols, y, r * cols, cols);
    out.set(acc, r * outCols);
  }
  return out;
}

/**
 * Orthonormal basis of the columns of Y (rows x cols), via the eigen-
 * decomposition of its Gram matrix (robust to rank deficiency: directions
 * with negligible energy are zeroed). Two passes for accuracy; one is enough between power iterations.
 * The built-in embedder's LSA uses it; see orthonormalizeRows for the codebook's.
 */
export function orthonormalizeColumns(y: Float32Array, rows: number, cols: number, passes = 2): Float32Array {
  let q = y;
  for (let pass = 0; pass < passes; pass++) {
    const { values, vectors } = symmetricEigen(gram(q, rows, cols), cols);
    const top = values[0]! > 0 ? values[0]! : 1;
    const m = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        const lam = values[j]!;
        m[i * cols + j] = lam > top * 1e-12 ? vectors[i * cols + j]! / Math.sqrt(lam) : 0;
      }
    }
    q = multiply(q, rows, cols, m, cols);
  }
  return q;
}

/**
 * Modified Gram-Schmidt on the rows of `m` (rows × cols), in place; a row that
 * vanishes is replaced by a random one (`gauss`). Unlike orthonormalizeColumns
 * it keeps the first rows' directions, which the vector index's codebook
 * relies on (its rows are ordered by energy).
 */
export function orthonormalizeRows(m: Float32Array, rows: number, cols: number, gauss: () => number, passes = 2): void {
  const row = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let attempt = 0; ; attempt++) {
      for (let c = 0; c < cols; c++) row[c] = m[r * cols + c]!;
      const before = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
      for (let pass = 0; pass < passes; pass++) {
        for (let o = 0; o < r; o++) {
          let dot = 0;
          for (let c = 0; c < cols; c++) dot += row[c]! * m[o * cols + c]!;
          for (let c = 0; c < cols; c++) row[c]! -= dot * m[o * cols + c]!;
        }
      }
      const norm = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
      if (norm > 1e-6 * Math.max(before, 1e-30) && norm > 0) {
        for (let c = 0; c < cols; c++) m[r * cols + c] = row[c]! / norm;
        break;
      }
      if (attempt > 8) throw new Error('cannot orthonormalize the codebook basis');
      for (let c = 0; c < cols; c++) m[r * cols + c] = gauss();
    }
  }
}

/** Scales `v` to unit length in place (a zero vector stays zero). */
export function normalizeInPlace(v: Float32Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
}
