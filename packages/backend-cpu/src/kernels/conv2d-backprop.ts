import type { Conv2dKernelOptions, TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { GemmScratch, gemm, NR, NR_SHIFT, type PackB, stridedPackA, stridedPackB } from "../gemm.js";
import { isContiguous } from "../strided.js";
import { copy } from "./copy.js";

type Shape4 = readonly [number, number, number, number];

/**
 * Gradient of {@link conv2d} with respect to its input. Per batch item and group, the gemm core
 * computes the column gradient `W_gᵀ [C/g·KH·KW, O/g] · dy_g [O/g, OH·OW]` (row `(c, kh, kw)`,
 * column an output pixel: what that tap of that window contributes), and col2im adds each column
 * back at the input position its tap read. Sums run in float64; rows and columns no window reads
 * stay 0.
 */
export function conv2dBackpropInput(
  dy: View<TypedArray>,
  w: View<TypedArray>,
  options: Conv2dKernelOptions & { readonly inputShape: Shape4 },
): TypedArray {
  const [N, C, H, W] = options.inputShape;
  const [O, Cg, KH, KW] = w.shape as unknown as Shape4;
  const [, , OH, OW] = dy.shape as unknown as Shape4;
  const out = alloc(dy.dtype, N * C * H * W);
  if (out.length === 0 || N * O * OH * OW === 0) return out;
  const { groups } = options;
  const Og = O / groups;
  const Kc = Cg * KH * KW;
  const P = OH * OW;
  const { data: wc, offset: wOffset } = dense(w);
  const { data: dyc, offset: dyOffset } = dense(dy);
  const cols = new Float64Array(Kc * P);
  const acc = new Float64Array(Cg * H * W);
  const scratch = new GemmScratch();
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < groups; g++) {
      gemm(
        {
          M: Kc,
          N: P,
          K: Og,
          // A[kc][o] = W_g[o][kc]: the weights read transposed.
          packA: stridedPackA(wc, wOffset + g * Og * Kc, 1, Kc, Og),
          packB: stridedPackB(dyc, dyOffset + (n * O + g * Og) * P, P, 1, Og),
          c: cols,
          cOffset: 0,
          cRowStride: P,
        },
        scratch,
      );
      acc.fill(0);
      col2im(cols, acc, Cg, [H, W], [OH, OW], [KH, KW], options);
      out.set(acc, (n * C + g * Cg) * H * W);
    }
  }
  return out;
}

/**
 * Gradient of {@link conv2d} with respect to its weights. Per group it sums over the batch
 * `dy_g [O/g, OH·OW] · im2col(x)ᵀ [OH·OW, C/g·KH·KW]`, each product one gemm whose B-packing
 * gathers the transposed im2col matrix straight from `x`, accumulated in float64.
 */
export function conv2dBackpropFilter(
  x: View<TypedArray>,
  dy: View<TypedArray>,
  options: Conv2dKernelOptions & { readonly filterShape: Shape4 },
): TypedArray {
  const [N, , H, W] = x.shape as unknown as Shape4;
  const [O, Cg, KH, KW] = options.filterShape;
  const [, , OH, OW] = dy.shape as unknown as Shape4;
  const out = alloc(x.dtype, O * Cg * KH * KW);
  if (out.length === 0 || N * OH * OW === 0) return out;
  const { groups } = options;
  const Og = O / groups;
  const Kc = Cg * KH * KW;
  const P = OH * OW;
  const { data: dyc, offset: dyOffset } = dense(dy);
  const [xsn, xsc, xsh, xsw] = x.strides as unknown as Shape4;
  const product = new Float64Array(Og * Kc);
  const acc = new Float64Array(Og * Kc);
  const scratch = new GemmScratch();
  for (let g = 0; g < groups; g++) {
    acc.fill(0);
    for (let n = 0; n < N; n++) {
      gemm(
        {
          M: Og,
          N: Kc,
          K: P,
          packA: stridedPackA(dyc, dyOffset + (n * O + g * Og) * P, P, 1, P),
          packB: im2colTransposedPackB({
            x: x.storage,
            base: x.offset + n * xsn + g * Cg * xsc,
            strides: [xsc, xsh, xsw],
            size: [H, W],
            out: [OH, OW],
            kernel: [KH, KW],
            options,
          }),
          c: product,
          cOffset: 0,
          cRowStride: Kc,
        },
        scratch,
      );
      for (let i = 0; i < product.length; i++) acc[i]! += product[i]!;
    }
    out.set(acc, g * Og * Kc);
  }
  return out;
}

