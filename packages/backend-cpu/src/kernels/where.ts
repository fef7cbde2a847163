import type { TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { planRows, sizeOf } from "../strided.js";

/** `cond ? a : b`, element-wise; all three have the output shape (broadcast with stride 0). */
export function where(cond: View<TypedArray>, a: View<TypedArray>, b: View<TypedArray>): TypedArray {
  const out = alloc(a.dtype, sizeOf(cond.shape));
  const plan = planRows(cond.shape, [cond, a, b]);
  const [sc, sa, sb] = plan.steps as [number, number, number];
  const [startsC, startsA, startsB] = plan.starts as [Int32Array, Int32Array, Int32Array];
  const c = cond.storage;
  const x = a.storage;
  const y = b.storage;
  for (let r = 0, k = 0; r < plan.rows; r++) {
    let ic = startsC[r]!;
    let ia = startsA[r]!;
    let ib = startsB[r]!;
    for (let j = 0; j < plan.len; j++, k++, ic += sc, ia += sa, ib += sb) out[k] = c[ic]! ? x[ia]! : y[ib]!;
  }
  return out;
}
