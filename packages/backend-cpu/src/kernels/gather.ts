import type { TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { planRows, sizeOf } from "../strided.js";

/**
 * PyTorch's `gather`: `out[i][j][k] = x[i][index[i][j][k]][k]` for `axis = 1`. The output has
 * `index`'s shape; along the other axes `index` may be shorter than `x`.
 */
export function gather(x: View<TypedArray>, index: View<TypedArray>, axis: number): TypedArray {
  const out = alloc(x.dtype, sizeOf(index.shape));
  // Walk index and x together with x's `axis` stride zeroed: that gives the start of the line
  // along `axis` that each element picks from; the index value then steps along it.
  const lineStrides = x.strides.map((s, i) => (i === axis ? 0 : s));
  const plan = planRows(index.shape, [index, { strides: lineStrides, offset: x.offset }]);
  const [startsI, startsX] = plan.starts as [Int32Array, Int32Array];
  const [si, sx] = plan.steps as [number, number];
  const along = x.strides[axis]!;
  const idx = index.storage;
  const a = x.storage;
  for (let r = 0, k = 0; r < plan.rows; r++) {
    let i = startsI[r]!;
    let p = startsX[r]!;
    for (let j = 0; j < plan.len; j++, k++, i += si, p += sx) out[k] = a[p + idx[i]! * along]!;
  }
  return out;
}
