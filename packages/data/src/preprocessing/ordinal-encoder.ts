import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { isTensor, toColumns, toRowsArray, type ValueMatrix } from "../matrix.js";
import { decodeNumber, encodeNumber, readJSON, type TransformerJSON } from "../serialize.js";
import type { Value } from "../table.js";
import type { Transformer } from "./base.js";
import { normalizeCategory, showCategory } from "./categories.js";
import { CategoricalEncoder, type CategoriesOption, decodeCategoriesOption } from "./encoder-base.js";

/** Options of {@link OrdinalEncoder}. */
export interface OrdinalEncoderOptions {
  /** `"auto"` (sorted distinct values of each feature) or a list of categories per feature. */
  readonly categories?: CategoriesOption;
  /** An unseen category: `"error"` (default) throws, `"useEncodedValue"` encodes it as `unknownValue`. */
  readonly handleUnknown?: "error" | "useEncodedValue";
  /** The code of unseen categories with `handleUnknown: "useEncodedValue"` (an integer outside 0…n-1, or NaN). */
  readonly unknownValue?: number;
  /** The code of missing values (NaN/null). Default NaN, as scikit-learn. */
  readonly encodedMissingValue?: number;
}

/**
 * Encodes each categorical feature as integers `0 … k - 1` in sorted category order, as
 * scikit-learn's `OrdinalEncoder`. Missing values (NaN/null) become `encodedMissingValue`
 * (NaN). Output is `number[][]`, or a float32 tensor for a tensor input.
 *
 * @example
 * ```ts
 * const enc = new OrdinalEncoder({ handleUnknown: "useEncodedValue", unknownValue: -1 });
 * enc.fitTransform([["S"], ["M"], ["L"]]); // [[2], [1], [0]]
 * enc.transform([["XL"]]);                 // [[-1]]
 * ```
 */
export class OrdinalEncoder extends CategoricalEncoder implements Transformer {
  readonly type = "OrdinalEncoder";
  readonly handleUnknown: "error" | "useEncodedValue";
  readonly unknownValue: number | undefined;
  readonly encodedMissingValue: number;

  constructor(options: OrdinalEncoderOptions = {}) {
    super(options.categories ?? "auto");
    this.handleUnknown = options.handleUnknown ?? "error";
    this.unknownValue = options.unknownValue;
    this.encodedMissingValue = options.encodedMissingValue ?? Number.NaN;
    if (this.handleUnknown === "useEncodedValue" && typeof this.unknownValue !== "number")
      throw new ValueError(
        "OrdinalEncoder: handleUnknown 'useEncodedValue' needs unknownValue (an integer or NaN), e.g. { unknownValue: -1 }",
      );
    if (this.handleUnknown === "error" && this.unknownValue !== undefined)
      throw new ValueError("OrdinalEncoder: unknownValue is only used with handleUnknown: 'useEncodedValue'");
  }

  /** Learns the categories. @example `enc.fit(table.toRows(["size"]))` */
  fit(x: Tensor | ValueMatrix): this {
    this.fitColumns(x, "fit");
    const u = this.unknownValue;
    if (u !== undefined && !Number.isNaN(u)) {
      if (!Number.isInteger(u))
        throw new ValueError(`OrdinalEncoder.fit: unknownValue must be an integer or NaN, got ${u}`);
      this.categories!.forEach((cats, j) => {
        const known = cats.filter((c) => c !== null).length;
        if (u >= 0 && u < known)
          throw new ValueError(
            `OrdinalEncoder.fit: unknownValue ${u} is also the code of category ${showCategory(cats[u]!)} of feature ${j}; choose a value outside 0…${known - 1}`,
          );
      });
    }
    return this;
  }

