// NCHW 2-D convolution and its two gradients, as im2col/col2im around the packed gemm (gemm.ts).
// Per batch item and group, the forward is one product W_g [O/g, C/g·KH·KW] · cols [C/g·KH·KW, OH·OW],
// where cols (im2col) holds, in row (c, kh, kw) and column (oh, ow), the input that tap of that
// window reads (0 in the padding). Materialising cols costs one pass over KH·KW copies of the
// input, small next to the product, and lets the gemm's unit-stride packing path read it.
// The host writes the geometry (geometry.ts), passes `x` and `dy` pointers that already include
// their view offsets, weights and `dy` contiguous, and scratch for cols and the gemm's panels.
import { gemm } from "./gemm";
import { endInside, firstInside, geo } from "./window";
import {
  G_C, G_DIL_H, G_DIL_W, G_GROUPS, G_H, G_KH, G_KW, G_LEFT, G_N, G_O, G_OH, G_OW,
  G_STRIDE_H, G_STRIDE_W, G_TOP, G_W, G_XSC, G_XSH, G_XSN, G_XSW,
} from "./geometry";
import { at } from "./iter";

/**
 * Writes the im2col matrix [Kc, P] (row-major) of `channels` channels of `x` (strided as the
 * geometry says): row (c, kh, kw), column oh·OW + ow holds the input that tap of that window
 * reads. Each (row, oh) walks only the output columns whose tap is inside the image, with no test
 * per element, and zero-fills the rest.
 */
function im2col<T>(dst: usize, x: usize, channels: i32): void {
  const H = geo(G_H), W = geo(G_W), OH = geo(G_OH), OW = geo(G_OW);
  const KH = geo(G_KH), KW = geo(G_KW);
  const sh = geo(G_STRIDE_H), sw = geo(G_STRIDE_W), top = geo(G_TOP), left = geo(G_LEFT);
  const dh = geo(G_DIL_H), dw = geo(G_DIL_W);
  const xsc = geo(G_XSC), xsh = geo(G_XSH), xsw = geo(G_XSW);
  const lanes = 16 / sizeof<T>();
  const step = sw * xsw;
  let d = 0;
  for (let c = 0; c < channels; c++) {
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        const shift = kw * dw - left;
        const lo = min(firstInside(shift, sw), OW);
        const hi = max(endInside(shift, sw, W, OW), lo);
        for (let oh = 0; oh < OH; oh++, d += OW) {
          const ih = oh * sh - top + kh * dh;
          if (ih < 0 || ih >= H) {
            for (let ow = 0; ow < OW; ow++) store<T>(at<T>(dst, d + ow), <T>0);
            continue;
          }
          for (let ow = 0; ow < lo; ow++) store<T>(at<T>(dst, d + ow), <T>0);
          let src = c * xsc + ih * xsh + (lo * sw + shift) * xsw;
          let ow = lo;
          if (step == 1) {
            // a unit-stride run: v128 copies (memory.copy is a runtime call, too dear for ~30 elements)
            for (; ow + lanes <= hi; ow += lanes, src += lanes) {
              v128.store(at<T>(dst, d + ow), v128.load(at<T>(x, src)));
            }
          }
          for (; ow < hi; ow++, src += step) store<T>(at<T>(dst, d + ow), load<T>(at<T>(x, src)));
          for (ow = hi; ow < OW; ow++) store<T>(at<T>(dst, d + ow), <T>0);
        }
      }
    }
  }
}

@inline function vadd<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 4 ? f32x4.add(a, b) : f64x2.add(a, b);
}

/**
 * Adds the column matrix `cols` [Kc, P] into the contiguous `dx` [channels, H, W]: entry
 * (row (c, kh, kw), column (oh, ow)) to the input position that tap read, when inside the image.
 */
