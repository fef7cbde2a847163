import { tidy } from "../core/scope.js";
import type { Tensor } from "../tensor.js";
import { add, div, mul, sub } from "./arithmetic.js";
import { equal, less, where } from "./compare.js";
import type { TensorLike } from "./convert.js";
import { unaryOp } from "./elementwise.js";

/** `-x`. @example `neg(x)` */
export function neg(x: TensorLike): Tensor {
  return unaryOp("neg", "neg", x, "numeric");
}

/** `|x|`. @example `abs(x)` */
export function abs(x: TensorLike): Tensor {
  return unaryOp("abs", "abs", x, "numeric");
}

/** -1, 0 or 1 by the sign of `x`; NaN stays NaN. @example `sign(x)` */
export function sign(x: TensorLike): Tensor {
  return unaryOp("sign", "sign", x, "numeric");
}

/** `e^x`. @example `exp(x)` */
export function exp(x: TensorLike): Tensor {
  return unaryOp("exp", "exp", x, "float");
}

/** Natural logarithm; `log(0)` is -Infinity, negative inputs give NaN. @example `log(p)` */
export function log(x: TensorLike): Tensor {
  return unaryOp("log", "log", x, "float");
}

/** Square root. @example `sqrt(x)` */
export function sqrt(x: TensorLike): Tensor {
  return unaryOp("sqrt", "sqrt", x, "float");
}

/** Sine (radians). @example `sin(x)` */
export function sin(x: TensorLike): Tensor {
  return unaryOp("sin", "sin", x, "float");
}

/** Cosine (radians). @example `cos(x)` */
export function cos(x: TensorLike): Tensor {
  return unaryOp("cos", "cos", x, "float");
}

/** Largest integer ≤ x (int32 inputs are returned as a copy). @example `floor(x)` */
export function floor(x: TensorLike): Tensor {
  return unaryOp("floor", "floor", x, "float");
}

/** Smallest integer ≥ x. @example `ceil(x)` */
export function ceil(x: TensorLike): Tensor {
  return unaryOp("ceil", "ceil", x, "float");
}

/** Nearest integer, halves to even (`round(2.5) = 2`), as NumPy and PyTorch. @example `round(x)` */
export function round(x: TensorLike): Tensor {
  return unaryOp("round", "round", x, "float");
}

/** `x * x`. @example `square(x)` */
export function square(x: TensorLike): Tensor {
  return mul(x, x);
}

/** `1 / x`. @example `reciprocal(x)` */
export function reciprocal(x: TensorLike): Tensor {
  return div(1, x);
}

/** Hyperbolic tangent. @example `tanh(x)` */
export function tanh(x: TensorLike): Tensor {
  // (1 - e^(-2|x|)) / (1 + e^(-2|x|)) with the sign put back: e^(-2|x|) never overflows.
  return unaryOp("tanh", "tanh", x, "float", (t) =>
    tidy(() => {
      const e = exp(mul(abs(t), -2));
      return mul(sign(t), div(sub(1, e), add(1, e)));
    }),
  );
}

/** `log(1 + x)`, accurate for tiny `x`. @example `log1p(x)` */
export function log1p(x: TensorLike): Tensor {
  // Goldberg's trick: with u = 1 + x rounded, log(u) * x / (u - 1) cancels the rounding error of u.
  return unaryOp("log1p", "log1p", x, "float", (t) =>
    tidy(() => {
      const u = add(t, 1);
      const corrected = mul(log(u), div(t, sub(u, 1))); // divide first: log(u) * t overflows for huge t
      return where(equal(u, 1), t, where(equal(u, Number.POSITIVE_INFINITY), u, corrected));
    }),
  );
}

/** `e^x - 1`, accurate for tiny `x`. @example `expm1(x)` */
export function expm1(x: TensorLike): Tensor {
  // Kahan's trick: (u - 1) * x / log(u) with u = e^x rounded.
  return unaryOp("expm1", "expm1", x, "float", (t) =>
    tidy(() => {
      const u = exp(t);
      const um1 = sub(u, 1);
      const corrected = mul(um1, div(t, log(u))); // divide first: (u - 1) * t overflows near the float32 limit
      const special = where(equal(um1, -1), -1, where(equal(u, Number.POSITIVE_INFINITY), u, corrected));
      return where(equal(u, 1), t, special);
    }),
  );
}

/** `1 / sqrt(x)`. @example `rsqrt(variance)` */
export function rsqrt(x: TensorLike): Tensor {
  return unaryOp("rsqrt", "rsqrt", x, "float", (t) => tidy(() => div(1, sqrt(t))));
}

/** The error function. @example `erf(x)` */
export function erf(x: TensorLike): Tensor {
  return unaryOp("erf", "erf", x, "float", (t) => tidy(() => (t.dtype === "float64" ? erf64(t) : erf32(t))));
}

/** Abramowitz & Stegun 7.1.26: |error| < 1.5e-7, below float32 resolution near 1. */
function erf32(t: Tensor): Tensor {
  const a = abs(t);
  const k = div(1, add(mul(a, 0.3275911), 1));
  let poly = mul(k, 1.061405429);
  for (const c of [-1.453152027, 1.421413741, -0.284496736, 0.254829592]) poly = mul(add(poly, c), k);
  const y = sub(1, mul(poly, exp(neg(mul(a, a)))));
  return mul(sign(t), y);
}

/**
 * float64 needs ~1e-15: the Maclaurin series below |x| = 2.5 (60 terms; the largest term there
 * is ~80, so cancellation costs two digits at most) and the continued fraction of erfc above.
 */
function erf64(t: Tensor): Tensor {
  const a = abs(t);
  // Series on |x| clamped to the range where it is used, so other lanes cannot overflow.
  const xs = where(less(a, 2.5), t, 0);
  const x2 = mul(xs, xs);
  let term = xs;
  let series = xs;
  for (let n = 1; n <= 60; n++) {
    term = mul(term, div(neg(x2), n));
    series = add(series, div(term, 2 * n + 1));
  }
  series = mul(series, 2 / Math.sqrt(Math.PI));
  // erfc(x) = e^(-x²) / (√π (x + ½/(x + 1/(x + (3/2)/(x + …))))), for x ≥ 2.5.
  const xc = where(less(a, 2.5), 2.5, a);
  let fraction = xc;
  for (let k = 80; k >= 1; k--) fraction = add(xc, div(k / 2, fraction));
  const erfc = div(exp(neg(mul(xc, xc))), mul(fraction, Math.sqrt(Math.PI)));
  return where(less(a, 2.5), series, mul(sign(t), sub(1, erfc)));
}

/** Logistic sigmoid `1 / (1 + e^-x)`. @example `sigmoid(logits)` */
export function sigmoid(x: TensorLike): Tensor {
  // exp(-x) overflowing to Infinity for very negative x gives 1/Inf = 0, the right limit.
  return unaryOp("sigmoid", "sigmoid", x, "float", (t) => tidy(() => div(1, add(exp(neg(t)), 1))));
}

/** `max(x, 0)`; NaN stays NaN. @example `relu(h)` */
export function relu(x: TensorLike): Tensor {
  return unaryOp("relu", "relu", x, "numeric", (t) => tidy(() => where(less(t, 0), 0, t)));
}