  /** Categories to codes. @example `enc.transform([["M"]])` */
  transform(x: Tensor): Tensor;
  transform(x: ValueMatrix): number[][];
  transform(x: Tensor | ValueMatrix): Tensor | number[][] {
    this.requireFitted("transform");
    const c = toColumns(x, "OrdinalEncoder.transform");
    this.checkFeatures("transform", c.cols);
    const out = new Float64Array(c.rows * c.cols);
    for (let j = 0; j < c.cols; j++) {
      const lookup = this.lookup(j);
      for (let i = 0; i < c.rows; i++) {
        const cat = normalizeCategory(c.columns[j]![i]!);
        let code: number;
        if (cat === null) code = this.encodedMissingValue;
        else {
          const k = lookup.get(cat);
          if (k === undefined) {
            if (this.handleUnknown === "error")
              throw new ValueError(
                `OrdinalEncoder.transform: unknown category ${showCategory(cat)} in column ${j} (row ${i}); known: ${this.categories![j]!.map(showCategory).join(", ")}. Use handleUnknown: 'useEncodedValue' with an unknownValue`,
              );
            code = this.unknownValue!;
          } else code = k;
        }
        out[i * c.cols + j] = code;
      }
    }
    return isTensor(x)
      ? tensor(Float32Array.from(out), { shape: [c.rows, c.cols] })
      : toRowsArray(out, c.rows, c.cols);
  }

  /** `fit(x)` then `transform(x)`. @example `enc.fitTransform(rows)` */
  fitTransform(x: Tensor): Tensor;
  fitTransform(x: ValueMatrix): number[][];
  fitTransform(x: Tensor | ValueMatrix): Tensor | number[][] {
    this.fit(x);
    return isTensor(x) ? this.transform(x) : this.transform(x);
  }

  /** Codes back to categories (`null` for unknown and missing codes). @example `enc.inverseTransform([[2]])` */
  inverseTransform(x: Tensor | readonly (readonly number[])[]): Value[][] {
    const n = this.requireFitted("inverseTransform");
    const rows: readonly (readonly number[])[] = isTensor(x) ? (x.toArray() as number[][]) : x;
    return rows.map((row, i) => {
      if (row.length !== n)
        throw new ValueError(
          `OrdinalEncoder.inverseTransform: row ${i} has ${row.length} values, expected ${n}`,
        );
      return row.map((code, j) => {
        if (Number.isNaN(code) || code === this.unknownValue || code === this.encodedMissingValue)
          return null;
        const cat = Number.isInteger(code) ? this.categories![j]![code] : undefined;
        if (cat === undefined)
          throw new ValueError(
            `OrdinalEncoder.inverseTransform: code ${code} at row ${i}, column ${j} is not a category index`,
          );
        return cat;
      });
    });
  }

  /** The encoder as JSON. @example `JSON.stringify(enc)` */
  toJSON(): TransformerJSON {
    return {
      type: this.type,
      version: 1,
      params: {
        categories: this.encodeOption(),
        handleUnknown: this.handleUnknown,
        unknownValue: this.unknownValue === undefined ? null : encodeNumber(this.unknownValue),
        encodedMissingValue: encodeNumber(this.encodedMissingValue),
      },
      state:
        this.nFeatures === undefined
          ? null
          : { nFeatures: this.nFeatures, categories: this.encodeCategories() },
    };
  }

  /** Restores an encoder saved with `toJSON`. @example `OrdinalEncoder.fromJSON(saved)` */
  static fromJSON(json: unknown): OrdinalEncoder {
    const j = readJSON(json, "OrdinalEncoder");
    const p = j.params as Record<string, unknown>;
    const e = new OrdinalEncoder({
      categories: decodeCategoriesOption(p.categories),
      handleUnknown: p.handleUnknown as "error" | "useEncodedValue",
      ...(p.unknownValue === null || p.unknownValue === undefined
        ? {}
        : { unknownValue: decodeNumber(p.unknownValue) }),
      encodedMissingValue: decodeNumber(p.encodedMissingValue),
    });
    if (j.state !== null) e.restoreCategories(j.state.categories, j.state.nFeatures as number);
    return e;
  }
}
