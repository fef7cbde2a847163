import type { DType, TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "./alloc.js";
import { planRows, sizeOf } from "./strided.js";

/**
 * One row of a unary kernel: `n` outputs `o[io …]`, contiguous, from `a[ia]`, `a[ia + sa]`, ….
 * Each kernel passes its own row function, so its inner loop is its own and stays monomorphic.
 */
export type UnaryRow = (a: TypedArray, ia: number, sa: number, o: TypedArray, io: number, n: number) => void;

/** One row of a binary kernel, as {@link UnaryRow} with a second operand `b[ib]`, `b[ib + sb]`, …. */
export type BinaryRow = (
  a: TypedArray,
  ia: number,
  sa: number,
  b: TypedArray,
  ib: number,
  sb: number,
  o: TypedArray,
  io: number,
  n: number,
) => void;

/** Runs a unary row function over every row of `x`, into a new contiguous array of `dtype`. */
export function mapUnary(x: View<TypedArray>, dtype: DType, row: UnaryRow): TypedArray {
  const out = alloc(dtype, sizeOf(x.shape));
  const plan = planRows(x.shape, [x]);
  const starts = plan.starts[0]!;
  const step = plan.steps[0]!;
  for (let r = 0; r < plan.rows; r++) row(x.storage, starts[r]!, step, out, r * plan.len, plan.len);
  return out;
}

/** Runs a binary row function over every row of `a` and `b` (same shape), into a new array of `dtype`. */
export function mapBinary(
  a: View<TypedArray>,
  b: View<TypedArray>,
  dtype: DType,
  row: BinaryRow,
): TypedArray {
  const out = alloc(dtype, sizeOf(a.shape));
  const plan = planRows(a.shape, [a, b]);
  const sa = plan.starts[0]!;
  const sb = plan.starts[1]!;
  const stepA = plan.steps[0]!;
  const stepB = plan.steps[1]!;
  for (let r = 0; r < plan.rows; r++) {
    row(a.storage, sa[r]!, stepA, b.storage, sb[r]!, stepB, out, r * plan.len, plan.len);
  }
  return out;
}
