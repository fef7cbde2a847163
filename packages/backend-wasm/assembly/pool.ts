// NCHW max and average pooling and their gradients. The host writes the geometry (geometry.ts):
// `x` (and `dy`) strides, window, padding, dilation; `x`/`dy` pointers include the view offsets.
// Outputs are contiguous. Taps in the padding are skipped: -Infinity never wins a max, and zero
// adds nothing to a sum.
import { geo } from "./window";
import {
  G_C, G_DIL_H, G_DIL_W, G_DSC, G_DSH, G_DSN, G_DSW, G_H, G_INCLUDE_PAD, G_KH, G_KW, G_LEFT, G_N,
  G_OH, G_OW, G_STRIDE_H, G_STRIDE_W, G_TOP, G_W, G_XSC, G_XSH, G_XSN, G_XSW,
} from "./geometry";
import { at } from "./iter";

/** First tap index k with 0 ≤ start + k·step (taps before it fall in the top or left padding). */
@inline function firstTap(start: i32, step: i32): i32 {
  if (start >= 0) return 0;
  return step == 1 ? -start : (-start + step - 1) / step;
}

/** One past the last tap index k (at most `taps`) with start + k·step < size. */
@inline function endTap(start: i32, step: i32, size: i32, taps: i32): i32 {
  const room = size - 1 - start;
  if (room < 0) return 0;
  return min(taps, step == 1 ? room + 1 : room / step + 1); // integer division is slow: skip it for step 1
}

/** `v` is the new running maximum: greater, or NaN (and the first NaN stays). */
@inline function beats<T>(v: T, m: T): bool {
  return (v > m) | (v != v);
}

// ---- the common case: 2×2 windows, stride 2, no padding or dilation, unit-stride rows ----
// Four outputs per step: two v128 loads of a row give 8 inputs, split into even and odd columns
// (the left and right taps of 4 windows). Windows do not overlap, so the gradient writes each
// input position at most once and needs no accumulation.

@inline function isPair2x2(): bool {
  return geo(G_KH) == 2 && geo(G_KW) == 2 && geo(G_STRIDE_H) == 2 && geo(G_STRIDE_W) == 2 &&
    geo(G_TOP) == 0 && geo(G_LEFT) == 0 && geo(G_DIL_H) == 1 && geo(G_DIL_W) == 1 && geo(G_XSW) == 1;
}

@inline function evens(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(a, b, 0, 2, 4, 6);
}
@inline function odds(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(a, b, 1, 3, 5, 7);
}
/** Lanes where `v` becomes the running max value: greater, or NaN (the forward's rule). */
@inline function beatsV(v: v128, m: v128): v128 {
  return v128.or(f32x4.gt(v, m), f32x4.ne(v, v));
}
/** Lanes where tap `v` takes over as the first maximum: greater, or the first NaN (the gradient's rule). */
@inline function takesOver(v: v128, m: v128): v128 {
  return v128.or(f32x4.gt(v, m), v128.and(f32x4.ne(v, v), f32x4.eq(m, m)));
}

function maxPool2x2F32(out: usize, x: usize): void {
  const N = geo(G_N), C = geo(G_C), OH = geo(G_OH), OW = geo(G_OW);
  const xsn = geo(G_XSN), xsc = geo(G_XSC), xsh = geo(G_XSH);
  let o = out;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oh = 0; oh < OH; oh++) {
        const r0 = at<f32>(x, n * xsn + c * xsc + 2 * oh * xsh);
        const r1 = at<f32>(x, n * xsn + c * xsc + (2 * oh + 1) * xsh);
        let ow = 0;
        for (; ow + 4 <= OW; ow += 4) {
          const off = <usize>ow << 3;
          const a0 = v128.load(r0 + off), b0 = v128.load(r0 + off, 16);
          const a1 = v128.load(r1 + off), b1 = v128.load(r1 + off, 16);
          let m = evens(a0, b0);
          let v = odds(a0, b0);
          m = v128.bitselect(v, m, beatsV(v, m));
          v = evens(a1, b1);
          m = v128.bitselect(v, m, beatsV(v, m));
          v = odds(a1, b1);
          m = v128.bitselect(v, m, beatsV(v, m));
          v128.store(o, m);
          o += 16;
        }
        for (; ow < OW; ow++) {
          const off = <usize>ow << 3;
          let m = load<f32>(r0 + off);
          let v = load<f32>(r0 + off, 4);
          m = select<f32>(v, m, beats<f32>(v, m));
          v = load<f32>(r1 + off);
          m = select<f32>(v, m, beats<f32>(v, m));
          v = load<f32>(r1 + off, 4);
          m = select<f32>(v, m, beats<f32>(v, m));
          store<f32>(o, m);
          o += 4;
        }
      }
    }
  }
}

