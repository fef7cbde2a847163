import type { Table } from "@tensorkit/data";
import { reshape, type Tensor, tensor } from "@tensorkit/tensor";
import { isDatasetName, loadDataset } from "./data.js";
import { CliError } from "./errors.js";
import type { CliModel } from "./model-file.js";
import { textColumn } from "./text-data.js";

/** `x` with each sample reshaped to the model's input shape, or a one-line error when the sizes differ. */
export function toModelInput(x: Tensor, m: CliModel, what: string): Tensor {
  const want = m.info.inputShape;
  const size = want.reduce((a, b) => a * b, 1);
  const got = x.shape.slice(1).reduce((a, b) => a * b, 1);
  if (got !== size)
    throw new CliError(
      `${what} has samples of shape [${x.shape.slice(1).join(",")}], but ${m.path} expects [${want.join(",")}] (${size} values per sample)`,
    );
  return reshape(x, [x.shape[0]!, ...want]);
}

/** The feature matrix of a table for a model: its preprocessing for a CSV-trained model, the feature columns otherwise. */
export function tableFeatures(table: Table, m: CliModel, path: string, exclude?: string): Tensor {
  const { features } = m.preprocessors;
  if (m.info.text && m.preprocessors.text) {
    const column = m.info.text.column;
    if (!table.has(column))
      throw new CliError(`${path}: no text column "${column}", which ${m.path} was trained on`);
    return m.preprocessors.text.transform(textColumn(table, column));
  }
  if (m.info.source.kind === "csv") {
    const missing = m.info.featureColumns.filter((c) => !table.has(c));
    if (missing.length > 0)
      throw new CliError(
        `${path}: no column ${missing.map((c) => `"${c}"`).join(", ")}, which ${m.path} was trained on (it expects ${m.info.featureColumns.map((c) => `"${c}"`).join(", ")})`,
      );
    return features!.transform(table) as Tensor;
  }
  // A model trained on a built-in data set: its feature columns by name, else every numeric column in order.
  const named = m.info.featureColumns.length > 0 && m.info.featureColumns.every((c) => table.has(c));
  const numeric = table.columns.filter((c) => c !== exclude && table.columnType(c) === "number");
  const columns = named ? [...m.info.featureColumns] : numeric;
  const raw = table.toTensor(columns);
  if (!features) return raw;
  const size = m.info.inputShape.reduce((a, b) => a * b, 1);
  if (raw.shape[1] !== size) {
    raw.dispose();
    throw new CliError(
      `${path}: ${columns.length} numeric columns, but ${m.path} (trained on ${describeSource(m)}) expects ${size}` +
        (m.info.featureColumns.length ? `: ${m.info.featureColumns.map((c) => `"${c}"`).join(", ")}` : ""),
    );
  }
  const out = features.transform(raw) as Tensor;
  raw.dispose();
  return out;
}

export function describeSource(m: CliModel): string {
  return m.info.source.kind === "dataset" ? `the ${m.info.source.name} data set` : m.info.source.file;
}

/** Inputs and targets of a built-in data set for a model (MNIST: its test split; others: every sample). */
export async function datasetForModel(
  name: string,
  m: CliModel,
  seed: number,
): Promise<{ x: Tensor; y: Tensor; description: string }> {
  if (!isDatasetName(name)) throw new CliError(`unknown data set "${name}"`);
  const bundle = await loadDataset(name, seed, "test");
  let x = bundle.x;
  const n = x.shape[0]!;
  if (m.preprocessors.features) {
    if (x.rank !== 2 || x.shape[1] !== m.info.inputShape.reduce((a, b) => a * b, 1))
      throw new CliError(
        `the ${name} data set has samples of shape [${x.shape.slice(1).join(",")}], but ${m.path} expects [${m.info.inputShape.join(",")}]`,
      );
    x = m.preprocessors.features.transform(x) as Tensor;
    bundle.x.dispose();
  }
  const input = toModelInput(x, m, `the ${name} data set`);
  x.dispose();
  let y = bundle.y;
  if (m.info.task === "regression" && y.rank === 1) {
    y = reshape(bundle.y, [n, 1]);
    bundle.y.dispose();
  }
  return {
    x: input,
    y,
    description:
      name === "mnist" ? `${n} digits (the fixed MNIST test split)` : `all ${n} samples of ${name}`,
  };
}

/** The column holding the targets: the one the model was trained on (CSV), else `--target`, else the last column. */
export function targetColumn(table: Table, m: CliModel, given: string | undefined): string {
  return m.info.target ?? given ?? table.columns.at(-1)!;
}

/** Targets of a table for a model: class indices (matched by the label's text) or values. */
export function tableTargets(table: Table, m: CliModel, path: string, target: string): Tensor {
  if (!table.has(target))
    throw new CliError(
      `${path}: no column "${target}" to evaluate against (the columns are ${table.columns.map((c) => `"${c}"`).join(", ")})`,
    );
  if (m.info.task === "classification") {
    const values = table.column(target) as (string | number | null)[];
    if (values.some((v) => v === null || (typeof v === "number" && Number.isNaN(v))))
      throw new CliError(
        `${path}: column "${target}" has missing values; every row needs a label to evaluate`,
      );
    // By the label's text: a CSV may read "1" as a number where training read a category.
    const names = (m.preprocessors.targetEncoder?.classes ?? m.classNames).map(String);
    const byText = new Map(names.map((c, i) => [c, i]));
    const codes = values.map((v) => {
      const code = byText.get(String(v));
      if (code !== undefined) return code;
      // A data set's labels may also be written as class indices.
      if (
        !m.preprocessors.targetEncoder &&
        Number.isInteger(v) &&
        (v as number) >= 0 &&
        (v as number) < names.length
      )
        return v as number;
      return undefined;
    });
    const unknown = [...new Set(values.filter((_, i) => codes[i] === undefined).map(String))];
    if (unknown.length > 0)
      throw new CliError(
        `${path}: column "${target}" has labels the model does not know: ${unknown
          .slice(0, 5)
          .map((v) => `"${v}"`)
          .join(", ")} (its classes are ${names.map((c) => `"${c}"`).join(", ")})`,
      );
    return tensor(Int32Array.from(codes as number[]));
  }
  if (table.columnType(target) !== "number") throw new CliError(`${path}: column "${target}" is not numeric`);
  return table.toTensor([target]);
}
