import type { TypedArray, UnaryKernel } from "@tensorkit/tensor";
import { mapUnary } from "../elementwise.js";
import { erf as erfScalar } from "../math/erf.js";

// Element-wise unary kernels. Each computes in doubles and stores into the output's typed array,
// so float32 results are rounded once, correctly, by the Float32Array store, and int32 results
// wrap like C integers (neg and abs of -2^31 give -2^31, as in PyTorch).
// Every kernel writes its own loop (see elementwise.ts for why).

type Unary = UnaryKernel<TypedArray>;

export const neg: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = -a[i]!;
  });

export const abs: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.abs(a[i]!);
  });

/** -1, 0 or 1; NaN stays NaN, and -0 gives 0. */
export const sign: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) {
      const v = a[i]!;
      o[k] = v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : v;
    }
  });

export const exp: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.exp(a[i]!);
  });

export const log: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.log(a[i]!);
  });

export const sqrt: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.sqrt(a[i]!);
  });

export const sin: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.sin(a[i]!);
  });

export const cos: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.cos(a[i]!);
  });

export const floor: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.floor(a[i]!);
  });

export const ceil: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.ceil(a[i]!);
  });

/**
 * Round half to even (2.5 → 2, 3.5 → 4, -2.5 → -2), as NumPy and PyTorch do. `Math.round`
 * rounds halves up; when it landed exactly half-way (r - v is exactly 0.5, representable for
 * every double) on an odd integer, step back down to the even one.
 */
export const round: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) {
      const v = a[i]!;
      const r = Math.round(v);
      o[k] = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
  });

export const tanh: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.tanh(a[i]!);
  });

/** 1 / (1 + e^-x): exp(-x) overflowing to Infinity for very negative x gives the right limit, 0. */
export const sigmoid: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = 1 / (1 + Math.exp(-a[i]!));
  });

/** max(x, 0); NaN stays NaN. Also for int32. */
export const relu: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) {
      const v = a[i]!;
      o[k] = v > 0 || Number.isNaN(v) ? v : 0;
    }
  });

export const log1p: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.log1p(a[i]!);
  });

export const expm1: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = Math.expm1(a[i]!);
  });

export const rsqrt: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = 1 / Math.sqrt(a[i]!);
  });

export const erf: Unary = (x) =>
  mapUnary(x, x.dtype, (a, i, s, o, k, n) => {
    for (const end = k + n; k < end; k++, i += s) o[k] = erfScalar(a[i]!);
  });
