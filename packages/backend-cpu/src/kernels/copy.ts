import type { TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { contiguousStrides, isContiguous, planRows, type Strided, sizeOf } from "../strided.js";

/** Materialises a view contiguously: transposes, slices, flips and broadcasts all become copies here. */
export function copy(x: View<TypedArray>): TypedArray {
  const size = sizeOf(x.shape);
  // A contiguous view is one block of storage: slice copies it natively, much faster than a loop.
  if (isContiguous(x.shape, x.strides)) return x.storage.slice(x.offset, x.offset + size);
  const out = alloc(x.dtype, size);
  copyInto(x, out, { strides: contiguousStrides(x.shape), offset: 0 });
  return out;
}

/** Copies every element of `src` into `dst` at the positions that `dstLayout` gives for the same shape. */
export function copyInto(src: View<TypedArray>, dst: TypedArray, dstLayout: Strided): void {
  const plan = planRows(src.shape, [src, dstLayout]);
  const [startsS, startsD] = plan.starts as [Int32Array, Int32Array];
  const [ss, sd] = plan.steps as [number, number];
  const a = src.storage;
  for (let r = 0; r < plan.rows; r++) {
    let i = startsS[r]!;
    let k = startsD[r]!;
    for (let j = 0; j < plan.len; j++, i += ss, k += sd) dst[k] = a[i]!;
  }
}
