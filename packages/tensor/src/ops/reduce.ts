import type { ReduceKernel } from "../backend/contract.js";
import { type DType, floatDTypeFor } from "../core/dtype.js";
import { ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape, normalizeAxes, normalizeAxis, sizeOf } from "../core/shape.js";
import { Tensor } from "../tensor.js";
import { add, div, sub } from "./arithmetic.js";
import { equal, isFinite, notEqual, where } from "./compare.js";
import { cast, castIfNeeded, prepareOperands, type TensorLike } from "./convert.js";
import { backendOf, wrap } from "./dispatch.js";
import { exp, log, neg, sqrt, square } from "./unary.js";
import { contiguous, reshape } from "./views.js";

/** One axis or several; all axes when left out. */
export type Axes = number | readonly number[];

/** Options shared by reductions. */
export interface ReduceOptions {
  /** Keep reduced axes with size 1, so the result broadcasts against the input. Default false. */
  readonly keepDims?: boolean;
}

type ReduceName = "sum" | "prod" | "max" | "min";

/** Runs a reduction kernel over normalised axes and restores kept axes. */
function reduceWith(
  op: string,
  name: ReduceName,
  x: Tensor,
  axes: readonly number[],
  computeIn: DType,
  keepDims: boolean,
): Tensor {
  const c = castIfNeeded(x, computeIn);
  try {
    const backend = backendOf(op, c);
    const outShape = x.shape.filter((_, i) => !axes.includes(i));
    let out: Tensor;
    if (axes.length === 0) out = contiguous(c);
    else if (name === "min" && !backend.kernels.min) {
      out = tidy(() => reverseOrder(reduceWith(op, "max", reverseOrder(c), axes, c.dtype, false)));
    } else {
      const kernel = backend.kernels[name] as ReduceKernel<unknown>;
      out = wrap(backend, kernel(c.view(op), axes), outShape, computeIn);
    }
    if (!keepDims) return out;
    try {
      return reshape(
        out,
        x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
      );
    } finally {
      out.dispose();
    }
  } finally {
    if (c !== x) c.dispose();
  }
}

/**
 * An order-reversing map that is its own inverse: -x for floats, and -1 - x (bitwise not) for
 * int32, because -x overflows for -2^31.
 */
function reverseOrder(t: Tensor): Tensor {
  return t.dtype === "int32" ? sub(-1, t) : neg(t);
}

/** The tensor of a reduction's input, and whether it was made here (a JS value) and is ours to free. */
function operand(op: string, x: TensorLike): { t: Tensor; owned: boolean } {
  if (x instanceof Tensor) {
    x.assertAlive(op);
    return { t: x, owned: false };
  }
  const { tensors, owned } = prepareOperands(op, [x]);
  return { t: tensors[0]!, owned: owned[0] === true };
}

/** Sum or product: bools count as int32. Recorded for autograd with the resolved axes. */
function accumulate(
  op: "sum" | "prod",
  x: TensorLike,
  axis: Axes | undefined,
  options: ReduceOptions,
): Tensor {
  const { t, owned } = operand(op, x);
  try {
    const axes = normalizeAxes(axis, t.rank, op);
    const keepDims = options.keepDims ?? false;
    const dtype = t.dtype === "bool" ? "int32" : t.dtype;
    return differentiable(op, [t], { axes, keepDims }, () => reduceWith(op, op, t, axes, dtype, keepDims));
  } finally {
    if (owned) t.dispose();
  }
}

/** Sum over `axis` (all axes when left out); bool sums count as int32. @example `sum(x, 1, { keepDims: true })` */
export function sum(x: TensorLike, axis?: Axes, options: ReduceOptions = {}): Tensor {
  return accumulate("sum", x, axis, options);
}

/** Product over `axis`. @example `prod(shape)` */
export function prod(x: TensorLike, axis?: Axes, options: ReduceOptions = {}): Tensor {
  return accumulate("prod", x, axis, options);
}

/** Arithmetic mean over `axis`, in float; the mean over an empty axis is NaN. @example `mean(x, 0)` */
export function mean(x: TensorLike, axis?: Axes, options: ReduceOptions = {}): Tensor {
  const { t, owned } = operand("mean", x);
  try {
    const axes = normalizeAxes(axis, t.rank, "mean");
    const keepDims = options.keepDims ?? false;
    const count = sizeOf(axes.map((a) => t.shape[a]!));
    return differentiable("mean", [t], { axes, keepDims }, () =>
      tidy(() => div(reduceWith("mean", "sum", t, axes, floatDTypeFor(t.dtype), keepDims), count)),
    );
  } finally {
    if (owned) t.dispose();
  }
}

function extreme(op: "max" | "min", x: TensorLike, axis: Axes | undefined, options: ReduceOptions): Tensor {
  const { t, owned } = operand(op, x);
  try {
    const axes = normalizeAxes(axis, t.rank, op);
    if (axes.some((a) => t.shape[a] === 0)) {
      throw new ValueError(
        `${op}: cannot reduce an empty axis of a tensor of shape ${formatShape(t.shape)} (there is no identity for ${op})`,
      );
    }
    const keepDims = options.keepDims ?? false;
    if (t.dtype !== "bool")
      return differentiable(op, [t], { axes, keepDims }, () =>
        reduceWith(op, op, t, axes, t.dtype, keepDims),
      );
    return tidy(() => cast(reduceWith(op, op, t, axes, "int32", options.keepDims ?? false), "bool"));
  } finally {
    if (owned) t.dispose();
  }
}

