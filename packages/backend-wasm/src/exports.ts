/** A kernel of two or three byte addresses (output first); the rest is in the descriptor or geometry. */
type PtrKernel2 = (out: number, x: number) => void;
type PtrKernel3 = (out: number, a: number, b: number) => void;
/**
 * conv2d (out, x, w) and its input gradient (dx, dy, w), with im2col and gemm scratch, over the
 * batch items [n0, n1).
 */
type ConvKernel = (
  out: number,
  a: number,
  b: number,
  cols: number,
  scratch: number,
  n0: number,
  n1: number,
) => void;
/** The filter gradient of batch items [n0, n1), as transposed per-group blocks into `dwT`. */
type FilterKernel = (
  dwT: number,
  x: number,
  dy: number,
  cols: number,
  scratch: number,
  n0: number,
  n1: number,
) => void;

/**
 * The operands of one gemm call (assembly/gemm.ts): C (M×N, rows `ldc` elements apart) = A (M×K)
 * · B (K×N), addresses in bytes, strides in elements.
 */
export type GemmOperands = [
  M: number,
  N: number,
  K: number,
  a: number,
  ars: number,
  acs: number,
  b: number,
  brs: number,
  bcs: number,
  c: number,
  ldc: number,
];
/** A one-thread gemm: the operands, then the thread's packing scratch. */
type GemmKernel = (...args: [...GemmOperands, scratch: number]) => void;
/** One thread's part of a gemm shared by all threads: the shared packed B, its own scratch, the work counters. */
type SharedGemmKernel = (...args: [...GemmOperands, packed: number, scratch: number, sync: number]) => void;

