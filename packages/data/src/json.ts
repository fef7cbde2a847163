import { JsonError } from "./errors.js";
import { type ColumnType, Table } from "./table.js";

/** Options of {@link fromJson} and {@link readJson}. */
export interface FromJsonOptions {
  /** Column types by name; others are `number` when every present value is a number, else `category`. */
  readonly columns?: Readonly<Record<string, ColumnType>>;
  /** The name errors give for the data; `"<records>"` (fromJson) or `"<string>"` (readJson) by default. */
  readonly fileName?: string;
}

/**
 * A {@link Table} from a list of records (plain objects), as `pandas.DataFrame(records)`.
 * Columns appear in the order their keys are first seen; a key absent from a record, `null`
 * and `NaN` are missing. Booleans become the categories `"true"`/`"false"`. A value that is
 * neither a number, string, boolean nor null is a {@link JsonError} naming the record and key.
 *
 * @example
 * ```ts
 * const t = fromJson([{ x: 1, c: "a" }, { x: 2 }]);
 * t.column("c"); // ["a", null]
 * ```
 */
export function fromJson(
  records: readonly Readonly<Record<string, unknown>>[],
  options: FromJsonOptions = {},
): Table {
  const file = options.fileName ?? "<records>";
  if (!Array.isArray(records))
    throw new JsonError({ file }, `expected a list of records, got ${typeof records}`);
  const names: string[] = [];
  const seen = new Set<string>();
  records.forEach((r, i) => {
    if (r === null || typeof r !== "object" || Array.isArray(r))
      throw new JsonError(
        { file, row: i + 1 },
        `expected a record (an object), got ${Array.isArray(r) ? "an array" : String(r)}`,
      );
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
  });
  const columns: Record<string, unknown[]> = {};
  const types: Record<string, ColumnType> = {};
  for (const name of names) {
    const declared = options.columns?.[name];
    const values = records.map((r, i) => {
      const v = r[name];
      if (v === undefined || v === null) return null;
      if (typeof v === "boolean") return String(v);
      if (typeof v === "number" || typeof v === "string") return v;
      throw new JsonError(
        { file, row: i + 1, columnName: name },
        `key "${name}": expected a number, string, boolean or null, got ${Array.isArray(v) ? "an array" : typeof v}`,
      );
    });
    let type = declared ?? (values.every((v) => v === null || typeof v === "number") ? "number" : "category");
    if (type === "number") {
      columns[name] = values.map((v, i) => {
        if (v === null) return Number.NaN;
        if (typeof v === "number") return v;
        const n = v.trim() === "" ? Number.NaN : Number(v);
        if (Number.isNaN(n))
          throw new JsonError(
            { file, row: i + 1, columnName: name },
            `key "${name}": expected a number, found ${JSON.stringify(v)}`,
          );
        return n;
      });
    } else {
      type = "category";
      columns[name] = values.map((v) =>
        v === null || (typeof v === "number" && Number.isNaN(v)) ? null : String(v),
      );
    }
    types[name] = type;
  }
  for (const n of Object.keys(options.columns ?? {}))
    if (!seen.has(n)) throw new JsonError({ file }, `a type is given for "${n}", which no record has`);
  return Table.fromColumns(columns, types);
}

/**
 * Parses JSON text holding a list of records (or `{ "columns": [...], "data": [[...]] }`, pandas'
 * `orient="split"`) into a {@link Table}. Syntax errors are {@link JsonError}s naming the file.
 *
 * @example
 * ```ts
 * readJson('[{"x": 1}, {"x": 2}]').column("x"); // [1, 2]
 * ```
 */
export function readJson(text: string, options: FromJsonOptions = {}): Table {
  const file = options.fileName ?? "<string>";
  if (text.trim() === "") throw new JsonError({ file }, "the file is empty: expected a list of records");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new JsonError({ file }, `not valid JSON: ${(e as Error).message}`);
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const { columns, data } = value as { columns?: unknown; data?: unknown };
    if (!Array.isArray(columns) || !Array.isArray(data))
      throw new JsonError(
        { file },
        'expected a list of records or { "columns": [...], "data": [[...], ...] }',
      );
    const records = data.map((row, i) => {
      if (!Array.isArray(row) || row.length !== columns.length)
        throw new JsonError(
          { file, row: i + 1 },
          `data row has ${Array.isArray(row) ? row.length : "no"} values, expected ${columns.length} (one per column)`,
        );
      return Object.fromEntries(columns.map((c, j) => [String(c), row[j]]));
    });
    return fromJson(records, { ...options, fileName: file });
  }
  return fromJson(value as Record<string, unknown>[], { ...options, fileName: file });
}
