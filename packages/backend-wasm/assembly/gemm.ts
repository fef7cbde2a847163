// C += A · B for one matrix of a batch, the GotoBLAS/BLIS way:
// - B is packed KC×NC at a time into panels of NR columns, A MC×KC at a time into panels of MR
//   rows (zero-padded at the edges), so the micro-kernel reads only unit-stride memory whatever
//   the operands' strides (transposed, sliced, broadcast).
// - Sizes: a KC×NR panel of B (8 KiB) stays in L1 while the micro-kernel sweeps the MC×KC block
//   of A (64 KiB, in L2; 64 rows measured 3–4% faster than 128 at n = 256…1024); the B block
//   (KC×NC, 2 MiB) streams from L2/L3.
// - The micro-kernel keeps an MR×NR tile of C in 8 v128 accumulators (4 rows × 2 vectors) and,
//   per k, loads 2 vectors of B and splats 4 values of A: 8 multiply-adds, fused with relaxed SIMD.
// - Other tiles, measured on V8 (Node 20): 6×8 and 4×12 need 15 and 16 vector registers, V8 keeps
//   one for itself and spills; 3×12 (9 accumulators) ran 5–7% faster as a bare micro-kernel but
//   no faster in the whole gemm, and wastes a part-tile on every power-of-two size.
// The first K block writes C (or adds into it, when the caller accumulates); later ones add.
import { at } from "./iter";

export const MR: i32 = 4;
export const KC: i32 = 256;
export const MC: i32 = 64;
const NC: i32 = 2048;
/** Bytes at the start of the scratch for edge tiles (MR rows of 32 bytes): per call, not static, so threads sharing the memory each use their own. */
export const TILE_BYTES: i32 = MR * 32;


@inline export function nrOf<T>(): i32 {
  return <i32>(32 / sizeof<T>());
}

@inline function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (sizeof<T>() == 4) {
    if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
    return f32x4.add(f32x4.mul(a, b), c);
  }
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/** Bytes of packing scratch for an M×N×K product of T (A block then B block). */
export function gemmScratchBytes(M: i32, N: i32, K: i32, size: i32): i32 {
  const nr = 32 / size;
  const mc = min(roundUp(M, MR), MC);
  const kc = min(K, KC);
  const nc = min(roundUp(N, nr), NC);
  return TILE_BYTES + (mc * kc + kc * nc) * size + 64;
}

@inline export function roundUp(n: i32, m: i32): i32 {
  return ((n + m - 1) / m) * m;
}

/**
 * Writes the transpose of the 4×4 float32 block whose rows are `r0`…`r3` as four vectors at
 * `d`, `d + step`, `d + 2·step`, `d + 3·step` (bytes): vector k holds lane k of each row.
 */
