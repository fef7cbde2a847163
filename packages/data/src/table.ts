import { type DType, IndexError, type Tensor, tensor, ValueError } from "@tensorkit/tensor";

/** The kind of a column: numbers (missing = `NaN`) or categories (strings, missing = `null`). */
export type ColumnType = "number" | "category";

/** One cell: a number (NaN when missing), a category string, or `null` (a missing category). */
export type Value = number | string | null;

/** A row as a plain object, keyed by column name. */
export type Row = Readonly<Record<string, Value>>;

/** The values of a numeric column (`NaN` marks a missing value). */
export type NumberColumn = readonly number[];

/** The values of a categorical column (`null` marks a missing value). */
export type CategoryColumn = readonly (string | null)[];

interface ColumnData {
  readonly type: ColumnType;
  readonly values: NumberColumn | CategoryColumn;
}

/** True for `NaN` and `null`: the two spellings of a missing value. @example `isMissing(NaN) && isMissing(null) // true` */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function inferColumn(name: string, values: readonly unknown[], type: ColumnType | undefined): ColumnData {
  let strings = 0;
  for (const v of values) {
    if (typeof v === "number") continue;
    if (typeof v === "string") strings++;
    else if (v !== null && v !== undefined)
      throw new ValueError(
        `Table: column "${name}" holds a ${typeof v} (${String(v)}); cells are numbers, strings or null`,
      );
  }
  const kind = type ?? (strings === 0 ? "number" : "category");
  if (kind === "number") {
    if (strings > 0)
      throw new ValueError(
        `Table: column "${name}" is declared 'number' but holds strings (e.g. "${values.find((v) => typeof v === "string")}")`,
      );
    return {
      type: "number",
      values: Object.freeze(values.map((v) => (v === null || v === undefined ? Number.NaN : (v as number)))),
    };
  }
  return {
    type: "category",
    values: Object.freeze(
      values.map((v) =>
        v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? null : String(v),
      ),
    ),
  };
}

/**
 * A small immutable column-oriented table: numeric columns (missing values are `NaN`) and
 * categorical columns (strings, missing values are `null`). Every method returns a new table.
 *
 * @example
 * ```ts
 * const t = Table.fromColumns({ age: [22, 38, Number.NaN], sex: ["male", "female", null] });
 * t.numRows;                      // 3
 * t.columnType("sex");            // "category"
 * const x = t.toTensor(["age"]);  // float32 [3,1]
 * ```
 */
export class Table {
  /** Column names, in order. */
  readonly columns: readonly string[];
  /** Number of rows. */
  readonly numRows: number;
  readonly #data: ReadonlyMap<string, ColumnData>;

  private constructor(columns: readonly string[], data: ReadonlyMap<string, ColumnData>, numRows: number) {
    this.columns = Object.freeze([...columns]);
    this.#data = data;
    this.numRows = numRows;
  }

  /**
   * A table from columns of values. Each column's type is `types[name]` when given, else
   * `number` when it holds only numbers and missing values, else `category` (numbers in it
   * become strings). `null`/`undefined` are missing.
   *
   * @example
   * ```ts
   * Table.fromColumns({ x: [1, 2], label: ["a", "b"] }, { label: "category" });
   * ```
   */
  static fromColumns(
    columns: Readonly<Record<string, readonly unknown[]>>,
    types: Readonly<Record<string, ColumnType>> = {},
  ): Table {
    const names = Object.keys(columns);
    for (const n of Object.keys(types))
      if (!(n in columns))
        throw new ValueError(`Table.fromColumns: a type is given for "${n}", which is not a column`);
    const data = new Map<string, ColumnData>();
    let numRows: number | undefined;
    for (const name of names) {
      const values = columns[name]!;
      if (numRows !== undefined && values.length !== numRows)
        throw new ValueError(
          `Table.fromColumns: column "${name}" has ${values.length} values, but "${names[0]}" has ${numRows}`,
        );
      numRows = values.length;
      data.set(name, inferColumn(name, values, types[name]));
    }
    return new Table(names, data, numRows ?? 0);
  }