/**
 * The 2×2 stride-2 gradient: per window, which tap wins (as the scalar rule picks it: the first
 * maximum, the first NaN), then each tap's input position gets `dy` where it won and 0 elsewhere.
 */
function maxPool2x2BackwardF32(dx: usize, dy: usize, x: usize): void {
  const N = geo(G_N), C = geo(G_C), H = geo(G_H), W = geo(G_W), OH = geo(G_OH), OW = geo(G_OW);
  const xsn = geo(G_XSN), xsc = geo(G_XSC), xsh = geo(G_XSH);
  const dsn = geo(G_DSN), dsc = geo(G_DSC), dsh = geo(G_DSH), dsw = geo(G_DSW);
  memory.fill(dx, 0, <usize>(N * C * H * W) << 2);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oh = 0; oh < OH; oh++) {
        const r0 = at<f32>(x, n * xsn + c * xsc + 2 * oh * xsh);
        const r1 = at<f32>(x, n * xsn + c * xsc + (2 * oh + 1) * xsh);
        const d0 = at<f32>(dx, ((n * C + c) * H + 2 * oh) * W);
        const d1 = d0 + (<usize>W << 2);
        const g = at<f32>(dy, n * dsn + c * dsc + oh * dsh);
        let ow = 0;
        if (dsw == 1) {
          for (; ow + 4 <= OW; ow += 4) {
            const off = <usize>ow << 3;
            const a0 = v128.load(r0 + off), b0 = v128.load(r0 + off, 16);
            const a1 = v128.load(r1 + off), b1 = v128.load(r1 + off, 16);
            const t0 = evens(a0, b0), t1 = odds(a0, b0), t2 = evens(a1, b1), t3 = odds(a1, b1);
            // w1..w3: tap k beats every earlier tap's running max; the last such tap is the winner
            let m = t0;
            const w1 = takesOver(t1, m);
            m = v128.bitselect(t1, m, w1);
            const w2 = takesOver(t2, m);
            m = v128.bitselect(t2, m, w2);
            const w3 = takesOver(t3, m);
            const k3 = w3;
            const k2 = v128.andnot(w2, w3);
            const k1 = v128.andnot(v128.andnot(w1, w2), w3);
            const k0 = v128.not(v128.or(v128.or(w1, w2), w3));
            const gv = v128.load(g + (<usize>ow << 2));
            const g0 = v128.and(gv, k0), g1 = v128.and(gv, k1), g2 = v128.and(gv, k2), g3 = v128.and(gv, k3);
            // interleave back: row 0 holds taps 0 and 1 of each window, row 1 taps 2 and 3
            v128.store(d0 + off, v128.shuffle<f32>(g0, g1, 0, 4, 1, 5));
            v128.store(d0 + off, v128.shuffle<f32>(g0, g1, 2, 6, 3, 7), 16);
            v128.store(d1 + off, v128.shuffle<f32>(g2, g3, 0, 4, 1, 5));
            v128.store(d1 + off, v128.shuffle<f32>(g2, g3, 2, 6, 3, 7), 16);
          }
        }
        for (; ow < OW; ow++) {
          const off = <usize>ow << 3;
          let m = load<f32>(r0 + off);
          let best: i32 = 0;
          let v = load<f32>(r0 + off, 4);
          let win = (v > m) | ((v != v) & (m == m));
          m = select<f32>(v, m, win);
          best = select<i32>(1, best, win);
          v = load<f32>(r1 + off);
          win = (v > m) | ((v != v) & (m == m));
          m = select<f32>(v, m, win);
          best = select<i32>(2, best, win);
          v = load<f32>(r1 + off, 4);
          win = (v > m) | ((v != v) & (m == m));
          best = select<i32>(3, best, win);
          const row = best < 2 ? d0 : d1;
          store<f32>(row + off + (<usize>(best & 1) << 2), load<f32>(g + (<usize>(ow * dsw) << 2)));
        }
      }
    }
  }
}

/**
 * Pooling over each window's taps inside the input, forward (`dx` = 0: one value per window into
 * `out`) or backward (`dy` routed into the zeroed `dx`).
 * - Max: taps in row-major order, strictly greater keeps the first maximum, NaN counts as the
 *   maximum (the first NaN wins, and the max is NaN); a window of only -Infinity routes its
 *   gradient to its first in-bounds tap; a window with no tap inside gives -Infinity.
 * - Average (zero padding, dilation 1): the sum (in float64) over KH·KW (`countIncludePad`) or
 *   over the taps inside; the gradient spreads dy / divisor over those taps; a window with no tap
 *   inside gives 0 rather than 0/0.
 */
