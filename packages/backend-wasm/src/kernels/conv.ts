import type { Conv2dKernelOptions, KernelTable } from "@tensorkit/tensor";
import { BYTES, type KernelContext } from "../context.js";
import { type Geometry, outputSize, strideFields, windowFields } from "../geometry.js";
import type { WasmStorage } from "../heap.js";
import { sizeOf } from "../layout.js";

type Shape4 = readonly [number, number, number, number];
type ConvKernels = Pick<
  Required<KernelTable<WasmStorage>>,
  "conv2d" | "conv2dBackpropInput" | "conv2dBackpropFilter"
>;

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * conv2d and its two gradients (assembly/conv.ts): im2col into scratch, then the packed gemm,
 * per batch item and group (col2im after it for the input gradient). `x` is read through its strides; weights and `dy` are read as dense
 * blocks (copied first only when a view is not contiguous: they are small, or a gemm operand).
 */
export function convKernels(ctx: KernelContext): ConvKernels {
  const { exports, heap } = ctx;

  /**
   * Scratch for the column matrix (`colsElems` elements), an accumulator block (`accElems`) and
   * the gemm's packed panels for an M×N×K product.
   */
  function scratchFor(colsElems: number, accElems: number, M: number, N: number, K: number, size: number) {
    const colsBytes = align16(colsElems * size);
    const accBytes = align16(accElems * size);
    const base = ctx.scratch(colsBytes + accBytes + exports.gemmScratchBytes(M, N, K, size));
    return { cols: base, acc: base + colsBytes, gemm: base + colsBytes + accBytes };
  }

  /** The geometry every conv kernel reads: sizes, window and x's strides. */
  function geometry(
    [N, C, H, W]: Shape4,
    [O, , KH, KW]: Shape4,
    [OH, OW]: readonly [number, number],
    o: Conv2dKernelOptions,
    xStrides: readonly number[] = [0, 0, 0, 0],
  ): Geometry {
    return {
      N,
      C,
      H,
      W,
      O,
      KH,
      KW,
      OH,
      OW,
      GROUPS: o.groups,
      ...windowFields(o),
      ...strideFields("X", xStrides),
    };
  }

  return {
    conv2d(x, w, options) {
      ctx.live(x, "conv2d");
      ctx.live(w, "conv2d");
      const xs = x.shape as unknown as Shape4;
      const ws = w.shape as unknown as Shape4;
      const [N, , H, W] = xs;
      const [O, Cg, KH, KW] = ws;
      const [top, bottom, left, right] = options.padding;
      const OH = outputSize(H, KH, options.stride[0], top, bottom, options.dilation[0]);
      const OW = outputSize(W, KW, options.stride[1], left, right, options.dilation[1]);
      const out = ctx.alloc(N * O * OH * OW, x.dtype);
      if (N * O * OH * OW === 0) return out;
      const size = BYTES[x.dtype];
      const Kc = Cg * KH * KW;
      ctx.withDense([w], ([wp]) => {
        const s = scratchFor(Kc * OH * OW, 0, O / options.groups, OH * OW, Kc, size);
        ctx.geometry.write(heap.i32(), geometry(xs, ws, [OH, OW], options, x.strides));
        const f = x.dtype === "float64" ? exports.conv2dF64 : exports.conv2dF32;
        f(out.ptr, ctx.address(x), wp!, s.cols, s.gemm);
      });
      return out;
    },

    conv2dBackpropInput(dy, w, options) {
      ctx.live(dy, "conv2dBackpropInput");
      ctx.live(w, "conv2dBackpropInput");
      const xs = options.inputShape;
      const ws = w.shape as unknown as Shape4;
      const [, , OH, OW] = dy.shape as unknown as Shape4;
      const dx = ctx.alloc(sizeOf(xs), dy.dtype);
      if (sizeOf(xs) === 0) return dx;
      if (sizeOf(dy.shape) === 0) {
        heap.bytes().fill(0, dx.ptr, dx.ptr + sizeOf(xs) * BYTES[dy.dtype]);
        return dx;
      }
      const size = BYTES[dy.dtype];
      const Kc = ws[1] * ws[2] * ws[3];
      ctx.withDense([w, dy], ([wp, dyp]) => {
        const s = scratchFor(Kc * OH * OW, 0, Kc, OH * OW, ws[0] / options.groups, size);
        ctx.geometry.write(heap.i32(), geometry(xs, ws, [OH, OW], options));
        const f = dy.dtype === "float64" ? exports.conv2dBackpropInputF64 : exports.conv2dBackpropInputF32;
        f(dx.ptr, dyp!, wp!, s.cols, s.gemm);
      });
      return dx;
    },

    conv2dBackpropFilter(x, dy, options) {
      ctx.live(x, "conv2dBackpropFilter");
      ctx.live(dy, "conv2dBackpropFilter");
      const xs = x.shape as unknown as Shape4;
      const ws = options.filterShape;
      const [, , OH, OW] = dy.shape as unknown as Shape4;
      const dw = ctx.alloc(sizeOf(ws), x.dtype);
      if (sizeOf(ws) === 0) return dw;
      if (sizeOf(dy.shape) === 0) {
        heap.bytes().fill(0, dw.ptr, dw.ptr + sizeOf(ws) * BYTES[x.dtype]);
        return dw;
      }
      const size = BYTES[x.dtype];
      const Kc = ws[1] * ws[2] * ws[3];
      const Og = ws[0] / options.groups;
      ctx.withDense([dy], ([dyp]) => {
        const s = scratchFor(Kc * OH * OW, Kc * Og, Kc, Og, OH * OW, size);
        ctx.geometry.write(heap.i32(), geometry(xs, ws, [OH, OW], options, x.strides));
        const f = x.dtype === "float64" ? exports.conv2dBackpropFilterF64 : exports.conv2dBackpropFilterF32;
        f(dw.ptr, ctx.address(x), dyp!, s.cols, s.acc, s.gemm);
      });
      return dw;
    },
  };
}
