import type { KernelTable, Window2d } from "@tensorkit/tensor";
import { windowOutputLength } from "@tensorkit/tensor";
import type { KernelContext, V } from "../context.js";
import { type Geometry, strideFields, windowFields } from "../geometry.js";
import type { WasmStorage } from "../heap.js";
import { sizeOf } from "../layout.js";

type Shape4 = readonly [number, number, number, number];
type PoolKernels = Pick<
  Required<KernelTable<WasmStorage>>,
  "maxPool2d" | "avgPool2d" | "maxPool2dBackward" | "avgPool2dBackward"
>;

/** Sizes, window, and the strides of `x` (XS*) and `dy` (DS*) for the pooling kernels. */
function geometry(
  [N, C, H, W]: Shape4,
  [OH, OW]: readonly [number, number],
  o: Window2d,
  x: readonly number[] = [0, 0, 0, 0],
  dy: readonly number[] = [0, 0, 0, 0],
): Geometry {
  const sizes = { N, C, H, W, KH: o.kernel[0], KW: o.kernel[1], OH, OW };
  return { ...sizes, ...windowFields(o), ...strideFields("X", x), ...strideFields("D", dy) };
}

/** Output height and width of a pooling window over `x`. */
function outSize([, , H, W]: Shape4, o: Window2d): [number, number] {
  return [
    windowOutputLength(H, o.kernel[0], o.stride[0], o.padding[0], o.padding[1], o.dilation[0]),
    windowOutputLength(W, o.kernel[1], o.stride[1], o.padding[2], o.padding[3], o.dilation[1]),
  ];
}

/** maxPool2d, avgPool2d and their gradients (assembly/pool.ts); every input read through its strides. */
export function poolKernels(ctx: KernelContext): PoolKernels {
  const { exports, heap } = ctx;
  const f64 = (v: V) => v.dtype === "float64";

  /** A forward pool of `x` into a new [N, C, OH, OW] storage; `includePad` only matters to avgPool2d. */
  function forward(
    kernel: "maxPool2d" | "avgPool2d",
    x: V,
    options: Window2d,
    includePad: number,
  ): WasmStorage {
    ctx.live(x, kernel);
    const xs = x.shape as unknown as Shape4;
    const [OH, OW] = outSize(xs, options);
    const out = ctx.alloc(xs[0] * xs[1] * OH * OW, x.dtype);
    if (xs[0] * xs[1] * OH * OW === 0) return out;
    ctx.geometry.write(heap.i32(), {
      ...geometry(xs, [OH, OW], options, x.strides),
      INCLUDE_PAD: includePad,
    });
    const f =
      kernel === "maxPool2d"
        ? f64(x)
          ? exports.maxPool2dF64
          : exports.maxPool2dF32
        : f64(x)
          ? exports.avgPool2dF64
          : exports.avgPool2dF32;
    f(out.ptr, ctx.address(x));
    return out;
  }

  return {
    maxPool2d: (x, options) => forward("maxPool2d", x, options, 0),
    avgPool2d: (x, options) => forward("avgPool2d", x, options, options.countIncludePad ? 1 : 0),

    maxPool2dBackward(dy, x, options) {
      ctx.live(dy, "maxPool2dBackward");
      ctx.live(x, "maxPool2dBackward");
      const xs = x.shape as unknown as Shape4;
      const [, , OH, OW] = dy.shape as unknown as Shape4;
      const dx = ctx.alloc(sizeOf(xs), x.dtype);
      if (sizeOf(xs) === 0) return dx;
      ctx.geometry.write(heap.i32(), geometry(xs, [OH, OW], options, x.strides, dy.strides));
      (f64(x) ? exports.maxPool2dBackwardF64 : exports.maxPool2dBackwardF32)(
        dx.ptr,
        ctx.address(dy),
        ctx.address(x),
      );
      return dx;
    },

    avgPool2dBackward(dy, options) {
      ctx.live(dy, "avgPool2dBackward");
      const xs = options.inputShape;
      const [, , OH, OW] = dy.shape as unknown as Shape4;
      const dx = ctx.alloc(sizeOf(xs), dy.dtype);
      if (sizeOf(xs) === 0) return dx;
      const g = geometry(xs, [OH, OW], options, undefined, dy.strides);
      ctx.geometry.write(heap.i32(), { ...g, INCLUDE_PAD: options.countIncludePad ? 1 : 0 });
      (f64(dy) ? exports.avgPool2dBackwardF64 : exports.avgPool2dBackwardF32)(dx.ptr, ctx.address(dy));
      return dx;
    },
  };
}