/** Largest value over `axis`; NaN propagates. @example `max(scores, -1)` */
export function max(x: TensorLike, axis?: Axes, options: ReduceOptions = {}): Tensor {
  return extreme("max", x, axis, options);
}

/** Smallest value over `axis`; NaN propagates. @example `min(x)` */
export function min(x: TensorLike, axis?: Axes, options: ReduceOptions = {}): Tensor {
  return extreme("min", x, axis, options);
}

function argExtreme(
  op: "argmax" | "argmin",
  x: TensorLike,
  axis: number | undefined,
  options: ReduceOptions,
): Tensor {
  const { t, owned } = operand(op, x);
  try {
    return tidy(() => {
      const flat = axis === undefined;
      let input = flat ? reshape(t, [t.size]) : t;
      const a = flat ? 0 : normalizeAxis(axis, t.rank, op);
      if (input.shape[a] === 0) {
        throw new ValueError(
          `${op}: cannot reduce an empty axis of a tensor of shape ${formatShape(t.shape)}`,
        );
      }
      if (input.dtype === "bool") input = cast(input, "int32");
      const backend = backendOf(op, input);
      let out: Tensor;
      if (op === "argmax" || backend.kernels.argmin) {
        out = wrap(
          backend,
          backend.kernels[op]!(input.view(op), a),
          input.shape.filter((_, i) => i !== a),
          "int32",
        );
      } else {
        // argmin(x) = argmax of x in reversed order; NaN stays NaN, so the first NaN still wins.
        const negated = reverseOrder(input);
        out = wrap(
          backend,
          backend.kernels.argmax(negated.view(op), a),
          input.shape.filter((_, i) => i !== a),
          "int32",
        );
      }
      if (!options.keepDims) return out;
      return reshape(out, flat ? t.shape.map(() => 1) : t.shape.map((d, i) => (i === a ? 1 : d)));
    });
  } finally {
    if (owned) t.dispose();
  }
}

/** Index (int32) of the largest value along `axis`, or in the flattened tensor; ties give the first. @example `argmax(logits, -1)` */
export function argmax(x: TensorLike, axis?: number, options: ReduceOptions = {}): Tensor {
  return argExtreme("argmax", x, axis, options);
}

/** Index (int32) of the smallest value along `axis`, or in the flattened tensor; ties give the first. @example `argmin(d, 1)` */
export function argmin(x: TensorLike, axis?: number, options: ReduceOptions = {}): Tensor {
  return argExtreme("argmin", x, axis, options);
}

/** True (bool) where every element over `axis` is nonzero; true for an empty axis. @example `all(equal(a, b))` */
export function all(x: TensorLike, axis?: Axes, options: ReduceOptions = {}): Tensor {
  return tidy(() => equal(sum(equal(x, 0), axis, options), 0));
}

/** True (bool) where some element over `axis` is nonzero; false for an empty axis. @example `any(isNaN(x))` */
export function any(x: TensorLike, axis?: Axes, options: ReduceOptions = {}): Tensor {
  return tidy(() => notEqual(sum(notEqual(x, 0), axis, options), 0));
}

/**
 * `log(sum(exp(x)))` over `axis`, computed with the max subtracted so that large inputs do not
 * overflow (exp(100) is Infinity in float32).
 *
 * @example
 * ```ts
 * logSumExp(logits, -1);
 * ```
 */
export function logSumExp(x: TensorLike, axis?: Axes, options: ReduceOptions = {}): Tensor {
  return tidy(() => {
    const t = prepareOperands("logSumExp", [x]).tensors[0]!;
    const f = castIfNeeded(t, floatDTypeFor(t.dtype));
    const m = max(f, axis, { keepDims: true });
    // An infinite max (all -Inf, or a +Inf) would give Inf - Inf = NaN: shift by 0 there instead.
    const shift = where(isFinite(m), m, 0);
    const s = log(sum(exp(sub(f, shift)), axis, { keepDims: true }));
    const out = add(s, shift);
    return options.keepDims
      ? out
      : reshape(
          out,
          t.shape.filter((_, i) => !normalizeAxes(axis, t.rank, "logSumExp").includes(i)),
        );
  });
}

/** Options of {@link variance} and {@link std}. */
export interface VarianceOptions extends ReduceOptions {
  /** Subtracted from the count in the denominator: 1 (default) is Bessel's correction, 0 the population variance. */
  readonly correction?: number;
}

/** Variance over `axis` (`var` in PyTorch; Bessel-corrected by default). @example `variance(x, 0, { correction: 0 })` */
export function variance(x: TensorLike, axis?: Axes, options: VarianceOptions = {}): Tensor {
  return tidy(() => {
    const t = prepareOperands("variance", [x]).tensors[0]!;
    const axes = normalizeAxes(axis, t.rank, "variance");
    const n = sizeOf(axes.map((a) => t.shape[a]!));
    const centred = sub(t, mean(t, axes, { keepDims: true }));
    const ss = sum(
      square(centred),
      axes,
      options.keepDims === undefined ? {} : { keepDims: options.keepDims },
    );
    return div(ss, Math.max(n - (options.correction ?? 1), 0));
  });
}

/** Alias of {@link variance} under PyTorch's name (`var` is reserved in JS). */
export const var_ = variance;

/** Standard deviation over `axis` (Bessel-corrected by default). @example `std(x, 0)` */
export function std(x: TensorLike, axis?: Axes, options: VarianceOptions = {}): Tensor {
  return tidy(() => sqrt(variance(x, axis, options)));
}
