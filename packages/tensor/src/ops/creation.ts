import { assertDType, type DType, dtypeOfArray, type TypedArray } from "../core/dtype.js";
import { ShapeError, ValueError } from "../core/errors.js";
import { formatShape, type Shape, sizeOf, validateShape } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { checkDTypeSupported, creationBackend, upload, wrap } from "./dispatch.js";

/** Nested arrays of numbers or booleans, as `tensor()` accepts them. */
export type NestedInput = number | boolean | readonly NestedInput[];

/** Options of {@link tensor} when given a flat typed array or a flat list. */
export interface TensorOptions {
  readonly dtype?: DType;
  readonly shape?: Shape;
}

/**
 * A tensor from nested arrays, a typed array or a scalar, on the active backend.
 * Numbers become float32 (JS cannot tell `1.0` from `1`), booleans bool, and a typed array keeps
 * its own dtype, unless `dtype` says otherwise.
 *
 * @example
 * ```ts
 * const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);     // float32 [4,2]
 * const y = tensor(new Int32Array([1, 2, 3, 4]), { shape: [2, 2] });
 * const m = tensor([true, false]);                         // bool [2]
 * ```
 */
export function tensor(values: NestedInput | TypedArray, dtypeOrOptions?: DType | TensorOptions): Tensor {
  const options: TensorOptions =
    typeof dtypeOrOptions === "string" ? { dtype: dtypeOrOptions } : (dtypeOrOptions ?? {});
  if (options.dtype !== undefined) assertDType(options.dtype, "tensor");
  let flat: ArrayLike<number>;
  let shape: number[];
  let inferred: DType;
  if (ArrayBuffer.isView(values)) {
    flat = values as TypedArray;
    inferred = dtypeOfArray(values as TypedArray);
    shape = [flat.length];
  } else {
    const parsed = flattenNested(values, "tensor");
    flat = parsed.values;
    shape = parsed.shape;
    inferred = parsed.isBool ? "bool" : "float32";
  }
  if (options.shape !== undefined) {
    validateShape(options.shape, "tensor");
    if (sizeOf(options.shape) !== flat.length) {
      throw new ShapeError(
        `tensor: ${flat.length} values do not fill shape ${formatShape(options.shape)} (${sizeOf(options.shape)} elements)`,
      );
    }
    shape = [...options.shape];
  }
  const dtype = options.dtype ?? inferred;
  return upload(creationBackend(), coerce(flat, dtype), shape, dtype, "tensor");
}

/**
 * A 0-d tensor holding one value.
 *
 * @example
 * ```ts
 * scalar(3).item(); // 3
 * ```
 */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, dtype === undefined ? {} : { dtype });
}

/**
 * A tensor of `shape` with every element `value`.
 *
 * @example
 * ```ts
 * full([2, 2], 7, "int32");
 * ```
 */
export function full(shape: Shape, value: number | boolean, dtype?: DType): Tensor {
  return fullOn(
    creationBackend(),
    shape,
    value,
    dtype ?? (typeof value === "boolean" ? "bool" : "float32"),
    "full",
  );
}

/** Zeros of `shape` (float32 unless `dtype`). @example `zeros([2, 3])` */
export function zeros(shape: Shape, dtype: DType = "float32"): Tensor {
  return fullOn(creationBackend(), shape, 0, dtype, "zeros");
}

/** Ones of `shape` (float32 unless `dtype`). @example `ones([2, 3])` */
export function ones(shape: Shape, dtype: DType = "float32"): Tensor {
  return fullOn(creationBackend(), shape, 1, dtype, "ones");
}

/** Zeros with `like`'s shape, dtype (unless given) and backend. @example `zerosLike(x)` */
export function zerosLike(like: Tensor, dtype?: DType): Tensor {
  return fullOn(like.backend, like.shape, 0, dtype ?? like.dtype, "zerosLike");
}

/** Ones with `like`'s shape, dtype (unless given) and backend. @example `onesLike(x)` */
export function onesLike(like: Tensor, dtype?: DType): Tensor {
  return fullOn(like.backend, like.shape, 1, dtype ?? like.dtype, "onesLike");
}

/** `value` everywhere, with `like`'s shape, dtype (unless given) and backend. @example `fullLike(x, 0.5)` */
export function fullLike(like: Tensor, value: number | boolean, dtype?: DType): Tensor {
  return fullOn(like.backend, like.shape, value, dtype ?? like.dtype, "fullLike");
}

/**
 * Evenly spaced values in [start, end) with `step`, as `torch.arange`: int32 when start, end and
 * step are all integers, float32 otherwise.
 *
 * @example
 * ```ts
 * arange(5);          // [0, 1, 2, 3, 4] int32
 * arange(0, 1, 0.25); // [0, 0.25, 0.5, 0.75] float32
 * ```
 */
