/**
 * The hot loops of training and embedding, written for V8: several rows per
 * pass (fewer loads and stores of the accumulator, independent multiply-adds)
 * and a Float64 accumulator. Each function is only ever called with one kind
 * of typed array per parameter, so V8 keeps it monomorphic; `addInt8Rows` is
 * the int8 twin of `addRows`. Rows are `d` wide.
 */

/**
 * acc[0, d) += sum_t weights[t] * table[ids[t]] for from <= t < to, eight rows
 * per pass. The terms are added one after the other (left to right), so the
 * result does not depend on how the range is cut into passes.
 */
export function addRows(acc: Float64Array, table: Float32Array, d: number, ids: Int32Array, weights: Float32Array, from: number, to: number): void {
  let t = from;
  for (; t + 7 < to; t += 8) {
    const w0 = weights[t]!, w1 = weights[t + 1]!, w2 = weights[t + 2]!, w3 = weights[t + 3]!;
    const w4 = weights[t + 4]!, w5 = weights[t + 5]!, w6 = weights[t + 6]!, w7 = weights[t + 7]!;
    const r0 = ids[t]! * d, r1 = ids[t + 1]! * d, r2 = ids[t + 2]! * d, r3 = ids[t + 3]! * d;
    const r4 = ids[t + 4]! * d, r5 = ids[t + 5]! * d, r6 = ids[t + 6]! * d, r7 = ids[t + 7]! * d;
    for (let k = 0; k < d; k++) {
      acc[k] = acc[k]! + w0 * table[r0 + k]! + w1 * table[r1 + k]! + w2 * table[r2 + k]! + w3 * table[r3 + k]!
        + w4 * table[r4 + k]! + w5 * table[r5 + k]! + w6 * table[r6 + k]! + w7 * table[r7 + k]!;
    }
  }
  for (; t < to; t++) {
    const w = weights[t]!;
    const r = ids[t]! * d;
    for (let k = 0; k < d; k++) acc[k] = acc[k]! + w * table[r + k]!;
  }
}

/** acc[0, d) += sum_i weights[from + i] * m row i for i < count: a dense row times a matrix */
export function mixRows(acc: Float64Array, m: Float32Array, d: number, weights: Float32Array, from: number, count: number): void {
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const w0 = weights[from + i]!, w1 = weights[from + i + 1]!, w2 = weights[from + i + 2]!, w3 = weights[from + i + 3]!;
    const r0 = i * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
    for (let k = 0; k < d; k++) {
      acc[k] = acc[k]! + w0 * m[r0 + k]! + w1 * m[r1 + k]! + w2 * m[r2 + k]! + w3 * m[r3 + k]!;
    }
  }
  for (; i < count; i++) {
    const w = weights[from + i]!;
    const r = i * d;
    for (let k = 0; k < d; k++) acc[k] = acc[k]! + w * m[r + k]!;
  }
}

/** g (cols x cols, upper triangle) += Y^T Y for the rows [from, to) of a row-major Y; four rows per pass */
export function addGram(g: Float64Array, y: Float32Array, cols: number, from: number, to: number): void {
  let r = from;
  for (; r + 3 < to; r += 4) {
    const o0 = r * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
    for (let i = 0; i < cols; i++) {
      const a0 = y[o0 + i]!, a1 = y[o1 + i]!, a2 = y[o2 + i]!, a3 = y[o3 + i]!;
      const gi = i * cols;
      for (let j = i; j < cols; j++) {
        g[gi + j] = g[gi + j]! + a0 * y[o0 + j]! + a1 * y[o1 + j]! + a2 * y[o2 + j]! + a3 * y[o3 + j]!;
      }
    }
  }
  for (; r < to; r++) {
    const o = r * cols;
    for (let i = 0; i < cols; i++) {
      const a = y[o + i]!;
      const gi = i * cols;
      for (let j = i; j < cols; j++) g[gi + j] = g[gi + j]! + a * y[o + j]!;
    }
  }
}