/** The functions and globals the AssemblyScript module (assembly/index.ts) exports. */
export interface WasmExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  readonly descriptorPtr: WebAssembly.Global;
  readonly maxDims: WebAssembly.Global;

  unaryF32(op: number, out: number, x: number): void;
  unaryF64(op: number, out: number, x: number): void;
  unaryI32(op: number, out: number, x: number): void;
  binaryF32(op: number, out: number, a: number, b: number): void;
  binaryF64(op: number, out: number, a: number, b: number): void;
  binaryI32(op: number, out: number, a: number, b: number): void;
  compareF32(op: number, out: number, a: number, b: number): void;
  compareF64(op: number, out: number, a: number, b: number): void;
  compareI32(op: number, out: number, a: number, b: number): void;
  compareU8(op: number, out: number, a: number, b: number): void;
  where8(out: number, cond: number, a: number, b: number): void;
  where32(out: number, cond: number, a: number, b: number): void;
  where64(out: number, cond: number, a: number, b: number): void;
  copy8(out: number, x: number): void;
  copy32(out: number, x: number): void;
  copy64(out: number, x: number): void;
  castKernel(from: number, to: number, out: number, x: number): void;
  reduceF32(op: number, out: number, x: number, rowsPerOut: number): void;
  reduceF64(op: number, out: number, x: number, rowsPerOut: number): void;
  reduceI32(op: number, out: number, x: number, rowsPerOut: number): void;
  argReduceF32(op: number, out: number, x: number): void;
  argReduceF64(op: number, out: number, x: number): void;
  argReduceI32(op: number, out: number, x: number): void;
  gather8(out: number, x: number, index: number, axisStride: number): void;
  gather32(out: number, x: number, index: number, axisStride: number): void;
  gather64(out: number, x: number, index: number, axisStride: number): void;
  scatterAddF32(out: number, index: number, src: number, axisStride: number): void;
  scatterAddF64(out: number, index: number, src: number, axisStride: number): void;
  scatterAddI32(out: number, index: number, src: number, axisStride: number): void;
  /** out[j] = Σ_i x[i, j] of a contiguous float32 [rows, cols], with 8·cols bytes of scratch. */
  sumLeadingF32(out: number, x: number, rows: number, cols: number, acc: number): void;
  gemmScratchBytes(M: number, N: number, K: number, size: number): number;
  /** Bytes of the packed B that the threads of one shared gemm fill together. */
  gemmSharedPackedBytes(N: number, K: number, size: number): number;
  /** Bytes of a shared gemm's work counters, to zero before each product. */
  gemmSharedSyncBytes(N: number, K: number, size: number): number;
  /** Bytes of one thread's own scratch in a shared gemm. */
  gemmSharedScratchBytes(M: number, K: number, size: number): number;
  gemmF32: GemmKernel;
  gemmF64: GemmKernel;
  /** One thread's part of C = A·B computed by all the pool's threads (assembly/gemm-shared.ts). */
  gemmSharedF32: SharedGemmKernel;
  gemmSharedF64: SharedGemmKernel;

  /** conv.ts: `x` / `dy` pointers include their view offsets; `cols` and `scratch` from the host. */
  conv2dF32: ConvKernel;
  conv2dF64: ConvKernel;
  conv2dBackpropInputF32: ConvKernel;
  conv2dBackpropInputF64: ConvKernel;
  conv2dBackpropFilterF32: FilterKernel;
  conv2dBackpropFilterF64: FilterKernel;
  /** dw = the sum of `parts` consecutive `dwT` blocks, each group transposed back. */
  conv2dFilterFinishF32(dw: number, dwT: number, parts: number): void;
  conv2dFilterFinishF64(dw: number, dwT: number, parts: number): void;
  /** pool.ts: the geometry block holds sizes, window and strides. */
  maxPool2dF32: PtrKernel2;
  maxPool2dF64: PtrKernel2;
  avgPool2dF32: PtrKernel2;
  avgPool2dF64: PtrKernel2;
  maxPool2dBackwardF32: PtrKernel3;
  maxPool2dBackwardF64: PtrKernel3;
  avgPool2dBackwardF32: PtrKernel2;
  avgPool2dBackwardF64: PtrKernel2;
  /** softmax.ts: the descriptor walks lines along the axis (operand 0 out, 1 x). */
  softmaxF32: PtrKernel2;
  softmaxF64: PtrKernel2;
  logSoftmaxF32: PtrKernel2;
  logSoftmaxF64: PtrKernel2;
  /** optim.ts: dense inputs, fresh outputs, 0 for a state buffer that does not exist. */
  sgdUpdate(
    f64: boolean,
    n: number,
    p: number,
    g: number,
    buf: number,
    po: number,
    bo: number,
    lr: number,
    momentum: number,
    dampening: number,
    weightDecay: number,
    nesterov: boolean,
    sign: number,
  ): void;
  adamUpdate(
    f64: boolean,
    n: number,
    p: number,
    g: number,
    m: number,
    v: number,
    vmax: number,
    po: number,
    mo: number,
    vo: number,
    vmo: number,
    beta1: number,
    beta2: number,
    eps: number,
    l2: number,
    decay: number,
    sign: number,
    stepSize: number,
    bc2Sqrt: number,
  ): void;
  rmspropUpdate(
    f64: boolean,
    n: number,
    p: number,
    g: number,
    sq: number,
    ga: number,
    mb: number,
    po: number,
    sqo: number,
    gao: number,
    mbo: number,
    lr: number,
    alpha: number,
    eps: number,
    weightDecay: number,
    momentum: number,
    sign: number,
  ): void;
  adagradUpdate(
    f64: boolean,
    n: number,
    p: number,
    g: number,
    sum: number,
    po: number,
    so: number,
    clr: number,
    eps: number,
    weightDecay: number,
    sign: number,
  ): void;
  adadeltaUpdate(
    f64: boolean,
    n: number,
    p: number,
    g: number,
    sq: number,
    ad: number,
    po: number,
    sqo: number,
    ado: number,
    lr: number,
    rho: number,
    eps: number,
    weightDecay: number,
    sign: number,
  ): void;
  adamaxUpdate(
    f64: boolean,
    n: number,
    p: number,
    g: number,
    m: number,
    u: number,
    po: number,
    mo: number,
    uo: number,
    clr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    sign: number,
  ): void;
}

/** Op codes of the unary, binary, compare and reduce kernels, as the module exports them. */
export const UNARY_OPS = [
  "NEG",
  "ABS",
  "SIGN",
  "EXP",
  "LOG",
  "SQRT",
  "SIN",
  "COS",
  "FLOOR",
  "CEIL",
  "ROUND",
  "TANH",
  "SIGMOID",
  "RELU",
  "LOG1P",
  "EXPM1",
  "RSQRT",
  "ERF",
] as const;
export const BINARY_OPS = ["ADD", "SUB", "MUL", "DIV", "POW", "MAXIMUM", "MINIMUM"] as const;
export const REDUCE_OPS = ["SUM", "PROD", "MAX", "MIN"] as const;

/** Reads an exported i32 constant (op codes live in the module, so host and kernels cannot drift apart). */
export function constant(exports: WasmExports, name: string): number {
  const g = (exports as unknown as Record<string, unknown>)[name];
  if (!(g instanceof WebAssembly.Global))
    throw new Error(`wasm backend: the module exports no constant ${name}`);
  return g.value as number;
}
