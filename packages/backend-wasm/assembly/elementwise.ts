// Element-wise kernels: unary math, binary math, comparisons, where, copy and cast. Each walks the
// descriptor's rows; a row whose operands are all unit-stride (or a broadcast scalar) takes a v128
// loop, the rest a scalar loop. `op` is a constant at every inlined call site, so the optimiser
// folds the per-element switch away.
import {
  EXP_HI_AT,
  EXP_LO_AT,
  expF32x4,
  NEG_EXP_HI_AT,
  NEG_EXP_LO_AT,
  NEG_TANH_MAX_AT,
  outsideF32x4,
  sigmoidF32x4,
  TANH_MAX_AT,
  tanhF32x4,
} from "./vmath";
import { erf } from "./erf";
import { at, beginRows, nextRow, p0, p1, p2, p3, rowLen, rowStep } from "./iter";

// ---- op codes (mirrored in src/ops.ts) ----
export const NEG: i32 = 0;
export const ABS: i32 = 1;
export const SIGN: i32 = 2;
export const EXP: i32 = 3;
export const LOG: i32 = 4;
export const SQRT: i32 = 5;
export const SIN: i32 = 6;
export const COS: i32 = 7;
export const FLOOR: i32 = 8;
export const CEIL: i32 = 9;
export const ROUND: i32 = 10;
export const TANH: i32 = 11;
export const SIGMOID: i32 = 12;
export const RELU: i32 = 13;
export const LOG1P: i32 = 14;
export const EXPM1: i32 = 15;
export const RSQRT: i32 = 16;
export const ERF: i32 = 17;

export const ADD: i32 = 0;
export const SUB: i32 = 1;
export const MUL: i32 = 2;
export const DIV: i32 = 3;
export const POW: i32 = 4;
export const MAXIMUM: i32 = 5;
export const MINIMUM: i32 = 6;

export const EQUAL: i32 = 0;
export const LESS: i32 = 1;

// ---- scalar math, per element type ----

@inline function isF32<T>(): bool {
  return isFloat<T>() && sizeof<T>() == 4;
}

@inline function unaryScalar<T>(op: i32, v: T): T {
  if (isInteger<T>()) {
    if (op == NEG) return <T>(0 - v);
    if (op == ABS) return v < 0 ? <T>(0 - v) : v;
    if (op == SIGN) return <T>(v > 0 ? 1 : v < 0 ? -1 : 0);
    if (op == RELU) return v > 0 ? v : <T>0;
    return v;
  } else if (isF32<T>()) {
    const x = <f32>v;
    if (op == NEG) return <T>-x;
    if (op == ABS) return <T>abs<f32>(x);
    if (op == SIGN) return <T>(x > 0 ? <f32>1 : x < 0 ? <f32>-1 : x);
    if (op == EXP) return <T>Mathf.exp(x);
    if (op == LOG) return <T>Mathf.log(x);
    if (op == SQRT) return <T>sqrt<f32>(x);
    if (op == SIN) return <T>Mathf.sin(x);
    if (op == COS) return <T>Mathf.cos(x);
    if (op == FLOOR) return <T>floor<f32>(x);
    if (op == CEIL) return <T>ceil<f32>(x);
    if (op == ROUND) return <T>nearest<f32>(x);
    if (op == TANH) return <T>Mathf.tanh(x);
    if (op == SIGMOID) return <T>(<f32>1 / (<f32>1 + Mathf.exp(-x)));
    if (op == RELU) return <T>(x > 0 || x != x ? x : <f32>0);
    if (op == LOG1P) return <T>Mathf.log1p(x);
    if (op == EXPM1) return <T>Mathf.expm1(x);
    if (op == RSQRT) return <T>(<f32>1 / sqrt<f32>(x));
    if (op == ERF) return <T>erf(<f64>x);
    return v;
  } else {
    const x = <f64>v;
    if (op == NEG) return <T>-x;
    if (op == ABS) return <T>abs<f64>(x);
    if (op == SIGN) return <T>(x > 0 ? 1.0 : x < 0 ? -1.0 : x);
    if (op == EXP) return <T>Math.exp(x);
    if (op == LOG) return <T>Math.log(x);
    if (op == SQRT) return <T>sqrt<f64>(x);
    if (op == SIN) return <T>Math.sin(x);
    if (op == COS) return <T>Math.cos(x);
    if (op == FLOOR) return <T>floor<f64>(x);
    if (op == CEIL) return <T>ceil<f64>(x);
    if (op == ROUND) return <T>nearest<f64>(x);
    if (op == TANH) return <T>Math.tanh(x);
    if (op == SIGMOID) return <T>(1.0 / (1.0 + Math.exp(-x)));
    if (op == RELU) return <T>(x > 0 || x != x ? x : 0.0);
    if (op == LOG1P) return <T>Math.log1p(x);
    if (op == EXPM1) return <T>Math.expm1(x);
    if (op == RSQRT) return <T>(1.0 / sqrt<f64>(x));
    if (op == ERF) return <T>erf(x);
    return v;
  }
}

