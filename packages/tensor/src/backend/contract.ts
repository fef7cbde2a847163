import type { DType, TypedArray } from "../core/dtype.js";

/**
 * The backend contract: what a backend implements so that every op of tensorkit runs on it.
 *
 * Rules that hold for every kernel (the conformance suite checks them):
 * - Inputs are {@link View}s: a storage handle plus shape, strides and offset, in elements.
 *   Strides may be 0 (a broadcast axis) or negative (a flipped axis); a view may be any slice of
 *   its storage. A kernel must read inputs through their strides.
 * - A kernel returns a **new** storage holding its result contiguously in row-major order. It
 *   never writes into an input and never returns an input's storage.
 * - The core has already checked shapes and dtypes, resolved negative axes and broadcast
 *   element-wise inputs to the output shape (with stride-0 axes), and cast inputs to the dtype
 *   the kernel is documented to take. A kernel only computes.
 * - Sizes may be 0. A kernel given empty inputs returns an empty (or, for reductions, identity-
 *   filled) result without reading.
 */

/** A strided window onto a backend's storage. The core builds views; kernels only read them. */
export interface View<S> {
  /** The backend's own handle (a typed array, a wasm pointer, a GPU buffer, …). */
  readonly storage: S;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Elements to step in storage per unit of each axis; 0 for broadcast axes, negative for flipped ones. */
  readonly strides: readonly number[];
  /** Index, in elements, of the view's first element within its storage. */
  readonly offset: number;
}

/** Element-wise `y = f(x)`; output has `x`'s shape and dtype. */
export type UnaryKernel<S> = (x: View<S>) => S;
/** Element-wise `y = f(a, b)`; `a` and `b` have the output shape and the same dtype, which the output keeps. */
export type BinaryKernel<S> = (a: View<S>, b: View<S>) => S;
/** Element-wise comparison; `a` and `b` have the output shape and the same dtype; the output is `bool`. */
export type CompareKernel<S> = (a: View<S>, b: View<S>) => S;
/**
 * Reduction over `axes` (sorted, distinct, non-empty); the output shape is `x.shape` without those
 * axes, and the dtype is `x.dtype` (never `bool`: the core casts bools to int32 first).
 */
export type ReduceKernel<S> = (x: View<S>, axes: readonly number[]) => S;
/**
 * Index (int32) of the first max/min along `axis`; the output shape is `x.shape` without `axis`.
 * NaN counts as the extreme. The core never calls it on an empty axis.
 */
export type ArgReduceKernel<S> = (x: View<S>, axis: number) => S;

/** Options of the {@link OptionalKernels.matmul} kernel. */
export interface MatmulKernelOptions {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/**
 * Geometry of a 2-D convolution or pooling window, every field resolved to numbers. Output sizes
 * follow PyTorch's floor formula (no ceil mode):
 * `OH = floor((H + padTop + padBottom - dilationH * (KH - 1) - 1) / strideH) + 1`, likewise OW;
 * the core checks that they are ≥ 1.
 */
export interface Window2d {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** Zero (or, for max pooling, -Infinity) padding: top, bottom, left, right. */
  readonly padding: readonly [number, number, number, number];
  readonly dilation: readonly [number, number];
}

/** Options of the {@link OptionalKernels.conv2d} kernel. */
export interface Conv2dKernelOptions extends Window2d {
  readonly groups: number;
}

/** Options of the {@link OptionalKernels.avgPool2d} kernel. */
export interface AvgPool2dKernelOptions extends Window2d {
  /** Divide by the full window size (true, PyTorch's default) or by the in-bounds count. */
  readonly countIncludePad: boolean;
}

/**
 * The kernels every backend must implement: storage, element-wise math, comparisons and
 * `where`, reductions, strided copies, concatenation, gather/scatter-add and casting.
 * Every other op of tensorkit is built from these when a backend has no faster kernel.
 */
export interface RequiredKernels<S> {
  // ---- storage ----
  /**
   * Uploads host values; the storage holds `values.length` elements of `dtype`. `values` is the
   * typed array of `dtype` (a Uint8Array of 0/1 for bool). The kernel must copy: the caller may
   * reuse `values`.
   */
  write(values: TypedArray, dtype: DType): S;
  /** Synchronously reads the first `size` elements of a storage into a new host array of `dtype`'s type. */
  read(storage: S, dtype: DType, size: number): TypedArray;
  /** Frees a storage. The core calls it exactly once per storage, when the last tensor using it is disposed. */
  free(storage: S): void;
  /** A new storage of `size` elements, each `value` (already representable in `dtype`). */
  fill(size: number, value: number, dtype: DType): S;

