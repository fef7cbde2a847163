// Reading the geometry block, and the range of output columns whose window tap lies inside the input.
import { GEOMETRY } from "./geometry";

@inline export function geo(field: i32): i32 {
  return load<i32>(GEOMETRY + (<usize>field << 2));
}

/** First output column `ow` whose tap `ow·stride + shift` lies at or right of 0. */
@inline export function firstInside(shift: i32, stride: i32): i32 {
  return shift >= 0 ? 0 : (-shift + stride - 1) / stride;
}

/** One past the last output column whose tap `ow·stride + shift` lies left of `size`, at most `outSize`. */
@inline export function endInside(shift: i32, stride: i32, size: i32, outSize: i32): i32 {
  const last = size - 1 - shift;
  return last < 0 ? 0 : min(outSize, last / stride + 1);
}