/** Ops with a v128 form for this element type. */
@inline function unarySimd<T>(op: i32): bool {
  if (isInteger<T>()) return op == NEG || op == ABS || op == RELU;
  return op == NEG || op == ABS || op == SQRT || op == FLOOR || op == CEIL || op == ROUND || op == RELU;
}

@inline function unaryVector<T>(op: i32, v: v128): v128 {
  if (isInteger<T>()) {
    if (op == NEG) return i32x4.neg(v);
    if (op == ABS) return i32x4.abs(v);
    return i32x4.max_s(v, i32x4.splat(0)); // RELU
  } else if (isF32<T>()) {
    if (op == NEG) return f32x4.neg(v);
    if (op == ABS) return f32x4.abs(v);
    if (op == SQRT) return f32x4.sqrt(v);
    if (op == FLOOR) return f32x4.floor(v);
    if (op == CEIL) return f32x4.ceil(v);
    if (op == ROUND) return f32x4.nearest(v);
    return f32x4.max(v, f32x4.splat(0)); // RELU: wasm max propagates NaN
  } else {
    if (op == NEG) return f64x2.neg(v);
    if (op == ABS) return f64x2.abs(v);
    if (op == SQRT) return f64x2.sqrt(v);
    if (op == FLOOR) return f64x2.floor(v);
    if (op == CEIL) return f64x2.ceil(v);
    if (op == ROUND) return f64x2.nearest(v);
    return f64x2.max(v, f64x2.splat(0)); // RELU
  }
}

@inline function unaryLoop<T>(op: i32, o: usize, so: i32, x: usize, sx: i32, n: i32): void {
  let i = 0;
  const size = sizeof<T>();
  if (unarySimd<T>(op) && so == 1 && sx == 1) {
    const lanes = 16 / <i32>size;
    for (; i + lanes <= n; i += lanes) {
      v128.store(o + <usize>i * size, unaryVector<T>(op, v128.load(x + <usize>i * size)));
    }
  } else if (isF32<T>() && (op == EXP || op == SIGMOID || op == TANH) && so == 1 && sx == 1) {
    const lo = op == EXP ? EXP_LO_AT : op == SIGMOID ? NEG_EXP_HI_AT : NEG_TANH_MAX_AT;
    const hi = op == EXP ? EXP_HI_AT : op == SIGMOID ? NEG_EXP_LO_AT : TANH_MAX_AT;
    for (; i + 4 <= n; i += 4) {
      const p = x + <usize>i * 4;
      const v = v128.load(p);
      if (outsideF32x4(v, lo, hi)) {
        // a lane overflows, underflows or is NaN: these four take the scalar path
        for (let j = 0; j < 4; j++) store<f32>(o + <usize>(i + j) * 4, <f32>unaryScalar<T>(op, load<T>(p + <usize>j * 4)));
        continue;
      }
      const r = op == EXP ? expF32x4(v) : op == SIGMOID ? sigmoidF32x4(v) : tanhF32x4(v);
      v128.store(o + <usize>i * 4, r);
    }
  }
  for (; i < n; i++) {
    store<T>(at<T>(o, i * so), unaryScalar<T>(op, load<T>(at<T>(x, i * sx))));
  }
}