  /** `[numRows, columns.length]`, as pandas' `shape`. @example `t.shape // [891, 12]` */
  get shape(): [number, number] {
    return [this.numRows, this.columns.length];
  }

  #get(name: string, op: string): ColumnData {
    const c = this.#data.get(name);
    if (c === undefined)
      throw new ValueError(
        `${op}: no column "${name}"; the table has ${this.columns.map((n) => `"${n}"`).join(", ")}`,
      );
    return c;
  }

  /** `true` when the table has a column of that name. @example `t.has("age")` */
  has(name: string): boolean {
    return this.#data.has(name);
  }

  /** The type of a column. @example `t.columnType("age") // "number"` */
  columnType(name: string): ColumnType {
    return this.#get(name, "Table.columnType").type;
  }

  /** The values of a column (read-only: tables are immutable). @example `t.column("age")` */
  column(name: string): NumberColumn | CategoryColumn {
    return this.#get(name, "Table.column").values;
  }

  /** The values of a numeric column; throws if it is categorical. @example `t.numberColumn("age")` */
  numberColumn(name: string): NumberColumn {
    const c = this.#get(name, "Table.numberColumn");
    if (c.type !== "number")
      throw new ValueError(
        `Table.numberColumn: column "${name}" is categorical; encode it first (OneHotEncoder, OrdinalEncoder)`,
      );
    return c.values as NumberColumn;
  }

  /** The values of a categorical column; throws if it is numeric. @example `t.categoryColumn("sex")` */
  categoryColumn(name: string): CategoryColumn {
    const c = this.#get(name, "Table.categoryColumn");
    if (c.type !== "category") throw new ValueError(`Table.categoryColumn: column "${name}" is numeric`);
    return c.values as CategoryColumn;
  }

  /** A table with only these columns, in this order. @example `t.select(["age", "fare"])` */
  select(names: readonly string[]): Table {
    const data = new Map<string, ColumnData>();
    for (const n of names) {
      if (data.has(n)) throw new ValueError(`Table.select: column "${n}" is selected twice`);
      data.set(n, this.#get(n, "Table.select"));
    }
    return new Table(names, data, this.numRows);
  }

  /** A table without these columns. @example `t.drop(["name"])` */
  drop(names: readonly string[]): Table {
    for (const n of names) this.#get(n, "Table.drop");
    const gone = new Set(names);
    return this.select(this.columns.filter((n) => !gone.has(n)));
  }

  /** A table with a column added (or replaced, in place of the old one). @example `t.withColumn("ratio", r)` */
  withColumn(name: string, values: readonly unknown[], type?: ColumnType): Table {
    if (values.length !== this.numRows && this.columns.length > 0)
      throw new ValueError(
        `Table.withColumn: "${name}" has ${values.length} values, the table ${this.numRows} rows`,
      );
    const data = new Map(this.#data);
    data.set(name, inferColumn(name, values, type));
    const columns = this.#data.has(name) ? this.columns : [...this.columns, name];
    return new Table(columns, data, values.length);
  }

  /** The rows at these indices, in this order (repeats allowed). @example `t.take([0, 2, 2])` */
  take(indices: readonly number[]): Table {
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= this.numRows)
        throw new IndexError(
          `Table.take: index ${i} (position ${k}) is out of range for ${this.numRows} rows`,
        );
    }
    const data = new Map<string, ColumnData>();
    for (const [n, c] of this.#data) {
      const v = c.values as readonly Value[];
      data.set(n, {
        type: c.type,
        values: Object.freeze(indices.map((i) => v[i]!)) as NumberColumn | CategoryColumn,
      });
    }
    return new Table(this.columns, data, indices.length);
  }

  /** The first `n` rows. @example `t.head(3)` */
  head(n = 5): Table {
    return this.take(Array.from({ length: Math.min(n, this.numRows) }, (_, i) => i));
  }

  /** Rows for which `predicate` is true. @example `t.filterRows((r) => (r.age as number) > 18)` */
  filterRows(predicate: (row: Row, index: number) => boolean): Table {
    const keep: number[] = [];
    for (let i = 0; i < this.numRows; i++) if (predicate(this.row(i), i)) keep.push(i);
    return this.take(keep);
  }

  /** Row `i` as an object. @example `t.row(0) // { age: 22, sex: "male" }` */
  row(i: number): Row {
    if (!Number.isInteger(i) || i < 0 || i >= this.numRows)
      throw new IndexError(`Table.row: index ${i} is out of range for ${this.numRows} rows`);
    const r: Record<string, Value> = {};
    for (const n of this.columns) r[n] = (this.#data.get(n)!.values as readonly Value[])[i]!;
    return r;
  }

  /** Every row as an object. @example `t.toRecords()` */
  toRecords(): Row[] {
    return Array.from({ length: this.numRows }, (_, i) => this.row(i));
  }

  /**
   * Rows of the given columns (all by default) as arrays of values: the input encoders,
   * imputers and scalers take.
   *
   * @example
   * ```ts
   * t.toRows(["sex", "embarked"]); // [["male", "S"], ["female", "C"], …]
   * ```
   */
  toRows(columns: readonly string[] = this.columns): Value[][] {
    const cols = columns.map((n) => this.#get(n, "Table.toRows").values as readonly Value[]);
    return Array.from({ length: this.numRows }, (_, i) => cols.map((c) => c[i]!));
  }

  /**
   * Numeric columns as a tensor: one name gives a 1-D tensor `[numRows]`, a list a 2-D tensor
   * `[numRows, names.length]` (all numeric columns by default). Missing values stay NaN.
   * Categorical columns must be encoded first.
   *
   * @example
   * ```ts
   * const x = t.toTensor(["age", "fare"]);        // float32 [n,2]
   * const y = t.toTensor("survived", { dtype: "int32" }); // int32 [n]
   * ```
   */
  toTensor(columns?: string | readonly string[], options: { readonly dtype?: DType } = {}): Tensor {
    const names =
      columns === undefined
        ? this.columns.filter((n) => this.#data.get(n)!.type === "number")
        : typeof columns === "string"
          ? [columns]
          : columns;
    const cols = names.map((n) => {
      const c = this.#get(n, "Table.toTensor");
      if (c.type !== "number")
        throw new ValueError(
          `Table.toTensor: column "${n}" is categorical; encode it first (OrdinalEncoder, OneHotEncoder, LabelEncoder)`,
        );
      return c.values as NumberColumn;
    });
    const dtype = options.dtype ?? "float32";
    if (dtype === "int32" || dtype === "bool") {
      for (let j = 0; j < cols.length; j++)
        for (let i = 0; i < this.numRows; i++)
          if (!Number.isInteger(cols[j]![i]))
            throw new ValueError(
              `Table.toTensor: column "${names[j]}" row ${i} is ${cols[j]![i]}, which is not an integer (dtype ${dtype}); impute missing values first`,
            );
    }
    const flat = new Float64Array(this.numRows * cols.length);
    for (let i = 0; i < this.numRows; i++)
      for (let j = 0; j < cols.length; j++) flat[i * cols.length + j] = cols[j]![i]!;
    const shape = typeof columns === "string" ? [this.numRows] : [this.numRows, cols.length];
    return tensor(flat, { shape, dtype });
  }

  /** A readable preview of the first rows. @example `console.log(t.toString())` */
  toString(maxRows = 10): string {
    const shown = Math.min(maxRows, this.numRows);
    const cells = [
      [...this.columns],
      ...Array.from({ length: shown }, (_, i) =>
        this.columns.map((n) => {
          const v = (this.#data.get(n)!.values as readonly Value[])[i];
          return v === null || (typeof v === "number" && Number.isNaN(v)) ? "NA" : String(v);
        }),
      ),
    ];
    const widths = this.columns.map((_, j) => Math.max(...cells.map((r) => r[j]!.length)));
    const lines = cells.map((r) => r.map((c, j) => c.padStart(widths[j]!)).join("  "));
    if (shown < this.numRows) lines.push(`… ${this.numRows - shown} more rows`);
    return `Table [${this.numRows} rows × ${this.columns.length} columns]\n${lines.join("\n")}`;
  }
}
