import { ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import type { Tensor } from "../tensor.js";
import { add, div, maximum, minimum, mul } from "./arithmetic.js";
import { greater, where } from "./compare.js";
import { prepareOperands, type TensorLike } from "./convert.js";
import { erf, exp, expm1, log1p, tanh } from "./unary.js";

/** Options of {@link leakyRelu}. */
export interface LeakyReluOptions {
  /** Slope for negative inputs. Default 0.01, as PyTorch. */
  readonly negativeSlope?: number;
}

/** `x` where positive, `negativeSlope * x` elsewhere. @example `leakyRelu(x, { negativeSlope: 0.2 })` */
export function leakyRelu(x: TensorLike, options: LeakyReluOptions = {}): Tensor {
  const slope = options.negativeSlope ?? 0.01;
  return tidy(() => where(greater(x, 0), x, mul(x, slope)));
}

/** Options of {@link elu}. */
export interface EluOptions {
  /** Scale of the negative part. Default 1. */
  readonly alpha?: number;
}

/** `x` where positive, `alpha * (e^x - 1)` elsewhere. @example `elu(x)` */
export function elu(x: TensorLike, options: EluOptions = {}): Tensor {
  const alpha = options.alpha ?? 1;
  return tidy(() => where(greater(x, 0), x, mul(expm1(x), alpha)));
}

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** `'none'` (exact, with erf; the default) or `'tanh'` (the approximation of BERT/GPT-2). */
  readonly approximate?: "none" | "tanh";
}

/** Gaussian error linear unit, as `torch.nn.functional.gelu`. @example `gelu(h)` */
export function gelu(x: TensorLike, options: GeluOptions = {}): Tensor {
  const mode = options.approximate ?? "none";
  if (mode !== "none" && mode !== "tanh")
    throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got '${String(mode)}'`);
  return tidy(() => {
    if (mode === "none") return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  });
}

/** Options of {@link softplus}. */
export interface SoftplusOptions {
  /** Sharpness. Default 1. */
  readonly beta?: number;
  /** Above `beta * x > threshold` the result is `x` itself (log1p(e^y) == y in float). Default 20. */
  readonly threshold?: number;
}

/** `log(1 + e^(beta x)) / beta`, smooth relu. @example `softplus(x)` */
export function softplus(x: TensorLike, options: SoftplusOptions = {}): Tensor {
  const beta = options.beta ?? 1;
  const threshold = options.threshold ?? 20;
  return tidy(() => {
    const bx = mul(x, beta);
    return where(greater(bx, threshold), x, div(log1p(exp(bx)), beta));
  });
}

/** Options of {@link clamp}: either bound may be left out. */
export interface ClampOptions {
  readonly min?: TensorLike;
  readonly max?: TensorLike;
}

/** Limits `x` to [min, max]; NaN stays NaN. @example `clamp(p, { min: 1e-7, max: 1 - 1e-7 })` */
export function clamp(x: TensorLike, options: ClampOptions): Tensor {
  if (options.min === undefined && options.max === undefined) {
    throw new ValueError("clamp: give at least one of min and max");
  }
  return tidy(() => {
    const hasMin = options.min !== undefined;
    const hasMax = options.max !== undefined;
    const bounds = [...(hasMin ? [options.min!] : []), ...(hasMax ? [options.max!] : [])];
    const { tensors } = prepareOperands("clamp", [x, ...bounds]);
    const t = tensors[0]!;
    // Recorded as one op: its gradient passes where min <= x <= max (PyTorch), which a
    // maximum/minimum composition would halve at the bounds.
    return differentiable("clamp", tensors, { hasMin, hasMax }, () => {
      let y = t;
      if (hasMin) y = maximum(y, tensors[1]!);
      if (hasMax) y = minimum(y, tensors[hasMin ? 2 : 1]!);
      return y;
    });
  });
}
