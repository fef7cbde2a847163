import { formatShape, ShapeError, Tensor, ValueError } from "@tensorkit/tensor";

/**
 * What every metric accepts: a tensor (any dtype, read back to the host), a typed array, or
 * plain arrays of numbers (1-D) or of rows (2-D).
 */
export type ArrayInput = Tensor | ArrayLike<number> | readonly ArrayLike<number>[];

/** Values read back to the host in float64, row-major, with their shape (1-D or 2-D). */
export interface HostArray {
  readonly data: Float64Array;
  readonly shape: readonly number[];
  /** The dtype the values came in: `float32` decides log-loss clipping, as a float32 array does in NumPy. */
  readonly dtype: "float32" | "float64" | "int32" | "bool";
}

/** Reads `x` to the host in float64; `name` and `op` only make error messages precise. */
export function toHost(x: ArrayInput, name: string, op: string): HostArray {
  if (x instanceof Tensor) {
    if (x.rank > 2) {
      throw new ShapeError(`${op}: ${name} must be 1-D or 2-D, got shape ${formatShape(x.shape)}`);
    }
    const raw = x.dataSync();
    const data = raw instanceof Float64Array ? raw.slice() : Float64Array.from(raw);
    const shape = x.rank === 0 ? [1] : [...x.shape];
    return { data, shape, dtype: x.dtype };
  }
  if (ArrayBuffer.isView(x)) {
    const dtype = x instanceof Float32Array ? "float32" : x instanceof Int32Array ? "int32" : "float64";
    return { data: Float64Array.from(x as ArrayLike<number>), shape: [x.length], dtype };
  }
  const rows = x as ArrayLike<number | ArrayLike<number>>;
  const n = rows.length;
  if (n > 0 && typeof rows[0] === "object") {
    const k = (rows[0] as ArrayLike<number>).length;
    const data = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (row === null || typeof row !== "object" || row.length !== k) {
        const got = row !== null && typeof row === "object" ? `${row.length} values` : typeof row;
        throw new ShapeError(`${op}: ${name} is ragged: row 0 has ${k} values, row ${i} has ${got}`);
      }
      for (let j = 0; j < k; j++) data[i * k + j] = Number(row[j]);
    }
    return { data, shape: [n, k], dtype: "float64" };
  }
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = rows[i];
    if (typeof v !== "number" && typeof v !== "boolean") {
      throw new ValueError(`${op}: ${name}[${i}] is ${typeof v}, expected a number`);
    }
    data[i] = Number(v);
  }
  return { data, shape: [n], dtype: "float64" };
}

/** The number of samples (rows) of a host array. */
export function samples(a: HostArray): number {
  return a.shape[0]!;
}

/** Throws a ShapeError naming both lengths when two inputs do not hold the same number of samples. */
export function checkSameLength(a: HostArray, aName: string, b: HostArray, bName: string, op: string): void {
  if (samples(a) !== samples(b)) {
    throw new ShapeError(
      `${op}: ${aName} and ${bName} have different lengths: ${aName} has ${samples(a)} samples ` +
        `(shape ${formatShape(a.shape)}), ${bName} has ${samples(b)} (shape ${formatShape(b.shape)})`,
    );
  }
}

/** Throws a ValueError when there is nothing to score (scikit-learn refuses empty inputs too). */
export function checkNotEmpty(a: HostArray, name: string, op: string): void {
  if (samples(a) === 0) {
    throw new ValueError(`${op}: ${name} is empty; at least one sample is needed`);
  }
}

/** Throws a ValueError at the first NaN or ±Infinity. */
export function checkFinite(a: HostArray, name: string, op: string): void {
  for (let i = 0; i < a.data.length; i++) {
    if (!Number.isFinite(a.data[i]!)) {
      throw new ValueError(`${op}: ${name} holds ${a.data[i]} at flat index ${i}; values must be finite`);
    }
  }
}

/**
 * Class labels from labels or scores: a 1-D array (or `[n, 1]`) is taken as labels, which must be
 * integers; an `[n, k]` array with k > 1 is taken as scores (probabilities, logits or one-hot
 * rows) and each row gives the index of its largest value (the first one on ties, as `argmax`).
 */
export function toLabels(x: ArrayInput, name: string, op: string): Float64Array {
  const a = toHost(x, name, op);
  if (a.shape.length === 2 && a.shape[1]! > 1) {
    const [n, k] = a.shape as [number, number];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (a.data[i * k + j]! > a.data[i * k + best]!) best = j;
      out[i] = best;
    }
    return out;
  }
  for (let i = 0; i < a.data.length; i++) {
    const v = a.data[i]!;
    if (!Number.isInteger(v)) {
      throw new ValueError(
        `${op}: ${name} holds ${v} at index ${i}, which is not a class label; pass integer labels, ` +
          "or [n, k] scores whose argmax is taken",
      );
    }
  }
  return a.data;
}

/** Labels of two inputs, checked for equal, non-zero length. */
export function labelPair(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  op: string,
): { yTrue: Float64Array; yPred: Float64Array } {
  const t = toLabels(yTrue, "yTrue", op);
  const p = toLabels(yPred, "yPred", op);
  if (t.length !== p.length) {
    throw new ShapeError(
      `${op}: yTrue and yPred have different lengths: yTrue has ${t.length} samples, yPred has ${p.length}`,
    );
  }
  if (t.length === 0) throw new ValueError(`${op}: yTrue and yPred are empty; at least one sample is needed`);
  return { yTrue: t, yPred: p };
}

/** Sorted distinct values. */
export function uniqueSorted(...arrays: ArrayLike<number>[]): number[] {
  const set = new Set<number>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) set.add(a[i]!);
  return [...set].sort((x, y) => x - y);
}
