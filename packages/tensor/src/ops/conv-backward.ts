import type { Window2d } from "../backend/contract.js";
import { floatDTypeFor } from "../core/dtype.js";
import { ShapeError, ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape, shapesEqual, sizeOf } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { type ConvPadding, conv2d, type IntPair, resolveWindow2d, windowOutputSize } from "./conv.js";
import { castIfNeeded, prepareOperands, type TensorLike } from "./convert.js";
import { fullOn } from "./creation.js";
import { backendOf, wrap } from "./dispatch.js";
import { pad } from "./join.js";
import { contiguous, flip, permute, reshape, type SliceRange, slice, unsqueeze } from "./views.js";

/**
 * The gradients of {@link conv2d}: with respect to its input (a transposed convolution) and to its
 * weights. Each is an optional kernel with a reference composition over conv2d, pad and views, so
 * every backend runs them.
 */

/** Padding of the backward ops: as {@link conv2d} takes it, or resolved as `[top, bottom, left, right]`. */
export type BackpropPadding = ConvPadding | readonly [number, number, number, number];

/** The forward convolution's geometry, shared by the two backward ops. */
interface ConvWindowOptions {
  /** The forward stride. Default 1. */
  readonly stride?: IntPair;
  /** The forward padding (a number, a pair, `'valid'`, `'same'` or `[top, bottom, left, right]`). Default 0. */
  readonly padding?: BackpropPadding;
  /** The forward dilation. Default 1. */
  readonly dilation?: IntPair;
  /** The forward channel groups. Default 1. */
  readonly groups?: number;
}

/** Options of {@link conv2dBackpropInput}: the forward input's shape and the forward options. */
export interface Conv2dBackpropInputOptions extends ConvWindowOptions {
  /** Shape `[N, C, H, W]` of the forward input `x`. */
  readonly inputShape: readonly number[];
}

/** Options of {@link conv2dBackpropFilter}: the forward weights' shape and the forward options. */
export interface Conv2dBackpropFilterOptions extends ConvWindowOptions {
  /** Shape `[O, C/groups, KH, KW]` of the forward weights `w`. */
  readonly filterShape: readonly number[];
}

type Shape4 = [number, number, number, number];

/**
 * Gradient of `conv2d(x, w, options)` with respect to `x`: given `dy` `[N, O, OH, OW]` (the
 * gradient of the output) and `w` `[O, C/groups, KH, KW]`, returns dx of `options.inputShape`
 * `[N, C, H, W]`. It is the transposed convolution: each `dy` value is spread over the input
 * positions its window read, weighted by the taps. Rows and columns the forward never reached
 * (when the stride does not divide the padded size) get 0.
 *
 * @example
 * ```ts
 * const y = conv2d(x, w, { stride: 2, padding: 1 });
 * const dx = conv2dBackpropInput(onesLike(y), w, { inputShape: x.shape, stride: 2, padding: 1 });
 * ```
 */
export function conv2dBackpropInput(
  dy: TensorLike,
  w: TensorLike,
  options: Conv2dBackpropInputOptions,
): Tensor {
  const op = "conv2dBackpropInput";
  return tidy(() => {
    const { tensors, dtype } = prepareOperands(op, [dy, w]);
    const [tdy, tw] = tensors as [Tensor, Tensor];
    const inputShape = shape4(op, "inputShape", options.inputShape);
    const describe = (): string =>
      `dy is ${formatShape(tdy.shape)}, w is ${formatShape(tw.shape)}, inputShape is ${formatShape(inputShape)}`;
    if (tw.rank !== 4) throw new ShapeError(`${op}: w must be [O,C/groups,KH,KW]: ${describe()}`);
    const { win, groups } = convGeometry(op, inputShape, tw.shape as Shape4, tdy, options, describe);
    const computeIn = floatDTypeFor(dtype);
    const attrs = { ...win, groups, inputShape };
    return differentiable(op, [tdy, tw], attrs, () => {
      const backend = backendOf(op, tdy, tw);
      if (sizeOf(inputShape) === 0 || tdy.size === 0) return fullOn(backend, inputShape, 0, computeIn, op);
      const dyc = castIfNeeded(tdy, computeIn);
      const wc = castIfNeeded(tw, computeIn);
      const kernel = backend.kernels.conv2dBackpropInput;
      if (kernel) return wrap(backend, kernel(dyc.view(op), wc.view(op), attrs), inputShape, computeIn);
      return referenceBackpropInput(dyc, wc, win, groups, inputShape);
    });
  });
}

/**
 * Gradient of `conv2d(x, w, options)` with respect to `w`: given `x` `[N, C, H, W]` and `dy`
 * `[N, O, OH, OW]`, returns dw of `options.filterShape` `[O, C/groups, KH, KW]`, the correlation of
 * each output channel's gradient with the input channels of its group, summed over the batch.
 *
 * @example
 * ```ts
 * const y = conv2d(x, w, { padding: "same" });
 * const dw = conv2dBackpropFilter(x, onesLike(y), { filterShape: w.shape, padding: "same" });
 * ```
 */
