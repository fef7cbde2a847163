import { ValueError } from "@tensorkit/tensor";
import { isMissing, type Table, type Value } from "./table.js";

/** Options of {@link dropNa}. */
export interface DropNaOptions {
  /** Drop rows (default) or columns that have missing values. */
  readonly axis?: "rows" | "columns";
  /** `"any"` (default): drop when any value is missing; `"all"`: only when every value is. */
  readonly how?: "any" | "all";
  /** With `axis: "rows"`, only these columns are looked at. */
  readonly subset?: readonly string[];
  /** Keep rows (or columns) with at least this many present values; overrides `how`, as pandas. */
  readonly thresh?: number;
}

/**
 * Drops rows (or columns) with missing values (NaN in numeric columns, null in categorical ones),
 * as pandas' `DataFrame.dropna`.
 *
 * @example
 * ```ts
 * const t = Table.fromColumns({ a: [1, NaN, 3], b: ["x", "y", null] });
 * dropNa(t).numRows;                         // 1
 * dropNa(t, { subset: ["a"] }).numRows;      // 2
 * dropNa(t, { axis: "columns" }).columns;    // []
 * ```
 */
export function dropNa(table: Table, options: DropNaOptions = {}): Table {
  const axis = options.axis ?? "rows";
  const how = options.how ?? "any";
  if (how !== "any" && how !== "all")
    throw new ValueError(`dropNa: how must be 'any' or 'all', got ${JSON.stringify(how)}`);
  if (axis === "columns") {
    if (options.subset !== undefined)
      throw new ValueError("dropNa: subset names columns, so it only applies with axis: 'rows'");
    const keep = table.columns.filter((n) => {
      const present = (table.column(n) as readonly Value[]).filter((v) => !isMissing(v)).length;
      if (options.thresh !== undefined) return present >= options.thresh;
      return how === "any" ? present === table.numRows : present > 0 || table.numRows === 0;
    });
    return table.select(keep);
  }
  if (axis !== "rows")
    throw new ValueError(`dropNa: axis must be 'rows' or 'columns', got ${JSON.stringify(axis)}`);
  const cols = (options.subset ?? table.columns).map((n) => table.column(n) as readonly Value[]);
  const keep: number[] = [];
  for (let i = 0; i < table.numRows; i++) {
    let present = 0;
    for (const c of cols) if (!isMissing(c[i])) present++;
    const ok =
      options.thresh !== undefined
        ? present >= options.thresh
        : how === "any"
          ? present === cols.length
          : present > 0 || cols.length === 0;
    if (ok) keep.push(i);
  }
  return table.take(keep);
}

/** Options of {@link dropDuplicates}. */
export interface DropDuplicatesOptions {
  /** Compare only these columns (all by default). */
  readonly subset?: readonly string[];
  /** Which of the duplicates to keep: `"first"` (default), `"last"`, or `false` to drop them all. */
  readonly keep?: "first" | "last" | false;
}

function rowKey(cols: readonly (readonly Value[])[], i: number): string {
  // tagged, so that the number 1 and the string "1" differ; missing values equal each other (pandas)
  return JSON.stringify(
    cols.map((c) => {
      const v = c[i];
      return v === null ? null : typeof v === "number" ? (Number.isNaN(v) ? "n:NaN" : `n:${v}`) : `s:${v}`;
    }),
  );
}

/**
 * Drops repeated rows, as pandas' `DataFrame.drop_duplicates`; missing values count as equal.
 *
 * @example
 * ```ts
 * const t = Table.fromColumns({ a: [1, 1, 2], b: ["x", "x", "y"] });
 * dropDuplicates(t).numRows;                    // 2
 * dropDuplicates(t, { keep: false }).numRows;   // 1
 * ```
 */
export function dropDuplicates(table: Table, options: DropDuplicatesOptions = {}): Table {
  const keepWhich = options.keep ?? "first";
  const cols = (options.subset ?? table.columns).map((n) => table.column(n) as readonly Value[]);
  const counts = new Map<string, number>();
  const keys: string[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const k = rowKey(cols, i);
    keys.push(k);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const seen = new Set<string>();
  const keep: number[] = [];
  if (keepWhich === "last") {
    for (let i = table.numRows - 1; i >= 0; i--)
      if (!seen.has(keys[i]!)) {
        seen.add(keys[i]!);
        keep.push(i);
      }
    keep.reverse();
  } else {
    for (let i = 0; i < table.numRows; i++) {
      const k = keys[i]!;
      if (keepWhich === false ? counts.get(k) === 1 : !seen.has(k)) keep.push(i);
      seen.add(k);
    }
  }
  return table.take(keep);
}
