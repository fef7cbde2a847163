import type { Backend, View } from "./backend/contract.js";
import type { DType, TypedArray } from "./core/dtype.js";
import { DisposedError, ValueError } from "./core/errors.js";
import { type BackwardOptions, gradientEngine, requireGradientEngine } from "./core/grad-hooks.js";
import { type FinalizerHold, finalizer, release, retain, type StorageRecord } from "./core/memory.js";
import { type ScopedTensor, trackInScope } from "./core/scope.js";
import { contiguousStrides, formatShape, isRowMajor, type Shape, shapesEqual, sizeOf } from "./core/shape.js";
import { formatTensor } from "./format.js";
import * as ops from "./ops/methods.js";

/** Nested JS arrays as `toArray()` returns them: numbers (or booleans for bool tensors). */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An immutable n-dimensional array living on one backend.
 *
 * Ops never change a tensor; they return new ones. Views (reshape, transpose, slice, …) share
 * storage with their source. Free a tensor's storage with `dispose()`, `using`, or `tidy`.
 *
 * @example
 * ```ts
 * const a = tensor([[1, 2], [3, 4]]);
 * const b = a.matmul(a).add(1);
 * console.log(b.toString()); // tensor([[ 8, 11], [16, 23]], float32)
 * b.dispose();
 * ```
 */
export class Tensor {
  /** Size of each axis. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** @internal Element strides into the storage (0 for broadcast axes, negative for flipped). Changed only by `assign`. */
  strides: readonly number[];
  /** @internal Index of the first element in the storage. Changed only by `assign`. */
  offset: number;
  /** @internal The shared storage this tensor reads. Changed only by `assign`. */
  record: StorageRecord;
  /** @internal State `@tensorkit/autograd` keeps for this tensor (opaque to the core). */
  autograd: unknown = undefined;
  /** @internal The `tidy` scope that owns this tensor (see core/scope.ts). */
  tidyScope: ScopedTensor["tidyScope"] = undefined;
  #disposed = false;
  /** What the finalizer holds for this tensor, once it has one (see core/memory.ts). */
  #hold: FinalizerHold | undefined = undefined;