export function conv2dBackpropFilter(
  x: TensorLike,
  dy: TensorLike,
  options: Conv2dBackpropFilterOptions,
): Tensor {
  const op = "conv2dBackpropFilter";
  return tidy(() => {
    const { tensors, dtype } = prepareOperands(op, [x, dy]);
    const [tx, tdy] = tensors as [Tensor, Tensor];
    const filterShape = shape4(op, "filterShape", options.filterShape);
    const describe = (): string =>
      `x is ${formatShape(tx.shape)}, dy is ${formatShape(tdy.shape)}, filterShape is ${formatShape(filterShape)}`;
    if (tx.rank !== 4) throw new ShapeError(`${op}: x must be [N,C,H,W]: ${describe()}`);
    const { win, groups } = convGeometry(op, tx.shape as Shape4, filterShape, tdy, options, describe);
    const computeIn = floatDTypeFor(dtype);
    const attrs = { ...win, groups, filterShape };
    return differentiable(op, [tx, tdy], attrs, () => {
      const backend = backendOf(op, tx, tdy);
      if (sizeOf(filterShape) === 0 || tdy.size === 0 || tx.size === 0)
        return fullOn(backend, filterShape, 0, computeIn, op);
      const xc = castIfNeeded(tx, computeIn);
      const dyc = castIfNeeded(tdy, computeIn);
      const kernel = backend.kernels.conv2dBackpropFilter;
      if (kernel) return wrap(backend, kernel(xc.view(op), dyc.view(op), attrs), filterShape, computeIn);
      return referenceBackpropFilter(xc, dyc, win, groups, filterShape);
    });
  });
}

/** @internal `shape` as four integers ≥ 0; a ValueError naming `name` otherwise. */
export function shape4(op: string, name: string, shape: readonly number[] | undefined): Shape4 {
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(
      `${op}: ${name} must be four integers ≥ 0 ([N,C,H,W] form), got ${JSON.stringify(shape)}`,
    );
  }
  return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

/**
 * @internal Resolves a backward op's window: `[top, bottom, left, right]` padding is taken as is
 * (the resolved form forward ops record), anything else as the forward op resolves it.
 */
export function resolveBackpropWindow(
  op: string,
  kernel: readonly [number, number],
  options: {
    readonly stride?: IntPair | undefined;
    readonly padding?: BackpropPadding | undefined;
    readonly dilation?: IntPair | undefined;
  },
  defaultStride: IntPair = 1,
): Window2d {
  const p = options.padding;
  if (Array.isArray(p) && p.length === 4) {
    if (!p.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new ValueError(
        `${op}: padding [top, bottom, left, right] must be integers ≥ 0, got ${JSON.stringify(p)}`,
      );
    }
    const win = resolveWindow2d(
      op,
      kernel,
      { stride: options.stride, dilation: options.dilation },
      defaultStride,
    );
    return { ...win, padding: [p[0]!, p[1]!, p[2]!, p[3]!] };
  }
  return resolveWindow2d(
    op,
    kernel,
    { stride: options.stride, dilation: options.dilation, padding: p as ConvPadding | undefined },
    defaultStride,
  );
}

/** Checks channels and groups against the forward shapes, resolves the window and checks `dy`'s shape. */
function convGeometry(
  op: string,
  inputShape: Shape4,
  filterShape: Shape4,
  dy: Tensor,
  options: ConvWindowOptions,
  describe: () => string,
): { win: Window2d; groups: number } {
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1)
    throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  const [n, c, h, wd] = inputShape;
  const [o, cg, kh, kw] = filterShape;
  if (c % groups !== 0 || o % groups !== 0 || cg * groups !== c) {
    throw new ShapeError(
      `${op}: groups ${groups} must divide the input channels ${c} and the output channels ${o}, and the weights must hold ${c / groups} input channels per group: ${describe()}`,
    );
  }
  if (kh < 1 || kw < 1) throw new ShapeError(`${op}: the kernel must not be empty: ${describe()}`);
  const win = resolveBackpropWindow(op, [kh, kw], options);
  const [oh, ow] = windowOutputSize(op, [h, wd], win, describe);
  const expected = [n, o, oh, ow];
  if (!shapesEqual(dy.shape, expected)) {
    throw new ShapeError(
      `${op}: dy must have the forward output's shape ${formatShape(expected)}: ${describe()}`,
    );
  }
  return { win, groups };
}

/**
 * dx as a convolution of `dy` (the transposed convolution from required ops): dy dilated by the
 * stride, zero-padded by `dilation·(K-1) - padding` (cropped where negative), convolved (stride 1,
 * the forward dilation) with the spatially flipped kernel whose in/out channels are swapped per group.
 */
