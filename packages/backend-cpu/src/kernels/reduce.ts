import type { ReduceKernel, TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { planRows, sizeOf } from "../strided.js";

// Reductions over a sorted list of axes. The output walks the kept axes in row-major order; each
// output element folds the reduced block through the kernel's own row function, which carries the
// accumulator from row to row.
//
// Accumulators are JavaScript numbers, i.e. doubles: a float32 sum is accumulated in float64 and
// rounded to float32 once at the end, which keeps the rounding error of a long sum near one float32
// ulp instead of growing with the length (summing 2^24 ones in float32 would stop at 16777216).
// int32 sums and products wrap at every step (`| 0`, Math.imul), exactly like C integer
// arithmetic, where a double accumulator would silently lose low bits past 2^53.

/** Folds `n` elements `a[i]`, `a[i + s]`, … into `acc` and returns the new accumulator. */
type ReduceRow = (a: TypedArray, i: number, s: number, n: number, acc: number) => number;

function reduce(x: View<TypedArray>, axes: readonly number[], identity: number, row: ReduceRow): TypedArray {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const reducedShape: number[] = [];
  const reducedStrides: number[] = [];
  for (let axis = 0; axis < x.shape.length; axis++) {
    const reduced = axes.includes(axis);
    (reduced ? reducedShape : keptShape).push(x.shape[axis]!);
    (reduced ? reducedStrides : keptStrides).push(x.strides[axis]!);
  }
  const out = alloc(x.dtype, sizeOf(keptShape));
  if (out.length === 0) return out;
  // Positions of the reduced block relative to each output's first element.
  const block = planRows(reducedShape, [{ strides: reducedStrides, offset: 0 }]);
  const blockStarts = block.starts[0]!;
  const blockStep = block.steps[0]!;
  const outer = planRows(keptShape, [{ strides: keptStrides, offset: x.offset }]);
  const outerStarts = outer.starts[0]!;
  const outerStep = outer.steps[0]!;
  const a = x.storage;
  let k = 0;
  for (let r = 0; r < outer.rows; r++) {
    for (let j = 0, base = outerStarts[r]!; j < outer.len; j++, base += outerStep) {
      let acc = identity;
      for (let b = 0; b < block.rows; b++) acc = row(a, base + blockStarts[b]!, blockStep, block.len, acc);
      out[k++] = acc;
    }
  }
  return out;
}

/** Sum over axes; an empty reduction gives 0. */
export const sum: ReduceKernel<TypedArray> = (x, axes) =>
  x.dtype === "int32"
    ? reduce(x, axes, 0, (a, i, s, n, acc) => {
        for (let j = 0; j < n; j++, i += s) acc = (acc + a[i]!) | 0;
        return acc;
      })
    : reduce(x, axes, 0, (a, i, s, n, acc) => {
        for (let j = 0; j < n; j++, i += s) acc += a[i]!;
        return acc;
      });

/** Product over axes; an empty reduction gives 1. */
export const prod: ReduceKernel<TypedArray> = (x, axes) =>
  x.dtype === "int32"
    ? reduce(x, axes, 1, (a, i, s, n, acc) => {
        for (let j = 0; j < n; j++, i += s) acc = Math.imul(acc, a[i]!);
        return acc;
      })
    : reduce(x, axes, 1, (a, i, s, n, acc) => {
        for (let j = 0; j < n; j++, i += s) acc *= a[i]!;
        return acc;
      });

/** Max over axes; NaN propagates (once the accumulator is NaN, `v > NaN` never replaces it). */
export const max: ReduceKernel<TypedArray> = (x, axes) =>
  reduce(x, axes, Number.NEGATIVE_INFINITY, (a, i, s, n, acc) => {
    for (let j = 0; j < n; j++, i += s) {
      const v = a[i]!;
      if (v > acc || Number.isNaN(v)) acc = v;
    }
    return acc;
  });

/** Min over axes; NaN propagates. */
export const min: ReduceKernel<TypedArray> = (x, axes) =>
  reduce(x, axes, Number.POSITIVE_INFINITY, (a, i, s, n, acc) => {
    for (let j = 0; j < n; j++, i += s) {
      const v = a[i]!;
      if (v < acc || Number.isNaN(v)) acc = v;
    }
    return acc;
  });