function unaryRow<T>(op: i32, o: usize, so: i32, x: usize, sx: i32, n: i32): void {
  switch (op) {
    case NEG: unaryLoop<T>(NEG, o, so, x, sx, n); break;
    case ABS: unaryLoop<T>(ABS, o, so, x, sx, n); break;
    case SIGN: unaryLoop<T>(SIGN, o, so, x, sx, n); break;
    case EXP: unaryLoop<T>(EXP, o, so, x, sx, n); break;
    case LOG: unaryLoop<T>(LOG, o, so, x, sx, n); break;
    case SQRT: unaryLoop<T>(SQRT, o, so, x, sx, n); break;
    case SIN: unaryLoop<T>(SIN, o, so, x, sx, n); break;
    case COS: unaryLoop<T>(COS, o, so, x, sx, n); break;
    case FLOOR: unaryLoop<T>(FLOOR, o, so, x, sx, n); break;
    case CEIL: unaryLoop<T>(CEIL, o, so, x, sx, n); break;
    case ROUND: unaryLoop<T>(ROUND, o, so, x, sx, n); break;
    case TANH: unaryLoop<T>(TANH, o, so, x, sx, n); break;
    case SIGMOID: unaryLoop<T>(SIGMOID, o, so, x, sx, n); break;
    case RELU: unaryLoop<T>(RELU, o, so, x, sx, n); break;
    case LOG1P: unaryLoop<T>(LOG1P, o, so, x, sx, n); break;
    case EXPM1: unaryLoop<T>(EXPM1, o, so, x, sx, n); break;
    case RSQRT: unaryLoop<T>(RSQRT, o, so, x, sx, n); break;
    case ERF: unaryLoop<T>(ERF, o, so, x, sx, n); break;
  }
}

function unary<T>(op: i32, out: usize, x: usize): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const sx = rowStep(1);
  for (let r = 0; r < rows; r++) {
    unaryRow<T>(op, at<T>(out, p0), so, at<T>(x, p1), sx, n);
    nextRow();
  }
}

export function unaryF32(op: i32, out: usize, x: usize): void {
  unary<f32>(op, out, x);
}
export function unaryF64(op: i32, out: usize, x: usize): void {
  unary<f64>(op, out, x);
}
export function unaryI32(op: i32, out: usize, x: usize): void {
  unary<i32>(op, out, x);
}

// ---- binary ----

/** int32 `a ** b` by squaring, wrapping; negative exponents give 0 unless a is ±1. */
function powInt(a: i32, b: i32): i32 {
  if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) == 0 ? 1 : -1) : 0;
  let r: i32 = 1;
  let base = a;
  let e = b;
  while (e != 0) {
    if (e & 1) r *= base;
    base *= base;
    e >>>= 1;
  }
  return r;
}

/** `a ** b` as C's pow: 1 ** NaN and (-1) ** ±Infinity are 1, where the Math port gives NaN. */
@inline function powFloat<T>(a: T, b: T): T {
  if (a == 1 || b == 0) return <T>1;
  if (a == -1 && !isFinite<T>(b) && b == b) return <T>1; // b = ±Infinity
  return isF32<T>() ? <T>Mathf.pow(<f32>a, <f32>b) : <T><f64>a ** <f64>b;
}

