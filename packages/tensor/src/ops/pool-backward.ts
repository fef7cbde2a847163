import type { Window2d } from "../backend/contract.js";
import { floatDTypeFor } from "../core/dtype.js";
import { ShapeError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape, shapesEqual, sizeOf } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { add, div, maximum } from "./arithmetic.js";
import { equal, isNaN, logicalAnd, logicalNot, logicalOr, where } from "./compare.js";
import { type IntPair, padSpatial, resolvePair, windowOutputSize, windowTap } from "./conv.js";
import { type BackpropPadding, resolveBackpropWindow, shape4 } from "./conv-backward.js";
import { castIfNeeded, prepareOperands, type TensorLike } from "./convert.js";
import { fullOn } from "./creation.js";
import { backendOf, upload, wrap } from "./dispatch.js";
import { avgPoolCounts } from "./pool.js";
import { sliceBackward } from "./slice-backward.js";
import { contiguous, type SliceSpec, slice } from "./views.js";

/**
 * The gradients of {@link maxPool2d} and {@link avgPool2d}. Each is an optional kernel with a
 * reference composition: every window tap is a strided slice of the padded input, so its
 * gradient is put back with {@link sliceBackward} and the taps are summed.
 */

/** Options of {@link maxPool2dBackward}: the forward pooling's options. */
export interface MaxPool2dBackwardOptions {
  /** Window size: a number or `[height, width]`. */
  readonly kernelSize: IntPair;
  /** Step between windows. Default `kernelSize`. */
  readonly stride?: IntPair;
  /** The forward padding: a number, a pair, or `[top, bottom, left, right]`. Default 0. */
  readonly padding?: IntPair | readonly [number, number, number, number];
  /** Spacing between window taps. Default 1. */
  readonly dilation?: IntPair;
}

/** Options of {@link avgPool2dBackward}: the forward input's shape and the forward options. */
export interface AvgPool2dBackwardOptions {
  /** Shape `[N, C, H, W]` of the forward input. */
  readonly inputShape: readonly number[];
  /** Window size: a number or `[height, width]`. */
  readonly kernelSize: IntPair;
  /** Step between windows. Default `kernelSize`. */
  readonly stride?: IntPair;
  /** The forward padding: a number, a pair, or `[top, bottom, left, right]`. Default 0. */
  readonly padding?: IntPair | readonly [number, number, number, number];
  /** As the forward: divide by the whole window (true, the default) or by its in-bounds part. */
  readonly countIncludePad?: boolean;
}

/**
 * Gradient of `maxPool2d(x, options)` with respect to `x` (NCHW): each element of `dy`
 * `[N, C, OH, OW]` goes to the first maximum of its window in row-major tap order, as PyTorch;
 * NaN counts as the maximum (the first NaN wins), and a window of only -Infinity sends its
 * gradient to its first tap inside the input. Overlapping windows add up.
 *
 * @example
 * ```ts
 * const y = maxPool2d(x, { kernelSize: 2 });
 * const dx = maxPool2dBackward(onesLike(y), x, { kernelSize: 2 }); // 1 at each window's max
 * ```
 */
export function maxPool2dBackward(dy: TensorLike, x: TensorLike, options: MaxPool2dBackwardOptions): Tensor {
  const op = "maxPool2dBackward";
  return tidy(() => {
    const { tensors, dtype } = prepareOperands(op, [dy, x]);
    const [tdy, tx] = tensors as [Tensor, Tensor];
    const describe = (): string => `dy is ${formatShape(tdy.shape)}, x is ${formatShape(tx.shape)}`;
    if (tx.rank !== 4) throw new ShapeError(`${op}: x must be [N,C,H,W]: ${describe()}`);
    const win = poolWindow(op, options, options.dilation ?? 1);
    checkOutput(op, tx.shape, win, tdy, describe);
    const computeIn = floatDTypeFor(dtype);
    return differentiable(op, [tdy, tx], win, () => {
      const backend = backendOf(op, tdy, tx);
      if (tdy.size === 0 || tx.size === 0) return fullOn(backend, tx.shape, 0, computeIn, op);
      const dyc = castIfNeeded(tdy, computeIn);
      const xc = castIfNeeded(tx, computeIn);
      const kernel = backend.kernels.maxPool2dBackward;
      if (kernel) return wrap(backend, kernel(dyc.view(op), xc.view(op), win), tx.shape, computeIn);
      return referenceMaxPoolBackward(dyc, xc, win);
    });
  });
}

/**
 * Gradient of `avgPool2d(x, options)` with respect to `x` (NCHW): each element of `dy`
 * `[N, C, OH, OW]`, divided as the forward divided its window, is added to every tap of the
 * window that lies inside the input.
 *
 * @example
 * ```ts
 * const y = avgPool2d(x, { kernelSize: 2 });
 * const dx = avgPool2dBackward(onesLike(y), { inputShape: x.shape, kernelSize: 2 }); // 0.25 everywhere
 * ```
 */
