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
  gemmScratchBytes(M: number, N: number, K: number, size: number): number;
  gemmF32(
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
    scratch: number,
  ): void;
  gemmF64(
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
    scratch: number,
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