  // ---- movement and conversion ----
  /** Materialises a view contiguously (transpose, slice, flip, broadcast all become copies here). */
  copy(x: View<S>): S;
  /** Converts element type. float→int truncates toward zero; NaN/±Inf→int32 give 0 for NaN and clamp to int32 range; nonzero→bool true. */
  cast(x: View<S>, dtype: DType): S;
  /** Joins inputs (at least one, none empty; same dtype and rank, equal except along `axis`) along `axis`. */
  concat(inputs: readonly View<S>[], axis: number): S;

  // ---- element-wise unary (float inputs, except neg/abs/sign which also take int32) ----
  neg: UnaryKernel<S>;
  abs: UnaryKernel<S>;
  /** -1, 0 or 1; NaN stays NaN. */
  sign: UnaryKernel<S>;
  exp: UnaryKernel<S>;
  log: UnaryKernel<S>;
  sqrt: UnaryKernel<S>;
  sin: UnaryKernel<S>;
  cos: UnaryKernel<S>;
  floor: UnaryKernel<S>;
  ceil: UnaryKernel<S>;
  /** Round half to even, as NumPy and PyTorch do. */
  round: UnaryKernel<S>;

  // ---- element-wise binary (float32, float64 or int32 operands of one dtype) ----
  add: BinaryKernel<S>;
  sub: BinaryKernel<S>;
  mul: BinaryKernel<S>;
  /** True division, float operands only: the core casts integers to float first, as PyTorch's `div` does. */
  div: BinaryKernel<S>;
  /** `a ** b`; for int32 operands the result is an int32 (negative exponents give 0 unless a is ±1). */
  pow: BinaryKernel<S>;
  /** Element-wise max; NaN wins (propagates), as in PyTorch. */
  maximum: BinaryKernel<S>;
  /** Element-wise min; NaN wins (propagates), as in PyTorch. */
  minimum: BinaryKernel<S>;

  // ---- comparisons and selection (any dtype, including bool) ----
  equal: CompareKernel<S>;
  less: CompareKernel<S>;
  /** `cond ? a : b`; `cond` is bool, `a` and `b` share a dtype; all have the output shape. */
  where(cond: View<S>, a: View<S>, b: View<S>): S;

  // ---- reductions ----
  /** Sum over axes; the identity for an empty reduction is 0. */
  sum: ReduceKernel<S>;
  /** Product over axes; the identity for an empty reduction is 1. */
  prod: ReduceKernel<S>;
  /** Max over axes; NaN propagates. The core rejects an empty reduction before calling. */
  max: ReduceKernel<S>;
  argmax: ArgReduceKernel<S>;

  // ---- indexing ----
  /**
   * PyTorch's `gather`: `out[i][j][k] = x[i][index[i][j][k]][k]` for `axis = 1`. `index` is int32
   * with the rank of `x`, in bounds (checked by the core); the output has `index`'s shape.
   */
  gather(x: View<S>, index: View<S>, axis: number): S;
  /**
   * Out-of-place `scatter_add`: a copy of `x` where `out[i][index[i][j][k]][k] += src[i][j][k]`
   * for `axis = 1`. `index` (int32, in bounds) and `src` share a shape; `src` has `x`'s dtype.
   */
  scatterAdd(x: View<S>, index: View<S>, src: View<S>, axis: number): S;
}

/**
 * Kernels a backend may add to be faster. Each has a reference composition of required
 * kernels in `@tensorkit/tensor`, used when the backend leaves it out, so an op never fails for
 * want of a kernel: it is only slower.
 */
export interface OptionalKernels<S> {
  /** Asynchronous read, for backends whose memory lives on a device. Defaults to `read`. */
  readAsync(storage: S, dtype: DType, size: number): Promise<TypedArray>;