export function avgPool2dBackward(dy: TensorLike, options: AvgPool2dBackwardOptions): Tensor {
  const op = "avgPool2dBackward";
  return tidy(() => {
    const { tensors, dtype } = prepareOperands(op, [dy]);
    const tdy = tensors[0]!;
    const inputShape = shape4(op, "inputShape", options.inputShape);
    const describe = (): string =>
      `dy is ${formatShape(tdy.shape)}, inputShape is ${formatShape(inputShape)}`;
    const win = poolWindow(op, options, 1);
    checkOutput(op, inputShape, win, tdy, describe);
    const computeIn = floatDTypeFor(dtype);
    const attrs = { ...win, countIncludePad: options.countIncludePad ?? true, inputShape };
    return differentiable(op, [tdy], attrs, () => {
      const backend = backendOf(op, tdy);
      if (tdy.size === 0 || sizeOf(inputShape) === 0) return fullOn(backend, inputShape, 0, computeIn, op);
      const dyc = castIfNeeded(tdy, computeIn);
      const kernel = backend.kernels.avgPool2dBackward;
      if (kernel) return wrap(backend, kernel(dyc.view(op), attrs), inputShape, computeIn);
      return tidy(() => {
        const out: [number, number] = [tdy.shape[2]!, tdy.shape[3]!];
        const divisor = attrs.countIncludePad
          ? win.kernel[0] * win.kernel[1]
          : upload(backend, avgPoolCounts([inputShape[2], inputShape[3]], win, out), out, computeIn, op);
        return sumTapGradients(div(dyc, divisor), inputShape, win, () => undefined);
      });
    });
  });
}

/** The forward window of a pool: kernelSize, stride (default the kernel), padding, dilation. */
function poolWindow(
  op: string,
  options: {
    readonly kernelSize: IntPair;
    readonly stride?: IntPair | undefined;
    readonly padding?: BackpropPadding | undefined;
  },
  dilation: IntPair,
): Window2d {
  const kernel = resolvePair(op, "kernelSize", options.kernelSize, 1);
  return resolveBackpropWindow(
    op,
    kernel,
    { stride: options.stride, padding: options.padding ?? 0, dilation },
    kernel,
  );
}

/** Checks that `dy` has the shape the forward pooling of `inputShape` gives. */
function checkOutput(
  op: string,
  inputShape: readonly number[],
  win: Window2d,
  dy: Tensor,
  describe: () => string,
): void {
  const [oh, ow] = windowOutputSize(op, [inputShape[2]!, inputShape[3]!], win, describe);
  const expected = [inputShape[0]!, inputShape[1]!, oh, ow];
  if (!shapesEqual(dy.shape, expected)) {
    throw new ShapeError(
      `${op}: dy must have the forward output's shape ${formatShape(expected)}: ${describe()}`,
    );
  }
}

/** Max-pool gradient from required ops: per tap, a first-max mask, then that tap's share put back. */
function referenceMaxPoolBackward(dy: Tensor, x: Tensor, win: Window2d): Tensor {
  return tidy(() => {
    const out: [number, number] = [dy.shape[2]!, dy.shape[3]!];
    const xp = padSpatial(x, win, Number.NEGATIVE_INFINITY);
    // The window max, NaN propagating (maximum lets NaN win).
    let m: Tensor | undefined;
    forEachTap(win, (i, j) => {
      const tap = windowTap(xp, win, i, j, out);
      m = m === undefined ? tap : maximum(m, tap);
    });
    // Which taps lie inside the input: a padding tap equal to an all -Infinity window's max must not win.
    const padded = win.padding.some((p) => p > 0);
    const inside = padded
      ? padSpatial(
          fullOn(x.backend, [1, 1, x.shape[2]!, x.shape[3]!], true, "bool", "maxPool2dBackward"),
          win,
          0,
        )
      : undefined;
    // taken: the windows whose first maximum an earlier tap already was.
    let taken: Tensor | undefined;
    return sumTapGradients(
      dy,
      x.shape,
      win,
      (i, j) => {
        const v = windowTap(xp, win, i, j, out);
        // NaN is the max exactly when the window holds a NaN, and then equal() is false everywhere.
        let isMax = logicalOr(equal(v, m!), isNaN(v));
        if (inside) isMax = logicalAnd(isMax, windowTap(inside, win, i, j, out));
        const first = taken ? logicalAnd(isMax, logicalNot(taken)) : isMax;
        const next = taken ? logicalOr(taken, isMax) : isMax;
        // Kept beyond this tap's scope; the previous one is no longer needed.
        taken?.dispose();
        taken = next;
        return where(first, dy, 0);
      },
      () => (taken ? [taken] : []),
    );
  });
}

/**
 * Σ over window taps of the tap's gradient put back where the tap read (in the padded input),
 * cropped to `inputShape`. `share(i, j)` gives tap (i, j)'s gradient `[N, C, OH, OW]` (undefined:
 * `g` itself); tensors `carry()` returns outlive each tap's scope.
 */
function sumTapGradients(
  g: Tensor,
  inputShape: readonly number[],
  win: Window2d,
  share: (i: number, j: number) => Tensor | undefined,
  carry: () => Tensor[] = () => [],
): Tensor {
  const [n, c, h, w] = inputShape as [number, number, number, number];
  const [top, bottom, left, right] = win.padding;
  const paddedShape = [n, c, h + top + bottom, w + left + right];
  const [oh, ow] = [g.shape[2]!, g.shape[3]!];
  let acc: Tensor | undefined;
  forEachTap(win, (i, j) => {
    const spec: SliceSpec[] = [
      { start: 0, step: 1, size: n },
      { start: 0, step: 1, size: c },
      { start: i * win.dilation[0], step: win.stride[0], size: oh },
      { start: j * win.dilation[1], step: win.stride[1], size: ow },
    ];
    const prev = acc;
    // Each tap in its own scope: only the running sum (and what `carry` names) survives it.
    const result = tidy(() => {
      const placed = sliceBackward(share(i, j) ?? g, paddedShape, spec);
      return { sum: prev ? add(prev, placed) : placed, kept: carry() };
    });
    prev?.dispose();
    acc = result.sum;
  });
  return contiguous(slice(acc!, [null, null, [top, top + h], [left, left + w]]));
}

function forEachTap(win: Window2d, fn: (i: number, j: number) => void): void {
  for (let i = 0; i < win.kernel[0]; i++) for (let j = 0; j < win.kernel[1]; j++) fn(i, j);
}
