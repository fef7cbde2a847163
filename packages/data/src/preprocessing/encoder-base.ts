import { type Tensor, ValueError } from "@tensorkit/tensor";
import { type HostColumns, toColumns, type ValueMatrix } from "../matrix.js";
import { decodeValue, encodeValue } from "../serialize.js";
import { Fitted } from "./base.js";
import { type Category, indexOf, normalizeCategory, showCategory, sortedCategories } from "./categories.js";

/** Categories per feature: found in the data (`"auto"`, sorted as scikit-learn) or given. */
export type CategoriesOption = "auto" | readonly (readonly Category[])[];

/** Base of {@link OneHotEncoder} and {@link OrdinalEncoder}: learning and looking up categories. */
export abstract class CategoricalEncoder extends Fitted {
  readonly categoriesOption: CategoriesOption;
  /** Categories per feature (sorted when found by `fit`); `null` is the missing category. */
  categories: Category[][] | undefined;
  #lookup: Map<Category, number>[] | undefined;

  constructor(categories: CategoriesOption = "auto") {
    super();
    this.categoriesOption = categories;
  }

  protected fitColumns(x: Tensor | ValueMatrix, op: string): HostColumns {
    const c = toColumns(x, `${this.type}.${op}`);
    if (this.categoriesOption === "auto") {
      this.categories = c.columns.map((col, j) => sortedCategories(col, `${this.type}.${op}`, j));
    } else {
      if (this.categoriesOption.length !== c.cols)
        throw new ValueError(
          `${this.type}.${op}: categories has ${this.categoriesOption.length} lists, but x has ${c.cols} features`,
        );
      this.categories = this.categoriesOption.map((list) => list.map((v) => normalizeCategory(v)));
      // Given categories must cover the training data, as in scikit-learn.
      c.columns.forEach((col, j) => {
        const known = new Set(this.categories![j]);
        col.forEach((v, i) => {
          const cat = normalizeCategory(v);
          if (!known.has(cat))
            throw new ValueError(
              `${this.type}.${op}: found unknown category ${showCategory(cat)} in column ${j} (row ${i}) during fit; it is not in the given categories`,
            );
        });
      });
    }
    this.#lookup = this.categories.map(indexOf);
    this.nFeatures = c.cols;
    return c;
  }

  protected lookup(j: number): Map<Category, number> {
    this.#lookup ??= this.categories!.map(indexOf);
    return this.#lookup[j]!;
  }

  protected encodeCategories(): unknown {
    return this.categories!.map((list) => list.map(encodeValue));
  }

  protected restoreCategories(json: unknown, nFeatures: number): void {
    this.categories = (json as unknown[][]).map((list) => list.map(decodeValue));
    this.nFeatures = nFeatures;
  }

  protected encodeOption(): unknown {
    return this.categoriesOption === "auto" ? "auto" : this.categoriesOption.map((l) => l.map(encodeValue));
  }
}

/** Reverses `encodeOption`. */
export function decodeCategoriesOption(v: unknown): CategoriesOption {
  return v === "auto" || v === undefined ? "auto" : (v as unknown[][]).map((l) => l.map(decodeValue));
}