/** A view's data as a dense row-major array and the offset where it starts (a copy only if strided). */
function dense(v: View<TypedArray>): { data: TypedArray; offset: number } {
  return isContiguous(v.shape, v.strides)
    ? { data: v.storage, offset: v.offset }
    : { data: copy(v), offset: 0 };
}

/**
 * Adds the column matrix `cols` `[C·KH·KW, OH·OW]` into `acc` `[C, H, W]`: entry `((c, kh, kw), (oh, ow))`
 * goes to `acc[c][oh·sh - top + kh·dh][ow·sw - left + kw·dw]` when that lies inside the input.
 * Like the forward's packing it loops only over the output columns whose input is inside.
 */
function col2im(
  cols: Float64Array,
  acc: Float64Array,
  channels: number,
  [H, W]: readonly [number, number],
  [OH, OW]: readonly [number, number],
  [KH, KW]: readonly [number, number],
  options: Conv2dKernelOptions,
): void {
  const [strideH, strideW] = options.stride;
  const [top, , left] = options.padding;
  const [dh, dw] = options.dilation;
  const P = OH * OW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const chan = c * H * W;
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++, row++) {
        const shift = kw * dw - left;
        const lo = Math.max(0, Math.ceil(-shift / strideW));
        const hi = Math.min(OW, Math.floor((W - 1 - shift) / strideW) + 1);
        const src0 = row * P;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * strideH - top + kh * dh;
          if (ih < 0 || ih >= H) continue;
          let dst = chan + ih * W + lo * strideW + shift;
          let src = src0 + oh * OW + lo;
          for (let ow = lo; ow < hi; ow++, dst += strideW, src++) acc[dst]! += cols[src]!;
        }
      }
    }
  }
}

/** Where one (batch item, group) input lives and how its windows are laid out. */
interface Im2colSource {
  readonly x: TypedArray;
  /** Storage index of channel 0 of this group for this batch item. */
  readonly base: number;
  /** Strides of the channel, row and column axes. */
  readonly strides: readonly [number, number, number];
  readonly size: readonly [number, number];
  readonly out: readonly [number, number];
  readonly kernel: readonly [number, number];
  readonly options: Conv2dKernelOptions;
}

/**
 * Packs columns `j0 …` of B = im2col(x)ᵀ `[OH·OW, C·KH·KW]` into NR-wide panels: column
 * `(c, kh, kw)`, row `oh·OW + ow` holds `x[c][oh·sh - top + kh·dh][ow·sw - left + kw·dw]`, or 0 in
 * the padding. Each column of B is one row of the forward's im2col matrix, walked as the forward
 * walks it (only the in-bounds output columns, no per-element test).
 */
function im2colTransposedPackB(s: Im2colSource): PackB {
  const { x, base } = s;
  const [sc, sh, sw] = s.strides;
  const [H, W] = s.size;
  const [OH, OW] = s.out;
  const [KH, KW] = s.kernel;
  const [strideH, strideW] = s.options.stride;
  const [top, , left] = s.options.padding;
  const [dh, dw] = s.options.dilation;
  const K = OH * OW;
  const panel = K * NR;
  return (dst, j0, cols) => {
    dst.fill(0, 0, Math.ceil(cols / NR) * panel);
    for (let jj = 0; jj < cols; jj++) {
      const j = j0 + jj;
      const c = Math.floor(j / (KH * KW));
      const kh = Math.floor(j / KW) % KH;
      const kw = j % KW;
      const chan = base + c * sc;
      const shift = kw * dw - left;
      const lo = Math.max(0, Math.ceil(-shift / strideW));
      const hi = Math.min(OW, Math.floor((W - 1 - shift) / strideW) + 1);
      const lane = (jj >> NR_SHIFT) * panel + (jj & (NR - 1));
      const step = strideW * sw;
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * strideH - top + kh * dh;
        if (ih < 0 || ih >= H) continue;
        let d = lane + (oh * OW + lo) * NR;
        let src = chan + ih * sh + (lo * strideW + shift) * sw;
        for (let ow = lo; ow < hi; ow++, d += NR, src += step) dst[d] = x[src]!;
      }
    }
  };
}
