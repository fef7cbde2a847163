import type { AvgPool2dKernelOptions, TypedArray, View, Window2d } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";

/**
 * Gradient of {@link maxPool2d}: each `dy` element is added at the first maximum of its window,
 * in row-major tap order over the taps inside the input (PyTorch's choice). NaN counts as the
 * maximum, the first NaN winning; a window of only -Infinity picks its first in-bounds tap.
 */
export function maxPool2dBackward(dy: View<TypedArray>, x: View<TypedArray>, options: Window2d): TypedArray {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [, , OH, OW] = dy.shape as [number, number, number, number];
  const [xsn, xsc, xsh, xsw] = x.strides as [number, number, number, number];
  const [dsn, dsc, dsh, dsw] = dy.strides as [number, number, number, number];
  const [KH, KW] = options.kernel;
  const [strideH, strideW] = options.stride;
  const [top, , left] = options.padding;
  const [dh, dw] = options.dilation;
  const out = alloc(x.dtype, N * C * H * W);
  const a = x.storage;
  const g = dy.storage;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xBase = x.offset + n * xsn + c * xsc;
      const dBase = dy.offset + n * dsn + c * dsc;
      const oBase = (n * C + c) * H * W;
      for (let oh = 0; oh < OH; oh++) {
        const ih0 = oh * strideH - top;
        for (let ow = 0; ow < OW; ow++) {
          const iw0 = ow * strideW - left;
          let best = -1;
          let m = Number.NEGATIVE_INFINITY;
          for (let kh = 0; kh < KH; kh++) {
            const ih = ih0 + kh * dh;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const iw = iw0 + kw * dw;
              if (iw < 0 || iw >= W) continue;
              const v = a[xBase + ih * xsh + iw * xsw]!;
              // Strictly greater keeps the first max; a NaN replaces a number but not an earlier NaN.
              if (best < 0 || v > m || (Number.isNaN(v) && !Number.isNaN(m))) {
                m = v;
                best = ih * W + iw;
              }
            }
          }
          if (best >= 0) out[oBase + best]! += g[dBase + oh * dsh + ow * dsw]!;
        }
      }
    }
  }
  return out;
}

/**
 * Gradient of {@link avgPool2d}: each `dy` element, divided by its window's divisor (KH·KW with
 * `countIncludePad`, else the taps inside the input), is added to every in-bounds tap of its window.
 */
export function avgPool2dBackward(
  dy: View<TypedArray>,
  options: AvgPool2dKernelOptions & { readonly inputShape: readonly [number, number, number, number] },
): TypedArray {
  const [N, C, H, W] = options.inputShape;
  const [, , OH, OW] = dy.shape as [number, number, number, number];
  const [dsn, dsc, dsh, dsw] = dy.strides as [number, number, number, number];
  const [KH, KW] = options.kernel;
  const [strideH, strideW] = options.stride;
  const [top, , left] = options.padding;
  const out = alloc(dy.dtype, N * C * H * W);
  const g = dy.storage;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const dBase = dy.offset + n * dsn + c * dsc;
      const oBase = (n * C + c) * H * W;
      for (let oh = 0; oh < OH; oh++) {
        const h0 = Math.max(oh * strideH - top, 0);
        const h1 = Math.min(oh * strideH - top + KH, H);
        for (let ow = 0; ow < OW; ow++) {
          const w0 = Math.max(ow * strideW - left, 0);
          const w1 = Math.min(ow * strideW - left + KW, W);
          if (h1 <= h0 || w1 <= w0) continue;
          const divisor = options.countIncludePad ? KH * KW : (h1 - h0) * (w1 - w0);
          const share = g[dBase + oh * dsh + ow * dsw]! / divisor;
          for (let ih = h0; ih < h1; ih++) {
            const row = oBase + ih * W;
            for (let iw = w0; iw < w1; iw++) out[row + iw]! += share;
          }
        }
      }
    }
  }
  return out;
}
