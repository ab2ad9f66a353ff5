/**
 * Dot-product kernels in WebAssembly SIMD: one query against `n` consecutive
 * rows, one score per row.
 *
 *   dotI4(q, rows, n, stride, out)   4-bit rows (two signed nibbles a byte), int16 query, i32 scores
 *                                    (the vector index's in-memory list scan, vector/inverted-lists.ts)
 *   dotF32(q, rows, n, stride, out)  float32 rows, f32 scores (f32x4 mul/add; row-scorer.ts)
 *
 * Arguments are byte addresses in the instance's memory; `stride` is the row
 * length in bytes (pad rows with zeros): a multiple of I4_STRIDE_ALIGN (32)
 * for dotI4, of STRIDE_ALIGN (64) for dotF32. dotI4's layout: each 16-byte chunk c of a row holds components
 * 32c..32c+15 in its low nibbles and 32c+16..32c+31 in its high nibbles (four
 * bits, two's complement: -8..7, see packNibbles); the query is int16 in plain
 * component order (2 bytes a component, so 4 query bytes per row byte). The
 * nibbles are sign-extended in place (i8x16.shl then shr_s), widened to i16 and
 * multiplied with i32x4.dot_i16x8_s: no overflow for any int16 query.
 * There is no wat compiler in the toolchain, so the module is assembled here
 * byte by byte; test/search/numeric/simd-kernels.test.ts checks it against plain JS.
 */

// opcodes (core, then SIMD after the 0xfd prefix)
const BLOCK = 0x02;
const LOOP = 0x03;
const END = 0x0b;
const BR_IF = 0x0d;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_EQZ = 0x45;
const I32_LT_U = 0x49;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const F32_ADD = 0x92;
const I32_STORE = 0x36;
const F32_STORE = 0x38;
const VOID = 0x40;
const I32 = 0x7f;
const V128 = 0x7b;
const SIMD = 0xfd;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const simd = (op: number, ...imm: number[]): number[] => [SIMD, ...uleb(op), ...imm];
const get = (i: number): number[] => [LOCAL_GET, i];
const set = (i: number): number[] => [LOCAL_SET, i];
const tee = (i: number): number[] => [LOCAL_TEE, i];
/** signed LEB128, as i32.const takes its immediate */
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const i32c = (n: number): number[] => [I32_CONST, ...sleb(n)];
const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];

const V128_LOAD = (offset: number) => simd(0x00, 4, ...uleb(offset));
const V128_ZERO = simd(0x0c, ...new Array<number>(16).fill(0));
const I16X8_EXTEND_LOW_I8X16_S = simd(0x87);
const I16X8_EXTEND_HIGH_I8X16_S = simd(0x88);
const I8X16_SHL = simd(0x6b);
const I8X16_SHR_S = simd(0x6c);
const I32X4_ADD = simd(0xae);
const I32X4_DOT_I16X8_S = simd(0xba);
const I32X4_EXTRACT_LANE = (l: number) => simd(0x1b, l);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const F32X4_EXTRACT_LANE = (l: number) => simd(0x1f, l);

// parameters and locals shared by both kernels
const Q = 0;
const ROWS = 1;
const N = 2;
const STRIDE = 3;
const OUT = 4;
const J = 5; // byte offset inside the row
const END_OUT = 6;
const QJ = 7; // the query bytes that go with row byte J
const ACC = 8; // four accumulators: independent dependency chains
const ACC2 = 9;
const ACC3 = 10;
const ACC4 = 11;
const ROW = 12; // dotI4: 16 row bytes, then their high nibbles
const LOW = 13; // dotI4: their low nibbles

/**
 * The row loop around `inner`, which adds the products of row bytes [J, J+step)
 * and the matching query bytes (from QJ, `queryBytesPerRowByte`·J past the
 * query) into the accumulators; `finish` folds them into the score left on
 * the stack.
 */
