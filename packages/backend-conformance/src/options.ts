import type { DType } from "@tensorkit/tensor";

/**
 * How strictly a family of results is compared. Every comparison passes when, element by element,
 * `|got − expected| ≤ atol + rtol · max(|expected|, scale)`, NaN sits exactly where the reference
 * has NaN, and ±Infinity matches exactly.
 *
 * - `exact`: integer and bool results, movement and indexing, and float ops whose result is one
 *   of the inputs or an integer (neg, abs, sign, floor, ceil, round, relu, max, min, clamp, where).
 * - `arithmetic`: one correctly rounded IEEE operation per element (add, sub, mul, div, sqrt,
 *   square, reciprocal, rsqrt). A few ulp of slack, and an `atol` that only absorbs a backend
 *   flushing float32 subnormals to zero.
 * - `transcendental`: exp, log, sin, tanh, sigmoid, pow, GELU, …: libm implementations differ by
 *   an ulp or two, and the reference compositions add a rounding per primitive (relative 1e-5).
 *   `atol` absorbs results that underflow differently near zero (gelu(−10), exp(−100)).
 * - `accumulate`: sums over many terms (reductions, matmul, convolution, pooling averages,
 *   softmax). Summation order is free, so the error is measured against the sum of |terms|
 *   (`scale`, computed by the reference), the textbook bound of floating-point summation.
 */
export type ToleranceClass = "exact" | "arithmetic" | "transcendental" | "accumulate";

/** Relative and absolute tolerance of one comparison. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Options of {@link describeBackend}. */
export interface ConformanceOptions {
  /**
   * Tests to skip: a family name (`"conv"`), or a family and a test title joined by a slash
   * (`"conv/conv2d groups2"`). Skipped tests show as skipped, so a backend's gaps stay visible.
   */
  readonly skip?: readonly string[];
  /** Overrides of the default tolerances, per class and dtype (float32 when no dtype is given). */
  readonly tolerance?: {
    readonly [K in ToleranceClass]?: Partial<Tolerance> & { readonly float64?: Partial<Tolerance> };
  };
  /** The dtypes to check; defaults to every dtype the backend declares. */
  readonly dtypes?: readonly DType[];
}

/** The default tolerances, per dtype. See {@link ToleranceClass} for why each is what it is. */
export const DEFAULT_TOLERANCE: Readonly<Record<"float32" | "float64", Record<ToleranceClass, Tolerance>>> = {
  float32: {
    exact: { rtol: 0, atol: 0 },
    // 1e-6 ≈ 8 ulp of float32; 2e-38 is just above the smallest normal float32 (1.18e-38)
    arithmetic: { rtol: 1e-6, atol: 2e-38 },
    transcendental: { rtol: 1e-5, atol: 1e-6 },
    accumulate: { rtol: 1e-5, atol: 1e-6 },
  },
  float64: {
    exact: { rtol: 0, atol: 0 },
    arithmetic: { rtol: 1e-14, atol: 1e-300 },
    transcendental: { rtol: 1e-10, atol: 1e-12 },
    accumulate: { rtol: 1e-12, atol: 1e-12 },
  },
};

/** The tolerance for one class and dtype, with the caller's overrides applied. */
export function resolveTolerance(options: ConformanceOptions, cls: ToleranceClass, dtype: DType): Tolerance {
  const key = dtype === "float64" ? "float64" : "float32";
  const base = DEFAULT_TOLERANCE[key][cls];
  const override = options.tolerance?.[cls];
  const picked = key === "float64" ? override?.float64 : override;
  return { rtol: picked?.rtol ?? base.rtol, atol: picked?.atol ?? base.atol };
}