  // element-wise (float inputs)
  tanh: UnaryKernel<S>;
  sigmoid: UnaryKernel<S>;
  /** max(x, 0); NaN stays NaN. Takes int32 too. */
  relu: UnaryKernel<S>;
  /** log(1 + x), accurate for tiny x. */
  log1p: UnaryKernel<S>;
  /** exp(x) - 1, accurate for tiny x. */
  expm1: UnaryKernel<S>;
  /** 1 / sqrt(x). */
  rsqrt: UnaryKernel<S>;
  /** The error function, to float32 precision (GELU needs it). */
  erf: UnaryKernel<S>;

  // reductions
  /** Min over axes; NaN propagates. */
  min: ReduceKernel<S>;
  argmin: ArgReduceKernel<S>;

  // fused kernels
  /**
   * Batched matrix product. `a` is `[...batch, M, K]` and `b` `[...batch, K, N]` **after** the
   * transposes the options describe have been applied as views (so `a.shape` already reads
   * `[..., M, K]`); the flags tell the backend which operand is stored transposed so it can pick
   * a fast path. Batch dims are equal (broadcast with stride 0 where needed). Float dtypes.
   */
  matmul(a: View<S>, b: View<S>, options: MatmulKernelOptions): S;
  /**
   * NCHW convolution: `x` `[N, C, H, W]`, `w` `[O, C/groups, KH, KW]` → `[N, O, OH, OW]`, no bias.
   * `options.kernel` equals `w`'s spatial shape.
   */
  conv2d(x: View<S>, w: View<S>, options: Conv2dKernelOptions): S;
  /** NCHW max pooling with -Infinity padding; NaN propagates. */
  maxPool2d(x: View<S>, options: Window2d): S;
  /** NCHW average pooling with zero padding; `dilation` is always 1 (PyTorch's avg_pool2d has none). */
  avgPool2d(x: View<S>, options: AvgPool2dKernelOptions): S;
  /** Softmax along `axis`, computed with the max subtracted. */
  softmax(x: View<S>, axis: number): S;
  /** Log-softmax along `axis`, computed as x - max - log(sum(exp(x - max))). */
  logSoftmax(x: View<S>, axis: number): S;

  // backward kernels (autograd)
  /**
   * Gradient of {@link OptionalKernels.conv2d} with respect to its input (a transposed
   * convolution): `dy` `[N, O, OH, OW]` and `w` `[O, C/groups, KH, KW]` → dx `options.inputShape`
   * `[N, C, H, W]`, where `dx[n,c,h,w] = Σ dy[n,o,p,q] · w[o,c',i,j]` over the outputs whose window
   * read `(h, w)` through tap `(i, j)`. `OH`/`OW` are the forward output size for that input shape;
   * rows and columns the forward never reached get 0.
   */
  conv2dBackpropInput(
    dy: View<S>,
    w: View<S>,
    options: Conv2dKernelOptions & { readonly inputShape: readonly [number, number, number, number] },
  ): S;
  /**
   * Gradient of {@link OptionalKernels.conv2d} with respect to its weights: `x` `[N, C, H, W]` and
   * `dy` `[N, O, OH, OW]` → dw `options.filterShape` `[O, C/groups, KH, KW]`, where
   * `dw[o,c,i,j] = Σ over n, p, q of dy[n,o,p,q] · x[n, c', p·strideH - top + i·dilationH, …]` (0 in the padding).
   */
  conv2dBackpropFilter(
    x: View<S>,
    dy: View<S>,
    options: Conv2dKernelOptions & { readonly filterShape: readonly [number, number, number, number] },
  ): S;
  /**
   * Gradient of {@link OptionalKernels.maxPool2d}: `dy` `[N, C, OH, OW]`, `x` `[N, C, H, W]` (same
   * dtype) → dx of `x`'s shape, each `dy` element added at the FIRST maximum of its window in
   * row-major tap order (PyTorch's choice); NaN counts as the maximum (the first NaN); a window of
   * only -Infinity sends its gradient to its first in-bounds tap. Padding never receives gradient.
   */
  maxPool2dBackward(dy: View<S>, x: View<S>, options: Window2d): S;
  /**
   * Gradient of {@link OptionalKernels.avgPool2d}: `dy` `[N, C, OH, OW]` → dx of
   * `options.inputShape` `[N, C, H, W]`, each `dy` element divided by its window's divisor (as the
   * forward) and added to every in-bounds tap of that window. `dilation` is always 1.
   */
  avgPool2dBackward(
    dy: View<S>,
    options: AvgPool2dKernelOptions & { readonly inputShape: readonly [number, number, number, number] },
  ): S;

