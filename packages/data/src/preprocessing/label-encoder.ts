import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { NotFittedError } from "../errors.js";
import { isTensor } from "../matrix.js";
import { decodeValue, encodeValue, readJSON, type TransformerJSON } from "../serialize.js";
import { indexOf, sortedCategories } from "./categories.js";

/** A label: a class name or number. */
export type Label = string | number;

function readLabels(y: Tensor | readonly Label[], op: string): Label[] {
  if (isTensor(y)) {
    if (y.rank !== 1) throw new ValueError(`${op}: expected a 1-D tensor of labels, got rank ${y.rank}`);
    return Array.from(y.dataSync() as ArrayLike<number>);
  }
  if (!Array.isArray(y)) throw new ValueError(`${op}: expected a list (or 1-D tensor) of labels`);
  y.forEach((v, i) => {
    if (!((typeof v === "number" && !Number.isNaN(v)) || typeof v === "string"))
      throw new ValueError(
        `${op}: label at position ${i} is ${String(v)}; labels are strings or numbers, never missing`,
      );
  });
  return y as Label[];
}

/**
 * Encodes target labels as integers `0 … nClasses - 1` in sorted order, as scikit-learn's
 * `LabelEncoder` (numbers ascending, strings in code-point order). A tensor input gives an int32
 * tensor; a list gives a list. Unseen labels are an error naming them.
 *
 * @example
 * ```ts
 * const le = new LabelEncoder();
 * le.fitTransform(["paris", "tokyo", "paris"]); // [0, 1, 0]
 * le.classes;                                   // ["paris", "tokyo"]
 * le.inverseTransform([1]);                     // ["tokyo"]
 * const y = tensor(le.transform(table.categoryColumn("city") as string[]), "int32");
 * ```
 */
export class LabelEncoder {
  readonly type = "LabelEncoder";
  /** The sorted distinct labels; set by `fit`. */
  classes: Label[] | undefined;
  #index: Map<unknown, number> | undefined;

  #fitted(op: string): Label[] {
    if (this.classes === undefined)
      throw new NotFittedError(
        `LabelEncoder.${op}: this LabelEncoder is not fitted yet; call fit(y) before ${op}`,
      );
    this.#index ??= indexOf(this.classes);
    return this.classes;
  }

  /** Learns the classes. @example `le.fit(["b", "a"])` */
  fit(y: Tensor | readonly Label[]): this {
    this.classes = sortedCategories(readLabels(y, "LabelEncoder.fit"), "LabelEncoder.fit", 0) as Label[];
    this.#index = indexOf(this.classes);
    return this;
  }

  /** Labels to class indices. @example `le.transform(["a"]) // [0]` */
  transform(y: Tensor): Tensor;
  transform(y: readonly Label[]): number[];
  transform(y: Tensor | readonly Label[]): Tensor | number[] {
    this.#fitted("transform");
    const labels = readLabels(y, "LabelEncoder.transform");
    const unseen = [...new Set(labels.filter((v) => !this.#index!.has(v)))];
    if (unseen.length > 0)
      throw new ValueError(
        `LabelEncoder.transform: y contains previously unseen labels: ${unseen.map((v) => JSON.stringify(v)).join(", ")} (known: ${this.classes!.map((v) => JSON.stringify(v)).join(", ")})`,
      );
    const codes = labels.map((v) => this.#index!.get(v)!);
    return isTensor(y) ? tensor(Int32Array.from(codes)) : codes;
  }

  /** `fit(y)` then `transform(y)`. @example `le.fitTransform(["b", "a", "b"]) // [1, 0, 1]` */
  fitTransform(y: Tensor): Tensor;
  fitTransform(y: readonly Label[]): number[];
  fitTransform(y: Tensor | readonly Label[]): Tensor | number[] {
    this.fit(y);
    return isTensor(y) ? this.transform(y) : this.transform(y);
  }

  /** Class indices back to labels. @example `le.inverseTransform([0, 1])` */
  inverseTransform(codes: Tensor | readonly number[]): Label[] {
    const classes = this.#fitted("inverseTransform");
    const list = isTensor(codes) ? Array.from(codes.dataSync() as ArrayLike<number>) : codes;
    return list.map((c, i) => {
      const label = Number.isInteger(c) ? classes[c] : undefined;
      if (label === undefined)
        throw new ValueError(
          `LabelEncoder.inverseTransform: code ${c} at position ${i} is not a class index (0…${classes.length - 1})`,
        );
      return label;
    });
  }

  /** The encoder as JSON. @example `JSON.stringify(le)` */
  toJSON(): TransformerJSON {
    return {
      type: this.type,
      version: 1,
      params: {},
      state: this.classes === undefined ? null : { classes: this.classes.map(encodeValue) },
    };
  }

  /** Restores an encoder saved with `toJSON`. @example `LabelEncoder.fromJSON(saved)` */
  static fromJSON(json: unknown): LabelEncoder {
    const j = readJSON(json, "LabelEncoder");
    const le = new LabelEncoder();
    if (j.state !== null) le.classes = (j.state.classes as unknown[]).map(decodeValue) as Label[];
    return le;
  }
}
