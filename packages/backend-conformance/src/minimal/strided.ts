import type { DType, TypedArray, View } from "@tensorkit/tensor";

/** Number of elements of a shape (1 for a scalar, 0 when an axis is 0). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous array of this shape. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** A new host array for `size` elements of `dtype` (bools are bytes holding 0 or 1). */
export function alloc(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(size);
    case "float64":
      return new Float64Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

/**
 * The storage positions of a view's elements, in row-major order of its shape. This is the one
 * place that understands strides: 0 (a broadcast axis), negative (a flipped axis) and an offset
 * (a slice) all fall out of `offset + Σ index[i] · strides[i]`.
 */
export function positions(view: View<TypedArray>): Int32Array {
  const { shape, strides } = view;
  const out = new Int32Array(sizeOf(shape));
  if (out.length === 0) return out;
  const index = new Array<number>(shape.length).fill(0);
  let pos = view.offset;
  for (let n = 0; n < out.length; n++) {
    out[n] = pos;
    // odometer: bump the last axis, carry into the ones before it
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) {
        pos += strides[axis]!;
        break;
      }
      pos -= strides[axis]! * (shape[axis]! - 1);
      index[axis] = 0;
    }
  }
  return out;
}

/** The view's elements as plain numbers, row-major. */
export function elements(view: View<TypedArray>): number[] {
  const data = view.storage;
  return Array.from(positions(view), (p) => data[p]!);
}

/**
 * Splits a shape around `axes` for reductions: for each output element (the shape without
 * `axes`) the list of input flat indices (row-major, contiguous) that reduce into it.
 */
export function reductionGroups(shape: readonly number[], axes: readonly number[]): number[][] {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const outStrides = rowMajorStrides(outShape);
  const groups = Array.from({ length: sizeOf(outShape) }, () => [] as number[]);
  const total = sizeOf(shape);
  const inStrides = rowMajorStrides(shape);
  for (let flat = 0; flat < total; flat++) {
    let out = 0;
    let k = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      if (axes.includes(axis)) continue;
      const coord = Math.floor(flat / inStrides[axis]!) % shape[axis]!;
      out += coord * outStrides[k++]!;
    }
    groups[out]!.push(flat);
  }
  return groups;
}