  // optimiser updates: one kernel per parameter per step; the core assigns what they return
  /**
   * One SGD step (PyTorch's `torch.optim.SGD`, single-tensor form) for one parameter: `param` and
   * `grad` (same shape and float dtype) and `state.momentumBuffer` (absent before the first step
   * with momentum) → the new parameter and, when `momentum ≠ 0`, the new momentum buffer.
   */
  sgdUpdate(
    param: View<S>,
    grad: View<S>,
    state: SgdUpdateState<View<S>>,
    options: SgdUpdateOptions,
  ): { readonly param: S; readonly state: SgdUpdateState<S> };
  /**
   * One Adam or AdamW step (`decoupledWeightDecay`), with or without AMSGrad: the new parameter and
   * the new `expAvg`, `expAvgSq` (and `maxExpAvgSq` when `amsgrad`). `options.step` is the step
   * number after incrementing (1 on the first step), for the bias corrections.
   */
  adamUpdate(
    param: View<S>,
    grad: View<S>,
    state: AdamUpdateState<View<S>>,
    options: AdamUpdateOptions,
  ): { readonly param: S; readonly state: AdamUpdateState<S> };
  /** One RMSprop step: new parameter, `squareAvg`, and `gradAvg` (centered) / `momentumBuffer` (momentum > 0). */
  rmspropUpdate(
    param: View<S>,
    grad: View<S>,
    state: RmspropUpdateState<View<S>>,
    options: RmspropUpdateOptions,
  ): { readonly param: S; readonly state: RmspropUpdateState<S> };
  /** One Adagrad step: new parameter and `sum` of squared gradients. */
  adagradUpdate(
    param: View<S>,
    grad: View<S>,
    state: AdagradUpdateState<View<S>>,
    options: AdagradUpdateOptions,
  ): { readonly param: S; readonly state: AdagradUpdateState<S> };
  /** One Adadelta step: new parameter, `squareAvg` and `accDelta`. */
  adadeltaUpdate(
    param: View<S>,
    grad: View<S>,
    state: AdadeltaUpdateState<View<S>>,
    options: AdadeltaUpdateOptions,
  ): { readonly param: S; readonly state: AdadeltaUpdateState<S> };
  /** One Adamax step: new parameter, `expAvg` and `expInf` (the infinity-norm average). */
  adamaxUpdate(
    param: View<S>,
    grad: View<S>,
    state: AdamaxUpdateState<View<S>>,
    options: AdamaxUpdateOptions,
  ): { readonly param: S; readonly state: AdamaxUpdateState<S> };
}

/** Names of the required kernels. */
export type RequiredKernelName = keyof RequiredKernels<unknown>;
/** Names of the optional kernels. */
export type OptionalKernelName = keyof OptionalKernels<unknown>;

/** The full kernel table of a backend: every required kernel, and any optional ones. */
export type KernelTable<S> = RequiredKernels<S> & Partial<OptionalKernels<S>>;

/**
 * A backend: a name, the dtypes it stores, and its kernels.
 *
 * @example
 * ```ts
 * const myBackend: Backend<Float32Array> = {
 *   name: "mine",
 *   dtypes: ["float32", "int32", "bool"],
 *   kernels: { write, read, free, fill, copy, cast, concat, neg, abs, … },
 * };
 * registerBackend("mine", () => myBackend);
 * ```
 */
export interface Backend<S = unknown> {
  readonly name: string;
  /** The dtypes this backend can store. `float32`, `int32` and `bool` are mandatory. */
  readonly dtypes: readonly DType[];
  readonly kernels: KernelTable<S>;
  /** Releases everything the backend holds (worker threads, wasm memory). Optional. */
  dispose?(): void;
}

/**
 * A backend of any storage type, as the registry holds them. Kernel parameters make
 * `Backend<Float32Array>` not assignable to `Backend<unknown>`, and the core never looks inside a
 * storage handle, so the registry accepts any.
 */
// biome-ignore lint/suspicious/noExplicitAny: storage handles are opaque to the core; each backend picks its own type.
export type AnyBackend = Backend<any>;

/** The list of required kernel names, for checks at registration and for the conformance suite. */
export const REQUIRED_KERNELS: readonly RequiredKernelName[] = [
  "write",
  "read",
  "free",
  "fill",
  "copy",
  "cast",
  "concat",
  "neg",
  "abs",
  "sign",
  "exp",
  "log",
  "sqrt",
  "sin",
  "cos",
  "floor",
  "ceil",
  "round",
  "add",
  "sub",
  "mul",
  "div",
  "pow",
  "maximum",
  "minimum",
  "equal",
  "less",
  "where",
  "sum",
  "prod",
  "max",
  "argmax",
  "gather",
  "scatterAdd",
];

/** The list of optional kernel names. */
export const OPTIONAL_KERNELS: readonly OptionalKernelName[] = [
  "readAsync",
  "tanh",
  "sigmoid",
  "relu",
  "log1p",
  "expm1",
  "rsqrt",
  "erf",
  "min",
  "argmin",
  "matmul",
  "conv2d",
  "maxPool2d",
  "avgPool2d",
  "softmax",
  "logSoftmax",
  "conv2dBackpropInput",
  "conv2dBackpropFilter",
  "maxPool2dBackward",
  "avgPool2dBackward",
  "sgdUpdate",
  "adamUpdate",
  "rmspropUpdate",
  "adagradUpdate",
  "adadeltaUpdate",
  "adamaxUpdate",
];

// ---- optimiser-update kernels: states and options ----
// Every field is a resolved number or flag; the core validates them. A state holds one tensor
// (a view in, a storage out) per named buffer; optional buffers exist only when the options use them.

/** State of {@link OptionalKernels.sgdUpdate}: the momentum buffer, absent before the first step with momentum. */
export interface SgdUpdateState<T> {
  readonly momentumBuffer?: T;
}
/** Options of {@link OptionalKernels.sgdUpdate} (PyTorch's SGD). */
export interface SgdUpdateOptions {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;
}
/** State of {@link OptionalKernels.adamUpdate}; `maxExpAvgSq` only with AMSGrad. */
export interface AdamUpdateState<T> {
  readonly expAvg: T;
  readonly expAvgSq: T;
  readonly maxExpAvgSq?: T;
}
/** Options of {@link OptionalKernels.adamUpdate} (PyTorch's Adam and AdamW). */
export interface AdamUpdateOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** AdamW: multiply the parameter by `1 - lr·weightDecay` instead of adding `weightDecay·param` to the gradient. */
  readonly decoupledWeightDecay: boolean;
  readonly amsgrad: boolean;
  readonly maximize: boolean;
  /** The step number after incrementing (1 on the first step), for the bias corrections. */
  readonly step: number;
}
/** State of {@link OptionalKernels.rmspropUpdate}; `gradAvg` only when centered, `momentumBuffer` only with momentum. */
export interface RmspropUpdateState<T> {
  readonly squareAvg: T;
  readonly gradAvg?: T;
  readonly momentumBuffer?: T;
}
/** Options of {@link OptionalKernels.rmspropUpdate} (PyTorch's RMSprop). */
export interface RmspropUpdateOptions {
  readonly lr: number;
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly maximize: boolean;
}
/** State of {@link OptionalKernels.adagradUpdate}: the running sum of squared gradients. */
export interface AdagradUpdateState<T> {
  readonly sum: T;
}
/** Options of {@link OptionalKernels.adagradUpdate} (PyTorch's Adagrad). */
export interface AdagradUpdateOptions {
  readonly lr: number;
  readonly lrDecay: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly maximize: boolean;
  /** The step number after incrementing (1 on the first step), for the learning-rate decay. */
  readonly step: number;
}
/** State of {@link OptionalKernels.adadeltaUpdate}. */
export interface AdadeltaUpdateState<T> {
  readonly squareAvg: T;
  readonly accDelta: T;
}
/** Options of {@link OptionalKernels.adadeltaUpdate} (PyTorch's Adadelta). */
export interface AdadeltaUpdateOptions {
  readonly lr: number;
  readonly rho: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly maximize: boolean;
}
/** State of {@link OptionalKernels.adamaxUpdate}. */
export interface AdamaxUpdateState<T> {
  readonly expAvg: T;
  readonly expInf: T;
}
/** Options of {@link OptionalKernels.adamaxUpdate} (PyTorch's Adamax). */
export interface AdamaxUpdateOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly maximize: boolean;
  /** The step number after incrementing (1 on the first step), for the bias correction. */
  readonly step: number;
}
