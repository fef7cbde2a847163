import { DTypeError } from "./errors.js";

/** The element types a tensor can have. `float64` exists where a backend supports it. */
export type DType = "float32" | "int32" | "bool" | "float64";

/** All dtypes, in promotion order (a later one holds every value of an earlier one). */
export const DTYPES: readonly DType[] = ["bool", "int32", "float32", "float64"];

/** The typed array that holds each dtype on the host. Bools are bytes holding 0 or 1. */
export interface DTypeArrayMap {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
  float64: Float64Array;
}

/** Any typed array that can hold tensor data. */
export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array;

/** Bytes one element takes. */
export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case "float32":
    case "int32":
      return 4;
    case "bool":
      return 1;
    case "float64":
      return 8;
  }
}

/** A new zero-filled host array for `size` elements of `dtype`. */
export function allocHostArray<D extends DType>(dtype: D, size: number): DTypeArrayMap[D] {
  switch (dtype) {
    case "float32":
      return new Float32Array(size) as DTypeArrayMap[D];
    case "int32":
      return new Int32Array(size) as DTypeArrayMap[D];
    case "bool":
      return new Uint8Array(size) as DTypeArrayMap[D];
    case "float64":
      return new Float64Array(size) as DTypeArrayMap[D];
    default:
      throw new DTypeError(`unknown dtype '${String(dtype)}': expected one of ${DTYPES.join(", ")}`);
  }
}

/** The dtype a typed array naturally holds (`Uint8Array` → bool). */
export function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return "float32";
  if (values instanceof Int32Array) return "int32";
  if (values instanceof Uint8Array) return "bool";
  if (values instanceof Float64Array) return "float64";
  throw new DTypeError(`unsupported typed array ${(values as object).constructor.name}`);
}

export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

export function assertDType(value: unknown, op: string): asserts value is DType {
  if (!DTYPES.includes(value as DType)) {
    throw new DTypeError(`${op}: unknown dtype '${String(value)}': expected one of ${DTYPES.join(", ")}`);
  }
}

/** The smallest dtype that holds values of both (NumPy / PyTorch type promotion between tensors). */
export function promoteTypes(a: DType, b: DType): DType {
  return DTYPES.indexOf(a) >= DTYPES.indexOf(b) ? a : b;
}

/**
 * The result dtype of a tensor combined with a plain JS number, as PyTorch does it: a number
 * does not widen a tensor of its own kind (float32 + 0.5 stays float32, int32 + 2 stays int32),
 * but a fractional number turns an integer or bool tensor into float32, and an integer number
 * turns a bool tensor into int32.
 */
export function promoteWithScalar(dtype: DType, value: number | boolean): DType {
  if (typeof value === "boolean") return dtype;
  if (isFloat(dtype)) return dtype;
  if (!Number.isInteger(value)) return "float32";
  return dtype === "bool" ? "int32" : dtype;
}

/** The float dtype a float-only op (exp, log, div, mean, …) computes in for an input dtype. */
export function floatDTypeFor(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}