function col2im<T>(cols: usize, dx: usize, channels: i32): void {
  const H = geo(G_H), W = geo(G_W), OH = geo(G_OH), OW = geo(G_OW);
  const KH = geo(G_KH), KW = geo(G_KW);
  const sh = geo(G_STRIDE_H), sw = geo(G_STRIDE_W), top = geo(G_TOP), left = geo(G_LEFT);
  const dh = geo(G_DIL_H), dw = geo(G_DIL_W);
  const P = OH * OW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const chan = c * H * W;
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++, row++) {
        const shift = kw * dw - left;
        const lo = min(firstInside(shift, sw), OW);
        const hi = max(endInside(shift, sw, W, OW), lo);
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - top + kh * dh;
          if (ih < 0 || ih >= H) continue;
          let d = chan + ih * W + lo * sw + shift;
          let s = row * P + oh * OW + lo;
          let ow = lo;
          if (sw == 1) {
            const lanes = 16 / sizeof<T>();
            for (; ow + lanes <= hi; ow += lanes, d += lanes, s += lanes) {
              const p = at<T>(dx, d);
              v128.store(p, vadd<T>(v128.load(p), v128.load(at<T>(cols, s))));
            }
          }
          for (; ow < hi; ow++, d += sw, s++) {
            const p = at<T>(dx, d);
            store<T>(p, load<T>(p) + load<T>(at<T>(cols, s)));
          }
        }
      }
    }
  }
}

// Each kernel runs the batch items [n0, n1): the host splits a batch over threads, each with its
// own cols and gemm scratch; the geometry block is only read.

function conv2d<T>(out: usize, x: usize, w: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  const C = geo(G_C), O = geo(G_O), groups = geo(G_GROUPS);
  const Cg = C / groups, Og = O / groups;
  const Kc = Cg * geo(G_KH) * geo(G_KW);
  const P = geo(G_OH) * geo(G_OW);
  const xsn = geo(G_XSN), xsc = geo(G_XSC);
  if (Kc == 0) {
    // no channel: the gemm writes nothing
    memory.fill(at<T>(out, n0 * O * P), 0, <usize>((n1 - n0) * O * P) * sizeof<T>());
  }
  for (let n = n0; n < n1; n++) {
    for (let g = 0; g < groups; g++) {
      im2col<T>(cols, at<T>(x, n * xsn + g * Cg * xsc), Cg);
      gemm<T>(Og, P, Kc, at<T>(w, g * Og * Kc), Kc, 1, cols, P, 1, at<T>(out, (n * O + g * Og) * P), P, scratch, false);
    }
  }
}

/** dx = col2im(W_gᵀ · dy_g) per batch item and group; `dy` contiguous [N, O, OH, OW]. */
function conv2dBackpropInput<T>(dx: usize, dy: usize, w: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  const C = geo(G_C), O = geo(G_O), groups = geo(G_GROUPS);
  const Cg = C / groups, Og = O / groups;
  const Kc = Cg * geo(G_KH) * geo(G_KW);
  const P = geo(G_OH) * geo(G_OW);
  const HW = geo(G_H) * geo(G_W);
  const size = <usize>sizeof<T>();
  memory.fill(at<T>(dx, n0 * C * HW), 0, <usize>((n1 - n0) * C * HW) * size);
  for (let n = n0; n < n1; n++) {
    for (let g = 0; g < groups; g++) {
      // A = W_gᵀ: the weights [Og, Kc] read with row stride 1 and column stride Kc
      gemm<T>(Kc, P, Og, at<T>(w, g * Og * Kc), 1, Kc, at<T>(dy, (n * O + g * Og) * P), P, 1, cols, P, scratch, false);
      col2im<T>(cols, at<T>(dx, (n * C + g * Cg) * HW), Cg);
    }
  }
}

