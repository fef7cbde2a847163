import { readCsv, type Table } from "@tensorkit/data";

/** Palmer penguins as a CSV text and the table read from it. */
export interface PenguinsData {
  /** The CSV text: a header line, then one line per penguin; a missing value is an empty cell. */
  readonly csv: string;
  /** The CSV read by `@tensorkit/data`'s `readCsv`: numbers are float columns (NaN missing), text columns categories (null missing). */
  readonly table: Table;
  readonly description: string;
}

/** The package's column names → palmerpenguins' (the names R and seaborn users know). */
const COLUMNS: readonly (readonly [string, string])[] = [
  ["Species", "species"],
  ["Island", "island"],
  ["Beak Length (mm)", "bill_length_mm"],
  ["Beak Depth (mm)", "bill_depth_mm"],
  ["Flipper Length (mm)", "flipper_length_mm"],
  ["Body Mass (g)", "body_mass_g"],
  ["Sex", "sex"],
];

type Record_ = Readonly<Record<string, string | number | null>>;

async function readPackageJson(): Promise<Record_[]> {
  // The package exports only its URL list; its data files sit beside it in node_modules.
  const [{ createRequire }, { readFile }, { dirname, join }] = await Promise.all([
    import("node:module"),
    import("node:fs/promises"),
    import("node:path"),
  ]);
  const entry = createRequire(import.meta.url).resolve("vega-datasets");
  const file = join(dirname(entry), "..", "data", "penguins.json");
  return JSON.parse(await readFile(file, "utf8")) as Record_[];
}

function cell(v: string | number | null | undefined): string {
  // The one "." in the source's Sex column is a missing value in palmerpenguins' raw data.
  if (v === null || v === undefined || v === ".") return "";
  return String(v);
}

/**
 * The Palmer penguins (Gorman, Williams & Fraser 2014; palmerpenguins by Horst, Hill & Gorman,
 * CC0): 344 penguins of three species (Adelie 152, Gentoo 124, Chinstrap 68) from three islands,
 * with bill length and depth, flipper length, body mass and sex. Mixed numeric and categorical
 * columns with missing values (2 rows have no measurements, 11 no sex), the classic small
 * tabular set for classification (`species`) and regression (`body_mass_g`). Read from the
 * `vega-datasets` npm package (3.2.1, BSD-3-Clause; nothing downloaded). Node only.
 *
 * @example
 * ```ts
 * const { csv, table } = await penguins();
 * table.columns;            // ["species", "island", "bill_length_mm", …, "sex"]
 * writeFileSync("penguins.csv", csv); // then: tensorkit train penguins.csv --target species
 * ```
 */
export async function penguins(): Promise<PenguinsData> {
  const records = await readPackageJson();
  const lines = [COLUMNS.map(([, name]) => name).join(",")];
  for (const r of records) lines.push(COLUMNS.map(([source]) => cell(r[source])).join(","));
  const csv = `${lines.join("\n")}\n`;
  return {
    csv,
    table: readCsv(csv),
    description:
      `Palmer penguins: ${records.length} penguins, 3 species, 4 measurements, island and sex, with missing values. ` +
      "Gorman, Williams & Fraser (2014), palmerpenguins (CC0), via the vega-datasets npm package (BSD-3-Clause).",
  };
}
