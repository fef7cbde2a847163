// float32 exp, sigmoid and tanh four lanes at a time, for the contiguous loops of elementwise.ts.
// Cephes' single-precision algorithms (range reduction by ln 2 in two parts, a degree-5
// polynomial, the power of two built in the exponent bits; tanh's odd polynomial near zero):
// within 2 ulp of the correctly rounded value where they apply. Each function says the range it
// covers; callers run lanes outside it (overflow, underflow to subnormals, NaN) through the
// scalar libm path, so edge values are exactly the scalar ones.

/** exp is computed in vectors for x in [EXP_LO, EXP_HI]: the result stays a normal float. */
export const EXP_LO: f32 = -87.0;
export const EXP_HI: f32 = 88.0;
/** tanh is computed in vectors for |x| ≤ TANH_MAX (beyond it tanh rounds to ±1 in float32). */
export const TANH_MAX: f32 = 9.0;

const LOG2E: f32 = 1.44269504088896341;
/** 1.5·2²³: a float this large has no fraction bits, so adding it rounds to an integer. */
const ROUNDER: f32 = 12582912.0;
// ln 2 = C1 + C2, C1 with few mantissa bits so that n·C1 is exact
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;

/** e^x for x in [EXP_LO, EXP_HI]. */
@inline export function expF32x4(x: v128): v128 {
  // n = round(x·log2 e) by the 1.5·2²³ trick: adding it leaves n in the low mantissa bits (exact
  // for |n| < 2²²), so the integer comes from a subtraction of bit patterns, not a conversion
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(ROUNDER));
  const n = f32x4.sub(shifted, f32x4.splat(ROUNDER));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(C1)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(C2)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  // e^r = 1 + r + r²·p
  const er = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2^n from the exponent bits: n + 127 shifted into place
  const pow2 = i32x4.shl(i32x4.add(i32x4.sub(shifted, f32x4.splat(ROUNDER)), i32x4.splat(127)), 23);
  return f32x4.mul(er, pow2);
}

/** 1 / (1 + e^-x) for x in [-EXP_HI, -EXP_LO]. */
@inline export function sigmoidF32x4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expF32x4(f32x4.neg(x))));
}

/**
 * tanh x for |x| ≤ TANH_MAX: an odd polynomial below 0.625 (where 1 − 2/(e^{2x} + 1) would lose
 * the leading digits to cancellation), that formula with the sign restored above.
 */
@inline export function tanhF32x4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const one = f32x4.splat(1);
  const e = expF32x4(f32x4.add(ax, ax));
  const large = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(e, one)));
  const magnitude = v128.bitselect(f32x4.abs(small), large, f32x4.lt(ax, f32x4.splat(0.625)));
  // x's sign on the magnitude: tanh is odd, and tanh(-0) is -0
  return v128.or(magnitude, v128.and(x, v128.splat<i32>(0x80000000)));
}

/** Lanes where the vector form of `op` does not apply: out of its range, or NaN. */
@inline export function outsideF32x4(x: v128, lo: f32, hi: f32): bool {
  const inside = v128.and(f32x4.ge(x, f32x4.splat(lo)), f32x4.le(x, f32x4.splat(hi)));
  return !v128.all_true<i32>(inside);
}
