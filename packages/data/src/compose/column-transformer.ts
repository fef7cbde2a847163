import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { NotFittedError } from "../errors.js";
import { isTensor } from "../matrix.js";
import { defaultNames, type Transformer } from "../preprocessing/base.js";
import { readJSON, type TransformerJSON } from "../serialize.js";
import type { Table } from "../table.js";
import { transformerFromJSON } from "./from-json.js";

/** One entry of a {@link ColumnTransformer}: a name, a transformer (or `"drop"`/`"passthrough"`) and the columns it takes. */
export type ColumnSpec = readonly [
  name: string,
  transformer: Transformer | "drop" | "passthrough",
  columns: readonly string[],
];

/** Options of {@link ColumnTransformer}. */
export interface ColumnTransformerOptions {
  /** Columns no entry names: `"drop"` (default) or `"passthrough"` (numeric columns appended last, in table order). */
  readonly remainder?: "drop" | "passthrough";
  /** Prefix output names with the entry's name (`num__age`), as scikit-learn. Default true. */
  readonly verboseFeatureNamesOut?: boolean;
}

function toNumbers(out: unknown, name: string, rows: number): number[][] {
  let m: unknown;
  if (isTensor(out)) {
    m = out.toArray();
    out.dispose(); // the transformer made it for us
  } else m = out;
  if (!Array.isArray(m) || m.length !== rows)
    throw new ValueError(
      `ColumnTransformer: transformer "${name}" did not return one row per input row (${rows})`,
    );
  (m as unknown[][]).forEach((row, i) => {
    const j = row.findIndex((v) => typeof v !== "number");
    if (j >= 0)
      throw new ValueError(
        `ColumnTransformer: the output of "${name}" is not numeric (row ${i}, column ${j} is ${JSON.stringify(row[j])}); add an encoder`,
      );
  });
  return m as number[][];
}

/**
 * Applies a transformer to each group of a {@link Table}'s columns and joins the results side by
 * side into one float32 feature tensor, as scikit-learn's `ColumnTransformer`. Each
 * transformer receives the rows of its columns (`table.toRows(columns)`).
 *
 * @example
 * ```ts
 * const ct = new ColumnTransformer([
 *   ["num", new StandardScaler(), ["age", "fare"]],
 *   ["cat", new OneHotEncoder({ handleUnknown: "ignore" }), ["sex", "embarked"]],
 * ]);
 * const x = ct.fitTransform(train);      // Tensor [n, 2 + categories]
 * ct.getFeatureNamesOut();               // ["num__age", "num__fare", "cat__sex_female", …]
 * ```
 */
export class ColumnTransformer implements Transformer {
  readonly type = "ColumnTransformer";
  readonly transformers: readonly ColumnSpec[];
  readonly remainder: "drop" | "passthrough";
  readonly verboseFeatureNamesOut: boolean;
  #inputColumns: string[] | undefined;
  #remainderColumns: string[] | undefined;

  constructor(transformers: readonly ColumnSpec[], options: ColumnTransformerOptions = {}) {
    const names = new Set<string>();
    for (const [name, t, cols] of transformers) {
      if (names.has(name)) throw new ValueError(`ColumnTransformer: two entries are named "${name}"`);
      if (name === "remainder")
        throw new ValueError('ColumnTransformer: "remainder" is reserved for the remainder');
      names.add(name);
      if (
        t !== "drop" &&
        t !== "passthrough" &&
        (typeof t !== "object" || typeof t.fitTransform !== "function")
      )
        throw new ValueError(
          `ColumnTransformer: entry "${name}" is not a transformer, "drop" or "passthrough"`,
        );
      if (!Array.isArray(cols))
        throw new ValueError(`ColumnTransformer: entry "${name}" needs a list of column names`);
    }
    this.transformers = transformers;
    this.remainder = options.remainder ?? "drop";
    this.verboseFeatureNamesOut = options.verboseFeatureNamesOut ?? true;
  }

