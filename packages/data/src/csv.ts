import Papa from "papaparse";
import { CsvError } from "./errors.js";
import { type ColumnType, Table } from "./table.js";

/**
 * The strings read as a missing value by default: pandas' `read_csv` list (the empty string,
 * `NA`, `N/A`, `NaN`, `null`, `None`, `#N/A`, …).
 *
 * @example
 * ```ts
 * readCsv(text, { naValues: [...DEFAULT_NA_VALUES, "?"] });
 * ```
 */
export const DEFAULT_NA_VALUES: readonly string[] = Object.freeze([
  "",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
]);

/** Options of {@link readCsv}. */
export interface ReadCsvOptions {
  /** The first row holds the column names. Default true. */
  readonly header?: boolean;
  /** Column names to use (required length: the number of fields); replaces the header's when both are given. */
  readonly names?: readonly string[];
  /** The field separator; detected from the first rows when omitted (`,` if nothing fits). */
  readonly delimiter?: string;
  /** Column types by name; columns not listed are `number` when every present value parses as one, else `category`. */
  readonly columns?: Readonly<Record<string, ColumnType>>;
  /** Strings that mean "missing"; {@link DEFAULT_NA_VALUES} unless given (then only these). */
  readonly naValues?: readonly string[];
  /** The name errors give for the text (a file name or URL); `"<string>"` by default. */
  readonly fileName?: string;
}

// A decimal or scientific number, or ±Infinity; stricter than Number() (which reads "" as 0, "0x1f" as 31).
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:inf|Inf|INF|Infinity|infinity)$/;

/** Parses one CSV field as a number (decimal, scientific, ±inf), or returns undefined. @example `parseNumber(" 1e3") // 1000` */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (!NUMBER.test(s)) return undefined;
  if (/inf/i.test(s)) return s.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(s);
}

/**
 * Reads CSV text into a {@link Table}, in Node and in the browser (parsing by papaparse: quoted
 * fields, embedded newlines and delimiters, `\r\n`). Empty lines are skipped. Errors are
 * {@link CsvError}s naming the file (`options.fileName`, else `"<string>"`), the 1-based row
 * (the header is row 1) and the column: an empty file, a row with more or fewer fields than the
 * header, a value that is not a number in a column declared `number`, a broken quote. For a
 * file on disk, `readCsvFile` from `@tensorkit/data/node`; in a browser,
 * `readCsv(await file.text(), { fileName: file.name })`.
 *
 * @example
 * ```ts
 * const t = readCsv("age,sex\n22,male\nNA,female\n", { columns: { sex: "category" } });
 * t.column("age"); // [22, NaN]
 * ```
 */
export function readCsv(text: string, options: ReadCsvOptions = {}): Table {
  const file = options.fileName ?? "<string>";
  const header = options.header ?? true;
  if (typeof text !== "string")
    throw new CsvError({ file }, `expected CSV text (a string), got ${typeof text}`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a byte-order mark is not part of the first name
  if (body.trim() === "") throw new CsvError({ file }, "the file is empty: expected a header row");

  // papaparse guesses the delimiter from the first rows; guess on a preview without empty lines,
  // which would otherwise count as one-field rows and defeat the guess
  const delimiter =
    options.delimiter ?? Papa.parse<string[]>(body, { preview: 10, skipEmptyLines: true }).meta.delimiter;
  const parsed = Papa.parse<string[]>(body, {
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false, // skipped below, so that row numbers still count them
    delimiter,
  });
  for (const err of parsed.errors) {
    if (err.code === "UndetectableDelimiter") continue; // a one-column file: "," is right
    throw new CsvError({ file, ...(err.row === undefined ? {} : { row: err.row + 1 }) }, err.message);
  }

  const records: { row: number; fields: string[] }[] = [];
  parsed.data.forEach((fields, i) => {
    if (fields.length === 1 && fields[0]!.trim() === "") return; // an empty line
    records.push({ row: i + 1, fields });
  });
  if (records.length === 0) throw new CsvError({ file }, "the file is empty: expected a header row");

  let names: string[];
  let dataStart: number;
  if (header) {
    names = records[0]!.fields.map((n, j) => (n === "" ? `Unnamed: ${j}` : n));
    dataStart = 1;
  } else {
    names = records[0]!.fields.map((_, j) => String(j));
    dataStart = 0;
  }
  if (options.names !== undefined) {
    if (options.names.length !== names.length)
      throw new CsvError(
        { file, row: records[0]!.row },
        `${options.names.length} names were given, but the ${header ? "header" : "first row"} has ${names.length} fields`,
      );
    names = [...options.names];
  }
  const seen = new Map<string, number>();
  names.forEach((n, j) => {
    const first = seen.get(n);
    if (first !== undefined)
      throw new CsvError(
        { file, row: records[0]!.row, column: j + 1, columnName: n },
        `duplicate column name (also column ${first + 1})`,
      );
    seen.set(n, j);
  });
  for (const n of Object.keys(options.columns ?? {}))
    if (!seen.has(n))
      throw new CsvError(
        { file },
        `a type is given for column "${n}", which the file does not have (${names.join(", ")})`,
      );

  const width = names.length;
  const na = new Set(options.naValues ?? DEFAULT_NA_VALUES);
  const rows = records.slice(dataStart);
  for (const r of rows) {
    if (r.fields.length < width)
      throw new CsvError(
        { file, row: r.row, column: r.fields.length + 1, columnName: names[r.fields.length]! },
        `missing field: the row has ${r.fields.length} fields, expected ${width}`,
      );
    if (r.fields.length > width)
      throw new CsvError(
        { file, row: r.row, column: width + 1 },
        `extra field: the row has ${r.fields.length} fields, expected ${width}`,
      );
  }

  const columns: Record<string, unknown[]> = {};
  const types: Record<string, ColumnType> = {};
  names.forEach((name, j) => {
    const declared = options.columns?.[name];
    const raw = rows.map((r) => r.fields[j]!);
    let type = declared;
    if (type === undefined)
      type = raw.every((s) => na.has(s) || parseNumber(s) !== undefined) ? "number" : "category";
    if (type === "number") {
      columns[name] = raw.map((s, k) => {
        if (na.has(s)) return Number.NaN;
        const v = parseNumber(s);
        if (v === undefined)
          throw new CsvError(
            { file, row: rows[k]!.row, column: j + 1, columnName: name },
            `expected a number, found ${JSON.stringify(s)}`,
          );
        return v;
      });
    } else {
      columns[name] = raw.map((s) => (na.has(s) ? null : s));
    }
    types[name] = type;
  });
  return Table.fromColumns(columns, types);
}
