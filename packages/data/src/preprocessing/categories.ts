import { ValueError } from "@tensorkit/tensor";
import type { Value } from "../table.js";

/** A category: a string or a number; `null` is the "missing" category (NaN or null in the data). */
export type Category = string | number | null;

/** NaN and null are both "missing"; everything else is itself. */
export function normalizeCategory(v: Value): Category {
  return typeof v === "number" && Number.isNaN(v) ? null : v;
}

/**
 * The sorted distinct values of a column, as scikit-learn's encoders find categories
 * (`np.unique`): numbers ascending, or strings in code-point order; the missing category last.
 * A column mixing numbers and strings is an error, as in scikit-learn.
 */
export function sortedCategories(values: readonly Value[], op: string, column: number): Category[] {
  const seen = new Set<string | number>();
  let missing = false;
  for (const raw of values) {
    const v = normalizeCategory(raw);
    if (v === null) missing = true;
    else seen.add(v);
  }
  const list = [...seen];
  const numbers = list.filter((v) => typeof v === "number").length;
  if (numbers > 0 && numbers < list.length)
    throw new ValueError(
      `${op}: column ${column} mixes numbers and strings (e.g. ${JSON.stringify(list.find((v) => typeof v === "number"))} and ${JSON.stringify(list.find((v) => typeof v === "string"))}); encoders need one kind per column`,
    );
  const sorted: Category[] =
    numbers > 0
      ? (list as number[]).sort((a, b) => a - b)
      : (list as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (missing) sorted.push(null);
  return sorted;
}

/** Looks categories up by value: Map keys keep `3` and `"3"` apart, as NumPy does. */
export function indexOf(categories: readonly Category[]): Map<Category, number> {
  return new Map(categories.map((c, i) => [c, i]));
}

/** A category as it appears in a feature name (`nan` for missing, as scikit-learn prints it). */
export function categoryName(c: Category): string {
  return c === null ? "nan" : String(c);
}

/** A category for messages. */
export function showCategory(c: Category): string {
  return c === null ? "missing (NaN/null)" : JSON.stringify(c);
}
