import type { BinaryKernel, KernelTable, UnaryKernel } from "../backend/contract.js";
import { type DType, floatDTypeFor, promoteWithScalar } from "../core/dtype.js";
import { isRecordedPair, NO_ATTRS, recorded } from "../core/grad-hooks.js";
import { broadcastShapes, type Shape, shapesEqual } from "../core/shape.js";
import { Tensor } from "../tensor.js";
import { castIfNeeded, disposeOwned, prepareOperands, scalarOn, type TensorLike } from "./convert.js";
import { broadcastView, wrap } from "./dispatch.js";

type Kernels = KernelTable<unknown>;
/** Kernel names that map element-wise over one input. */
export type UnaryKernelName = {
  [K in keyof Kernels]-?: NonNullable<Kernels[K]> extends UnaryKernel<unknown> ? K : never;
}[keyof Kernels];
/** Kernel names that combine two inputs element-wise. */
type BinaryKernelName = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "equal" | "less";

/**
 * How a binary op types its operands: `"same"` computes in the promoted dtype (bool operands
 * become int32, since kernels do arithmetic on numbers), `"float"` in a float dtype, `"compare"`
 * compares in the promoted dtype and returns bool.
 */
type BinaryMode = "same" | "float" | "compare";

/** Runs a binary kernel with broadcasting and promotion, recorded for autograd unless it compares. */
export function binaryOp(
  op: string,
  kernel: BinaryKernelName,
  a: TensorLike,
  b: TensorLike,
  mode: BinaryMode,
): Tensor {
  // Two tensors of one dtype on one backend (most ops of a training step): no conversions.
  if (a instanceof Tensor && b instanceof Tensor && a.dtype === b.dtype && a.backend === b.backend) {
    a.assertAlive(op);
    b.assertAlive(op);
    return binaryOn(op, kernel, a, b, a.dtype, mode);
  }
  // A tensor and a JS number (`x * 2`, `1 - x`): the number is a view of a shared constant.
  if (a instanceof Tensor && typeof b === "number") return withScalar(op, kernel, a, b, mode, false);
  if (b instanceof Tensor && typeof a === "number") return withScalar(op, kernel, b, a, mode, true);
  const { tensors, owned, dtype } = prepareOperands(op, [a, b]);
  try {
    return binaryOn(op, kernel, tensors[0]!, tensors[1]!, dtype, mode);
  } finally {
    disposeOwned(tensors, owned);
  }
}

/** `t ∘ value` (or `value ∘ t` when `scalarFirst`), with PyTorch's weak-scalar promotion. */
function withScalar(
  op: string,
  kernel: BinaryKernelName,
  t: Tensor,
  value: number,
  mode: BinaryMode,
  scalarFirst: boolean,
): Tensor {
  t.assertAlive(op);
  const dtype = promoteWithScalar(t.dtype, value);
  const s = scalarOn(t.backend, value, dtype, op);
  try {
    return scalarFirst ? binaryOn(op, kernel, s, t, dtype, mode) : binaryOn(op, kernel, t, s, dtype, mode);
  } finally {
    s.dispose();
  }
}

/** A binary op on prepared operands of promoted `dtype`. */
function binaryOn(
  op: string,
  kernel: BinaryKernelName,
  ta: Tensor,
  tb: Tensor,
  dtype: DType,
  mode: BinaryMode,
): Tensor {
  const computeIn: DType =
    mode === "float" ? floatDTypeFor(dtype) : mode === "same" && dtype === "bool" ? "int32" : dtype;
  // Same shapes (or a scalar operand) need no broadcasting work; shapes are immutable, so the
  // result may share the operand's array.
  const shape: Shape = shapesEqual(ta.shape, tb.shape)
    ? ta.shape
    : tb.rank === 0
      ? ta.shape
      : ta.rank === 0
        ? tb.shape
        : broadcastShapes(op, ta.shape, tb.shape);
  // Comparisons have no gradient; arithmetic is recorded under the op's name.
  if (mode === "compare" || !isRecordedPair(ta, tb))
    return runBinary(op, kernel, ta, tb, shape, computeIn, mode);
  return recorded(op, [ta, tb], NO_ATTRS, () => runBinary(op, kernel, ta, tb, shape, computeIn, mode));
}

function runBinary(
  op: string,
  kernel: BinaryKernelName,
  ta: Tensor,
  tb: Tensor,
  shape: Shape,
  computeIn: DType,
  mode: BinaryMode,
): Tensor {
  const ca = castIfNeeded(ta, computeIn);
  const cb = castIfNeeded(tb, computeIn);
  try {
    const backend = ca.backend;
    const fn = backend.kernels[kernel] as BinaryKernel<unknown>;
    const out = fn(broadcastView(ca, shape, op), broadcastView(cb, shape, op));
    return wrap(backend, out, shape, mode === "compare" ? "bool" : computeIn);
  } finally {
    if (ca !== ta) ca.dispose();
    if (cb !== tb) cb.dispose();
  }
}

/**
 * Runs a unary kernel. `float` ops compute int32/bool inputs as float32 (PyTorch's `exp(int)`);
 * the others compute bool as int32. When the backend lacks an optional kernel, `fallback`
 * computes the same function from required ops.
 */
export function unaryOp(
  op: string,
  kernel: UnaryKernelName,
  x: TensorLike,
  kind: "float" | "numeric",
  fallback?: (x: Tensor) => Tensor,
): Tensor {
  const { tensors, owned, dtype } = prepareOperands(op, [x]);
  try {
    const t = tensors[0]!;
    const computeIn: DType = kind === "float" ? floatDTypeFor(dtype) : dtype === "bool" ? "int32" : dtype;
    if (!isRecordedPair(t)) return runUnary(op, kernel, t, computeIn, fallback);
    return recorded(op, tensors, NO_ATTRS, () => runUnary(op, kernel, t, computeIn, fallback));
  } finally {
    disposeOwned(tensors, owned);
  }
}

function runUnary(
  op: string,
  kernel: UnaryKernelName,
  t: Tensor,
  computeIn: DType,
  fallback: ((x: Tensor) => Tensor) | undefined,
): Tensor {
  const c = castIfNeeded(t, computeIn);
  try {
    const backend = c.backend;
    const fn = backend.kernels[kernel] as UnaryKernel<unknown> | undefined;
    if (fn) return wrap(backend, fn(c.view(op)), c.shape, computeIn);
    if (!fallback) throw new Error(`internal: no fallback for optional kernel ${kernel}`);
    return fallback(c);
  } finally {
    if (c !== t) c.dispose();
  }
}
