import { ShapeError, ValueError } from "@tensorkit/tensor";
import { type ArrayInput, checkSameLength, type HostArray, toHost } from "./input.js";

/** Options of the regression metrics. */
export interface RegressionOptions {
  /** `"uniformAverage"` (default) averages the outputs of `[n, outputs]` targets; `"rawValues"` returns one value per output. */
  readonly multioutput?: "uniformAverage" | "rawValues";
}

type RawOptions = RegressionOptions & { readonly multioutput: "rawValues" };

/** Reads a regression pair as `[n, outputs]`, shapes checked. */
export function readRegression(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  op: string,
): { t: HostArray; p: HostArray; n: number; outputs: number } {
  const t = toHost(yTrue, "yTrue", op);
  const p = toHost(yPred, "yPred", op);
  checkSameLength(t, "yTrue", p, "yPred", op);
  const outputs = (a: HostArray) => (a.shape.length === 2 ? a.shape[1]! : 1);
  if (outputs(t) !== outputs(p)) {
    throw new ShapeError(
      `${op}: yTrue has ${outputs(t)} outputs (shape [${t.shape}]) but yPred has ${outputs(p)} (shape [${p.shape}])`,
    );
  }
  if (t.shape[0] === 0)
    throw new ValueError(`${op}: yTrue and yPred are empty; at least one sample is needed`);
  return { t, p, n: t.shape[0]!, outputs: outputs(t) };
}

/** Per-output sums of f(yTrue − yPred). */
export function errorSums(t: HostArray, p: HostArray, outputs: number, f: (d: number) => number): number[] {
  const sums = new Array<number>(outputs).fill(0);
  for (let i = 0; i < t.data.length; i++) sums[i % outputs]! += f(t.data[i]! - p.data[i]!);
  return sums;
}

export function finish(values: number[], options: RegressionOptions, op: string): number | number[] {
  const mode = options.multioutput ?? "uniformAverage";
  if (mode === "rawValues") return values;
  if (mode !== "uniformAverage")
    throw new ValueError(`${op}: multioutput must be "uniformAverage" or "rawValues", got ${mode}`);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The mean of squared errors (scikit-learn's `mean_squared_error`).
 *
 * @example
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375
 * ```
 */
export function meanSquaredError(yTrue: ArrayInput, yPred: ArrayInput, options: RawOptions): number[];
export function meanSquaredError(yTrue: ArrayInput, yPred: ArrayInput, options?: RegressionOptions): number;
export function meanSquaredError(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: RegressionOptions = {},
): number | number[] {
  const op = "meanSquaredError";
  const { t, p, n, outputs } = readRegression(yTrue, yPred, op);
  return finish(
    errorSums(t, p, outputs, (d) => d * d).map((s) => s / n),
    options,
    op,
  );
}

/**
 * The square root of each output's mean squared error, then averaged (scikit-learn's
 * `root_mean_squared_error`).
 *
 * @example
 * ```ts
 * rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.6123…
 * ```
 */
export function rootMeanSquaredError(yTrue: ArrayInput, yPred: ArrayInput, options: RawOptions): number[];
export function rootMeanSquaredError(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options?: RegressionOptions,
): number;
export function rootMeanSquaredError(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: RegressionOptions = {},
): number | number[] {
  const op = "rootMeanSquaredError";
  const { t, p, n, outputs } = readRegression(yTrue, yPred, op);
  return finish(
    errorSums(t, p, outputs, (d) => d * d).map((s) => Math.sqrt(s / n)),
    options,
    op,
  );
}

/**
 * The mean of absolute errors (scikit-learn's `mean_absolute_error`).
 *
 * @example
 * ```ts
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 * ```
 */
export function meanAbsoluteError(yTrue: ArrayInput, yPred: ArrayInput, options: RawOptions): number[];
export function meanAbsoluteError(yTrue: ArrayInput, yPred: ArrayInput, options?: RegressionOptions): number;
export function meanAbsoluteError(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: RegressionOptions = {},
): number | number[] {
  const op = "meanAbsoluteError";
  const { t, p, n, outputs } = readRegression(yTrue, yPred, op);
  return finish(
    errorSums(t, p, outputs, Math.abs).map((s) => s / n),
    options,
    op,
  );
}

/**
 * The coefficient of determination, 1 − SS_res / SS_tot, per output and then averaged
 * (scikit-learn's `r2_score` with `force_finite`): a constant yTrue scores 1 if predicted
 * exactly and 0 otherwise, rather than NaN or −Infinity. Fewer than two samples give NaN.
 *
 * @example
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486…
 * ```
 */
export function r2Score(yTrue: ArrayInput, yPred: ArrayInput, options: RawOptions): number[];
export function r2Score(yTrue: ArrayInput, yPred: ArrayInput, options?: RegressionOptions): number;
export function r2Score(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: RegressionOptions = {},
): number | number[] {
  const op = "r2Score";
  const { t, p, n, outputs } = readRegression(yTrue, yPred, op);
  if (n < 2) return Number.NaN;
  const residual = errorSums(t, p, outputs, (d) => d * d);
  const mean = new Array<number>(outputs).fill(0);
  for (let i = 0; i < t.data.length; i++) mean[i % outputs]! += t.data[i]!;
  for (let j = 0; j < outputs; j++) mean[j]! /= n;
  const total = new Array<number>(outputs).fill(0);
  for (let i = 0; i < t.data.length; i++) total[i % outputs]! += (t.data[i]! - mean[i % outputs]!) ** 2;
  const scores = residual.map((r, j) => {
    const d = total[j]!;
    if (r === 0) return 1;
    if (d === 0) return 0;
    return 1 - r / d;
  });
  return finish(scores, options, op);
}
