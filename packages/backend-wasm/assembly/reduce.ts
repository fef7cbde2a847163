// Reductions. The host orders the view's axes as [kept…, reduced…] (each group collapsed on its
// own), so the walk visits each output's group as `rowsPerOut` consecutive rows.
import { at, beginRows, nextRow, p1, rowLen, rowStep } from "./iter";

export const SUM: i32 = 0;
export const PROD: i32 = 1;
export const MAX: i32 = 2;
export const MIN: i32 = 3;

/** One row folded into a float64 accumulator (sums and products of floats round once, at the end). */
@inline function foldFloat<T>(op: i32, acc: f64, x: usize, sx: i32, n: i32): f64 {
  let i = 0;
  if (op == SUM) {
    if (sx == 1 && sizeof<T>() == 4) {
      // four float32 lanes widened into two f64x2 accumulators
      let lo = f64x2.splat(0);
      let hi = f64x2.splat(0);
      for (; i + 4 <= n; i += 4) {
        const v = v128.load(x + (<usize>i << 2));
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
        hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
      }
      const s = f64x2.add(lo, hi);
      acc += f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    }
    for (; i < n; i++) acc += <f64>load<T>(at<T>(x, i * sx));
  } else if (op == PROD) {
    for (; i < n; i++) acc *= <f64>load<T>(at<T>(x, i * sx));
  }
  return acc;
}

/** One row folded into an accumulator of the element type (max, min; int32 sums and products wrap). */
@inline function foldSame<T>(op: i32, acc: T, x: usize, sx: i32, n: i32): T {
  let i = 0;
  if (isF32<T>() && sx == 1 && (op == MAX || op == MIN) && n >= 8) {
    let v = v128.load(x);
    for (i = 4; i + 4 <= n; i += 4) {
      const w = v128.load(x + (<usize>i << 2));
      v = op == MAX ? f32x4.max(v, w) : f32x4.min(v, w);
    }
    const a = <T>f32x4.extract_lane(v, 0);
    const b = <T>f32x4.extract_lane(v, 1);
    const c = <T>f32x4.extract_lane(v, 2);
    const d = <T>f32x4.extract_lane(v, 3);
    acc = op == MAX ? max<T>(max<T>(acc, a), max<T>(max<T>(b, c), d)) : min<T>(min<T>(acc, a), min<T>(min<T>(b, c), d));
  }
  for (; i < n; i++) {
    const v = load<T>(at<T>(x, i * sx));
    if (op == MAX) acc = max<T>(acc, v);
    else if (op == MIN) acc = min<T>(acc, v);
    else if (op == SUM) acc = <T>(acc + v);
    else acc = <T>(acc * v);
  }
  return acc;
}

@inline function isF32<T>(): bool {
  return isFloat<T>() && sizeof<T>() == 4;
}

@inline function identity<T>(op: i32): T {
  if (op == SUM) return <T>0;
  if (op == PROD) return <T>1;
  if (isInteger<T>()) return op == MAX ? <T>(-2147483648) : <T>2147483647;
  return op == MAX ? <T>-Infinity : <T>Infinity;
}

@inline function reduceWith<T>(op: i32, out: usize, x: usize, rowsPerOut: i32): void {
  const rows = beginRows();
  const n = rowLen();
  const sx = rowStep(1);
  const wide = isFloat<T>() && (op == SUM || op == PROD);
  let accWide: f64 = op == PROD ? 1.0 : 0.0;
  let acc = identity<T>(op);
  let left = rowsPerOut;
  let o = out;
  for (let r = 0; r < rows; r++) {
    if (wide) accWide = foldFloat<T>(op, accWide, at<T>(x, p1), sx, n);
    else acc = foldSame<T>(op, acc, at<T>(x, p1), sx, n);
    nextRow();
    if (--left == 0) {
      store<T>(o, wide ? <T>accWide : acc);
      o += sizeof<T>();
      left = rowsPerOut;
      accWide = op == PROD ? 1.0 : 0.0;
      acc = identity<T>(op);
    }
  }
}

function reduce<T>(op: i32, out: usize, x: usize, rowsPerOut: i32): void {
  switch (op) {
    case SUM: reduceWith<T>(SUM, out, x, rowsPerOut); break;
    case PROD: reduceWith<T>(PROD, out, x, rowsPerOut); break;
    case MAX: reduceWith<T>(MAX, out, x, rowsPerOut); break;
    case MIN: reduceWith<T>(MIN, out, x, rowsPerOut); break;
  }
}

export function reduceF32(op: i32, out: usize, x: usize, rowsPerOut: i32): void {
  reduce<f32>(op, out, x, rowsPerOut);
}
export function reduceF64(op: i32, out: usize, x: usize, rowsPerOut: i32): void {
  reduce<f64>(op, out, x, rowsPerOut);
}
export function reduceI32(op: i32, out: usize, x: usize, rowsPerOut: i32): void {
  reduce<i32>(op, out, x, rowsPerOut);
}

/**
 * Sums of a contiguous float32 [rows, cols] block over its rows: out[j] = Σ_i x[i, j] (the bias
 * gradient of a layer, a mean over the batch). Rows are read in order, four columns at a time,
 * into float64 accumulators at `acc` (8·cols bytes of scratch), so each sum is the float64 sum
 * in the same order as the general path, rounded once: the same bits, without the stride.
 */
export function sumLeadingF32(out: usize, x: usize, rows: i32, cols: i32, acc: usize): void {
  memory.fill(acc, 0, <usize>cols << 3);
  for (let i = 0; i < rows; i++) {
    const row = x + ((<usize>i * <usize>cols) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.load(row + (<usize>j << 2));
      const a = acc + (<usize>j << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
      v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
    }
    for (; j < cols; j++) {
      const a = acc + (<usize>j << 3);
      store<f64>(a, load<f64>(a) + <f64>load<f32>(row + (<usize>j << 2)));
    }
  }
  for (let j = 0; j < cols; j++) store<f32>(out + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
}

/**
 * Index of the first max (op MAX) or min (op MIN) of each row; the host puts the axis last, so
 * each row is one output. NaN counts as the extreme: the first NaN wins.
 */
function argReduce<T>(op: i32, out: usize, x: usize): void {
  const rows = beginRows();
  const n = rowLen();
  const sx = rowStep(1);
  for (let r = 0; r < rows; r++) {
    const px = at<T>(x, p1);
    let best = 0;
    let bv = load<T>(px);
    if (isFloat<T>() && bv != bv) {
      // first element NaN: it wins
    } else {
      for (let i = 1; i < n; i++) {
        const v = load<T>(at<T>(px, i * sx));
        if (isFloat<T>() && v != v) {
          best = i;
          break;
        }
        if (op == MAX ? v > bv : v < bv) {
          bv = v;
          best = i;
        }
      }
    }
    store<i32>(out + (<usize>r << 2), best);
    nextRow();
  }
}

export function argReduceF32(op: i32, out: usize, x: usize): void {
  argReduce<f32>(op, out, x);
}
export function argReduceF64(op: i32, out: usize, x: usize): void {
  argReduce<f64>(op, out, x);
}
export function argReduceI32(op: i32, out: usize, x: usize): void {
  argReduce<i32>(op, out, x);
}