@inline function binaryScalar<T>(op: i32, a: T, b: T): T {
  if (isInteger<T>()) {
    if (op == ADD) return <T>(a + b);
    if (op == SUB) return <T>(a - b);
    if (op == MUL) return <T>(a * b);
    if (op == POW) return <T>powInt(<i32>a, <i32>b);
    if (op == MAXIMUM) return max<T>(a, b);
    if (op == MINIMUM) return min<T>(a, b);
    return a; // DIV never reaches integers
  } else {
    if (op == ADD) return a + b;
    if (op == SUB) return a - b;
    if (op == MUL) return a * b;
    if (op == DIV) return a / b;
    if (op == POW) return powFloat<T>(a, b);
    if (op == MAXIMUM) return max<T>(a, b); // f32.max / f64.max propagate NaN, as PyTorch does
    return min<T>(a, b);
  }
}

@inline function binarySimd<T>(op: i32): bool {
  if (op == POW) return false;
  return true;
}

@inline function binaryVector<T>(op: i32, a: v128, b: v128): v128 {
  if (isInteger<T>()) {
    if (op == ADD) return i32x4.add(a, b);
    if (op == SUB) return i32x4.sub(a, b);
    if (op == MUL) return i32x4.mul(a, b);
    if (op == MAXIMUM) return i32x4.max_s(a, b);
    return i32x4.min_s(a, b);
  } else if (isF32<T>()) {
    if (op == ADD) return f32x4.add(a, b);
    if (op == SUB) return f32x4.sub(a, b);
    if (op == MUL) return f32x4.mul(a, b);
    if (op == DIV) return f32x4.div(a, b);
    if (op == MAXIMUM) return f32x4.max(a, b);
    return f32x4.min(a, b);
  } else {
    if (op == ADD) return f64x2.add(a, b);
    if (op == SUB) return f64x2.sub(a, b);
    if (op == MUL) return f64x2.mul(a, b);
    if (op == DIV) return f64x2.div(a, b);
    if (op == MAXIMUM) return f64x2.max(a, b);
    return f64x2.min(a, b);
  }
}

@inline function splatOf<T>(p: usize): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(p);
  return v128.load64_splat(p);
}

@inline function binaryLoop<T>(op: i32, o: usize, so: i32, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  let i = 0;
  const size = sizeof<T>();
  if (binarySimd<T>(op) && so == 1) {
    const lanes = 16 / <i32>size;
    if (sa == 1 && sb == 1) {
      for (; i + lanes <= n; i += lanes) {
        const off = <usize>i * size;
        v128.store(o + off, binaryVector<T>(op, v128.load(a + off), v128.load(b + off)));
      }
    } else if (sa == 1 && sb == 0) {
      const vb = splatOf<T>(b);
      for (; i + lanes <= n; i += lanes) {
        const off = <usize>i * size;
        v128.store(o + off, binaryVector<T>(op, v128.load(a + off), vb));
      }
    } else if (sa == 0 && sb == 1) {
      const va = splatOf<T>(a);
      for (; i + lanes <= n; i += lanes) {
        const off = <usize>i * size;
        v128.store(o + off, binaryVector<T>(op, va, v128.load(b + off)));
      }
    }
  }
  for (; i < n; i++) {
    store<T>(at<T>(o, i * so), binaryScalar<T>(op, load<T>(at<T>(a, i * sa)), load<T>(at<T>(b, i * sb))));
  }
}

function binaryRow<T>(op: i32, o: usize, so: i32, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  switch (op) {
    case ADD: binaryLoop<T>(ADD, o, so, a, sa, b, sb, n); break;
    case SUB: binaryLoop<T>(SUB, o, so, a, sa, b, sb, n); break;
    case MUL: binaryLoop<T>(MUL, o, so, a, sa, b, sb, n); break;
    case DIV: binaryLoop<T>(DIV, o, so, a, sa, b, sb, n); break;
    case POW: binaryLoop<T>(POW, o, so, a, sa, b, sb, n); break;
    case MAXIMUM: binaryLoop<T>(MAXIMUM, o, so, a, sa, b, sb, n); break;
    case MINIMUM: binaryLoop<T>(MINIMUM, o, so, a, sa, b, sb, n); break;
  }
}

