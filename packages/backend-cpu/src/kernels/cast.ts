import type { DType, TypedArray, View } from "@tensorkit/tensor";
import { mapUnary } from "../elementwise.js";
import { copy } from "./copy.js";

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/**
 * Converts element type, as PyTorch does for in-range values, with the edge cases pinned down:
 * - to int32: truncate toward zero; NaN gives 0 and ±Infinity or out-of-range values clamp to
 *   the int32 limits (C leaves these undefined; a double stored into an Int32Array would wrap).
 * - to bool: `x != 0`, so NaN is true.
 * - to float32: the Float32Array store rounds to nearest even.
 */
export function cast(x: View<TypedArray>, dtype: DType): TypedArray {
  if (dtype === x.dtype) return copy(x);
  switch (dtype) {
    case "int32":
      return mapUnary(x, dtype, (a, i, s, o, k, n) => {
        for (const end = k + n; k < end; k++, i += s) {
          const v = a[i]!;
          // Once clamped into range, the Int32Array store itself truncates toward zero.
          o[k] = Number.isNaN(v) ? 0 : Math.min(INT32_MAX, Math.max(INT32_MIN, v));
        }
      });
    case "bool":
      return mapUnary(x, dtype, (a, i, s, o, k, n) => {
        for (const end = k + n; k < end; k++, i += s) o[k] = a[i]! !== 0 ? 1 : 0;
      });
    case "float32":
    case "float64":
      return mapUnary(x, dtype, (a, i, s, o, k, n) => {
        for (const end = k + n; k < end; k++, i += s) o[k] = a[i]!;
      });
  }
}
