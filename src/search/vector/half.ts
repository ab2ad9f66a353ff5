/**
 * float16 storage of the exact vectors: half the bytes of float32, error ~1e-4
 * on unit-vector components. Also the form of the training sample (HalfRows).
 */

/** Vectors stored as packed float16 (count × dim × 2 bytes): the training sample, half the memory of float32. */
export interface HalfRows {
  readonly count: number;
  readonly dim: number;
  readonly bytes: Uint8Array;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const HALF_TO_FLOAT = (() => {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    t[h] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return t;
})();

function toHalf(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const e = ((b >>> 23) & 0xff) - 127 + 15;
  const m = b & 0x7fffff;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const mm = (m | 0x800000) >> (1 - e);
    return sign | ((mm + 0x1000) >> 13);
  }
  return sign | (e << 10) | ((m + 0x1000) >> 13); // rounding may carry into the exponent, which is still correct
}

export function encodeHalf(v: Float32Array): Buffer {
  const h = new Uint16Array(v.length);
  for (let i = 0; i < v.length; i++) h[i] = toHalf(v[i]!);
  return Buffer.from(h.buffer, h.byteOffset, h.byteLength);
}

export function decodeHalf(b: Uint8Array): Float32Array {
  const out = new Float32Array(b.byteLength >> 1);
  decodeHalfInto(b, 0, out);
  return out;
}

/** Decodes `out.length` float16 values of `b` from byte `offset` into `out`. */
export function decodeHalfInto(b: Uint8Array, offset: number, out: Float32Array): void {
  for (let i = 0, o = offset; i < out.length; i++, o += 2) out[i] = HALF_TO_FLOAT[b[o]! | (b[o + 1]! << 8)]!;
}

/** Dot product of a float query with a stored float16 vector, without decoding it first. */
export function dotHalf(q: Float32Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += q[i]! * HALF_TO_FLOAT[b[2 * i]! | (b[2 * i + 1]! << 8)]!;
  return s;
}
