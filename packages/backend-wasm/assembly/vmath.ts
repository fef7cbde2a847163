// float32 exp, sigmoid and tanh four lanes at a time, for the contiguous loops of elementwise.ts.
// Cephes' single-precision algorithms (range reduction by ln 2 in two parts, a degree-5
// polynomial, the power of two built in the exponent bits; tanh's odd polynomial near zero):
// within 2 ulp of the correctly rounded value where they apply. Each function says the range it
// covers; callers run lanes outside it (overflow, underflow to subnormals, NaN) through the
// scalar libm path, so edge values are exactly the scalar ones.

/** exp is computed in vectors for x in [EXP_LO, EXP_HI]: the result stays a normal float. */
const EXP_LO: f32 = -87.0;
const EXP_HI: f32 = 88.0;
/** tanh is computed in vectors for |x| ≤ TANH_MAX (beyond it tanh rounds to ±1 in float32). */
const TANH_MAX: f32 = 9.0;

// Every constant of the vector code lives in this static table and is broadcast from it with
// one load (`k(i)`), not written as a v128 literal: V8 (through at least Node 20) materialises
// each v128 literal inside the loop, with three instructions including a 10-byte move, and
// hoists none, which made the vector exp slower than twice the scalar one. Binaryen does not
// fold loads from memory, so the table survives optimisation.
const K: usize = memory.data<f32>([
  1.44269504088896341, // 0: log2 e
  12582912.0, // 1: 1.5·2²³, a float this large has no fraction bits: adding it rounds to an integer
  0.693359375, // 2: ln 2 = C1 + C2, C1 with few mantissa bits so that n·C1 is exact
  -2.12194440e-4, // 3: C2
  1.9875691500e-4, // 4…9: exp's polynomial, highest degree first
  1.3981999507e-3,
  8.3334519073e-3,
  4.1665795894e-2,
  1.6666665459e-1,
  5.0000001201e-1,
  1.0, // 10
  2.0, // 11
  0.625, // 12: below it tanh uses its polynomial
  -5.70498872745e-3, // 13…17: tanh's polynomial, highest degree first
  2.06390887954e-2,
  -5.37397155531e-2,
  1.33314422036e-1,
  -3.33332819422e-1,
  0.0, // 18
  // 19…24: the ranges callers test with outsideF32x4 (…_AT below)
  EXP_LO,
  EXP_HI,
  -EXP_HI,
  -EXP_LO,
  TANH_MAX,
  -TANH_MAX,
], 16);

/** Where the table holds each range bound that callers pass to {@link outsideF32x4}. */
export const ZERO_AT: i32 = 18;
export const EXP_LO_AT: i32 = 19;
export const EXP_HI_AT: i32 = 20;
export const NEG_EXP_HI_AT: i32 = 21;
export const NEG_EXP_LO_AT: i32 = 22;
export const TANH_MAX_AT: i32 = 23;
export const NEG_TANH_MAX_AT: i32 = 24;
// the integer constants, as raw bits
const KI: usize = memory.data<i32>([127, 0x80000000], 16);

/** a·b + c: fused in the relaxed-SIMD build (one rounding, and half the dependent steps of a polynomial). */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Constant `i` of the table, in all four lanes. */
@inline function k(i: i32): v128 {
  return v128.load32_splat(K + <usize>i * 4);
}

/** e^x for x in [EXP_LO, EXP_HI]. */
@inline export function expF32x4(x: v128): v128 {
  // n = round(x·log2 e) by the 1.5·2²³ trick: adding it leaves n in the low mantissa bits (exact
  // for |n| < 2²²), so the integer comes from a subtraction of bit patterns, not a conversion
  const rounder = k(1);
  const shifted = f32x4.add(f32x4.mul(x, k(0)), rounder);
  const n = f32x4.sub(shifted, rounder);
  let r = f32x4.sub(x, f32x4.mul(n, k(2)));
  r = f32x4.sub(r, f32x4.mul(n, k(3)));
  let p = k(4);
  p = madd(p, r, k(5));
  p = madd(p, r, k(6));
  p = madd(p, r, k(7));
  p = madd(p, r, k(8));
  p = madd(p, r, k(9));
  // e^r = 1 + r + r²·p
  const er = f32x4.add(madd(f32x4.mul(p, r), r, r), k(10));
  // 2^n from the exponent bits: n + 127 shifted into place
  const pow2 = i32x4.shl(i32x4.add(i32x4.sub(shifted, rounder), v128.load32_splat(KI)), 23);
  return f32x4.mul(er, pow2);
}

/** 1 / (1 + e^-x) for x in [-EXP_HI, -EXP_LO]. */
@inline export function sigmoidF32x4(x: v128): v128 {
  const one = k(10);
  return f32x4.div(one, f32x4.add(one, expF32x4(f32x4.neg(x))));
}

/**
 * tanh x for |x| ≤ TANH_MAX: an odd polynomial below 0.625 (where 1 − 2/(e^{2x} + 1) would lose
 * the leading digits to cancellation), that formula with the sign restored above.
 */
@inline export function tanhF32x4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = k(13);
  p = madd(p, z, k(14));
  p = madd(p, z, k(15));
  p = madd(p, z, k(16));
  p = madd(p, z, k(17));
  const small = madd(f32x4.mul(p, z), x, x);
  const one = k(10);
  const e = expF32x4(f32x4.add(ax, ax));
  const large = f32x4.sub(one, f32x4.div(k(11), f32x4.add(e, one)));
  const magnitude = v128.bitselect(f32x4.abs(small), large, f32x4.lt(ax, k(12)));
  // x's sign on the magnitude: tanh is odd, and tanh(-0) is -0
  return v128.or(magnitude, v128.and(x, v128.load32_splat(KI + 4)));
}

/**
 * Lanes where the vector form of `op` does not apply: out of its range, or NaN. The range is
 * [table[lo], table[hi]], by index (`EXP_LO_AT`, …), so that it too is a load, not a literal.
 */
@inline export function outsideF32x4(x: v128, lo: i32, hi: i32): bool {
  const inside = v128.and(f32x4.ge(x, k(lo)), f32x4.le(x, k(hi)));
  return !v128.all_true<i32>(inside);
}
