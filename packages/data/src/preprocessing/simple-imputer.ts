import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { isTensor, type Matrix, toColumns, type ValueMatrix } from "../matrix.js";
import { decodeValue, encodeValue, readJSON, type TransformerJSON } from "../serialize.js";
import type { Value } from "../table.js";
import { defaultNames, Fitted, medianSorted, type Transformer } from "./base.js";

/** How {@link SimpleImputer} fills a column. */
export type ImputeStrategy = "mean" | "median" | "mostFrequent" | "constant";

/** Options of {@link SimpleImputer}. */
export interface SimpleImputerOptions {
  /** Default `"mean"`. `"mostFrequent"` is scikit-learn's `most_frequent` (ties: the smallest value). */
  readonly strategy?: ImputeStrategy;
  /** The value of `"constant"`: 0 for numeric data, `"missing_value"` when the data holds strings (as scikit-learn). */
  readonly fillValue?: number | string;
  /** What marks a missing cell besides `null`: NaN by default, or a number or string placeholder. */
  readonly missingValues?: number | string;
  /** Keep features with no observed value (filled with 0, or `fillValue` for `"constant"`). Default false: they are dropped, as scikit-learn does. */
  readonly keepEmptyFeatures?: boolean;
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === "number" ? -1 : 1;
}

/**
 * Fills missing values column by column, as scikit-learn's `SimpleImputer`: with the mean, the
 * median, the most frequent value (the smallest among ties) or a constant. Missing is `null`
 * and NaN (or `missingValues`). Takes a 2-D tensor, `number[][]`, or rows of cells with
 * strings (`mostFrequent` and `constant` only); gives the same kind back. A feature with no
 * observed value is dropped unless `keepEmptyFeatures` (scikit-learn's rule).
 *
 * @example
 * ```ts
 * const imp = new SimpleImputer({ strategy: "median" });
 * imp.fitTransform([[1, NaN], [3, 4], [NaN, 8]]); // [[1, 6], [3, 4], [2, 8]]
 * new SimpleImputer({ strategy: "mostFrequent" }).fitTransform([["a"], [null], ["b"], ["a"]]);
 * ```
 */
export class SimpleImputer extends Fitted implements Transformer {
  readonly type = "SimpleImputer";
  readonly strategy: ImputeStrategy;
  readonly fillValue: number | string | undefined;
  readonly missingValues: number | string;
  readonly keepEmptyFeatures: boolean;
  /** The fill value of each feature; NaN for a feature with no observed value. Set by `fit`. */
  statistics: (number | string)[] | undefined;

  constructor(options: SimpleImputerOptions = {}) {
    super();
    this.strategy = options.strategy ?? "mean";
    if (!["mean", "median", "mostFrequent", "constant"].includes(this.strategy))
      throw new ValueError(
        `SimpleImputer: strategy must be 'mean', 'median', 'mostFrequent' or 'constant', got ${JSON.stringify(this.strategy)}`,
      );
    this.fillValue = options.fillValue;
    this.missingValues = options.missingValues ?? Number.NaN;
    this.keepEmptyFeatures = options.keepEmptyFeatures ?? false;
  }

