import { isFloat } from "../core/dtype.js";
import { DTypeError, ShapeError, ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape, shapesEqual } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { add, div, maximum, minimum, mul, sub } from "./arithmetic.js";
import { sum } from "./reduce.js";
import { log, neg } from "./unary.js";

/** Options of {@link clippedBinaryCrossEntropy}. */
export interface ClippedBinaryCrossEntropyOptions {
  /** Probabilities are clipped to [epsilon, 1 − epsilon] before the logs. Default 1e-7 (Keras' epsilon). */
  readonly epsilon?: number;
  /** `'mean'` (default), `'sum'`, or `'none'` for the per-element losses. */
  readonly reduction?: "mean" | "sum" | "none";
}

/** What the op records for its gradient rule. */
export interface ClippedBinaryCrossEntropyAttrs {
  readonly epsilon: number;
  readonly reduction: "mean" | "sum" | "none";
}

/**
 * Binary cross-entropy on probabilities as Keras and TensorFlow.js compute it:
 * `−(y·log q + (1−y)·log(1−q))` with `q = clip(p, ε, 1−ε)`, so a probability of exactly 0 or 1
 * gives a large finite loss rather than Infinity. `probabilities` and `targets` have one shape
 * (no broadcasting: `[n, 1]` against `[n]` would silently become `[n, n]`).
 *
 * One recorded op: its gradient, `(q − y) / (q(1 − q))` where `p` lies inside the clip range and 0
 * outside (the clip's own derivative), is a handful of kernels instead of a backward pass
 * through a dozen element-wise ops. (`@tensorkit/nn`'s `binaryCrossEntropy` is PyTorch's variant,
 * with the logs clamped at −100 instead.)
 *
 * @example
 * ```ts
 * clippedBinaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])).item(); // (−log 0.9 − log 0.8) / 2
 * ```
 */
export function clippedBinaryCrossEntropy(
  probabilities: Tensor,
  targets: Tensor,
  options: ClippedBinaryCrossEntropyOptions = {},
): Tensor {
  const op = "clippedBinaryCrossEntropy";
  const epsilon = options.epsilon ?? 1e-7;
  const reduction = options.reduction ?? "mean";
  if (!(epsilon >= 0 && epsilon < 0.5))
    throw new ValueError(`${op}: epsilon must be in [0, 0.5), got ${epsilon}`);
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none")
    throw new ValueError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  if (!shapesEqual(probabilities.shape, targets.shape))
    throw new ShapeError(
      `${op}: probabilities ${formatShape(probabilities.shape)} and targets ${formatShape(targets.shape)} must have one shape`,
    );
  if (!isFloat(probabilities.dtype) || !isFloat(targets.dtype))
    throw new DTypeError(
      `${op}: probabilities and targets must be float tensors, got ${probabilities.dtype} and ${targets.dtype}`,
    );
  const attrs: ClippedBinaryCrossEntropyAttrs = { epsilon, reduction };
  return differentiable(op, [probabilities, targets], attrs, () =>
    tidy(() => {
      const q = clip(probabilities, epsilon);
      const perElement = add(mul(targets, log(q)), mul(sub(1, targets), log(sub(1, q))));
      // The sign folds into the reduction: −Σ/n and Σ/(−n) are the same float.
      if (reduction === "none") return neg(perElement);
      const total = sum(perElement);
      return div(total, reduction === "mean" ? -probabilities.size : -1);
    }),
  );
}

/** `p` clipped to [ε, 1 − ε] (NaN stays NaN). */
function clip(p: Tensor, epsilon: number): Tensor {
  return tidy(() => minimum(maximum(p, epsilon), 1 - epsilon));
}