/**
 * dw_g = Σ_n dy_g[n] · im2col(x[n])ᵀ, computed transposed: dw_gᵀ [Kc, Og] = Σ_n cols_n [Kc, P] ·
 * dy_g[n]ᵀ [P, Og], so im2col keeps the forward's row-major layout (unit-stride writes, and the
 * gemm's A packing reads its rows in step) and the gemm adds every batch item into one block.
 * This writes the sum over [n0, n1) of every group's block into `dwT` ([groups, Kc, Og]; zeros
 * for an empty range); {@link conv2dFilterFinish} adds the threads' blocks and transposes them.
 */
function conv2dBackpropFilter<T>(dwT: usize, x: usize, dy: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  const C = geo(G_C), O = geo(G_O), groups = geo(G_GROUPS);
  const Cg = C / groups, Og = O / groups;
  const Kc = Cg * geo(G_KH) * geo(G_KW);
  const P = geo(G_OH) * geo(G_OW);
  const xsn = geo(G_XSN), xsc = geo(G_XSC);
  if (n1 <= n0) memory.fill(dwT, 0, <usize>(groups * Kc * Og) * sizeof<T>());
  for (let g = 0; g < groups; g++) {
    const block = at<T>(dwT, g * Kc * Og);
    for (let n = n0; n < n1; n++) {
      im2col<T>(cols, at<T>(x, n * xsn + g * Cg * xsc), Cg);
      // B = dy_g[n]ᵀ: element (p, o) of dy_g[n] [Og, P] read with row stride 1, column stride P
      gemm<T>(Kc, Og, P, cols, P, 1, at<T>(dy, (n * O + g * Og) * P), 1, P, block, Og, scratch, n > n0);
    }
  }
}

/** dw [O, Kc] = Σ_t (block t of `parts` consecutive [groups, Kc, Og] blocks at `dwT`), each group transposed. */
function conv2dFilterFinish<T>(dw: usize, dwT: usize, parts: i32): void {
  const O = geo(G_O), groups = geo(G_GROUPS);
  const Og = O / groups;
  const Kc = (geo(G_C) / groups) * geo(G_KH) * geo(G_KW);
  const whole = groups * Kc * Og;
  for (let g = 0; g < groups; g++) {
    for (let o = 0; o < Og; o++) {
      for (let k = 0; k < Kc; k++) {
        const src = g * Kc * Og + k * Og + o;
        let sum = load<T>(at<T>(dwT, src));
        for (let t = 1; t < parts; t++) sum += load<T>(at<T>(dwT, src + t * whole));
        store<T>(at<T>(dw, (g * Og + o) * Kc + k), sum);
      }
    }
  }
}

export function conv2dF32(out: usize, x: usize, w: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  conv2d<f32>(out, x, w, cols, scratch, n0, n1);
}
export function conv2dF64(out: usize, x: usize, w: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  conv2d<f64>(out, x, w, cols, scratch, n0, n1);
}
export function conv2dBackpropInputF32(dx: usize, dy: usize, w: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  conv2dBackpropInput<f32>(dx, dy, w, cols, scratch, n0, n1);
}
export function conv2dBackpropInputF64(dx: usize, dy: usize, w: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  conv2dBackpropInput<f64>(dx, dy, w, cols, scratch, n0, n1);
}
export function conv2dBackpropFilterF32(dwT: usize, x: usize, dy: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  conv2dBackpropFilter<f32>(dwT, x, dy, cols, scratch, n0, n1);
}
export function conv2dBackpropFilterF64(dwT: usize, x: usize, dy: usize, cols: usize, scratch: usize, n0: i32, n1: i32): void {
  conv2dBackpropFilter<f64>(dwT, x, dy, cols, scratch, n0, n1);
}
export function conv2dFilterFinishF32(dw: usize, dwT: usize, parts: i32): void {
  conv2dFilterFinish<f32>(dw, dwT, parts);
}
export function conv2dFilterFinishF64(dw: usize, dwT: usize, parts: i32): void {
  conv2dFilterFinish<f64>(dw, dwT, parts);
}
