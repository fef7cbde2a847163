import { sizeOf } from "../data.js";

/**
 * Reorders the axes of a row-major array: `permute(x, [N,C,H,W], [0,2,3,1])` turns NCHW data into
 * NHWC. Used outside the timing, to give TensorFlow.js its channels-last layouts and to bring its
 * outputs back to the reference layout.
 */
export function permute(
  data: ArrayLike<number>,
  shape: readonly number[],
  perm: readonly number[],
): Float32Array {
  const rank = shape.length;
  const out = new Float32Array(sizeOf(shape));
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= shape[i]!;
  }
  // Stride in the input of each output axis, then walk the output in order.
  const strides = perm.map((p) => inStrides[p]!);
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = data[src]!;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      src += strides[axis]!;
      if (index[axis]! < outShape[axis]!) break;
      src -= strides[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
  return out;
}
