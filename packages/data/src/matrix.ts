import { formatShape, ShapeError, type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import type { Value } from "./table.js";

/** A 2-D array of numbers: rows of samples, one value per feature. */
export type Matrix = readonly (readonly number[])[];

/** A 2-D array of cells (numbers, category strings, `null` for missing). */
export type ValueMatrix = readonly (readonly Value[])[];

/** What scalers take: a 2-D float tensor `[samples, features]` or a `number[][]`. */
export type MatrixLike = Tensor | Matrix;

/** A row-major float64 copy of a 2-D input, on the host. */
export interface HostMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Cells of a 2-D input, column by column. */
export interface HostColumns {
  readonly rows: number;
  readonly cols: number;
  readonly columns: Value[][];
}

function isTensorLike(x: unknown): x is Tensor {
  return typeof x === "object" && x !== null && !Array.isArray(x) && "shape" in x && "dataSync" in x;
}

function checkTensor(x: Tensor, op: string): void {
  if (x.rank !== 2)
    throw new ShapeError(
      `${op}: expected a 2-D input [samples, features], got ${formatShape(x.shape)}` +
        (x.rank === 1 ? "; for one feature use x.reshape([-1, 1])" : ""),
    );
}

function checkRows(x: unknown, op: string): asserts x is readonly (readonly unknown[])[] {
  if (!Array.isArray(x)) throw new ValueError(`${op}: expected a 2-D array or a 2-D tensor, got ${typeof x}`);
  const width = x.length > 0 && Array.isArray(x[0]) ? (x[0] as unknown[]).length : 0;
  x.forEach((row, i) => {
    if (!Array.isArray(row))
      throw new ShapeError(
        `${op}: expected a 2-D array, but row ${i} is not an array; for one feature use [[v0], [v1], …]`,
      );
    if (row.length !== width)
      throw new ShapeError(`${op}: ragged input: row ${i} has ${row.length} values, row 0 has ${width}`);
  });
}

/** Reads a 2-D numeric input to the host in float64; `null` cells are rejected. */
export function toHost(x: Tensor | ValueMatrix, op: string): HostMatrix {
  if (isTensorLike(x)) {
    checkTensor(x, op);
    const [rows, cols] = x.shape as [number, number];
    return { rows, cols, data: Float64Array.from(x.dataSync() as ArrayLike<number>) };
  }
  checkRows(x, op);
  const rows = x.length;
  const cols = rows > 0 ? x[0]!.length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = x[i]![j];
      if (typeof v !== "number")
        throw new ValueError(
          `${op}: row ${i}, column ${j} is ${JSON.stringify(v)}, not a number; encode categories and impute missing values first`,
        );
      data[i * cols + j] = v;
    }
  return { rows, cols, data };
}

/** Reads a 2-D input of cells, column by column (NaN and null both mean missing). */
export function toColumns(x: Tensor | ValueMatrix, op: string): HostColumns {
  if (isTensorLike(x)) {
    const m = toHost(x, op);
    const columns = Array.from({ length: m.cols }, (_, j) =>
      Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!),
    );
    return { rows: m.rows, cols: m.cols, columns };
  }
  checkRows(x, op);
  const rows = x.length;
  const cols = rows > 0 ? x[0]!.length : 0;
  const columns: Value[][] = Array.from({ length: cols }, () => new Array<Value>(rows));
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = x[i]![j];
      if (v === undefined || v === null) columns[j]![i] = null;
      else if (typeof v === "number" || typeof v === "string") columns[j]![i] = v;
      else
        throw new ValueError(
          `${op}: row ${i}, column ${j} is a ${typeof v}; cells are numbers, strings or null`,
        );
    }
  return { rows, cols, columns };
}

/** `number[][]` from row-major data. */
export function toRowsArray(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]!));
}

/**
 * The output in the input's kind: a tensor for a tensor input (float64 stays float64, everything
 * else becomes float32), else `number[][]`.
 */
export function likeInput(
  input: unknown,
  data: Float64Array,
  rows: number,
  cols: number,
): Tensor | number[][] {
  if (isTensorLike(input))
    return tensor(input.dtype === "float64" ? data : Float32Array.from(data), { shape: [rows, cols] });
  return toRowsArray(data, rows, cols);
}

/** True for a tensor. */
export function isTensor(x: unknown): x is Tensor {
  return isTensorLike(x);
}

/** Throws on ±Infinity, which no statistic survives (scikit-learn refuses them too). */
export function rejectInfinite(m: HostMatrix, op: string): void {
  for (let k = 0; k < m.data.length; k++)
    if (m.data[k] === Number.POSITIVE_INFINITY || m.data[k] === Number.NEGATIVE_INFINITY)
      throw new ValueError(
        `${op}: row ${Math.floor(k / m.cols)}, column ${k % m.cols} is ${m.data[k]}; infinite values are not allowed (NaN marks a missing value)`,
      );
}
