// @tensorkit/data/node: file loaders for Node. A separate entry, so the main one never imports
// node:fs and bundles for the browser as is.
import { readFile } from "node:fs/promises";
import { type ReadCsvOptions, readCsv } from "./csv.js";
import { CsvError, JsonError } from "./errors.js";
import { type FromJsonOptions, readJson } from "./json.js";
import type { Table } from "./table.js";

async function load(path: string, fail: (message: string) => Error): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw fail(`cannot read the file: ${(e as Error).message}`);
  }
}

/**
 * Reads a CSV file into a {@link Table}; errors name `path`. Options as {@link readCsv}.
 *
 * @example
 * ```ts
 * import { readCsvFile } from "@tensorkit/data/node";
 * const titanic = await readCsvFile("data/titanic.csv", { columns: { Pclass: "category" } });
 * ```
 */
export async function readCsvFile(
  path: string,
  options: Omit<ReadCsvOptions, "fileName"> = {},
): Promise<Table> {
  const text = await load(path, (m) => new CsvError({ file: path }, m));
  return readCsv(text, { ...options, fileName: path });
}

/**
 * Reads a JSON file of records into a {@link Table}; errors name `path`. Options as {@link readJson}.
 *
 * @example
 * ```ts
 * import { readJsonFile } from "@tensorkit/data/node";
 * const t = await readJsonFile("data/rows.json");
 * ```
 */
export async function readJsonFile(
  path: string,
  options: Omit<FromJsonOptions, "fileName"> = {},
): Promise<Table> {
  const text = await load(path, (m) => new JsonError({ file: path }, m));
  return readJson(text, { ...options, fileName: path });
}
