// Softmax and log-softmax along one axis. The host describes the walk with the axis last
// (operand 0 the contiguous output, 1 the input), so each row of the walk is one line.
// The max is subtracted first: every exponent is then ≤ 0, nothing overflows (exp(89) is already
// Infinity in float32), and the largest term is 1. A NaN on a line makes the line NaN.
import { at, beginRows, nextRow, p0, p1, rowLen, rowStep } from "./iter";

@inline function expOf<T>(v: f64): f64 {
  // float32 inputs take the float32 exp (correctly rounded to within an ulp, faster than exp in doubles)
  return sizeof<T>() == 4 ? <f64>Mathf.exp(<f32>v) : Math.exp(v);
}

@inline function lineMax<T>(x: usize, sx: i32, n: i32): T {
  let m = <T>-Infinity;
  for (let j = 0; j < n; j++) {
    const v = load<T>(at<T>(x, j * sx));
    if (v > m || v != v) m = v;
  }
  return m;
}

/**
 * softmax: exp(x - max) / Σ exp(x - max); log-softmax: x - max - log Σ exp(x - max), finite where
 * log(softmax(x)) would underflow to -Infinity.
 */
function alongLines<T>(log: bool, out: usize, x: usize): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const sx = rowStep(1);
  for (let r = 0; r < rows; r++) {
    const px = at<T>(x, p1);
    const po = at<T>(out, p0);
    const m = <f64>lineMax<T>(px, sx, n);
    let sum: f64 = 0;
    for (let j = 0; j < n; j++) {
      const e = expOf<T>(<f64>load<T>(at<T>(px, j * sx)) - m);
      if (!log) store<T>(at<T>(po, j * so), <T>e);
      sum += e;
    }
    if (log) {
      const shift = m + Math.log(sum);
      for (let j = 0; j < n; j++) store<T>(at<T>(po, j * so), <T>(<f64>load<T>(at<T>(px, j * sx)) - shift));
    } else {
      const inv = 1.0 / sum;
      for (let j = 0; j < n; j++) {
        const q = at<T>(po, j * so);
        store<T>(q, <T>(<f64>load<T>(q) * inv));
      }
    }
    nextRow();
  }
}

export function softmaxF32(out: usize, x: usize): void {
  alongLines<f32>(false, out, x);
}
export function softmaxF64(out: usize, x: usize): void {
  alongLines<f64>(false, out, x);
}
export function logSoftmaxF32(out: usize, x: usize): void {
  alongLines<f32>(true, out, x);
}
export function logSoftmaxF64(out: usize, x: usize): void {
  alongLines<f64>(true, out, x);
}
