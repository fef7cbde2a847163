import { floatDTypeFor } from "../core/dtype.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { normalizeAxis } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { div, sub } from "./arithmetic.js";
import { castIfNeeded, prepareOperands, type TensorLike } from "./convert.js";
import { backendOf, wrap } from "./dispatch.js";
import { max, sum } from "./reduce.js";
import { exp, log } from "./unary.js";
import { contiguous, reshape } from "./views.js";

function softmaxOp(op: "softmax" | "logSoftmax", x: TensorLike, axis: number): Tensor {
  return tidy(() => {
    const t0 = prepareOperands(op, [x]).tensors[0]!;
    // A scalar is a one-element axis, as in PyTorch (axis 0 or -1).
    const a = normalizeAxis(axis, Math.max(t0.rank, 1), op);
    return differentiable(op, [t0], { axis: a }, () => {
      const t = castIfNeeded(t0, floatDTypeFor(t0.dtype));
      if (t.rank === 0) return reshape(softmaxOp(op, reshape(t, [1]), 0), []);
      if (t.size === 0) return contiguous(t);
      const backend = backendOf(op, t);
      const kernel = backend.kernels[op];
      if (kernel) return wrap(backend, kernel(t.view(op), a), t.shape, t.dtype);
      // The max subtracted first: exp(100) overflows float32, exp(x - max) ≤ 1 never does.
      const shifted = sub(t, max(t, a, { keepDims: true }));
      const e = exp(shifted);
      const s = sum(e, a, { keepDims: true });
      return op === "softmax" ? div(e, s) : sub(shifted, log(s));
    });
  });
}

/**
 * `exp(x) / sum(exp(x))` along `axis` (the last by default), computed with the max subtracted so
 * that large inputs do not overflow. Integer inputs are computed as float32.
 *
 * @example
 * ```ts
 * softmax(tensor([[1, 2, 3]])); // [[0.0900, 0.2447, 0.6652]]
 * ```
 */
export function softmax(x: TensorLike, axis = -1): Tensor {
  return softmaxOp("softmax", x, axis);
}

/**
 * `log(softmax(x))` along `axis`, computed stably as `x - max - log(sum(exp(x - max)))`: it stays
 * finite where `softmax` underflows to 0.
 *
 * @example
 * ```ts
 * logSoftmax(tensor([0, 1000])); // [-1000, 0]
 * ```
 */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  return softmaxOp("logSoftmax", x, axis);
}