function referenceBackpropInput(
  dy: Tensor,
  w: Tensor,
  win: Window2d,
  groups: number,
  inputShape: Shape4,
): Tensor {
  return tidy(() => {
    const [, c, h, wd] = inputShape;
    const [o, cg, kh, kw] = w.shape as Shape4;
    const [sh, sw] = win.stride;
    const [dh, dw] = win.dilation;
    const [top, , left] = win.padding;
    // Dilated dy row p sits at padded-input row p·sh; the correlation needs it (KH-1)·dh - top
    // further along, in a sequence of H + (KH-1)·dh rows (so that a valid correlation gives H).
    let g: Tensor | undefined = dilate(dilate(dy, 2, sh), 3, sw);
    g = place(g, 2, (kh - 1) * dh - top, h + (kh - 1) * dh);
    if (g) g = place(g, 3, (kw - 1) * dw - left, wd + (kw - 1) * dw);
    // No dy reaches the input (all of it lies over the padding).
    if (!g) return fullOn(dy.backend, inputShape, 0, dy.dtype, "conv2dBackpropInput");
    const og = o / groups;
    const wt = flip(
      reshape(permute(reshape(w, [groups, og, cg, kh, kw]), [0, 2, 1, 3, 4]), [c, og, kh, kw]),
      [2, 3],
    );
    return conv2d(g, wt, { dilation: win.dilation, groups });
  });
}

/**
 * dw as a convolution where the batch is the channel axis: x (padded, cropped to the rows the
 * forward read) as `[C/g, g·N, H', W']` against dy as filters `[O, N, OH, OW]`, with `groups` g,
 * stride := forward dilation and dilation := forward stride; the result `[C/g, O, KH, KW]` is
 * permuted to `[O, C/g, KH, KW]`.
 */
function referenceBackpropFilter(
  x: Tensor,
  dy: Tensor,
  win: Window2d,
  groups: number,
  filterShape: Shape4,
): Tensor {
  return tidy(() => {
    const n = x.shape[0]!;
    const [o, cg, kh, kw] = filterShape;
    const [oh, ow] = [dy.shape[2]!, dy.shape[3]!];
    const [sh, sw] = win.stride;
    const [dh, dw] = win.dilation;
    const [top, , left] = win.padding;
    // The padded rows the forward read: 0 … (OH-1)·sh + (KH-1)·dh; later ones (the remainder) are dropped.
    let xp: Tensor | undefined = place(x, 2, top, (oh - 1) * sh + (kh - 1) * dh + 1);
    if (xp) xp = place(xp, 3, left, (ow - 1) * sw + (kw - 1) * dw + 1);
    if (!xp) return fullOn(x.backend, filterShape, 0, x.dtype, "conv2dBackpropFilter");
    const [hp, wp] = [xp.shape[2]!, xp.shape[3]!];
    const og = o / groups;
    const xs = reshape(permute(reshape(xp, [n, groups, cg, hp, wp]), [2, 1, 0, 3, 4]), [
      cg,
      groups * n,
      hp,
      wp,
    ]);
    const f = reshape(permute(reshape(dy, [n, groups, og, oh, ow]), [1, 2, 0, 3, 4]), [o, n, oh, ow]);
    const z = conv2d(xs, f, { stride: win.dilation, dilation: win.stride, groups });
    return contiguous(permute(z, [1, 0, 2, 3]));
  });
}

/** `t` with `step - 1` zeros between neighbours along `axis` (a size-n axis becomes (n-1)·step + 1). */
function dilate(t: Tensor, axis: number, step: number): Tensor {
  const n = t.shape[axis]!;
  if (step === 1 || n === 0) return t;
  // [.., n, ..] → [.., n, 1, ..] → pad to [.., n, step, ..] → [.., n·step, ..] → drop the trailing zeros.
  const widened = pad(unsqueeze(t, axis + 1), pairsFor(axis + 1, 0, step - 1));
  const merged = reshape(
    widened,
    t.shape.map((d, i) => (i === axis ? d * step : d)),
  );
  return slice(merged, rangeOn(axis, 0, (n - 1) * step + 1));
}

/**
 * A tensor with `length` elements along `axis`, zero except that element k of `t` sits at
 * `offset + k` (elements falling outside are cropped); undefined when none of `t` lands inside.
 */
function place(t: Tensor, axis: number, offset: number, length: number): Tensor | undefined {
  const n = t.shape[axis]!;
  const lo = Math.max(0, -offset);
  const hi = Math.min(n, length - offset);
  if (hi <= lo) return undefined;
  const cropped = lo > 0 || hi < n ? slice(t, rangeOn(axis, lo, hi)) : t;
  const before = lo + offset;
  const after = length - (hi + offset);
  return before > 0 || after > 0 ? pad(cropped, pairsFor(axis, before, after)) : cropped;
}

function pairsFor(axis: number, before: number, after: number): [number, number][] {
  return Array.from({ length: axis + 1 }, (_, i): [number, number] =>
    i === axis ? [before, after] : [0, 0],
  );
}

function rangeOn(axis: number, start: number, end: number): SliceRange[] {
  return Array.from({ length: axis + 1 }, (_, i) => (i === axis ? ([start, end] as const) : null));
}
