import { ShapeError, type Tensor, ValueError } from "@tensorkit/tensor";
import { NotFittedError } from "../errors.js";
import {
  type HostMatrix,
  likeInput,
  type Matrix,
  type MatrixLike,
  rejectInfinite,
  toHost,
  type ValueMatrix,
} from "../matrix.js";
import type { TransformerJSON } from "../serialize.js";

/**
 * What {@link ColumnTransformer} and {@link Pipeline} need of a step: scikit-learn's
 * `fit`/`transform`/`fitTransform`, and `toJSON` so the preprocessing saves with a model.
 *
 * @example
 * ```ts
 * const step: Transformer = new StandardScaler();
 * ```
 */
export interface Transformer {
  readonly type: string;
  fit(x: unknown): this;
  transform(x: unknown): unknown;
  fitTransform(x: unknown): unknown;
  inverseTransform?(x: unknown): unknown;
  getFeatureNamesOut?(inputFeatures?: readonly string[]): string[];
  toJSON(): TransformerJSON;
}

/** `x0, x1, …` as scikit-learn names features it was given no names for. */
export function defaultNames(n: number): string[] {
  return Array.from({ length: n }, (_, j) => `x${j}`);
}

/**
 * Shared by every fitted transformer: the number of features seen in `fit`, the not-fitted and
 * column-count checks.
 */
export abstract class Fitted {
  abstract readonly type: string;
  protected nFeatures: number | undefined;

  /** The number of features (columns) seen in `fit`; `undefined` before. */
  get nFeaturesIn(): number | undefined {
    return this.nFeatures;
  }

  /** Throws unless fitted; returns the fitted feature count. */
  protected requireFitted(op: string): number {
    if (this.nFeatures === undefined)
      throw new NotFittedError(
        `${this.type}.${op}: this ${this.type} is not fitted yet; call fit(x) before ${op}`,
      );
    return this.nFeatures;
  }

  /** Throws unless `cols` equals the fitted feature count, naming both. */
  protected checkFeatures(op: string, cols: number): void {
    const n = this.requireFitted(op);
    if (cols !== n)
      throw new ShapeError(
        `${this.type}.${op}: x has ${cols} features (columns), but this ${this.type} was fitted on ${n}`,
      );
  }

  /** Feature names out; the input names by default (`x0, x1, …` without them). */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const n = this.requireFitted("getFeatureNamesOut");
    if (inputFeatures !== undefined && inputFeatures.length !== n)
      throw new ValueError(
        `${this.type}.getFeatureNamesOut: ${inputFeatures.length} names given for ${n} features`,
      );
    return inputFeatures === undefined ? defaultNames(n) : [...inputFeatures];
  }
}

/**
 * Base of the scalers: statistics per column, computed on the host in float64 from a 2-D
 * tensor or a `number[][]`; outputs have the input's kind (a tensor gives a new tensor, which
 * the caller disposes; arrays give arrays). NaN is a missing value: ignored by `fit`, kept by
 * `transform`, as scikit-learn does.
 */
export abstract class Scaler extends Fitted implements Transformer {
  /** Learns the statistics of `x` `[samples, features]`. @example `scaler.fit(xTrain)` */
  fit(x: MatrixLike): this {
    const m = toHost(x as Tensor | ValueMatrix, `${this.type}.fit`);
    if (m.rows === 0) throw new ValueError(`${this.type}.fit: x has 0 samples; at least 1 is needed`);
    rejectInfinite(m, `${this.type}.fit`);
    this.fitHost(m);
    this.nFeatures = m.cols;
    return this;
  }

  /** Scales `x` with the fitted statistics. @example `const xs = scaler.transform(xTest)` */
  transform(x: Tensor): Tensor;
  transform(x: Matrix): number[][];
  transform(x: MatrixLike): Tensor | number[][] {
    return this.#apply(x, "transform", (m) => this.transformHost(m));
  }

  /** `fit(x)` then `transform(x)`. @example `const xs = scaler.fitTransform(xTrain)` */
  fitTransform(x: Tensor): Tensor;
  fitTransform(x: Matrix): number[][];
  fitTransform(x: MatrixLike): Tensor | number[][] {
    this.fit(x);
    return this.#apply(x, "transform", (m) => this.transformHost(m));
  }

  /** Undoes `transform`. @example `scaler.inverseTransform(scaler.transform(x))` ≈ x */
  inverseTransform(x: Tensor): Tensor;
  inverseTransform(x: Matrix): number[][];
  inverseTransform(x: MatrixLike): Tensor | number[][] {
    return this.#apply(x, "inverseTransform", (m) => this.inverseHost(m));
  }

  #apply(x: MatrixLike, op: string, f: (m: HostMatrix) => Float64Array): Tensor | number[][] {
    this.requireFitted(op);
    const m = toHost(x as Tensor | ValueMatrix, `${this.type}.${op}`);
    this.checkFeatures(op, m.cols);
    return likeInput(x, f(m), m.rows, m.cols);
  }

  /** The options given to the constructor. */
  protected abstract params(): Record<string, unknown>;
  /** The fitted statistics, JSON-ready. */
  protected abstract state(): Record<string, unknown>;
  protected abstract fitHost(m: HostMatrix): void;
  protected abstract transformHost(m: HostMatrix): Float64Array;
  protected abstract inverseHost(m: HostMatrix): Float64Array;

  /** The scaler as JSON (options and fitted statistics). @example `JSON.stringify(scaler)` */
  toJSON(): TransformerJSON {
    return {
      type: this.type,
      version: 1,
      params: this.params(),
      state: this.nFeatures === undefined ? null : { nFeatures: this.nFeatures, ...this.state() },
    };
  }
}

/** Applies `f(value, column)` to every cell, row-major. */
export function mapCells(m: HostMatrix, f: (v: number, j: number) => number): Float64Array {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = f(m.data[i * m.cols + j]!, j);
  return out;
}

/** The non-NaN values of column `j`. */
export function presentColumn(m: HostMatrix, j: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    const v = m.data[i * m.cols + j]!;
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

const EPS = 2 ** -52;

/** Scales near zero become 1, so constant features are left unscaled (scikit-learn's `_handle_zeros_in_scale`). */
export function handleZeros(scale: number): number {
  return scale < 10 * EPS ? 1 : scale;
}

/** Float64 machine epsilon. */
export const FLOAT64_EPS = EPS;

/**
 * The q-th percentile (0–100) of sorted values with linear interpolation, computed as NumPy's
 * `percentile(method="linear")` does (its `_lerp`, which interpolates from the nearer end).
 */
export function percentileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** The median of sorted values (the mean of the middle two for an even count, as NumPy). */
export function medianSorted(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}
