import type { Conv2dKernelOptions, KernelTable } from "@tensorkit/tensor";
import { windowOutputLength } from "@tensorkit/tensor";
import { BYTES, type KernelContext } from "../context.js";
import { type Geometry, strideFields, windowFields } from "../geometry.js";
import type { WasmStorage } from "../heap.js";
import { sizeOf } from "../layout.js";
import type { TaskKernel } from "../threads/protocol.js";
import { PARALLEL_MIN_MACS } from "./matmul.js";

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

  /** Per-thread scratch: a column matrix (`colsElems` elements) and the gemm's panels for M×N×K. */
  interface Scratch {
    readonly cols: number;
    readonly gemm: number;
  }

  /**
   * The batch items of each thread: all of them on this thread when the convolution is below the
   * threshold (or there is no pool), else contiguous ranges, one per thread, with a scratch each.
   * `extraBytes` more are kept after thread 0's scratch (the filter gradient's partial blocks).
   */
  function plan(
    N: number,
    macs: number,
    colsElems: number,
    M: number,
    n: number,
    K: number,
    size: number,
    extraBytes = 0,
  ) {
    const threads = ctx.threads && macs >= PARALLEL_MIN_MACS ? Math.min(ctx.threads.size + 1, N) : 1;
    const colsBytes = align16(colsElems * size);
    const bytes = colsBytes + exports.gemmScratchBytes(M, n, K, size);
    const scratches: Scratch[] = [];
    let extra = 0;
    // every allocation before any address is used: a growth must not come between
    for (let t = 0; t < threads; t++) {
      const base = ctx.threadScratch(t, align16(bytes) + (t === 0 ? extraBytes : 0));
      if (t === 0) extra = base + align16(bytes);
      scratches.push({ cols: base, gemm: base + colsBytes });
    }
    const ranges = scratches.map((_, t) => {
      const share = Math.floor(N / threads);
      const rest = N % threads;
      const n0 = t * share + Math.min(t, rest);
      return [n0, n0 + share + (t < rest ? 1 : 0)] as const;
    });
    return { scratches, ranges, extra };
  }

  /** Runs `kernel` over each thread's range: thread 0 here, the others on the pool. */
  function run(
    kernel: TaskKernel,
    { scratches, ranges }: ReturnType<typeof plan>,
    args: (s: Scratch, n0: number, n1: number, thread: number) => number[],
  ): void {
    const call = (t: number) => args(scratches[t]!, ranges[t]![0], ranges[t]![1], t);
    const own = () => (exports[kernel] as (...a: number[]) => void)(...call(0));
    if (ranges.length === 1) own();
    else
      ctx.threads!.run(
        ranges.slice(1).map((_, i) => ({ kernel, args: call(i + 1) })),
        own,
      );
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
      const OH = windowOutputLength(H, KH, options.stride[0], top, bottom, options.dilation[0]);
      const OW = windowOutputLength(W, KW, options.stride[1], left, right, options.dilation[1]);
      const out = ctx.alloc(N * O * OH * OW, x.dtype);
      if (N * O * OH * OW === 0) return out;
      const size = BYTES[x.dtype];
      const Kc = Cg * KH * KW;
      ctx.withDense([w], ([wp]) => {
        const p = plan(N, N * O * OH * OW * Kc, Kc * OH * OW, O / options.groups, OH * OW, Kc, size);
        ctx.geometry.write(heap.i32(), geometry(xs, ws, [OH, OW], options, x.strides));
        const xp = ctx.address(x);
        run(x.dtype === "float64" ? "conv2dF64" : "conv2dF32", p, (s, n0, n1) => [
          out.ptr,
          xp,
          wp!,
          s.cols,
          s.gemm,
          n0,
          n1,
        ]);
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
        const N = xs[0];
        const p = plan(N, N * ws[0] * OH * OW * Kc, Kc * OH * OW, Kc, OH * OW, ws[0] / options.groups, size);
        ctx.geometry.write(heap.i32(), geometry(xs, ws, [OH, OW], options));
        const kernel = dy.dtype === "float64" ? "conv2dBackpropInputF64" : "conv2dBackpropInputF32";
        run(kernel, p, (s, n0, n1) => [dx.ptr, dyp!, wp!, s.cols, s.gemm, n0, n1]);
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
        const N = xs[0];
        const whole = sizeOf(ws) * size; // one thread's transposed blocks, every group (the finish reads them at this stride)
        const threadsAtMost = (ctx.threads?.size ?? 0) + 1;
        const p = plan(
          N,
          N * ws[0] * OH * OW * Kc,
          Kc * OH * OW,
          Kc,
          Og,
          OH * OW,
          size,
          threadsAtMost * whole,
        );
        ctx.geometry.write(heap.i32(), geometry(xs, ws, [OH, OW], options, x.strides));
        const xp = ctx.address(x);
        const f64 = x.dtype === "float64";
        run(f64 ? "conv2dBackpropFilterF64" : "conv2dBackpropFilterF32", p, (s, n0, n1, t) => [
          p.extra + t * whole,
          xp,
          dyp!,
          s.cols,
          s.gemm,
          n0,
          n1,
        ]);
        (f64 ? exports.conv2dFilterFinishF64 : exports.conv2dFilterFinishF32)(
          dw.ptr,
          p.extra,
          p.ranges.length,
        );
      });
      return dw;
    },
  };
}
