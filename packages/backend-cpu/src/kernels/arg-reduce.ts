import type { ArgReduceKernel, TypedArray, View } from "@tensorkit/tensor";
import { elementOffsets, sizeOf } from "../strided.js";

/** Index of the first max along `axis` (int32); the first NaN, if any, counts as the max. */
export const argmax: ArgReduceKernel<TypedArray> = (x, axis) => {
  const { out, starts, step, n, a } = setup(x, axis);
  for (let k = 0; k < starts.length; k++) {
    let p = starts[k]!;
    let best = a[p]!;
    let at = 0;
    if (!Number.isNaN(best)) {
      for (let j = 1; j < n; j++) {
        p += step;
        const v = a[p]!;
        if (v > best) {
          best = v;
          at = j;
        } else if (Number.isNaN(v)) {
          at = j;
          break;
        }
      }
    }
    out[k] = at;
  }
  return out;
};

/** Index of the first min along `axis` (int32); the first NaN, if any, counts as the min. */
export const argmin: ArgReduceKernel<TypedArray> = (x, axis) => {
  const { out, starts, step, n, a } = setup(x, axis);
  for (let k = 0; k < starts.length; k++) {
    let p = starts[k]!;
    let best = a[p]!;
    let at = 0;
    if (!Number.isNaN(best)) {
      for (let j = 1; j < n; j++) {
        p += step;
        const v = a[p]!;
        if (v < best) {
          best = v;
          at = j;
        } else if (Number.isNaN(v)) {
          at = j;
          break;
        }
      }
    }
    out[k] = at;
  }
  return out;
};

/**
 * The int32 output and, per output element, where its line along `axis` starts in storage.
 * An empty axis has no index to give: the core rejects it, and the outputs stay 0 if it ever comes.
 */
function setup(x: View<TypedArray>, axis: number) {
  const shape = x.shape.filter((_, i) => i !== axis);
  const strides = x.strides.filter((_, i) => i !== axis);
  const n = x.shape[axis]!;
  const out = new Int32Array(sizeOf(shape));
  const starts = n === 0 ? new Int32Array(0) : elementOffsets(shape, { strides, offset: x.offset });
  return { out, starts, step: x.strides[axis]!, n, a: x.storage };
}