  #isMissing(v: Value): boolean {
    if (v === null) return true;
    if (typeof this.missingValues === "number" && Number.isNaN(this.missingValues))
      return typeof v === "number" && Number.isNaN(v);
    return v === this.missingValues;
  }

  /** Learns each column's fill value. @example `imp.fit(xTrain)` */
  fit(x: Tensor | ValueMatrix): this {
    const c = toColumns(x, "SimpleImputer.fit");
    if (c.rows === 0) throw new ValueError("SimpleImputer.fit: x has 0 samples; at least 1 is needed");
    const hasStrings = c.columns.some((col) => col.some((v) => typeof v === "string" && !this.#isMissing(v)));
    if (this.strategy === "constant" && typeof this.fillValue === "string" && isTensor(x))
      throw new ValueError(
        `SimpleImputer.fit: fillValue ${JSON.stringify(this.fillValue)} is a string, but x is a tensor of numbers`,
      );
    const fill = this.fillValue ?? (hasStrings ? "missing_value" : 0);
    this.statistics = c.columns.map((col, j) => {
      const present = col.filter((v) => !this.#isMissing(v)) as (number | string)[];
      if (present.length === 0) return Number.NaN;
      switch (this.strategy) {
        case "mean":
        case "median": {
          const s = present.find((v) => typeof v === "string");
          if (s !== undefined)
            throw new ValueError(
              `SimpleImputer.fit: strategy '${this.strategy}' needs numbers, but column ${j} holds ${JSON.stringify(s)}; use 'mostFrequent' or 'constant' for categories`,
            );
          const nums = present as number[];
          if (this.strategy === "mean") return nums.reduce((a, b) => a + b, 0) / nums.length;
          return medianSorted([...nums].sort((a, b) => a - b));
        }
        case "mostFrequent": {
          const counts = new Map<number | string, number>();
          for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
          let best: number | string | undefined;
          let bestCount = 0;
          for (const [v, n] of counts)
            if (n > bestCount || (n === bestCount && compareValues(v, best!) < 0)) {
              best = v;
              bestCount = n;
            }
          return best!;
        }
        default:
          return fill; // "constant"
      }
    });
    this.nFeatures = c.cols;
    return this;
  }

  /** The kept features: all but those with no observed value, unless `keepEmptyFeatures`. */
  #kept(): number[] {
    const stats = this.statistics!;
    return stats.flatMap((s, j) =>
      this.keepEmptyFeatures || !(typeof s === "number" && Number.isNaN(s)) ? [j] : [],
    );
  }

  #fillOf(j: number): number | string {
    const s = this.statistics![j]!;
    if (typeof s === "number" && Number.isNaN(s))
      return this.strategy === "constant" ? (this.fillValue ?? 0) : 0; // keepEmptyFeatures
    return s;
  }

  /** Fills the missing cells of `x`. @example `imp.transform(xTest)` */
  transform(x: Tensor): Tensor;
  transform(x: Matrix): number[][];
  transform(x: ValueMatrix): Value[][];
  transform(x: Tensor | ValueMatrix): Tensor | Value[][] {
    this.requireFitted("transform");
    const c = toColumns(x, "SimpleImputer.transform");
    this.checkFeatures("transform", c.cols);
    const kept = this.#kept();
    const rows: Value[][] = Array.from({ length: c.rows }, (_, i) =>
      kept.map((j) => {
        const v = c.columns[j]![i]!;
        return this.#isMissing(v) ? this.#fillOf(j) : v;
      }),
    );
    if (isTensor(x)) {
      const flat = new Float64Array(c.rows * kept.length);
      for (let i = 0; i < c.rows; i++)
        for (let k = 0; k < kept.length; k++) flat[i * kept.length + k] = rows[i]![k] as number;
      return tensor(x.dtype === "float64" ? flat : Float32Array.from(flat), { shape: [c.rows, kept.length] });
    }
    return rows;
  }

  /** `fit(x)` then `transform(x)`. @example `imp.fitTransform(x)` */
  fitTransform(x: Tensor): Tensor;
  fitTransform(x: Matrix): number[][];
  fitTransform(x: ValueMatrix): Value[][];
  fitTransform(x: Tensor | ValueMatrix): Tensor | Value[][] {
    this.fit(x);
    return isTensor(x) ? this.transform(x) : this.transform(x);
  }

  /** The input names, without dropped empty features. @example `imp.getFeatureNamesOut(["age"])` */
  override getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const names = super.getFeatureNamesOut(
      inputFeatures ?? defaultNames(this.requireFitted("getFeatureNamesOut")),
    );
    return this.#kept().map((j) => names[j]!);
  }

  /** The imputer as JSON. @example `JSON.stringify(imp)` */
  toJSON(): TransformerJSON {
    return {
      type: this.type,
      version: 1,
      params: {
        strategy: this.strategy,
        fillValue: this.fillValue ?? null,
        missingValues: encodeValue(this.missingValues),
        keepEmptyFeatures: this.keepEmptyFeatures,
      },
      state:
        this.nFeatures === undefined
          ? null
          : { nFeatures: this.nFeatures, statistics: this.statistics!.map(encodeValue) },
    };
  }

  /** Restores an imputer saved with `toJSON`. @example `SimpleImputer.fromJSON(saved)` */
  static fromJSON(json: unknown): SimpleImputer {
    const j = readJSON(json, "SimpleImputer");
    const p = j.params as Record<string, unknown>;
    const imp = new SimpleImputer({
      strategy: p.strategy as ImputeStrategy,
      ...(p.fillValue === null ? {} : { fillValue: p.fillValue as number | string }),
      missingValues: decodeValue(p.missingValues) as number | string,
      keepEmptyFeatures: p.keepEmptyFeatures as boolean,
    });
    if (j.state !== null) {
      imp.statistics = (j.state.statistics as unknown[]).map((v) => decodeValue(v) as number | string);
      imp.nFeatures = j.state.nFeatures as number;
    }
    return imp;
  }
}
