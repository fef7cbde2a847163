import type { TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { contiguousStrides, sizeOf } from "../strided.js";
import { copyInto } from "./copy.js";

/** Joins inputs (same dtype and rank, equal except along `axis`) along `axis`. */
export function concat(inputs: readonly View<TypedArray>[], axis: number): TypedArray {
  const first = inputs[0];
  if (first === undefined) return new Float32Array(0);
  const shape = [...first.shape];
  shape[axis] = inputs.reduce((n, x) => n + x.shape[axis]!, 0);
  const out = alloc(first.dtype, sizeOf(shape));
  const strides = contiguousStrides(shape);
  // Each input lands in the block of the output that starts at its running position along `axis`.
  let at = 0;
  for (const x of inputs) {
    copyInto(x, out, { strides, offset: at * strides[axis]! });
    at += x.shape[axis]!;
  }
  return out;
}
