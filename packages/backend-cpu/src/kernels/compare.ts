import type { CompareKernel, TypedArray } from "@tensorkit/tensor";
import { mapBinary } from "../elementwise.js";

// Comparisons of two same-dtype operands (any dtype, bool included), giving bool (1 or 0).
// Any comparison with NaN is false, as IEEE 754 and PyTorch say.

type Compare = CompareKernel<TypedArray>;

export const equal: Compare = (a, b) =>
  mapBinary(a, b, "bool", (x, i, si, y, j, sj, o, k, n) => {
    for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = x[i]! === y[j]! ? 1 : 0;
  });

export const less: Compare = (a, b) =>
  mapBinary(a, b, "bool", (x, i, si, y, j, sj, o, k, n) => {
    for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = x[i]! < y[j]! ? 1 : 0;
  });
