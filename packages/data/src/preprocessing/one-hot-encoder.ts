import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { isTensor, toColumns, toRowsArray, type ValueMatrix } from "../matrix.js";
import { readJSON, type TransformerJSON } from "../serialize.js";
import type { Value } from "../table.js";
import { defaultNames, type Transformer } from "./base.js";
import { type Category, categoryName, normalizeCategory, showCategory } from "./categories.js";
import { CategoricalEncoder, type CategoriesOption, decodeCategoriesOption } from "./encoder-base.js";

/** Options of {@link OneHotEncoder}. */
export interface OneHotEncoderOptions {
  /** `"auto"` (sorted distinct values of each feature) or a list of categories per feature. */
  readonly categories?: CategoriesOption;
  /** An unseen category: `"error"` (default) throws, `"ignore"` encodes it as all zeros. */
  readonly handleUnknown?: "error" | "ignore";
  /** Drop one column per feature: `"first"`, or `"if_binary"` (only for two-category features). Default none. */
  readonly drop?: "first" | "if_binary" | null;
}

/**
 * One-hot encodes categorical features, as scikit-learn's `OneHotEncoder` (dense output):
 * one 0/1 column per category, categories sorted (numbers ascending, strings in code-point
 * order, missing last). Takes rows of cells (`table.toRows([...])`) or a 2-D tensor; gives
 * `number[][]`, or a float32 tensor for a tensor input.
 *
 * @example
 * ```ts
 * const enc = new OneHotEncoder({ handleUnknown: "ignore" });
 * enc.fitTransform([["red"], ["green"], ["red"]]); // [[0, 1], [1, 0], [0, 1]]
 * enc.transform([["purple"]]);                     // [[0, 0]]
 * enc.getFeatureNamesOut(["color"]);               // ["color_green", "color_red"]
 * ```
 */
export class OneHotEncoder extends CategoricalEncoder implements Transformer {
  readonly type = "OneHotEncoder";
  readonly handleUnknown: "error" | "ignore";
  readonly drop: "first" | "if_binary" | null;
  /** Per feature, the index of the dropped category, or null. */
  dropIdx: (number | null)[] | undefined;

  constructor(options: OneHotEncoderOptions = {}) {
    super(options.categories ?? "auto");
    this.handleUnknown = options.handleUnknown ?? "error";
    this.drop = options.drop ?? null;
    if (this.handleUnknown !== "error" && this.handleUnknown !== "ignore")
      throw new ValueError(
        `OneHotEncoder: handleUnknown must be 'error' or 'ignore', got ${JSON.stringify(this.handleUnknown)}`,
      );
  }

  /** Learns the categories of each feature. @example `enc.fit(table.toRows(["sex"]))` */
  fit(x: Tensor | ValueMatrix): this {
    this.fitColumns(x, "fit");
    this.dropIdx = this.categories!.map((cats) =>
      this.drop === "first" || (this.drop === "if_binary" && cats.length === 2) ? 0 : null,
    );
    return this;
  }

  /** The 0/1 columns of `x`. @example `enc.transform([["red"]])` */
  transform(x: Tensor): Tensor;
  transform(x: ValueMatrix): number[][];
  transform(x: Tensor | ValueMatrix): Tensor | number[][] {
    this.requireFitted("transform");
    const c = toColumns(x, "OneHotEncoder.transform");
    this.checkFeatures("transform", c.cols);
    const widths = this.categories!.map((cats, j) => cats.length - (this.dropIdx![j] === null ? 0 : 1));
    const width = widths.reduce((a, b) => a + b, 0);
    const out = new Float64Array(c.rows * width);
    let offset = 0;
    for (let j = 0; j < c.cols; j++) {
      const lookup = this.lookup(j);
      const dropped = this.dropIdx![j];
      for (let i = 0; i < c.rows; i++) {
        const cat = normalizeCategory(c.columns[j]![i]!);
        const k = lookup.get(cat);
        if (k === undefined) {
          if (this.handleUnknown === "error")
            throw new ValueError(
              `OneHotEncoder.transform: unknown category ${showCategory(cat)} in column ${j} (row ${i}); known: ${this.categories![j]!.map(showCategory).join(", ")}. Use handleUnknown: 'ignore' to encode it as zeros`,
            );
          continue;
        }
        if (dropped !== null && dropped !== undefined) {
          if (k === dropped) continue;
          out[i * width + offset + (k > dropped ? k - 1 : k)] = 1;
        } else out[i * width + offset + k] = 1;
      }
      offset += widths[j]!;
    }
    return isTensor(x)
      ? tensor(Float32Array.from(out), { shape: [c.rows, width] })
      : toRowsArray(out, c.rows, width);
  }