export function arange(startOrEnd: number, end?: number, step = 1, dtype?: DType): Tensor {
  const start = end === undefined ? 0 : startOrEnd;
  const stop = end === undefined ? startOrEnd : end;
  for (const [name, v] of [
    ["start", start],
    ["end", stop],
    ["step", step],
  ] as const) {
    if (!Number.isFinite(v)) throw new ValueError(`arange: ${name} must be finite, got ${v}`);
  }
  if (step === 0) throw new ValueError("arange: step must be nonzero");
  if ((stop - start) / step < 0) {
    throw new ValueError(`arange: step ${step} moves away from end (start ${start}, end ${stop})`);
  }
  const n = Math.ceil((stop - start) / step);
  validateShape([n], "arange");
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  const resolved = dtype ?? ([start, stop, step].every(Number.isInteger) ? "int32" : "float32");
  return upload(creationBackend(), out, [n], resolved, "arange");
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included.
 *
 * @example
 * ```ts
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, end: number, steps: number, dtype: DType = "float32"): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    throw new ValueError(`linspace: steps must be an integer ≥ 0, got ${steps}`);
  validateShape([steps], "linspace");
  const out = new Float64Array(steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends, as PyTorch does, so that the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++)
    out[i] = i < half || steps === 1 ? start + delta * i : end - delta * (steps - 1 - i);
  return upload(creationBackend(), out, [steps], dtype, "linspace");
}

/**
 * An `n`×`m` matrix with ones on the diagonal.
 *
 * @example
 * ```ts
 * eye(3);
 * ```
 */
export function eye(n: number, m = n, dtype: DType = "float32"): Tensor {
  validateShape([n, m], "eye");
  const out = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = 1;
  return upload(creationBackend(), out, [n, m], dtype, "eye");
}

/** @internal A constant tensor on a given backend. */
export function fullOn(
  backend: import("../backend/contract.js").Backend,
  shape: Shape,
  value: number | boolean,
  dtype: DType,
  op: string,
): Tensor {
  validateShape(shape, op);
  assertDType(dtype, op);
  checkDTypeSupported(backend, dtype, op);
  const v = coerceOne(typeof value === "boolean" ? Number(value) : value, dtype);
  return wrap(backend, backend.kernels.fill(sizeOf(shape), v, dtype), [...shape], dtype);
}

/** Converts a JS number to what `dtype` stores: int32 truncates, bool is `v != 0`. */
export function coerceOne(v: number, dtype: DType): number {
  if (dtype === "bool") return v !== 0 ? 1 : 0;
  if (dtype === "int32") {
    if (Number.isNaN(v)) return 0;
    return Math.max(-2147483648, Math.min(2147483647, Math.trunc(v)));
  }
  return v;
}

function coerce(values: ArrayLike<number>, dtype: DType): ArrayLike<number> {
  if (dtype !== "int32") return values;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = coerceOne(values[i]!, "int32");
  return out;
}

/** Flattens nested arrays, checking that they are rectangular and hold one kind of value. */
function flattenNested(
  values: NestedInput,
  op: string,
): { values: number[]; shape: number[]; isBool: boolean } {
  const shape: number[] = [];
  let probe: NestedInput = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0] as NestedInput;
  }
  const isBool = typeof probe === "boolean";
  const out: number[] = [];
  const walk = (v: NestedInput, axis: number, path: number[]): void => {
    if (axis === shape.length) {
      if (Array.isArray(v))
        throw new ShapeError(
          `${op}: ragged nested array: element at [${path.join(",")}] is an array, expected a ${isBool ? "boolean" : "number"} (shape so far ${formatShape(shape)})`,
        );
      if (typeof v === "boolean") {
        if (!isBool)
          throw new ValueError(
            `${op}: mixed booleans and numbers: element at [${path.join(",")}] is a boolean`,
          );
        out.push(v ? 1 : 0);
      } else if (typeof v === "number") {
        if (isBool)
          throw new ValueError(
            `${op}: mixed booleans and numbers: element at [${path.join(",")}] is a number`,
          );
        out.push(v);
      } else {
        throw new ValueError(
          `${op}: element at [${path.join(",")}] is ${v === null ? "null" : typeof v}, expected a number or boolean`,
        );
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) {
      const found = Array.isArray(v) ? `length ${v.length}` : typeof v;
      throw new ShapeError(
        `${op}: ragged nested array: element at [${path.join(",")}] has ${found}, expected length ${shape[axis]} (shape ${formatShape(shape)})`,
      );
    }
    for (let i = 0; i < v.length; i++) walk(v[i] as NestedInput, axis + 1, [...path, i]);
  };
  walk(values, 0, []);
  validateShape(shape, op);
  return { values: out, shape, isBool };
}
