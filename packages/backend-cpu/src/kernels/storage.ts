import type { DType, TypedArray } from "@tensorkit/tensor";
import { alloc, dtypeOf } from "../alloc.js";
import { cast } from "./cast.js";

// Storage kernels. The CPU backend's storage handle is a typed array of the dtype's host type
// (Float32Array, Int32Array, Uint8Array for bool, Float64Array), so reading and writing are copies.

/** Copies host values into a new storage; values of another array type are converted as `cast` does. */
export function write(values: TypedArray, dtype: DType): TypedArray {
  if (dtypeOf(values) === dtype) return values.slice();
  return convert(values, values.length, dtype);
}

/** Copies the first `size` elements of a storage into a new host array of `dtype`'s type. */
export function read(storage: TypedArray, dtype: DType, size: number): TypedArray {
  if (dtypeOf(storage) === dtype) return storage.slice(0, size);
  return convert(storage, size, dtype);
}

/** The data is on the host already: resolves with {@link read}. */
export function readAsync(storage: TypedArray, dtype: DType, size: number): Promise<TypedArray> {
  return Promise.resolve(read(storage, dtype, size));
}

/** Nothing to release: a typed array is garbage-collected once no tensor refers to it. */
export function free(_storage: TypedArray): void {}

/** A new storage of `size` elements, each `value`. */
export function fill(size: number, value: number, dtype: DType): TypedArray {
  const out = alloc(dtype, size);
  if (value !== 0) out.fill(value);
  return out;
}

function convert(values: TypedArray, size: number, dtype: DType): TypedArray {
  return cast({ storage: values, dtype: dtypeOf(values), shape: [size], strides: [1], offset: 0 }, dtype);
}