  /** `fit(x)` then `transform(x)`. @example `enc.fitTransform(rows)` */
  fitTransform(x: Tensor): Tensor;
  fitTransform(x: ValueMatrix): number[][];
  fitTransform(x: Tensor | ValueMatrix): Tensor | number[][] {
    this.fit(x);
    return isTensor(x) ? this.transform(x) : this.transform(x);
  }

  /**
   * One-hot rows back to categories; an all-zero block is the dropped category, or `null`
   * (an unknown category) with `handleUnknown: "ignore"`.
   *
   * @example
   * ```ts
   * enc.inverseTransform([[0, 1]]); // [["red"]]
   * ```
   */
  inverseTransform(x: Tensor | readonly (readonly number[])[]): Value[][] {
    const n = this.requireFitted("inverseTransform");
    const rows: readonly (readonly number[])[] = isTensor(x) ? (x.toArray() as number[][]) : x;
    const widths = this.categories!.map((cats, j) => cats.length - (this.dropIdx![j] === null ? 0 : 1));
    const width = widths.reduce((a, b) => a + b, 0);
    return rows.map((row, i) => {
      if (row.length !== width)
        throw new ValueError(
          `OneHotEncoder.inverseTransform: row ${i} has ${row.length} values, but the encoding has ${width} columns`,
        );
      const out: Value[] = [];
      let offset = 0;
      for (let j = 0; j < n; j++) {
        const dropped = this.dropIdx![j] ?? null;
        let hot = -1;
        for (let k = 0; k < widths[j]!; k++) if (row[offset + k] === 1) hot = k;
        let cat: Category;
        if (hot < 0) {
          if (dropped !== null) cat = this.categories![j]![dropped]!;
          else if (this.handleUnknown === "ignore") cat = null;
          else
            throw new ValueError(
              `OneHotEncoder.inverseTransform: row ${i} has no 1 in the columns of feature ${j}`,
            );
        } else cat = this.categories![j]![dropped !== null && hot >= dropped ? hot + 1 : hot]!;
        out.push(cat);
        offset += widths[j]!;
      }
      return out;
    });
  }

  /** `feature_category` for each output column, as scikit-learn. @example `enc.getFeatureNamesOut(["color"])` */
  override getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const names = super.getFeatureNamesOut(
      inputFeatures ?? defaultNames(this.requireFitted("getFeatureNamesOut")),
    );
    return this.categories!.flatMap((cats, j) =>
      cats.filter((_, k) => k !== this.dropIdx![j]).map((c) => `${names[j]}_${categoryName(c)}`),
    );
  }

  /** The encoder as JSON. @example `JSON.stringify(enc)` */
  toJSON(): TransformerJSON {
    return {
      type: this.type,
      version: 1,
      params: { categories: this.encodeOption(), handleUnknown: this.handleUnknown, drop: this.drop },
      state:
        this.nFeatures === undefined
          ? null
          : { nFeatures: this.nFeatures, categories: this.encodeCategories(), dropIdx: this.dropIdx },
    };
  }

  /** Restores an encoder saved with `toJSON`. @example `OneHotEncoder.fromJSON(saved)` */
  static fromJSON(json: unknown): OneHotEncoder {
    const j = readJSON(json, "OneHotEncoder");
    const p = j.params as {
      categories: unknown;
      handleUnknown: "error" | "ignore";
      drop: "first" | "if_binary" | null;
    };
    const e = new OneHotEncoder({
      categories: decodeCategoriesOption(p.categories),
      handleUnknown: p.handleUnknown,
      drop: p.drop,
    });
    if (j.state !== null) {
      e.restoreCategories(j.state.categories, j.state.nFeatures as number);
      e.dropIdx = j.state.dropIdx as (number | null)[];
    }
    return e;
  }
}
