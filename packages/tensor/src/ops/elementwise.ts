import type { BinaryKernel, KernelTable, UnaryKernel } from "../backend/contract.js";
import { type DType, floatDTypeFor } from "../core/dtype.js";
import { differentiable } from "../core/grad-hooks.js";
import { broadcastShapes } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { castIfNeeded, disposeOwned, prepareOperands, type TensorLike } from "./convert.js";
import { backendOf, broadcastView, wrap } from "./dispatch.js";

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
  const { tensors, owned, dtype } = prepareOperands(op, [a, b]);
  try {
    const computeIn: DType =
      mode === "float" ? floatDTypeFor(dtype) : mode === "same" && dtype === "bool" ? "int32" : dtype;
    const [ta, tb] = tensors as [Tensor, Tensor];
    const shape = broadcastShapes(op, ta.shape, tb.shape);
    const compute = (): Tensor => {
      const ca = castIfNeeded(ta, computeIn);
      const cb = castIfNeeded(tb, computeIn);
      try {
        const backend = backendOf(op, ca, cb);
        const fn = backend.kernels[kernel] as BinaryKernel<unknown>;
        const out = fn(broadcastView(ca, shape, op), broadcastView(cb, shape, op));
        return wrap(backend, out, shape, mode === "compare" ? "bool" : computeIn);
      } finally {
        if (ca !== ta) ca.dispose();
        if (cb !== tb) cb.dispose();
      }
    };
    // Comparisons have no gradient; arithmetic is recorded under the op's name.
    return mode === "compare" ? compute() : differentiable(op, [ta, tb], {}, compute);
  } finally {
    disposeOwned(tensors, owned);
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
    return differentiable(op, [t], {}, () => {
      const c = castIfNeeded(t, computeIn);
      try {
        const backend = backendOf(op, c);
        const fn = backend.kernels[kernel] as UnaryKernel<unknown> | undefined;
        if (fn) return wrap(backend, fn(c.view(op)), c.shape, computeIn);
        if (!fallback) throw new Error(`internal: no fallback for optional kernel ${kernel}`);
        return fallback(c);
      } finally {
        if (c !== t) c.dispose();
      }
    });
  } finally {
    disposeOwned(tensors, owned);
  }
}
