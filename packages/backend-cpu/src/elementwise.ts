import type { DType, TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "./alloc.js";
import { isContiguous, planRows, sizeOf } from "./strided.js";

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
  if (out.length === 0) return out;
  // Dense input: one row, without building a plan (for a small model's tensors, planning costs
  // more than the arithmetic).
  if (isContiguous(x.shape, x.strides)) {
    row(x.storage, x.offset, 1, out, 0, out.length);
    return out;
  }
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
  if (out.length === 0) return out; // rows are never called for an empty shape
  // Dense operands, or a dense one with a broadcast scalar (`x * 2`, `1 - x`): one row, no plan.
  const stepA = isContiguous(a.shape, a.strides) ? 1 : isBroadcastScalar(a.strides) ? 0 : -1;
  const stepB = stepA < 0 ? -1 : isContiguous(b.shape, b.strides) ? 1 : isBroadcastScalar(b.strides) ? 0 : -1;
  if (stepA >= 0 && stepB >= 0) {
    row(a.storage, a.offset, stepA, b.storage, b.offset, stepB, out, 0, out.length);
    return out;
  }
  // A matrix plus a broadcast row (a bias): one row call per matrix row.
  const rows = a.shape.length === 2 ? a.shape[0]! : 0;
  const len = a.shape.length === 2 ? a.shape[1]! : 0;
  if (stepA === 1 && rows > 0 && b.strides[0] === 0 && (b.strides[1] === 1 || len === 1)) {
    for (let r = 0; r < rows; r++)
      row(a.storage, a.offset + r * len, 1, b.storage, b.offset, 1, out, r * len, len);
    return out;
  }
  const plan = planRows(a.shape, [a, b]);
  const sa = plan.starts[0]!;
  const sb = plan.starts[1]!;
  for (let r = 0; r < plan.rows; r++) {
    row(a.storage, sa[r]!, plan.steps[0]!, b.storage, sb[r]!, plan.steps[1]!, out, r * plan.len, plan.len);
  }
  return out;
}

/** Whether every stride is 0: one element repeated over the whole shape. */
function isBroadcastScalar(strides: readonly number[]): boolean {
  for (let i = 0; i < strides.length; i++) if (strides[i] !== 0) return false;
  return true;
}
