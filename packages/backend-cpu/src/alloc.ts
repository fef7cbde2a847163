import type { DType, TypedArray } from "@tensorkit/tensor";

/** A zero-filled array of `dtype`'s storage type: the CPU backend's storage handle is the typed array itself. */
export function alloc(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
    case "float64":
      return new Float64Array(size);
  }
}

/** The dtype a kernel output stored in this array has (bools are bytes holding 0 or 1). */
export function dtypeOf(storage: TypedArray): DType {
  if (storage instanceof Float32Array) return "float32";
  if (storage instanceof Int32Array) return "int32";
  if (storage instanceof Uint8Array) return "bool";
  return "float64";
}
