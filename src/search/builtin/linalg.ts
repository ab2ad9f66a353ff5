/**
 * Small dense linear algebra, enough for a randomized SVD: tall matrices are
 * row-major Float32Arrays (half the memory traffic), small square ones and
 * every sum are Float64.
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
 */
export function orthonormalize(y: Float32Array, rows: number, cols: number, passes = 2): Float32Array {
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