function pool<T>(average: bool, out: usize, dx: usize, dy: usize, x: usize): void {
  const N = geo(G_N), C = geo(G_C), H = geo(G_H), W = geo(G_W), OH = geo(G_OH), OW = geo(G_OW);
  const KH = geo(G_KH), KW = geo(G_KW), sh = geo(G_STRIDE_H), sw = geo(G_STRIDE_W);
  const top = geo(G_TOP), left = geo(G_LEFT), dh = geo(G_DIL_H), dw = geo(G_DIL_W);
  const xsn = geo(G_XSN), xsc = geo(G_XSC), xsh = geo(G_XSH), xsw = geo(G_XSW);
  const dsn = geo(G_DSN), dsc = geo(G_DSC), dsh = geo(G_DSH), dsw = geo(G_DSW);
  const includePad = geo(G_INCLUDE_PAD) != 0;
  const backward = dx != 0;
  if (backward) memory.fill(dx, 0, <usize>(N * C * H * W) * sizeof<T>());
  let o = out;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xBase = n * xsn + c * xsc;
      const dBase = n * dsn + c * dsc;
      const oBase = (n * C + c) * H * W;
      for (let oh = 0; oh < OH; oh++) {
        const ih0 = oh * sh - top;
        const kh0 = firstTap(ih0, dh);
        const kh1 = endTap(ih0, dh, H, KH);
        for (let ow = 0; ow < OW; ow++) {
          const iw0 = ow * sw - left;
          const kw0 = firstTap(iw0, dw);
          const kw1 = endTap(iw0, dw, W, KW);
          const count = kh1 > kh0 && kw1 > kw0 ? (kh1 - kh0) * (kw1 - kw0) : 0;
          const g = backward && count > 0 ? load<T>(at<T>(dy, dBase + oh * dsh + ow * dsw)) : <T>0;
          if (average) {
            const divisor = <f64>(includePad ? KH * KW : count);
            const share = <T>(<f64>g / divisor);
            let sum: f64 = 0;
            for (let kh = kh0; kh < kh1; kh++) {
              const ih = ih0 + kh;
              for (let kw = kw0; kw < kw1; kw++) {
                const iw = iw0 + kw;
                if (!backward) sum += <f64>load<T>(at<T>(x, xBase + ih * xsh + iw * xsw));
                else {
                  const p = at<T>(dx, oBase + ih * W + iw);
                  store<T>(p, load<T>(p) + share);
                }
              }
            }
            if (!backward) store<T>(o, count == 0 ? <T>0 : <T>(sum / divisor));
          } else {
            let best = (ih0 + kh0 * dh) * W + iw0 + kw0 * dw;
            let m = count == 0 ? <T>-Infinity : load<T>(at<T>(x, xBase + (ih0 + kh0 * dh) * xsh + (iw0 + kw0 * dw) * xsw));
            for (let kh = kh0; kh < kh1; kh++) {
              const ih = ih0 + kh * dh;
              for (let kw = kw0; kw < kw1; kw++) {
                const iw = iw0 + kw * dw;
                const v = load<T>(at<T>(x, xBase + ih * xsh + iw * xsw));
                const win = (v > m) | ((v != v) & (m == m));
                m = select<T>(v, m, win);
                best = select<i32>(ih * W + iw, best, win);
              }
            }
            if (!backward) store<T>(o, m);
            else if (count > 0) {
              const p = at<T>(dx, oBase + best);
              store<T>(p, load<T>(p) + g);
            }
          }
          o += sizeof<T>();
        }
      }
    }
  }
}

export function maxPool2dF32(out: usize, x: usize): void {
  if (isPair2x2()) maxPool2x2F32(out, x);
  else pool<f32>(false, out, 0, 0, x);
}
export function maxPool2dF64(out: usize, x: usize): void {
  pool<f64>(false, out, 0, 0, x);
}
export function avgPool2dF32(out: usize, x: usize): void {
  pool<f32>(true, out, 0, 0, x);
}
export function avgPool2dF64(out: usize, x: usize): void {
  pool<f64>(true, out, 0, 0, x);
}
export function maxPool2dBackwardF32(dx: usize, dy: usize, x: usize): void {
  if (isPair2x2()) maxPool2x2BackwardF32(dx, dy, x);
  else pool<f32>(false, 0, dx, dy, x);
}
export function maxPool2dBackwardF64(dx: usize, dy: usize, x: usize): void {
  pool<f64>(false, 0, dx, dy, x);
}
export function avgPool2dBackwardF32(dx: usize, dy: usize): void {
  pool<f32>(true, 0, dx, dy, 0);
}
export function avgPool2dBackwardF64(dx: usize, dy: usize): void {
  pool<f64>(true, 0, dx, dy, 0);
}
