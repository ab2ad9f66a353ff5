/**
 * The short codes the in-memory scan ranks vectors by (inverted-lists.ts):
 * each vector is projected onto `reduced` (256) directions of largest energy,
 * learned from the training sample (an uncentred PCA), and each of those
 * components is rounded to 4 bits (-8..7) with a step of its own. A 512-d
 * vector becomes 128 bytes instead of the 1 KB of its float16 form; the ranking
 * is approximate (the top few hundred are rescored with the stored vectors),
 * but on the real collection (80k) 99.7% of the exact top 10 are among the
 * best 100 by code, 99.9% among the best 150.
 *
 * The query is projected the same way, multiplied by the steps (so code · query
 * estimates the dot product) and scaled to int16; the scan's kernel is dotI4
 * (numeric/simd-kernels.ts). Codes depend on the learned directions and steps, so they
 * are stored with the list assignments and rewritten at every training.
 *
 * The directions come from block power iteration on the sample's second-moment
 * matrix (dim × dim): both products run in the float SIMD kernel (numeric/row-scorer.ts),
 * and no eigensolver is needed (the basis only has to capture the energy, its
 * axes need not be exact eigenvectors).
 */
import { orthonormalizeRows } from '../numeric/linalg.ts';
import { rng } from '../numeric/random.ts';
import { RowScorer } from '../numeric/row-scorer.ts';
import { I4_STRIDE_ALIGN, packNibbles } from '../numeric/simd-kernels.ts';
import { decodeHalfInto, type HalfRows } from './half.ts';

/** components kept (fewer when the vectors have fewer dimensions) */
export const REDUCED = 256;
/** sample rows the second-moment matrix is computed from */
const MOMENT_ROWS = 8192;
const POWER_ITERATIONS = 8;
/** share of each component's sample values that fit in -8..7 without clipping */
const CLIP = 0.995;
const LEVELS = 7;

export interface CodebookData {
  readonly dim: number;
  readonly reduced: number;
  /** reduced × dim, orthonormal rows */
  readonly basis: Float32Array;
  /** per component: the value of one code step */
  readonly steps: Float32Array;
}

/** Learns the directions and steps from `sample` (deterministic). */
export function learnCodebook(sample: HalfRows, reduced = Math.min(REDUCED, sample.dim)): CodebookData {
  const dim = sample.dim;
  const rows = Math.min(sample.count, MOMENT_ROWS);
  // second moments M = XᵀX / rows, with X's columns as the scorer's rows
  const columns = new Float32Array(dim * Math.max(1, rows));
  const v = new Float32Array(dim);
  for (let p = 0; p < rows; p++) {
    decodeHalfInto(sample.bytes, p * dim * 2, v);
    for (let d = 0; d < dim; d++) columns[d * rows + p] = v[d]!;
  }
  const moments = new Float32Array(dim * dim);
  if (rows > 0) {
    const byColumn = new RowScorer(dim, rows, columns);
    for (let d = 0; d < dim; d++) {
      const s = byColumn.score(columns.subarray(d * rows, (d + 1) * rows), d, dim - d); // symmetric: the upper triangle
      for (let e = d; e < dim; e++) moments[d * dim + e] = moments[e * dim + d] = s[e - d]!;
    }
  }
  // block power iteration: basis ← orthonormalise(M · basis), from a random start
  const random = rng(dim * 7919 + reduced);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const basis = Float32Array.from({ length: reduced * dim }, gauss);
  orthonormalizeRows(basis, reduced, dim, gauss);
  const byMoment = new RowScorer(dim, dim, moments); // M is symmetric: its rows' scores against b are M·b
  for (let it = 0; it < POWER_ITERATIONS && rows > 0; it++) {
    for (let r = 0; r < reduced; r++) basis.set(byMoment.score(basis.subarray(r * dim, (r + 1) * dim)), r * dim);
    orthonormalizeRows(basis, reduced, dim, gauss, it === POWER_ITERATIONS - 1 ? 2 : 1); // a second pass for exactness at the end only
  }
  // steps: the CLIP quantile of each component's |value| maps to LEVELS
  const project = new RowScorer(reduced, dim, basis);
  const abs = Array.from({ length: reduced }, () => new Float32Array(rows));
  const q = project.query();
  for (let p = 0; p < rows; p++) {
    decodeHalfInto(sample.bytes, p * dim * 2, q);
    const y = project.scoreQuery();
    for (let r = 0; r < reduced; r++) abs[r]![p] = Math.abs(y[r]!);
  }
  const steps = new Float32Array(reduced);
  for (let r = 0; r < reduced; r++) {
    const a = abs[r]!.sort();
    const top = rows > 0 ? a[Math.min(rows - 1, Math.floor(rows * CLIP))]! : 0;
    steps[r] = top > 0 ? top / LEVELS : 1;
  }
  return { dim, reduced, basis, steps };
}

/** A learned codebook, ready to encode vectors and queries. */
export class Codebook {
  readonly data: CodebookData;
  readonly dim: number;
  readonly reduced: number;
  /** components padded to the kernel's alignment (two a byte) */
  readonly padded: number;
  /** bytes of one code */
  readonly codeBytes: number;
  private readonly project: RowScorer;
  private readonly codes: Int8Array;

  constructor(data: CodebookData) {
    this.data = data;
    this.dim = data.dim;
    this.reduced = data.reduced;
    this.padded = Math.ceil(data.reduced / (2 * I4_STRIDE_ALIGN)) * 2 * I4_STRIDE_ALIGN;
    this.codeBytes = this.padded / 2;
    this.project = new RowScorer(data.reduced, data.dim, data.basis);
    this.codes = new Int8Array(this.padded);
  }

  /** The packed 4-bit code of `v` (dim floats). */
  encode(v: Float32Array): Buffer {
    this.project.query().set(v.subarray(0, this.dim));
    return this.pack();
  }

  /** The packed 4-bit code of a stored float16 vector. */
  encodeHalf(half: Uint8Array): Buffer {
    decodeHalfInto(half, 0, this.project.query());
    return this.pack();
  }

  /** The int16 query (padded components) whose dot product with a code estimates the dot product with the vector. */
  query(v: Float32Array): Int16Array {
    this.project.query().set(v.subarray(0, this.dim));
    const y = this.project.scoreQuery();
    const steps = this.data.steps;
    let max = 0;
    for (let r = 0; r < this.reduced; r++) max = Math.max(max, Math.abs(y[r]! * steps[r]!));
    const out = new Int16Array(this.padded);
    if (max > 0) for (let r = 0; r < this.reduced; r++) out[r] = Math.round((y[r]! * steps[r]! * 32767) / max);
    return out;
  }

  private pack(): Buffer {
    const y = this.project.scoreQuery();
    const steps = this.data.steps;
    const codes = this.codes;
    for (let r = 0; r < this.reduced; r++) codes[r] = Math.max(-LEVELS - 1, Math.min(LEVELS, Math.round(y[r]! / steps[r]!)));
    const out = Buffer.alloc(this.codeBytes);
    packNibbles(codes, out);
    return out;
  }
}