function binary<T>(op: i32, out: usize, a: usize, b: usize): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const sa = rowStep(1);
  const sb = rowStep(2);
  for (let r = 0; r < rows; r++) {
    binaryRow<T>(op, at<T>(out, p0), so, at<T>(a, p1), sa, at<T>(b, p2), sb, n);
    nextRow();
  }
}

export function binaryF32(op: i32, out: usize, a: usize, b: usize): void {
  binary<f32>(op, out, a, b);
}
export function binaryF64(op: i32, out: usize, a: usize, b: usize): void {
  binary<f64>(op, out, a, b);
}
export function binaryI32(op: i32, out: usize, a: usize, b: usize): void {
  binary<i32>(op, out, a, b);
}

// ---- comparisons (bool output) and where ----

function compare<T>(op: i32, out: usize, a: usize, b: usize): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const sa = rowStep(1);
  const sb = rowStep(2);
  // 32-bit operands, each dense or a broadcast scalar, into dense bytes (relu's x > 0): four
  // lanes per step, the lane masks narrowed to bytes and cut to 0/1
  const fast = sizeof<T>() == 4 && so == 1 && (sa == 0 || sa == 1) && (sb == 0 || sb == 1);
  for (let r = 0; r < rows; r++) {
    const o = at<u8>(out, p0);
    const pa = at<T>(a, p1);
    const pb = at<T>(b, p2);
    let i = 0;
    if (fast) {
      const va = v128.load32_splat(pa);
      const vb = v128.load32_splat(pb);
      const one = i8x16.splat(1);
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        const x = sa == 1 ? v128.load(pa + off) : va;
        const y = sb == 1 ? v128.load(pb + off) : vb;
        let m: v128;
        if (isFloat<T>()) m = op == EQUAL ? f32x4.eq(x, y) : f32x4.lt(x, y);
        else if (isSigned<T>()) m = op == EQUAL ? i32x4.eq(x, y) : i32x4.lt_s(x, y);
        else m = op == EQUAL ? i32x4.eq(x, y) : i32x4.lt_u(x, y);
        const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m, m), i16x8.splat(0));
        v128.store32_lane(o + <usize>i, v128.and(bytes, one), 0);
      }
    }
    if (op == EQUAL) {
      for (; i < n; i++) store<u8>(at<u8>(o, i * so), <u8>(load<T>(at<T>(pa, i * sa)) == load<T>(at<T>(pb, i * sb))));
    } else {
      for (; i < n; i++) store<u8>(at<u8>(o, i * so), <u8>(load<T>(at<T>(pa, i * sa)) < load<T>(at<T>(pb, i * sb))));
    }
    nextRow();
  }
}

export function compareF32(op: i32, out: usize, a: usize, b: usize): void {
  compare<f32>(op, out, a, b);
}
export function compareF64(op: i32, out: usize, a: usize, b: usize): void {
  compare<f64>(op, out, a, b);
}
export function compareI32(op: i32, out: usize, a: usize, b: usize): void {
  compare<i32>(op, out, a, b);
}
export function compareU8(op: i32, out: usize, a: usize, b: usize): void {
  compare<u8>(op, out, a, b);
}

/** `cond ? a : b`; operands: 0 out, 1 cond (bytes), 2 a, 3 b. T only sets the width. */
function where<T>(out: usize, cond: usize, a: usize, b: usize): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const sc = rowStep(1);
  const sa = rowStep(2);
  const sb = rowStep(3);
  // 32-bit elements with a dense output and condition, and each branch dense or a broadcast
  // scalar (relu's gradient, masks): four lanes per step, the bytes widened into lane masks
  const fast = sizeof<T>() == 4 && so == 1 && sc == 1 && (sa == 0 || sa == 1) && (sb == 0 || sb == 1);
  for (let r = 0; r < rows; r++) {
    const o = at<T>(out, p0);
    const pc = at<u8>(cond, p1);
    const pa = at<T>(a, p2);
    const pb = at<T>(b, p3);
    let i = 0;
    if (fast) {
      const va = v128.load32_splat(pa);
      const vb = v128.load32_splat(pb);
      for (; i + 4 <= n; i += 4) {
        const bytes = v128.load32_zero(pc + <usize>i);
        const mask = i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes)), i32x4.splat(0));
        const off = <usize>i << 2;
        const x = sa == 1 ? v128.load(pa + off) : va;
        const y = sb == 1 ? v128.load(pb + off) : vb;
        v128.store(o + off, v128.bitselect(x, y, mask));
      }
    }
    for (; i < n; i++) {
      const v = load<u8>(at<u8>(pc, i * sc)) != 0 ? load<T>(at<T>(pa, i * sa)) : load<T>(at<T>(pb, i * sb));
      store<T>(at<T>(o, i * so), v);
    }
    nextRow();
  }
}

