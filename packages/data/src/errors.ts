import { TensorkitError } from "@tensorkit/tensor";

/** Where in a file a parse error happened: the file (or `"<string>"`), the 1-based row and column. */
export interface FileLocation {
  /** The path or name given to the reader, or `"<string>"` for text passed directly. */
  readonly file: string;
  /** 1-based record number in the file; the header, when there is one, is row 1. */
  readonly row?: number;
  /** 1-based column number. */
  readonly column?: number;
  /** The column's header name, when the file has one. */
  readonly columnName?: string;
}

function where(loc: FileLocation): string {
  let s = loc.file;
  if (loc.row !== undefined) s += `: row ${loc.row}`;
  if (loc.column !== undefined)
    s += `, column ${loc.column}${loc.columnName === undefined ? "" : ` ("${loc.columnName}")`}`;
  return s;
}

/**
 * A CSV text that cannot be read as a table: empty, ragged, an unparsable number in a numeric
 * column, a broken quote. The message and the fields name the file, row and column.
 *
 * @example
 * ```ts
 * try { readCsv("a,b\n1\n"); } catch (e) {
 *   if (e instanceof CsvError) console.log(e.file, e.row, e.column); // "<string>" 2 2
 * }
 * ```
 */
export class CsvError extends TensorkitError {
  override name = "CsvError";
  readonly file: string;
  readonly row: number | undefined;
  readonly column: number | undefined;
  readonly columnName: string | undefined;
  constructor(loc: FileLocation, problem: string) {
    super(`${where(loc)}: ${problem}`);
    this.file = loc.file;
    this.row = loc.row;
    this.column = loc.column;
    this.columnName = loc.columnName;
  }
}

/**
 * JSON that is not a list of records (or has a value that does not fit its column). `row` is the
 * 1-based record number, `columnName` the key.
 *
 * @example
 * ```ts
 * readJson("{ not json", { fileName: "rows.json" }); // throws JsonError: rows.json: …
 * ```
 */
export class JsonError extends TensorkitError {
  override name = "JsonError";
  readonly file: string;
  readonly row: number | undefined;
  readonly columnName: string | undefined;
  constructor(loc: FileLocation, problem: string) {
    super(`${where(loc)}: ${problem}`);
    this.file = loc.file;
    this.row = loc.row;
    this.columnName = loc.columnName;
  }
}

/**
 * A transformer used before `fit` (scikit-learn's `NotFittedError`).
 *
 * @example
 * ```ts
 * new StandardScaler().transform([[1]]); // throws NotFittedError
 * ```
 */
export class NotFittedError extends TensorkitError {
  override name = "NotFittedError";
}