@inline function storeTransposed4x4(d: usize, step: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(d + step, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(d + 2 * step, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(d + 3 * step, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

export function packA<T>(dst: usize, a: usize, ars: i32, acs: i32, i0: i32, k0: i32, mc: i32, kc: i32): void {
  const size = sizeof<T>();
  let d = dst;
  for (let i = 0; i < mc; i += MR) {
    const base = i0 + i;
    if (mc - i >= MR) {
      let s0 = base * ars + k0 * acs;
      const r1 = ars;
      const r2 = 2 * ars;
      const r3 = 3 * ars;
      let k = 0;
      if (sizeof<T>() == 4 && acs == 1) {
        // row-major A: four k of each of the 4 rows, transposed into four k-steps of the panel
        for (; k + 4 <= kc; k += 4) {
          const p = at<T>(a, s0);
          storeTransposed4x4(
            d, 16,
            v128.load(p), v128.load(at<T>(p, r1)), v128.load(at<T>(p, r2)), v128.load(at<T>(p, r3)),
          );
          d += 64;
          s0 += 4;
        }
      } else if (sizeof<T>() == 4 && ars == 1) {
        // A stored transposed (xᵀ in a weight gradient): the 4 rows of one k are adjacent
        for (; k < kc; k++) {
          v128.store(d, v128.load(at<T>(a, s0)));
          d += 16;
          s0 += acs;
        }
      }
      for (; k < kc; k++) {
        store<T>(d, load<T>(at<T>(a, s0)));
        store<T>(d + size, load<T>(at<T>(a, s0 + r1)));
        store<T>(d + 2 * size, load<T>(at<T>(a, s0 + r2)));
        store<T>(d + 3 * size, load<T>(at<T>(a, s0 + r3)));
        d += 4 * size;
        s0 += acs;
      }
    } else {
      const rows = mc - i;
      for (let k = 0; k < kc; k++) {
        for (let r = 0; r < MR; r++) {
          store<T>(d, r < rows ? load<T>(at<T>(a, (base + r) * ars + (k0 + k) * acs)) : <T>0);
          d += size;
        }
      }
    }
  }
}

export function packB<T>(dst: usize, b: usize, brs: i32, bcs: i32, k0: i32, j0: i32, kc: i32, nc: i32): void {
  const size = sizeof<T>();
  const nr = nrOf<T>();
  let d = dst;
  for (let j = 0; j < nc; j += nr) {
    const width = min(nr, nc - j);
    let s = k0 * brs + (j0 + j) * bcs;
    if (width == nr && bcs == 1) {
      for (let k = 0; k < kc; k++) {
        const p = at<T>(b, s);
        v128.store(d, v128.load(p));
        v128.store(d, v128.load(p, 16), 16);
        d += 32;
        s += brs;
      }
    } else if (sizeof<T>() == 4 && width == nr && brs == 1) {
      // B stored transposed (x·Wᵀ, a Linear layer's forward): each of the 8 columns runs along
      // k; four k of 8 columns become four k-steps of the panel through two 4×4 transposes
      let k = 0;
      for (; k + 4 <= kc; k += 4, s += 4) {
        const p = at<T>(b, s);
        storeTransposed4x4(
          d, 32,
          v128.load(p), v128.load(at<T>(p, bcs)), v128.load(at<T>(p, 2 * bcs)), v128.load(at<T>(p, 3 * bcs)),
        );
        storeTransposed4x4(
          d + 16, 32,
          v128.load(at<T>(p, 4 * bcs)), v128.load(at<T>(p, 5 * bcs)), v128.load(at<T>(p, 6 * bcs)), v128.load(at<T>(p, 7 * bcs)),
        );
        d += 128;
      }
      for (; k < kc; k++, s++) {
        for (let c = 0; c < nr; c++) store<T>(d + <usize>c * size, load<T>(at<T>(b, s + c * bcs)));
        d += 32;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        let c = 0;
        for (; c < width; c++) store<T>(d + <usize>c * size, load<T>(at<T>(b, s + c * bcs)));
        for (; c < nr; c++) store<T>(d + <usize>c * size, <T>0);
        d += 32;
        s += brs;
      }
    }
  }
}

/**
 * c[0..MR)[0..NR) = (add ? c : 0) + Ap (MR×kc panel) · Bp (kc×NR panel); `ldc` in bytes.
 * Starting from zeros on the first K block saves the caller a pass zero-filling C.
 */
@inline function microKernel<T>(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, add: bool): void {
  const size = <usize>sizeof<T>();
  let c00 = v128.splat<i32>(0);
  let c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  if (add) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc);
    c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc);
    c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc);
    c31 = v128.load(c + 3 * ldc, 16);
  }
  // Written for V8's x64 code (each choice measured, together +10% on one thread and on two):
  // - each row's A value is loaded with the row's byte offset as the load's immediate offset:
  //   `pa + r·size` in i32 arithmetic cannot be folded into the x64 address (a wasm32 add may
  //   wrap), which costs an instruction per row;
  // - the loop runs on B's pointer against its end, without a separate counter;
  // - no manual unrolling: V8 unrolls this loop itself, and unrolled by hand it schedules every
  //   load first and spills.
  const end = pb + <usize>kc * 32;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = sizeof<T>() == 4 ? v128.load32_splat(pa, 0) : v128.load64_splat(pa, 0);
    c00 = madd<T>(a, b0, c00);
    c01 = madd<T>(a, b1, c01);
    a = sizeof<T>() == 4 ? v128.load32_splat(pa, 4) : v128.load64_splat(pa, 8);
    c10 = madd<T>(a, b0, c10);
    c11 = madd<T>(a, b1, c11);
    a = sizeof<T>() == 4 ? v128.load32_splat(pa, 8) : v128.load64_splat(pa, 16);
    c20 = madd<T>(a, b0, c20);
    c21 = madd<T>(a, b1, c21);
    a = sizeof<T>() == 4 ? v128.load32_splat(pa, 12) : v128.load64_splat(pa, 24);
    c30 = madd<T>(a, b0, c30);
    c31 = madd<T>(a, b1, c31);
    pa += 4 * size;
    pb += 32;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/**
 * The mc×nc block of C at `c` (rows `ldc` bytes apart) = (add ? itself : 0) + the packed mc×kc
 * block of A at `ap` · the packed kc×nc block of B at `bp`, micro-tile by micro-tile; edge tiles
 * go through the MR×NR scratch `tile`.
 */
@inline export function multiplyPacked<T>(
  ap: usize, bp: usize, kc: i32, mc: i32, nc: i32,
  c: usize, ldc: usize, tile: usize, add: bool,
): void {
  const size = sizeof<T>();
  const nr = nrOf<T>();
  for (let jr = 0; jr < nc; jr += nr) {
    const width = min(nr, nc - jr);
    const pb = bp + <usize>(jr * kc) * size;
    for (let ir = 0; ir < mc; ir += MR) {
      const height = min(MR, mc - ir);
      const pa = ap + <usize>(ir * kc) * size;
      const cp = c + <usize>ir * ldc + <usize>jr * size;
      if (height == MR && width == nr) {
        microKernel<T>(pa, pb, kc, cp, ldc, add);
      } else {
        microKernel<T>(pa, pb, kc, tile, 32, false);
        for (let r = 0; r < height; r++) {
          for (let q = 0; q < width; q++) {
            const dst = cp + <usize>r * ldc + <usize>q * size;
            const v = load<T>(tile + <usize>(r * 32) + <usize>q * size);
            store<T>(dst, add ? <T>(load<T>(dst) + v) : v);
          }
        }
      }
    }
  }
}

/**
 * C = A · B (`accumulate` false: C's old contents are ignored, and with K = 0 it is left as it
 * was) or C += A · B (`accumulate` true). Strides in elements; C's rows are `ldc` elements apart
 * (N for a whole matrix; more when a thread computes a band of columns of a wider C).
 */
export function gemm<T>(
  M: i32, N: i32, K: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldcElements: i32, scratch: usize, accumulate: bool,
): void {
  const size = sizeof<T>();
  const ldc = <usize>ldcElements * size;
  const mcMax = min(roundUp(M, MR), MC);
  const kcMax = min(K, KC);
  const tile = (scratch + 15) & ~15;
  const ap = tile + TILE_BYTES;
  const bp = ap + <usize>(mcMax * kcMax) * size;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packB<T>(bp, b, brs, bcs, pc, jc, kc, nc);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA<T>(ap, a, ars, acs, ic, pc, mc, kc);
        const cBlock = c + <usize>ic * ldc + <usize>jc * size;
        multiplyPacked<T>(ap, bp, kc, mc, nc, cBlock, ldc, tile, accumulate || pc > 0);
      }
    }
  }
}

export function gemmF32(
  M: i32, N: i32, K: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32, scratch: usize,
): void {
  gemm<f32>(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, scratch, false);
}

export function gemmF64(
  M: i32, N: i32, K: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32, scratch: usize,
): void {
  gemm<f64>(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, scratch, false);
}