function kernel(inner: number[], finish: number[], store: number, step: number, queryShift: number): number[] {
  const zero = [ACC, ACC2, ACC3, ACC4].flatMap((a) => [...V128_ZERO, ...set(a)]);
  const body = [
    ...get(OUT), ...get(N), ...i32c(2), I32_SHL, I32_ADD, ...set(END_OUT),
    BLOCK, VOID,
    ...get(N), I32_EQZ, BR_IF, 0,
    LOOP, VOID,
    ...zero,
    ...i32c(0), ...set(J),
    LOOP, VOID,
    ...get(Q), ...get(J), ...(queryShift ? [...i32c(queryShift), I32_SHL] : []), I32_ADD, ...set(QJ),
    ...inner,
    ...get(J), ...i32c(step), I32_ADD, ...tee(J), ...get(STRIDE), I32_LT_U, BR_IF, 0,
    END,
    ...get(OUT), ...finish, store, 2, 0,
    ...get(ROWS), ...get(STRIDE), I32_ADD, ...set(ROWS),
    ...get(OUT), ...i32c(4), I32_ADD, ...tee(OUT), ...get(END_OUT), I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  const locals = vec([[3, I32], [6, V128]]);
  const fn = [...locals, ...body];
  return [...uleb(fn.length), ...fn];
}

/** v128 at QJ+off and row+J+off */
const qAt = (off: number) => [...get(QJ), ...V128_LOAD(off)];
const rAt = (off: number) => [...get(ROWS), ...get(J), I32_ADD, ...V128_LOAD(off)];

/**
 * 32 row bytes, two chunks of 32 components (the low nibbles of a chunk's 16
 * bytes are its components 0..15, the high nibbles 16..31), against 128 bytes
 * of int16 query.
 */
function i4Inner(): number[] {
  const product = (acc: number, nibbles: number, ext: number[], off: number) => [
    ...get(acc), ...get(nibbles), ...ext, ...qAt(off), ...I32X4_DOT_I16X8_S, ...I32X4_ADD, ...set(acc),
  ];
  const chunk = (c: number) => [
    ...rAt(16 * c), ...tee(ROW), ...i32c(4), ...I8X16_SHL, ...i32c(4), ...I8X16_SHR_S, ...set(LOW),
    ...get(ROW), ...i32c(4), ...I8X16_SHR_S, ...set(ROW),
    ...product(ACC, LOW, I16X8_EXTEND_LOW_I8X16_S, 64 * c),
    ...product(ACC2, LOW, I16X8_EXTEND_HIGH_I8X16_S, 64 * c + 16),
    ...product(ACC3, ROW, I16X8_EXTEND_LOW_I8X16_S, 64 * c + 32),
    ...product(ACC4, ROW, I16X8_EXTEND_HIGH_I8X16_S, 64 * c + 48),
  ];
  return [...chunk(0), ...chunk(1)];
}

/** 64 bytes (16 floats) of query and row */
function f32Inner(): number[] {
  const step = (acc: number, off: number) => [...get(acc), ...qAt(off), ...rAt(off), ...F32X4_MUL, ...F32X4_ADD, ...set(acc)];
  return [...step(ACC, 0), ...step(ACC2, 16), ...step(ACC3, 32), ...step(ACC4, 48)];
}

const finish = (add: number[], extract: (l: number) => number[], scalarAdd: number) => [
  ...get(ACC), ...get(ACC2), ...add, ...get(ACC3), ...get(ACC4), ...add, ...add, ...set(ACC),
  ...get(ACC), ...extract(0), ...get(ACC), ...extract(1), scalarAdd,
  ...get(ACC), ...extract(2), scalarAdd, ...get(ACC), ...extract(3), scalarAdd,
];
const i32Finish = finish(I32X4_ADD, I32X4_EXTRACT_LANE, I32_ADD);
const f32Finish = finish(F32X4_ADD, F32X4_EXTRACT_LANE, F32_ADD);

function moduleBytes(): Uint8Array {
  const type = [0x60, 5, I32, I32, I32, I32, I32, 0]; // (i32 × 5) -> ()
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])), // memory import, min 1 page
    ...section(3, vec([[0], [0]])),
    ...section(7, vec([[...name('dotI4'), 0x00, 0], [...name('dotF32'), 0x00, 1]])),
    ...section(10, vec([kernel(i4Inner(), i32Finish, I32_STORE, 32, 2), kernel(f32Inner(), f32Finish, F32_STORE, 64, 0)])),
  ];
  return Uint8Array.from(bytes);
}

/** The slice of the WebAssembly JS API used here (the project's `lib` has no DOM typings). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;

/** dotF32 row strides must be multiples of this many bytes (its inner loop reads 64 bytes a step). */
export const STRIDE_ALIGN = 64;
/** dotI4 row strides must be multiples of this many bytes (64 components; its inner loop reads 32 row bytes a step). */
export const I4_STRIDE_ALIGN = 32;

/**
 * Packs 4-bit codes (-8..7, one per component, `codes.length` a multiple of 32)
 * into dotI4's row layout at `out[offset]`: codes.length / 2 bytes.
 */
export function packNibbles(codes: Int8Array, out: Uint8Array, offset = 0): void {
  for (let c = 0; c < codes.length; c += 32) {
    const at = offset + (c >> 1);
    for (let j = 0; j < 16; j++) out[at + j] = (codes[c + j]! & 15) | ((codes[c + 16 + j]! & 15) << 4);
  }
}

export interface Kernels {
  readonly memory: WasmMemory;
  /** scores of `n` packed 4-bit rows of `stride` bytes at `rows` against the int16 query at `q`, as int32 at `out` */
  dotI4(q: number, rows: number, n: number, stride: number, out: number): void;
  /** the same for float32 rows (stride in bytes), float32 scores */
  dotF32(q: number, rows: number, n: number, stride: number, out: number): void;
}

/** A kernel instance on its own memory of `pages` × 64 KiB (grow it with memory.grow). */
export function kernels(pages = 1): Kernels {
  compiled ??= new wasm.Module(moduleBytes());
  const memory = new wasm.Memory({ initial: pages, maximum: 65536 });
  const exports = new wasm.Instance(compiled, { env: { memory } }).exports as unknown as Omit<Kernels, 'memory'>;
  return { memory, dotI4: exports.dotI4, dotF32: exports.dotF32 };
}
