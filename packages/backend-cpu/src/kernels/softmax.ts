import type { TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { contiguousStrides, planRows, sizeOf } from "../strided.js";

/**
 * Softmax along `axis`: exp(x - max) / Σ exp(x - max). Subtracting the max keeps every exponent
 * ≤ 0, so nothing overflows (exp(89) is already Infinity in float32) and the largest term is 1.
 * A NaN anywhere on a line makes that line NaN, as in PyTorch.
 */
export function softmax(x: View<TypedArray>, axis: number): TypedArray {
  // The exponentials wait in doubles, so each float32 output is rounded once, after the division.
  let buf = new Float64Array(0);
  return alongAxis(x, axis, (a, i, s, o, k, t, n) => {
    if (buf.length < n) buf = new Float64Array(n);
    const m = lineMax(a, i, s, n);
    let sum = 0;
    for (let j = 0, p = i; j < n; j++, p += s) {
      const e = Math.exp(a[p]! - m);
      buf[j] = e;
      sum += e;
    }
    for (let j = 0, q = k; j < n; j++, q += t) o[q] = buf[j]! / sum;
  });
}

/**
 * Log-softmax along `axis`: x - max - log Σ exp(x - max), which stays finite where
 * log(softmax(x)) would give -Infinity for a probability that underflows.
 */
export function logSoftmax(x: View<TypedArray>, axis: number): TypedArray {
  return alongAxis(x, axis, (a, i, s, o, k, t, n) => {
    const m = lineMax(a, i, s, n);
    let sum = 0;
    for (let j = 0, p = i; j < n; j++, p += s) sum += Math.exp(a[p]! - m);
    const shift = m + Math.log(sum);
    for (let j = 0, p = i, q = k; j < n; j++, p += s, q += t) o[q] = a[p]! - shift;
  });
}

/** Max of a line; NaN if the line holds one. */
function lineMax(a: TypedArray, i: number, s: number, n: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++, i += s) {
    const v = a[i]!;
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** Processes one line along the axis: `n` inputs `a[i + j·s]` into outputs `o[k + j·t]`. */
type LineFn = (a: TypedArray, i: number, s: number, o: TypedArray, k: number, t: number, n: number) => void;

function alongAxis(x: View<TypedArray>, axis: number, line: LineFn): TypedArray {
  const out = alloc(x.dtype, sizeOf(x.shape));
  const outStrides = contiguousStrides(x.shape);
  const n = x.shape[axis]!;
  if (out.length === 0) return out;
  // Walk every position with the axis removed, in x and in the output together.
  const shape = x.shape.filter((_, i) => i !== axis);
  const lines = planRows(shape, [
    { strides: x.strides.filter((_, i) => i !== axis), offset: x.offset },
    { strides: outStrides.filter((_, i) => i !== axis), offset: 0 },
  ]);
  const [startsX, startsO] = lines.starts as [Int32Array, Int32Array];
  const [stepX, stepO] = lines.steps as [number, number];
  const s = x.strides[axis]!;
  const t = outStrides[axis]!;
  for (let r = 0; r < lines.rows; r++) {
    for (let j = 0, i = startsX[r]!, k = startsO[r]!; j < lines.len; j++, i += stepX, k += stepO) {
      line(x.storage, i, s, out, k, t, n);
    }
  }
  return out;
}