/** acc[0, d) += sum_t weights[t] * data[ids[t]] for t < n: `addRows` over an int8 matrix (weights include the row scales), eight rows per pass */
export function addInt8Rows(acc: Float64Array, data: Int8Array, d: number, ids: Int32Array, weights: Float64Array, n: number): void {
  let t = 0;
  for (; t + 7 < n; t += 8) {
    const w0 = weights[t]!, w1 = weights[t + 1]!, w2 = weights[t + 2]!, w3 = weights[t + 3]!;
    const w4 = weights[t + 4]!, w5 = weights[t + 5]!, w6 = weights[t + 6]!, w7 = weights[t + 7]!;
    const r0 = ids[t]! * d, r1 = ids[t + 1]! * d, r2 = ids[t + 2]! * d, r3 = ids[t + 3]! * d;
    const r4 = ids[t + 4]! * d, r5 = ids[t + 5]! * d, r6 = ids[t + 6]! * d, r7 = ids[t + 7]! * d;
    for (let k = 0; k < d; k++) {
      acc[k] = acc[k]! + w0 * data[r0 + k]! + w1 * data[r1 + k]! + w2 * data[r2 + k]! + w3 * data[r3 + k]!
        + w4 * data[r4 + k]! + w5 * data[r5 + k]! + w6 * data[r6 + k]! + w7 * data[r7 + k]!;
    }
  }
  for (; t < n; t++) {
    const w = weights[t]!;
    const r = ids[t]! * d;
    for (let k = 0; k < d; k++) acc[k] = acc[k]! + w * data[r + k]!;
  }
}

/**
 * s[i * m + j] = scale * <a row i, b row j> for j < m and rowFrom <= i < rowTo
 * (all rows by default; rows of a and b start at 0, d wide), in blocks of two
 * rows of a by four of b. Each entry is its own sum over k in order, so it does
 * not depend on the blocking or on the row range it was computed in.
 */
export function scaledDotProducts(a: Float32Array, b: Float32Array, m: number, d: number, scale: number, s: Float32Array, rowFrom = 0, rowTo = m): void {
  let i = rowFrom;
  for (; i + 1 < rowTo; i += 2) {
    const a0 = i * d, a1 = a0 + d;
    const o0 = i * m, o1 = o0 + m;
    let j = 0;
    for (; j + 3 < m; j += 4) {
      const b0 = j * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < d; k++) {
        const x = a[a0 + k]!, y = a[a1 + k]!;
        const p0 = b[b0 + k]!, p1 = b[b1 + k]!, p2 = b[b2 + k]!, p3 = b[b3 + k]!;
        s00 += x * p0; s01 += x * p1; s02 += x * p2; s03 += x * p3;
        s10 += y * p0; s11 += y * p1; s12 += y * p2; s13 += y * p3;
      }
      s[o0 + j] = s00 * scale; s[o0 + j + 1] = s01 * scale; s[o0 + j + 2] = s02 * scale; s[o0 + j + 3] = s03 * scale;
      s[o1 + j] = s10 * scale; s[o1 + j + 1] = s11 * scale; s[o1 + j + 2] = s12 * scale; s[o1 + j + 3] = s13 * scale;
    }
    for (; j < m; j++) {
      const bj = j * d;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < d; k++) {
        s0 += a[a0 + k]! * b[bj + k]!;
        s1 += a[a1 + k]! * b[bj + k]!;
      }
      s[o0 + j] = s0 * scale;
      s[o1 + j] = s1 * scale;
    }
  }
  if (i < rowTo) {
    // the last odd row
    const ai = i * d;
    for (let j = 0; j < m; j++) {
      const bj = j * d;
      let s0 = 0;
      for (let k = 0; k < d; k++) s0 += a[ai + k]! * b[bj + k]!;
      s[i * m + j] = s0 * scale;
    }
  }
}

/** row[0, d) -= step * g[0, d) for the row starting at `r` */
export function subtractScaled(table: Float32Array, r: number, step: number, g: Float32Array, gOff: number, d: number): void {
  let k = 0;
  for (; k + 3 < d; k += 4) {
    table[r + k] = table[r + k]! - step * g[gOff + k]!;
    table[r + k + 1] = table[r + k + 1]! - step * g[gOff + k + 1]!;
    table[r + k + 2] = table[r + k + 2]! - step * g[gOff + k + 2]!;
    table[r + k + 3] = table[r + k + 3]! - step * g[gOff + k + 3]!;
  }
  for (; k < d; k++) table[r + k] = table[r + k]! - step * g[gOff + k]!;
}
