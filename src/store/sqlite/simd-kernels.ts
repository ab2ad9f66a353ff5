/**
 * Dot-product kernels in WebAssembly SIMD for the in-memory vector scan
 * (vector-lists.ts): one query against `n` consecutive rows, one score per row.
 *
 *   dotI8(q, rows, n, stride, out)   int8 rows, i32 scores (i16 widening + i32x4.dot_i16x8_s)
 *   dotF32(q, rows, n, stride, out)  float32 rows, f32 scores (f32x4 mul/add)
 *
 * Arguments are byte addresses in the instance's memory; `stride` is the row
 * length in bytes and must be a multiple of 16 (pad rows with zeros). There is
 * no wat compiler in the toolchain, so the module is assembled here byte by
 * byte; test/store/simd-kernels.test.ts checks it against plain JS.
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
const i32c = (n: number): number[] => [I32_CONST, ...uleb(n)]; // small non-negative constants only
const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];

const V128_LOAD = (offset: number) => simd(0x00, 4, ...uleb(offset));
const V128_ZERO = simd(0x0c, ...new Array<number>(16).fill(0));
const I16X8_EXTEND_LOW_I8X16_S = simd(0x87);
const I16X8_EXTEND_HIGH_I8X16_S = simd(0x88);
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
const ACC = 7;
const ACC2 = 8;

/**
 * The row loop around `inner`, which adds the products of bytes [J, J+32) of
 * the query and the row into ACC and ACC2 (two accumulators: independent
 * dependency chains); `finish` folds them into the score left on the stack.
 */
function kernel(inner: number[], finish: number[], store: number): number[] {
  const body = [
    ...get(OUT), ...get(N), ...i32c(2), I32_SHL, I32_ADD, ...set(END_OUT),
    BLOCK, VOID,
    ...get(N), I32_EQZ, BR_IF, 0,
    LOOP, VOID,
    ...V128_ZERO, ...set(ACC),
    ...V128_ZERO, ...set(ACC2),
    ...i32c(0), ...set(J),
    LOOP, VOID,
    ...inner,
    ...get(J), ...i32c(32), I32_ADD, ...tee(J), ...get(STRIDE), I32_LT_U, BR_IF, 0,
    END,
    ...get(OUT), ...finish, store, 2, 0,
    ...get(ROWS), ...get(STRIDE), I32_ADD, ...set(ROWS),
    ...get(OUT), ...i32c(4), I32_ADD, ...tee(OUT), ...get(END_OUT), I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  const locals = vec([[2, I32], [2, V128]]);
  const fn = [...locals, ...body];
  return [...uleb(fn.length), ...fn];
}

/** v128 at query+J+off and row+J+off */
const qAt = (off: number) => [...get(Q), ...get(J), I32_ADD, ...V128_LOAD(off)];
const rAt = (off: number) => [...get(ROWS), ...get(J), I32_ADD, ...V128_LOAD(off)];

function i8Inner(): number[] {
  const half = (acc: number, off: number, ext: number[]) => [...get(acc), ...qAt(off), ...ext, ...rAt(off), ...ext, ...I32X4_DOT_I16X8_S, ...I32X4_ADD, ...set(acc)];
  return [
    ...half(ACC, 0, I16X8_EXTEND_LOW_I8X16_S),
    ...half(ACC2, 0, I16X8_EXTEND_HIGH_I8X16_S),
    ...half(ACC, 16, I16X8_EXTEND_LOW_I8X16_S),
    ...half(ACC2, 16, I16X8_EXTEND_HIGH_I8X16_S),
  ];
}

function f32Inner(): number[] {
  const step = (acc: number, off: number) => [...get(acc), ...qAt(off), ...rAt(off), ...F32X4_MUL, ...F32X4_ADD, ...set(acc)];
  return [...step(ACC, 0), ...step(ACC2, 16)];
}

const i8Finish = [
  ...get(ACC), ...get(ACC2), ...I32X4_ADD, ...set(ACC),
  ...get(ACC), ...I32X4_EXTRACT_LANE(0), ...get(ACC), ...I32X4_EXTRACT_LANE(1), I32_ADD,
  ...get(ACC), ...I32X4_EXTRACT_LANE(2), I32_ADD, ...get(ACC), ...I32X4_EXTRACT_LANE(3), I32_ADD,
];
const f32Finish = [
  ...get(ACC), ...get(ACC2), ...F32X4_ADD, ...set(ACC),
  ...get(ACC), ...F32X4_EXTRACT_LANE(0), ...get(ACC), ...F32X4_EXTRACT_LANE(1), F32_ADD,
  ...get(ACC), ...F32X4_EXTRACT_LANE(2), F32_ADD, ...get(ACC), ...F32X4_EXTRACT_LANE(3), F32_ADD,
];

function moduleBytes(): Uint8Array {
  const type = [0x60, 5, I32, I32, I32, I32, I32, 0]; // (i32 × 5) -> ()
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])), // memory import, min 1 page
    ...section(3, vec([[0], [0]])),
    ...section(7, vec([[...name('dotI8'), 0x00, 0], [...name('dotF32'), 0x00, 1]])),
    ...section(10, vec([kernel(i8Inner(), i8Finish, I32_STORE), kernel(f32Inner(), f32Finish, F32_STORE)])),
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

/** Row strides must be multiples of this many bytes (the inner loop reads 32 bytes a step). */
export const STRIDE_ALIGN = 32;

export interface Kernels {
  readonly memory: WasmMemory;
  /** scores of `n` int8 rows of `stride` bytes at `rows` against the int8 query at `q`, as int32 at `out` */
  dotI8(q: number, rows: number, n: number, stride: number, out: number): void;
  /** the same for float32 rows (stride in bytes), float32 scores */
  dotF32(q: number, rows: number, n: number, stride: number, out: number): void;
}

/** A kernel instance on its own memory of `pages` × 64 KiB (grow it with memory.grow). */
export function kernels(pages = 1): Kernels {
  compiled ??= new wasm.Module(moduleBytes());
  const memory = new wasm.Memory({ initial: pages, maximum: 65536 });
  const exports = new wasm.Instance(compiled, { env: { memory } }).exports as unknown as Omit<Kernels, 'memory'>;
  return { memory, dotI8: exports.dotI8, dotF32: exports.dotF32 };
}