  /** @internal Use the creation functions (`tensor`, `zeros`, …); ops build tensors through this. */
  constructor(
    record: StorageRecord,
    shape: Shape,
    dtype: DType,
    strides?: readonly number[],
    offset = 0,
    /** @internal For handles whose owner frees them deterministically (autograd's tape): no scope, no finalizer. */
    owned = false,
  ) {
    this.record = record;
    // Not copied or frozen: ops build a fresh array per result (copying here was a measurable
    // share of a small model's training step), and creation functions copy the user's array.
    this.shape = shape;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    retain(record);
    if (!owned && !trackInScope(this)) this.ensureFinalizer();
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** The backend whose memory holds this tensor. */
  get backend(): Backend {
    return this.record.backend;
  }

  /** Whether `dispose()` was called (directly, or by the `tidy` that owned it). */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Whether the elements are laid out densely in row-major order from the start of the storage. */
  get isContiguous(): boolean {
    return this.offset === 0 && isRowMajor(this.shape, this.strides);
  }

  /**
   * Frees this tensor's hold on its storage; the storage itself is freed when no view of it is
   * left. Disposing twice is harmless; using a disposed tensor throws a `DisposedError`.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#hold) finalizer.unregister(this);
    release(this.record);
    if (this.autograd !== undefined) gradientEngine()?.onDispose(this);
  }

  /**
   * Replaces this tensor's data with `value`'s, in place: the one mutation tensorkit has, for
   * parameters and optimiser state. The tensor keeps its identity (and its autograd leaf state
   * and `.grad`); `value` is left as it was (they share storage, which is safe since tensors are
   * immutable). Views made from this tensor earlier keep the old data.
   *
   * @example
   * ```ts
   * noGrad(() => w.assign(sub(w, mul(w.grad!, lr))));
   * ```
   */
  assign(value: Tensor): this {
    this.assertAlive("assign");
    value.assertAlive("assign");
    if (value.dtype !== this.dtype || !shapesEqual(value.shape, this.shape)) {
      throw new ValueError(
        `assign: the new value is ${value.dtype} ${formatShape(value.shape)} but the tensor is ${this.dtype} ${formatShape(this.shape)}`,
      );
    }
    if (value.backend !== this.backend)
      throw new ValueError(`assign: the new value lives on another backend; move it with .to() first`);
    if (
      value.record === this.record &&
      value.offset === this.offset &&
      shapesEqual(value.strides, this.strides)
    )
      return this;
    retain(value.record);
    release(this.record);
    this.record = value.record;
    this.strides = value.strides;
    this.offset = value.offset;
    if (this.#hold) this.#hold.record = value.record;
    return this;
  }

  /** @internal Registers the safety net that releases the storage if this tensor is garbage-collected undisposed. */
  ensureFinalizer(): void {
    if (this.#hold || this.#disposed) return;
    this.#hold = { record: this.record };
    finalizer.register(this, this.#hold, this);
  }

  /** `using t = tensor(…)` disposes `t` at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- gradients (computed by @tensorkit/autograd; see core/grad-hooks.ts) ----

  /** Whether ops on this tensor are recorded for backpropagation. */
  get requiresGrad(): boolean {
    return this.autograd !== undefined && (gradientEngine()?.requiresGrad(this) ?? false);
  }

  /** The gradient accumulated into this leaf by `backward()`, or null. */
  get grad(): Tensor | null {
    return this.autograd === undefined ? null : (gradientEngine()?.gradOf(this) ?? null);
  }

  set grad(value: Tensor | null) {
    requireGradientEngine("grad").setGrad(this, value);
  }

  /**
   * Marks this leaf tensor as requiring gradients (float dtypes only), as PyTorch's
   * `requires_grad_()`. Returns the tensor.
   *
   * @example
   * ```ts
   * const w = randn([3, 1]).requiresGrad_();
   * ```
   */
  requiresGrad_(flag = true): this {
    requireGradientEngine("requiresGrad_").setRequiresGrad(this, flag);
    return this;
  }

  /**
   * Backpropagates from this tensor: accumulates d(this)/d(leaf) into every leaf's `.grad`.
   * A non-scalar tensor needs the upstream `gradient` (of its shape).
   *
   * @example
   * ```ts
   * const loss = mean(square(sub(matmul(x, w), y)));
   * loss.backward();
   * w.grad; // d loss / d w
   * ```
   */
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    requireGradientEngine("backward").backward(this, gradient, options);
  }

  /** A tensor with the same data that is not recorded: gradients stop here. */
  detach(): Tensor {
    this.view("detach");
    return new Tensor(this.record, this.shape, this.dtype, this.strides, this.offset);
  }

  /**
   * @internal A handle to the same data that belongs to no `tidy` and has no finalizer: for
   * owners that always dispose what they hold (autograd's tape registers one safety net per node).
   */
  ownedHandle(): Tensor {
    this.view("ownedHandle");
    return new Tensor(this.record, this.shape, this.dtype, this.strides, this.offset, true);
  }

  /** @internal Throws a DisposedError naming `op` when this tensor was disposed. */
  assertAlive(op: string): void {
    if (this.#disposed)
      throw new DisposedError(`${op}: a tensor of shape ${formatShape(this.shape)} was used after dispose()`);
  }

  /** @internal The contract view kernels receive. `op` names the caller in the error. */
  view(op = "op"): View<unknown> {
    this.assertAlive(op);
    return {
      storage: this.record.handle,
      dtype: this.dtype,
      shape: this.shape,
      strides: this.strides,
      offset: this.offset,
    };
  }

  /**
   * The elements in row-major order, as a new typed array (Float32Array, Int32Array, Uint8Array
   * for bool, Float64Array). Synchronous: backends on a device (GPU) need `data()`.
   */
  dataSync(): TypedArray {
    const kernels = this.backend.kernels;
    if (this.isContiguous) return kernels.read(this.view("dataSync").storage, this.dtype, this.size);
    const dense = kernels.copy(this.view("dataSync"));
    try {
      return kernels.read(dense, this.dtype, this.size);
    } finally {
      kernels.free(dense);
    }
  }

  /** The elements in row-major order; asynchronous, so it works on every backend. */
  async data(): Promise<TypedArray> {
    const kernels = this.backend.kernels;
    if (!kernels.readAsync) return this.dataSync();
    if (this.isContiguous) return kernels.readAsync(this.view("data").storage, this.dtype, this.size);
    const dense = kernels.copy(this.view("data"));
    try {
      return await kernels.readAsync(dense, this.dtype, this.size);
    } finally {
      kernels.free(dense);
    }
  }

  /** The elements as nested JS arrays (booleans for bool tensors); a scalar gives a number. */
  toArray(): NestedArray {
    const flat = this.dataSync();
    const isBool = this.dtype === "bool";
    let i = 0;
    const build = (axis: number): NestedArray => {
      if (axis === this.shape.length) {
        const v = flat[i++]!;
        return isBool ? v !== 0 : v;
      }
      const out: NestedArray[] = [];
      for (let k = 0; k < this.shape[axis]!; k++) out.push(build(axis + 1));
      return out;
    };
    return build(0);
  }

  /** The single element of a one-element tensor (a boolean for bool). */
  item(): number | boolean {
    if (this.size !== 1) {
      throw new ValueError(
        `item: only a tensor with one element has an item; this one has shape ${formatShape(this.shape)} (${this.size} elements)`,
      );
    }
    const v = this.dataSync()[0]!;
    return this.dtype === "bool" ? v !== 0 : v;
  }

  /** A readable rendering, e.g. `tensor([[1, 2], [3, 4]], float32)`; long tensors are summarised. */
  toString(): string {
    if (this.#disposed) return `tensor(<disposed>, shape=${formatShape(this.shape)}, ${this.dtype})`;
    return formatTensor(this.dataSync(), this.shape, this.dtype);
  }

  // ---- ops as methods: each is the function of the same name with this tensor first ----
  add(b: ops.TensorLike): Tensor {
    return ops.add(this, b);
  }
  sub(b: ops.TensorLike): Tensor {
    return ops.sub(this, b);
  }
  mul(b: ops.TensorLike): Tensor {
    return ops.mul(this, b);
  }
  div(b: ops.TensorLike): Tensor {
    return ops.div(this, b);
  }
  pow(b: ops.TensorLike): Tensor {
    return ops.pow(this, b);
  }
  maximum(b: ops.TensorLike): Tensor {
    return ops.maximum(this, b);
  }
  minimum(b: ops.TensorLike): Tensor {
    return ops.minimum(this, b);
  }
  equal(b: ops.TensorLike): Tensor {
    return ops.equal(this, b);
  }
  notEqual(b: ops.TensorLike): Tensor {
    return ops.notEqual(this, b);
  }
  less(b: ops.TensorLike): Tensor {
    return ops.less(this, b);
  }
  lessEqual(b: ops.TensorLike): Tensor {
    return ops.lessEqual(this, b);
  }
  greater(b: ops.TensorLike): Tensor {
    return ops.greater(this, b);
  }
  greaterEqual(b: ops.TensorLike): Tensor {
    return ops.greaterEqual(this, b);
  }
  logicalAnd(b: ops.TensorLike): Tensor {
    return ops.logicalAnd(this, b);
  }
  logicalOr(b: ops.TensorLike): Tensor {
    return ops.logicalOr(this, b);
  }
  logicalXor(b: ops.TensorLike): Tensor {
    return ops.logicalXor(this, b);
  }
  logicalNot(): Tensor {
    return ops.logicalNot(this);
  }
  clamp(options: ops.ClampOptions): Tensor {
    return ops.clamp(this, options);
  }
  neg(): Tensor {
    return ops.neg(this);
  }
  abs(): Tensor {
    return ops.abs(this);
  }
  sign(): Tensor {
    return ops.sign(this);
  }
  exp(): Tensor {
    return ops.exp(this);
  }
  log(): Tensor {
    return ops.log(this);
  }
  log1p(): Tensor {
    return ops.log1p(this);
  }
  expm1(): Tensor {
    return ops.expm1(this);
  }
  sqrt(): Tensor {
    return ops.sqrt(this);
  }
  rsqrt(): Tensor {
    return ops.rsqrt(this);
  }
  square(): Tensor {
    return ops.square(this);
  }
  reciprocal(): Tensor {
    return ops.reciprocal(this);
  }
  sin(): Tensor {
    return ops.sin(this);
  }
  cos(): Tensor {
    return ops.cos(this);
  }
  tanh(): Tensor {
    return ops.tanh(this);
  }
  floor(): Tensor {
    return ops.floor(this);
  }
  ceil(): Tensor {
    return ops.ceil(this);
  }
  round(): Tensor {
    return ops.round(this);
  }
  erf(): Tensor {
    return ops.erf(this);
  }
  isNaN(): Tensor {
    return ops.isNaN(this);
  }
  isFinite(): Tensor {
    return ops.isFinite(this);
  }
  sigmoid(): Tensor {
    return ops.sigmoid(this);
  }
  relu(): Tensor {
    return ops.relu(this);
  }
  leakyRelu(options?: ops.LeakyReluOptions): Tensor {
    return ops.leakyRelu(this, options);
  }
  elu(options?: ops.EluOptions): Tensor {
    return ops.elu(this, options);
  }
  gelu(options?: ops.GeluOptions): Tensor {
    return ops.gelu(this, options);
  }
  softplus(options?: ops.SoftplusOptions): Tensor {
    return ops.softplus(this, options);
  }

  sum(axis?: ops.Axes, options?: ops.ReduceOptions): Tensor {
    return ops.sum(this, axis, options);
  }
  mean(axis?: ops.Axes, options?: ops.ReduceOptions): Tensor {
    return ops.mean(this, axis, options);
  }
  max(axis?: ops.Axes, options?: ops.ReduceOptions): Tensor {
    return ops.max(this, axis, options);
  }
  min(axis?: ops.Axes, options?: ops.ReduceOptions): Tensor {
    return ops.min(this, axis, options);
  }
  prod(axis?: ops.Axes, options?: ops.ReduceOptions): Tensor {
    return ops.prod(this, axis, options);
  }
  all(axis?: ops.Axes, options?: ops.ReduceOptions): Tensor {
    return ops.all(this, axis, options);
  }
  any(axis?: ops.Axes, options?: ops.ReduceOptions): Tensor {
    return ops.any(this, axis, options);
  }
  logSumExp(axis?: ops.Axes, options?: ops.ReduceOptions): Tensor {
    return ops.logSumExp(this, axis, options);
  }
  argmax(axis?: number, options?: ops.ReduceOptions): Tensor {
    return ops.argmax(this, axis, options);
  }
  argmin(axis?: number, options?: ops.ReduceOptions): Tensor {
    return ops.argmin(this, axis, options);
  }
  variance(axis?: ops.Axes, options?: ops.VarianceOptions): Tensor {
    return ops.variance(this, axis, options);
  }
  std(axis?: ops.Axes, options?: ops.VarianceOptions): Tensor {
    return ops.std(this, axis, options);
  }

  reshape(shape: readonly number[]): Tensor {
    return ops.reshape(this, shape);
  }
  flatten(startAxis?: number, endAxis?: number): Tensor {
    return ops.flatten(this, startAxis, endAxis);
  }
  squeeze(axis?: number | readonly number[]): Tensor {
    return ops.squeeze(this, axis);
  }
  unsqueeze(axis: number): Tensor {
    return ops.unsqueeze(this, axis);
  }
  permute(axes: readonly number[]): Tensor {
    return ops.permute(this, axes);
  }
  transpose(axis0?: number, axis1?: number): Tensor {
    return ops.transpose(this, axis0, axis1);
  }
  /** Matrix transpose of the last two axes (`x.T` in NumPy for 2-D). */
  get T(): Tensor {
    return ops.transpose(this);
  }
  expand(shape: readonly number[]): Tensor {
    return ops.expand(this, shape);
  }
  broadcastTo(shape: readonly number[]): Tensor {
    return ops.broadcastTo(this, shape);
  }
  slice(ranges: readonly ops.SliceRange[]): Tensor {
    return ops.slice(this, ranges);
  }
  flip(axes: number | readonly number[]): Tensor {
    return ops.flip(this, axes);
  }
  contiguous(): Tensor {
    return ops.contiguous(this);
  }
  clone(): Tensor {
    return ops.clone(this);
  }
  cast(dtype: DType): Tensor {
    return ops.cast(this, dtype);
  }
  /** A copy of this tensor on another registered backend. */
  to(backendName: string): Tensor {
    return ops.toBackend(this, backendName);
  }

  matmul(b: ops.TensorLike, options?: ops.MatmulOptions): Tensor {
    return ops.matmul(this, b, options);
  }
  softmax(axis?: number): Tensor {
    return ops.softmax(this, axis);
  }
  logSoftmax(axis?: number): Tensor {
    return ops.logSoftmax(this, axis);
  }
  conv1d(w: ops.TensorLike, options?: ops.Conv1dOptions): Tensor {
    return ops.conv1d(this, w, options);
  }
  conv2d(w: ops.TensorLike, options?: ops.Conv2dOptions): Tensor {
    return ops.conv2d(this, w, options);
  }
  maxPool2d(options: ops.MaxPool2dOptions): Tensor {
    return ops.maxPool2d(this, options);
  }
  avgPool2d(options: ops.AvgPool2dOptions): Tensor {
    return ops.avgPool2d(this, options);
  }
  gather(axis: number, index: ops.IndexLike): Tensor {
    return ops.gather(this, axis, index);
  }
  indexSelect(axis: number, index: ops.IndexLike): Tensor {
    return ops.indexSelect(this, axis, index);
  }
  scatterAdd(axis: number, index: ops.IndexLike, src: ops.TensorLike): Tensor {
    return ops.scatterAdd(this, axis, index, src);
  }
  oneHot(numClasses: number): Tensor {
    return ops.oneHot(this, numClasses);
  }
  split(sizeOrSizes: number | readonly number[], axis?: number): Tensor[] {
    return ops.split(this, sizeOrSizes, axis);
  }
  pad(padding: readonly (readonly [number, number])[], options?: ops.PadOptions): Tensor {
    return ops.pad(this, padding, options);
  }
  tile(reps: readonly number[]): Tensor {
    return ops.tile(this, reps);
  }
}
