// Softmax and log-softmax along one axis. The host describes the walk with the axis last
// (operand 0 the contiguous output, 1 the input), so each row of the walk is one line.
// The max is subtracted first: every exponent is then ≤ 0, nothing overflows (exp(89) is already
// Infinity in float32), and the largest term is 1. A NaN on a line makes the line NaN.
import { at, beginRows, nextRow, p0, p1, rowLen, rowStep } from "./iter";
import { EXP_LO_AT, expF32x4, outsideF32x4, ZERO_AT } from "./vmath";

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

/** The largest of a contiguous float32 line (NaN if any is NaN), four lanes at a time. */
function lineMaxF32x4(x: usize, n: i32): f32 {
  let m = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 4 <= n; j += 4) m = f32x4.max(m, v128.load(x + <usize>j * 4)); // wasm max propagates NaN
  let r = f32x4.extract_lane(m, 0);
  const v1 = f32x4.extract_lane(m, 1);
  const v2 = f32x4.extract_lane(m, 2);
  const v3 = f32x4.extract_lane(m, 3);
  if (v1 > r || v1 != v1) r = v1;
  if (v2 > r || v2 != v2) r = v2;
  if (v3 > r || v3 != v3) r = v3;
  for (; j < n; j++) {
    const v = load<f32>(x + <usize>j * 4);
    if (v > r || v != v) r = v;
  }
  return r;
}

/**
 * One contiguous float32 line, four lanes at a time: exp(x - max) in vectors (a vector with a
 * lane below the vector exp's range, or NaN, takes the scalar exp), summed in float64.
 */
function lineF32x4(log: bool, po: usize, px: usize, n: i32): void {
  const m = lineMaxF32x4(px, n);
  const mv = f32x4.splat(m);
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const d = f32x4.sub(v128.load(px + <usize>j * 4), mv);
    let e = expF32x4(d);
    if (outsideF32x4(d, EXP_LO_AT, ZERO_AT)) {
      // a lane underflows (or is NaN): this vector takes the scalar exp
      for (let k = 0; k < 4; k++) store<f32>(po + <usize>(j + k) * 4, Mathf.exp(load<f32>(px + <usize>(j + k) * 4) - m));
      e = v128.load(po + <usize>j * 4);
    }
    if (!log) v128.store(po + <usize>j * 4, e);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(e));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 2, 3)));
  }
  let sum = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
  for (; j < n; j++) {
    const e = Mathf.exp(load<f32>(px + <usize>j * 4) - m);
    if (!log) store<f32>(po + <usize>j * 4, e);
    sum += <f64>e;
  }
  if (log) {
    const shift = <f64>m + Math.log(sum);
    for (j = 0; j < n; j++) store<f32>(po + <usize>j * 4, <f32>(<f64>load<f32>(px + <usize>j * 4) - shift));
  } else {
    const inv = f32x4.splat(<f32>(1.0 / sum));
    for (j = 0; j + 4 <= n; j += 4) v128.store(po + <usize>j * 4, f32x4.mul(v128.load(po + <usize>j * 4), inv));
    for (; j < n; j++) store<f32>(po + <usize>j * 4, load<f32>(po + <usize>j * 4) * <f32>(1.0 / sum));
  }
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
    if (sizeof<T>() == 4 && so == 1 && sx == 1) {
      lineF32x4(log, po, px, n);
      nextRow();
      continue;
    }
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
