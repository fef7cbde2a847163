import type { TypedArray, View } from "@tensorkit/tensor";
import { contiguousStrides, planRows } from "../strided.js";
import { copy } from "./copy.js";

/**
 * Out-of-place `scatter_add`: a copy of `x` where `out[i][index[i][j][k]][k] += src[i][j][k]` for
 * `axis = 1`, adding in row-major order of `src`. For bool the sum saturates at true (a logical or).
 */
export function scatterAdd(
  x: View<TypedArray>,
  index: View<TypedArray>,
  src: View<TypedArray>,
  axis: number,
): TypedArray {
  const out = copy(x);
  const outStrides = contiguousStrides(x.shape);
  // As in gather: the output's `axis` stride zeroed gives the line each element adds into.
  const lineStrides = outStrides.map((s, i) => (i === axis ? 0 : s));
  const plan = planRows(index.shape, [index, src, { strides: lineStrides, offset: 0 }]);
  const [startsI, startsS, startsO] = plan.starts as [Int32Array, Int32Array, Int32Array];
  const [si, ss, so] = plan.steps as [number, number, number];
  const along = outStrides[axis]!;
  const idx = index.storage;
  const s = src.storage;
  const isBool = x.dtype === "bool";
  for (let r = 0; r < plan.rows; r++) {
    let i = startsI[r]!;
    let q = startsS[r]!;
    let p = startsO[r]!;
    for (let j = 0; j < plan.len; j++, i += si, q += ss, p += so) {
      const at = p + idx[i]! * along;
      const v = out[at]! + s[q]!;
      out[at] = isBool ? (v !== 0 ? 1 : 0) : v;
    }
  }
  return out;
}
