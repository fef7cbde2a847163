import type { AvgPool2dKernelOptions, Window2d } from "../backend/contract.js";
import { floatDTypeFor } from "../core/dtype.js";
import { ShapeError, ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { add, div, maximum } from "./arithmetic.js";
import {
  type IntPair,
  padSpatial,
  resolvePair,
  resolveWindow2d,
  windowOutputSize,
  windowTap,
} from "./conv.js";
import { castIfNeeded, prepareOperands, type TensorLike } from "./convert.js";
import { backendOf, upload, wrap } from "./dispatch.js";
import { contiguous, squeeze, unsqueeze } from "./views.js";

/** Options of {@link maxPool2d}. */
export interface MaxPool2dOptions {
  /** Window size: a number or `[height, width]`. */
  readonly kernelSize: IntPair;
  /** Step between windows. Default `kernelSize`. */
  readonly stride?: IntPair;
  /** -Infinity padding on both sides, at most half the (dilated) window. Default 0. */
  readonly padding?: IntPair;
  /** Spacing between window taps. Default 1. */
  readonly dilation?: IntPair;
}

/** Options of {@link avgPool2d}. */
export interface AvgPool2dOptions {
  /** Window size: a number or `[height, width]`. */
  readonly kernelSize: IntPair;
  /** Step between windows. Default `kernelSize`. */
  readonly stride?: IntPair;
  /** Zero padding on both sides, at most half the window. Default 0. */
  readonly padding?: IntPair;
  /** Divide by the whole window (true, the default, as PyTorch) or only by its in-bounds part. */
  readonly countIncludePad?: boolean;
}

type PoolOp = "maxPool2d" | "avgPool2d";

/**
 * Common set-up of the pools: the float NCHW input (unbatched inputs gain N = 1), the resolved
 * window and the output size. `run` computes `[N, C, OH, OW]`.
 */
function pool(
  op: PoolOp,
  x: TensorLike,
  options: MaxPool2dOptions | AvgPool2dOptions,
  dilation: IntPair,
  run: (x: Tensor, win: Window2d, out: [number, number]) => Tensor,
): Tensor {
  return tidy(() => {
    const t = prepareOperands(op, [x]).tensors[0]!;
    if (t.rank !== 3 && t.rank !== 4)
      throw new ShapeError(`${op}: x must be [N,C,H,W] or [C,H,W], got ${formatShape(t.shape)}`);
    if (options.kernelSize === undefined) throw new ValueError(`${op}: kernelSize is required`);
    const kernel = resolvePair(op, "kernelSize", options.kernelSize, 1);
    const win = resolveWindow2d(
      op,
      kernel,
      { stride: options.stride, padding: options.padding ?? 0, dilation },
      kernel,
    );
    // PyTorch's rule: padding at most half the effective window, so no window lies wholly in padding.
    const limit = [0, 1].map((i) => Math.floor((win.dilation[i]! * (kernel[i]! - 1) + 1) / 2));
    const padding = [win.padding[0], win.padding[2]];
    if (padding.some((p, i) => p > limit[i]!)) {
      throw new ValueError(
        `${op}: padding ${formatShape(padding)} must be at most half the window ${formatShape(kernel)} (at most ${formatShape(limit)}); x is ${formatShape(t.shape)}`,
      );
    }
    const unbatched = t.rank === 3;
    const x4 = castIfNeeded(unbatched ? unsqueeze(t, 0) : t, floatDTypeFor(t.dtype));
    const out = windowOutputSize(
      op,
      [x4.shape[2]!, x4.shape[3]!],
      win,
      () => `x is ${formatShape(t.shape)}, kernelSize ${formatShape(kernel)}`,
    );
    const y = run(x4, win, out);
    return unbatched ? squeeze(y, 0) : y;
  });
}

/**
 * Reduces the window taps of `xp` (padded NCHW) one at a time with `combine`: memory stays at the
 * size of the output instead of window × output.
 */
function reduceTaps(
  xp: Tensor,
  win: Window2d,
  out: [number, number],
  combine: (a: Tensor, b: Tensor) => Tensor,
): Tensor {
  let acc: Tensor | undefined;
  for (let i = 0; i < win.kernel[0]; i++) {
    for (let j = 0; j < win.kernel[1]; j++) {
      const tap = windowTap(xp, win, i, j, out);
      if (acc === undefined) {
        acc = tap;
        continue;
      }
      const next = combine(acc, tap);
      acc.dispose();
      tap.dispose();
      acc = next;
    }
  }
  return contiguous(acc!);
}

/**
 * 2-D max pooling over NCHW (or unbatched `[C, H, W]`) input, padding with -Infinity; NaN
 * propagates. The output size is `floor((H + 2·padding - dilation·(kernel - 1) - 1) / stride) + 1`.
 *
 * @example
 * ```ts
 * maxPool2d(features, { kernelSize: 2 });                          // halves H and W
 * maxPool2d(features, { kernelSize: 3, stride: 1, padding: 1 });  // keeps the size
 * ```
 */
export function maxPool2d(x: TensorLike, options: MaxPool2dOptions): Tensor {
  return pool("maxPool2d", x, options, options.dilation ?? 1, (x4, win, out) =>
    differentiable("maxPool2d", [x4], win, () => {
      const backend = backendOf("maxPool2d", x4);
      const kernel = backend.kernels.maxPool2d;
      const shape = [x4.shape[0]!, x4.shape[1]!, ...out];
      if (kernel) return wrap(backend, kernel(x4.view("maxPool2d"), win), shape, x4.dtype);
      return tidy(() => reduceTaps(padSpatial(x4, win, Number.NEGATIVE_INFINITY), win, out, maximum));
    }),
  );
}

/**
 * 2-D average pooling over NCHW (or unbatched `[C, H, W]`) input with zero padding. With
 * `countIncludePad: false` each window is divided by the number of its elements inside the input.
 *
 * @example
 * ```ts
 * avgPool2d(features, { kernelSize: 2 });
 * avgPool2d(features, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false });
 * ```
 */
export function avgPool2d(x: TensorLike, options: AvgPool2dOptions): Tensor {
  const countIncludePad = options.countIncludePad ?? true;
  return pool("avgPool2d", x, options, 1, (x4, win, out) => {
    const attrs: AvgPool2dKernelOptions = { ...win, countIncludePad };
    return differentiable("avgPool2d", [x4], attrs, () => {
      const backend = backendOf("avgPool2d", x4);
      const kernel = backend.kernels.avgPool2d;
      const shape = [x4.shape[0]!, x4.shape[1]!, ...out];
      if (kernel) return wrap(backend, kernel(x4.view("avgPool2d"), attrs), shape, x4.dtype);
      return tidy(() => {
        const total = reduceTaps(padSpatial(x4, win, 0), win, out, add);
        if (countIncludePad) return div(total, win.kernel[0] * win.kernel[1]);
        return div(
          total,
          upload(backend, avgPoolCounts([x4.shape[2]!, x4.shape[3]!], win, out), out, x4.dtype, "avgPool2d"),
        );
      });
    });
  });
}

/**
 * @internal In-bounds taps of each window of an average pool (no dilation), `[OH·OW]` row-major:
 * (rows inside) × (columns inside), known on the host. The divisor when `countIncludePad` is false.
 */
export function avgPoolCounts(
  input: readonly [number, number],
  win: Window2d,
  out: readonly [number, number],
): Float64Array {
  const inside = (o: number, axis: 0 | 1): number => {
    const size = input[axis];
    const start = o * win.stride[axis] - win.padding[2 * axis]!;
    return Math.min(start + win.kernel[axis], size) - Math.max(start, 0);
  };
  const counts = new Float64Array(out[0] * out[1]);
  for (let r = 0; r < out[0]; r++)
    for (let c = 0; c < out[1]; c++) counts[r * out[1] + c] = inside(r, 0) * inside(c, 1);
  return counts;
}