export function where8(out: usize, cond: usize, a: usize, b: usize): void {
  where<u8>(out, cond, a, b);
}
export function where32(out: usize, cond: usize, a: usize, b: usize): void {
  where<u32>(out, cond, a, b);
}
export function where64(out: usize, cond: usize, a: usize, b: usize): void {
  where<u64>(out, cond, a, b);
}

// ---- copy (any destination strides: copy, concat) and cast ----

function copy<T>(out: usize, x: usize): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const sx = rowStep(1);
  for (let r = 0; r < rows; r++) {
    const o = at<T>(out, p0);
    const px = at<T>(x, p1);
    if (so == 1 && sx == 1) memory.copy(o, px, <usize>n * sizeof<T>());
    else for (let i = 0; i < n; i++) store<T>(at<T>(o, i * so), load<T>(at<T>(px, i * sx)));
    nextRow();
  }
}

export function copy8(out: usize, x: usize): void {
  copy<u8>(out, x);
}
export function copy32(out: usize, x: usize): void {
  copy<u32>(out, x);
}
export function copy64(out: usize, x: usize): void {
  copy<u64>(out, x);
}

@inline function convert<S, D>(v: S): D {
  if (sizeof<D>() == 1) return <D>(v != 0); // bool: anything nonzero, NaN included, is true
  if (isInteger<D>() && isFloat<S>()) {
    // truncate toward zero; NaN gives 0; out-of-range values clamp
    const f = <f64>v;
    if (f != f) return <D>0;
    if (f >= 2147483647.0) return <D>2147483647;
    if (f <= -2147483648.0) return <D>(-2147483648);
    return <D>(<i32>f);
  }
  return <D>v;
}

function cast<S, D>(out: usize, x: usize): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const sx = rowStep(1);
  for (let r = 0; r < rows; r++) {
    const o = at<D>(out, p0);
    const px = at<S>(x, p1);
    for (let i = 0; i < n; i++) store<D>(at<D>(o, i * so), convert<S, D>(load<S>(at<S>(px, i * sx))));
    nextRow();
  }
}

// Dtype codes: 0 float32, 1 int32, 2 bool, 3 float64.
export function castKernel(from: i32, to: i32, out: usize, x: usize): void {
  switch (from * 4 + to) {
    case 0 * 4 + 1: cast<f32, i32>(out, x); break;
    case 0 * 4 + 2: cast<f32, u8>(out, x); break;
    case 0 * 4 + 3: cast<f32, f64>(out, x); break;
    case 1 * 4 + 0: cast<i32, f32>(out, x); break;
    case 1 * 4 + 2: cast<i32, u8>(out, x); break;
    case 1 * 4 + 3: cast<i32, f64>(out, x); break;
    case 2 * 4 + 0: cast<u8, f32>(out, x); break;
    case 2 * 4 + 1: cast<u8, i32>(out, x); break;
    case 2 * 4 + 3: cast<u8, f64>(out, x); break;
    case 3 * 4 + 0: cast<f64, f32>(out, x); break;
    case 3 * 4 + 1: cast<f64, i32>(out, x); break;
    case 3 * 4 + 2: cast<f64, u8>(out, x); break;
  }
}
