import type { DType, TypedArray, View } from "@tensorkit/tensor";

// Test helpers: hand-built views in every layout a kernel must read, and a seeded generator.

/** How a view's elements sit in its storage. Unused storage slots hold a NaN-or-777 sentinel. */
export type Layout = "contiguous" | "offset" | "transposed" | "negative" | "gapped";
export const LAYOUTS: readonly Layout[] = ["contiguous", "offset", "transposed", "negative", "gapped"];

// Host arrays and row-major strides as the core defines them.
import { allocHostArray as arrayFor, contiguousStrides as stridesOf } from "@tensorkit/tensor";

export { arrayFor, stridesOf };

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A contiguous view over `values`, as `dtype`. */
export function view(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType = "float32",
): View<TypedArray> {
  const storage = arrayFor(dtype, values.length);
  for (let i = 0; i < values.length; i++) storage[i] = values[i]!;
  return { storage, dtype, shape: [...shape], strides: stridesOf(shape), offset: 0 };
}

/** A raw view: storage, shape, strides, offset exactly as given. */
export function rawView(
  storage: TypedArray,
  dtype: DType,
  shape: number[],
  strides: number[],
  offset = 0,
): View<TypedArray> {
  return { storage, dtype, shape, strides, offset };
}

/**
 * A view whose logical row-major elements are `values`, laid out in storage as `layout` says:
 * - offset: contiguous, starting 5 elements into the storage;
 * - transposed: column-major (every axis order reversed), as `x.T` of a contiguous tensor;
 * - negative: every stride negative, starting at the last storage element (a flip of all axes);
 * - gapped: every stride doubled with sentinels in between, plus an offset of 3.
 */
export function layoutView(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
  layout: Layout,
): View<TypedArray> {
  const size = sizeOfShape(shape);
  const rank = shape.length;
  const contiguous = stridesOf(shape);
  let strides: number[];
  let offset = 0;
  let storageSize = size;
  switch (layout) {
    case "contiguous":
      strides = contiguous;
      break;
    case "offset":
      strides = contiguous;
      offset = 5;
      storageSize = size + 8;
      break;
    case "transposed": {
      strides = new Array<number>(rank);
      let s = 1;
      for (let i = 0; i < rank; i++) {
        strides[i] = s;
        s *= shape[i]!;
      }
      break;
    }
    case "negative":
      strides = contiguous.map((s) => -s);
      offset = Math.max(0, size - 1);
      break;
    case "gapped":
      strides = contiguous.map((s) => 2 * s);
      offset = 3;
      storageSize = 2 * size + 4;
      break;
  }
  const storage = arrayFor(dtype, storageSize);
  storage.fill(dtype === "float32" || dtype === "float64" ? Number.NaN : dtype === "bool" ? 1 : 777);
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < size; i++) {
    let p = offset;
    for (let d = 0; d < rank; d++) p += index[d]! * strides[d]!;
    storage[p] = values[i]!;
    for (let d = rank - 1; d >= 0; d--) {
      index[d]! += 1;
      if (index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return { storage, dtype, shape: [...shape], strides, offset };
}

/** A view of `values` (shape `[n]`) broadcast to `shape` along new leading axes and size-1 axes, with stride 0. */
export function broadcastView(
  values: ArrayLike<number>,
  valueShape: readonly number[],
  shape: readonly number[],
  dtype: DType = "float32",
): View<TypedArray> {
  const base = view(values, valueShape, dtype);
  const lead = shape.length - valueShape.length;
  const strides = shape.map((_, i) => {
    if (i < lead) return 0;
    return valueShape[i - lead] === 1 ? 0 : base.strides[i - lead]!;
  });
  return { ...base, shape: [...shape], strides };
}

/** Mulberry32: a tiny seeded generator, so random test inputs are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` seeded uniform values in [-1, 1), rounded to float32 so they are exact float32 inputs. */
export function randomValues(n: number, seed: number): number[] {
  const next = rng(seed);
  return Array.from({ length: n }, () => Math.fround(next() * 2 - 1));
}

/** Plain array of a typed array, for readable `toEqual` diffs. */
export function list(a: TypedArray): number[] {
  return Array.from(a);
}

/** Asserts element-wise closeness with an absolute + relative tolerance; NaN must match NaN. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} ≠ expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= tol * (1 + Math.abs(e)) || a === e)) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (tolerance ${tol})`);
    }
  }
}
