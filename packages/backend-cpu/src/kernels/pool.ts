import type { AvgPool2dKernelOptions, TypedArray, View, Window2d } from "@tensorkit/tensor";
import { windowOutputLength } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";

/**
 * NCHW max pooling. Padding counts as -Infinity, so it never wins and is simply skipped; a window
 * entirely in the padding gives -Infinity. NaN propagates: once the running max is NaN, `v > NaN`
 * is false for every v, so it stays.
 */
export function maxPool2d(x: View<TypedArray>, options: Window2d): TypedArray {
  return pool(x, options, (a, base, sh, sw, ih0, iw0, H, W, KH, KW, dh, dw) => {
    let m = Number.NEGATIVE_INFINITY;
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * dw;
        if (iw < 0 || iw >= W) continue;
        const v = a[base + ih * sh + iw * sw]!;
        if (v > m || Number.isNaN(v)) m = v;
      }
    }
    return m;
  });
}

/**
 * NCHW average pooling with zero padding. The divisor is the window's tap count KH·KW when
 * `countIncludePad` (PyTorch's default: padding zeros count), else the taps inside the input; a
 * window with no tap inside gives 0 either way, rather than 0/0.
 */
export function avgPool2d(x: View<TypedArray>, options: AvgPool2dKernelOptions): TypedArray {
  const includePad = options.countIncludePad;
  return pool(x, options, (a, base, sh, sw, ih0, iw0, H, W, KH, KW, dh, dw) => {
    let sum = 0;
    let count = 0;
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * dw;
        if (iw < 0 || iw >= W) continue;
        sum += a[base + ih * sh + iw * sw]!;
        count++;
      }
    }
    if (count === 0) return 0;
    return sum / (includePad ? KH * KW : count);
  });
}

/** Reduces one window whose top-left tap is at input (ih0, iw0) of the channel starting at `base`. */
type WindowFn = (
  a: TypedArray,
  base: number,
  sh: number,
  sw: number,
  ih0: number,
  iw0: number,
  H: number,
  W: number,
  KH: number,
  KW: number,
  dh: number,
  dw: number,
) => number;

function pool(x: View<TypedArray>, options: Window2d, window: WindowFn): TypedArray {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [sn, sc, sh, sw] = x.strides as [number, number, number, number];
  const [KH, KW] = options.kernel;
  const [strideH, strideW] = options.stride;
  const [top, bottom, left, right] = options.padding;
  const [dh, dw] = options.dilation;
  const OH = windowOutputLength(H, KH, strideH, top, bottom, dh);
  const OW = windowOutputLength(W, KW, strideW, left, right, dw);
  const out = alloc(x.dtype, N * C * OH * OW);
  let k = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x.offset + n * sn + c * sc;
      for (let oh = 0; oh < OH; oh++) {
        const ih0 = oh * strideH - top;
        for (let ow = 0; ow < OW; ow++) {
          out[k++] = window(x.storage, base, sh, sw, ih0, ow * strideW - left, H, W, KH, KW, dh, dw);
        }
      }
    }
  }
  return out;
}
