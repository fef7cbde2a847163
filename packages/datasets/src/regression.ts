import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { checkCount, checkNonNegative, generator, permutation } from "./random.js";

/** Options of {@link regression}. */
export interface RegressionOptions {
  /** Rows (default 100). */
  readonly nSamples?: number;
  /** Features (default 100, as scikit-learn). */
  readonly nFeatures?: number;
  /** Features with a non-zero coefficient (default 10). */
  readonly nInformative?: number;
  /** Outputs (default 1): `y` is `[n]` for one, `[n, nTargets]` for more. */
  readonly nTargets?: number;
  /** Added to every target (default 0). */
  readonly bias?: number;
  /** Standard deviation of Gaussian noise on the targets (default 0). */
  readonly noise?: number;
  /** Shuffle rows and features (default true). */
  readonly shuffle?: boolean;
  readonly seed?: number;
}

/** A linear regression problem with its true coefficients. */
export interface RegressionBundle extends DataBundle {
  /** float32 `[nFeatures]` (one target) or `[nFeatures, nTargets]`: y = x·coef + bias + noise. */
  readonly coef: Tensor;
  readonly bias: number;
}

/**
 * A random linear regression problem, as scikit-learn's `make_regression` (without its
 * low-rank option): `x` standard normal, `nInformative` features with coefficients uniform in
 * [0, 100), the others 0, `y = x·coef + bias + noise`. The coefficients are returned, in the
 * order of the (shuffled) features. `y` is computed in float64 from the float32 `x` and `coef`,
 * then rounded once to float32.
 *
 * @example
 * ```ts
 * const { x, y, coef } = regression({ nSamples: 200, nFeatures: 5, nInformative: 3, noise: 1 });
 * ```
 */
export function regression(options: RegressionOptions = {}): RegressionBundle {
  const op = "regression";
  const n = options.nSamples ?? 100;
  const d = options.nFeatures ?? 100;
  const t = options.nTargets ?? 1;
  checkCount(n, "nSamples", op);
  checkCount(d, "nFeatures", op);
  checkCount(t, "nTargets", op);
  const informative = Math.min(options.nInformative ?? 10, d);
  if (!Number.isInteger(informative) || informative < 0) {
    throw new ValueError(`${op}: nInformative must be an integer ≥ 0, got ${options.nInformative}`);
  }
  const bias = options.bias ?? 0;
  const noise = options.noise ?? 0;
  checkNonNegative(noise, "noise", op);
  const g = generator(options.seed, op);
  const x = new Float64Array(n * d);
  // x and coef are rounded to float32 first, so y = x·coef holds for the float32 tensors returned
  // up to the one rounding of y.
  for (let i = 0; i < x.length; i++) x[i] = Math.fround(g.nextNormal());
  const coef = new Float64Array(d * t);
  for (let i = 0; i < informative * t; i++) coef[i] = Math.fround(100 * g.nextDouble());
  const y = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < t; o++) {
      let s = bias;
      for (let j = 0; j < d; j++) s += x[i * d + j]! * coef[j * t + o]!;
      y[i * t + o] = s + (noise > 0 ? noise * g.nextNormal() : 0);
    }
  }
  // Shuffling rows and features keeps y = x·coef: features and coefficient rows move together.
  const rows = options.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : permutation(n, g);
  const cols = options.shuffle === false ? Int32Array.from({ length: d }, (_, i) => i) : permutation(d, g);
  const xs = new Float32Array(n * d);
  const ys = new Float32Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) xs[i * d + j] = x[rows[i]! * d + cols[j]!]!;
    for (let o = 0; o < t; o++) ys[i * t + o] = y[rows[i]! * t + o]!;
  }
  const cs = new Float32Array(d * t);
  for (let j = 0; j < d; j++) for (let o = 0; o < t; o++) cs[j * t + o] = coef[cols[j]! * t + o]!;
  return bundle({
    x: tensor(xs, { shape: [n, d] }),
    y: tensor(ys, { shape: t === 1 ? [n] : [n, t] }),
    coef: tensor(cs, { shape: t === 1 ? [d] : [d, t] }),
    bias,
    featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
    classNames: [],
    description:
      `Linear regression (as scikit-learn's make_regression): ${n} samples, ${d} features ` +
      `(${informative} informative), ${t} target(s), bias ${bias}, noise ${noise}.`,
  });
}
