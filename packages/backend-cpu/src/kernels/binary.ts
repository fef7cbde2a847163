import type { BinaryKernel, TypedArray } from "@tensorkit/tensor";
import { mapBinary } from "../elementwise.js";

// Element-wise binary kernels over two same-dtype operands already broadcast to the output shape
// (stride 0 on broadcast axes). Arithmetic runs in doubles; the store into the output array rounds
// float32 once and wraps int32 the way C does. A double holds every int32 sum and difference
// exactly, but not every product, hence Math.imul for int32 multiplication and powers.

type Binary = BinaryKernel<TypedArray>;

export const add: Binary = (a, b) =>
  mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
    for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = x[i]! + y[j]!;
  });

export const sub: Binary = (a, b) =>
  mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
    for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = x[i]! - y[j]!;
  });

export const mul: Binary = (a, b) =>
  a.dtype === "int32"
    ? mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
        for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = Math.imul(x[i]!, y[j]!);
      })
    : mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
        for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = x[i]! * y[j]!;
      });

/** True division (the core casts integers to float first). */
export const div: Binary = (a, b) =>
  mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
    for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = x[i]! / y[j]!;
  });

/**
 * `a ** b`. Floats follow C's `pow` (as PyTorch does) where it differs from JavaScript's:
 * `1 ** y` is 1 even for NaN or ±Infinity, and `(-1) ** ±Infinity` is 1.
 * int32 raises by squaring with wrapping products; a negative exponent gives 0 unless the base
 * is ±1.
 */
export const pow: Binary = (a, b) =>
  a.dtype === "int32"
    ? mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
        for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = intPow(x[i]!, y[j]!);
      })
    : mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
        for (const end = k + n; k < end; k++, i += si, j += sj) {
          const base = x[i]!;
          const e = y[j]!;
          o[k] = base === 1 || (base === -1 && (e === Infinity || e === -Infinity)) ? 1 : base ** e;
        }
      });

/** Element-wise max; NaN in either operand wins, as in PyTorch. */
export const maximum: Binary = (a, b) =>
  mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
    for (const end = k + n; k < end; k++, i += si, j += sj) {
      const u = x[i]!;
      const v = y[j]!;
      o[k] = u > v || Number.isNaN(u) ? u : v;
    }
  });

/** Element-wise min; NaN in either operand wins, as in PyTorch. */
export const minimum: Binary = (a, b) =>
  mapBinary(a, b, a.dtype, (x, i, si, y, j, sj, o, k, n) => {
    for (const end = k + n; k < end; k++, i += si, j += sj) {
      const u = x[i]!;
      const v = y[j]!;
      o[k] = u < v || Number.isNaN(u) ? u : v;
    }
  });

/** Integer power with int32 wrap-around, by repeated squaring. */
function intPow(base: number, e: number): number {
  if (e < 0) {
    if (base === 1) return 1;
    if (base === -1) return e % 2 === 0 ? 1 : -1;
    return 0;
  }
  let result = 1;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return result;
}