  #checkTable(table: Table, op: string): void {
    if (typeof table !== "object" || table === null || !("toRows" in table))
      throw new ValueError(`ColumnTransformer.${op}: expected a Table`);
    for (const [name, , cols] of this.transformers)
      for (const c of cols)
        if (!table.has(c))
          throw new ValueError(
            `ColumnTransformer.${op}: entry "${name}" names column "${c}", which the table does not have`,
          );
  }

  #run(table: Table, fit: boolean): Tensor {
    const op = fit ? "fitTransform" : "transform";
    this.#checkTable(table, op);
    if (fit) {
      const used = new Set(this.transformers.flatMap(([, , cols]) => cols));
      this.#inputColumns = [...table.columns];
      this.#remainderColumns =
        this.remainder === "passthrough" ? table.columns.filter((c) => !used.has(c)) : [];
    } else if (this.#inputColumns === undefined) {
      throw new NotFittedError(
        "ColumnTransformer.transform: this ColumnTransformer is not fitted yet; call fit(table) first",
      );
    }
    const blocks: number[][][] = [];
    for (const [name, t, cols] of this.transformers) {
      if (t === "drop") continue;
      if (t === "passthrough") blocks.push(this.#numeric(table, cols, name));
      else {
        const rows = table.toRows(cols);
        blocks.push(toNumbers(fit ? t.fitTransform(rows) : t.transform(rows), name, table.numRows));
      }
    }
    const rest = this.#remainderColumns!;
    for (const c of rest)
      if (!table.has(c))
        throw new ValueError(
          `ColumnTransformer.${op}: the remainder column "${c}" is missing from the table`,
        );
    if (rest.length > 0) blocks.push(this.#numeric(table, rest, "remainder"));
    const width = blocks.reduce((w, b) => w + (b[0]?.length ?? 0), 0);
    const flat = new Float32Array(table.numRows * width);
    for (let i = 0; i < table.numRows; i++) {
      let k = i * width;
      for (const b of blocks) for (const v of b[i]!) flat[k++] = v;
    }
    return tensor(flat, { shape: [table.numRows, width] });
  }

  #numeric(table: Table, cols: readonly string[], name: string): number[][] {
    for (const c of cols)
      if (table.columnType(c) !== "number")
        throw new ValueError(
          `ColumnTransformer: "${name}" passes column "${c}" through, but it is categorical; encode it (OneHotEncoder, OrdinalEncoder)`,
        );
    return table.toRows(cols) as number[][];
  }

  /** Fits every transformer on its columns. @example `ct.fit(train)` */
  fit(table: Table): this {
    this.#run(table, true).dispose();
    return this;
  }

  /** The feature tensor `[numRows, features]` (float32) of `table`. @example `const x = ct.transform(test)` */
  transform(table: Table): Tensor {
    return this.#run(table, false);
  }

  /** `fit(table)` and the features of `table`. @example `const x = ct.fitTransform(train)` */
  fitTransform(table: Table): Tensor {
    return this.#run(table, true);
  }

  /** Names of the output columns (`entry__feature`, as scikit-learn). @example `ct.getFeatureNamesOut()` */
  getFeatureNamesOut(): string[] {
    if (this.#inputColumns === undefined)
      throw new NotFittedError(
        "ColumnTransformer.getFeatureNamesOut: this ColumnTransformer is not fitted yet",
      );
    const out: string[] = [];
    const prefix = (name: string, f: string) => (this.verboseFeatureNamesOut ? `${name}__${f}` : f);
    for (const [name, t, cols] of this.transformers) {
      if (t === "drop") continue;
      const names = t === "passthrough" ? [...cols] : (t.getFeatureNamesOut?.(cols) ?? defaultNames(0));
      out.push(...names.map((f) => prefix(name, f)));
    }
    out.push(...this.#remainderColumns!.map((c) => prefix("remainder", c)));
    return out;
  }

  /** The transformer and every fitted step as JSON. @example `JSON.stringify(ct)` */
  toJSON(): TransformerJSON {
    return {
      type: this.type,
      version: 1,
      params: {
        transformers: this.transformers.map(([name, t, cols]) => [
          name,
          typeof t === "string" ? t : t.toJSON(),
          [...cols],
        ]),
        remainder: this.remainder,
        verboseFeatureNamesOut: this.verboseFeatureNamesOut,
      },
      state:
        this.#inputColumns === undefined
          ? null
          : { inputColumns: this.#inputColumns, remainderColumns: this.#remainderColumns },
    };
  }

  /** Restores a ColumnTransformer saved with `toJSON`. @example `ColumnTransformer.fromJSON(saved)` */
  static fromJSON(json: unknown): ColumnTransformer {
    const j = readJSON(json, "ColumnTransformer");
    const p = j.params as {
      transformers: [string, unknown, string[]][];
      remainder: "drop" | "passthrough";
      verboseFeatureNamesOut: boolean;
    };
    const ct = new ColumnTransformer(
      p.transformers.map(([name, t, cols]) => [
        name,
        t === "drop" || t === "passthrough" ? t : transformerFromJSON(t),
        cols,
      ]),
      { remainder: p.remainder, verboseFeatureNamesOut: p.verboseFeatureNamesOut },
    );
    if (j.state !== null) {
      ct.#inputColumns = j.state.inputColumns as string[];
      ct.#remainderColumns = j.state.remainderColumns as string[];
    }
    return ct;
  }
}
