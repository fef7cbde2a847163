import type { Conv2dKernelOptions, Window2d } from "../backend/contract.js";
import { floatDTypeFor } from "../core/dtype.js";
import { ShapeError, ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { castIfNeeded, prepareOperands, type TensorLike } from "./convert.js";
import { backendOf, wrap } from "./dispatch.js";
import { pad, stack } from "./join.js";
import { matmul } from "./matmul.js";
import { reshape, slice, squeeze, unsqueeze } from "./views.js";

/** A size per spatial axis: one number for both, or `[height, width]`. */
export type IntPair = number | readonly [number, number];

/** Padding of {@link conv2d}: a number or pair (symmetric per axis), `'valid'` (none) or `'same'`. */
export type ConvPadding = IntPair | "valid" | "same";

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  /** Step between output positions. Default 1. */
  readonly stride?: IntPair;
  /** Zero padding: a number or `[h, w]` on both sides, `'valid'` (0) or `'same'` (stride 1 only). Default 0. */
  readonly padding?: ConvPadding;
  /** Spacing between kernel taps. Default 1. */
  readonly dilation?: IntPair;
  /** Channel groups: input and output channels are split into `groups` independent convolutions. Default 1. */
  readonly groups?: number;
}

/** Options of {@link conv1d}: as {@link Conv2dOptions}, one number per option. */
export interface Conv1dOptions {
  readonly stride?: number;
  readonly padding?: number | "valid" | "same";
  readonly dilation?: number;
  readonly groups?: number;
}

/** @internal Window options before resolution; shared by convolution and pooling. */
export interface WindowOptions {
  readonly stride?: IntPair | undefined;
  readonly padding?: ConvPadding | undefined;
  readonly dilation?: IntPair | undefined;
}

/** @internal A number or a pair of integers ≥ `min`, as a pair; ValueError otherwise. */
export function resolvePair(op: string, name: string, value: IntPair, min: number): [number, number] {
  const pair = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= min)) {
    throw new ValueError(
      `${op}: ${name} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(value)}`,
    );
  }
  return [pair[0]!, pair[1]!];
}

/**
 * @internal Resolves stride, padding (numbers, pairs, `'valid'`, `'same'`) and dilation into the
 * contract's {@link Window2d}. `'same'` pads `dilation * (kernel - 1)` in total per axis, the odd
 * element at the end (bottom/right), as PyTorch; it needs stride 1.
 */
export function resolveWindow2d(
  op: string,
  kernel: readonly [number, number],
  options: WindowOptions,
  defaultStride: IntPair = 1,
): Window2d {
  const stride = resolvePair(op, "stride", options.stride ?? defaultStride, 1);
  const dilation = resolvePair(op, "dilation", options.dilation ?? 1, 1);
  const p = options.padding ?? 0;
  let padding: [number, number, number, number];
  if (p === "valid") padding = [0, 0, 0, 0];
  else if (p === "same") {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ValueError(`${op}: padding 'same' needs stride 1, got stride ${formatShape(stride)}`);
    }
    const total = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)] as const;
    const top = Math.floor(total[0] / 2);
    const left = Math.floor(total[1] / 2);
    padding = [top, total[0] - top, left, total[1] - left];
  } else {
    const [ph, pw] = resolvePair(op, "padding", p, 0);
    padding = [ph, ph, pw, pw];
  }
  return { kernel: [kernel[0], kernel[1]], stride, padding, dilation };
}

/**
 * @internal Output height and width of a window sliding over `[height, width]`:
 * `floor((size + padding - dilation * (kernel - 1) - 1) / stride) + 1`; a ShapeError naming
 * `describe()` when the (dilated) window does not fit the padded input.
 */
export function windowOutputSize(
  op: string,
  input: readonly [number, number],
  win: Window2d,
  describe: () => string,
): [number, number] {
  const out = [0, 1].map((i) => {
    const padded = input[i]! + win.padding[2 * i]! + win.padding[2 * i + 1]!;
    const extent = win.dilation[i]! * (win.kernel[i]! - 1) + 1;
    if (padded < extent) {
      throw new ShapeError(
        `${op}: the padded input ${formatShape([input[0], input[1]].map((d, j) => d + win.padding[2 * j]! + win.padding[2 * j + 1]!))} is smaller than the (dilated) window ${formatShape([0, 1].map((j) => win.dilation[j]! * (win.kernel[j]! - 1) + 1))}: ${describe()}`,
      );
    }
    return Math.floor((padded - extent) / win.stride[i]!) + 1;
  });
  return [out[0]!, out[1]!];
}

/** @internal `x` NCHW padded by `win.padding` with `value` on the two spatial axes. */
export function padSpatial(x: Tensor, win: Window2d, value: number): Tensor {
  const [top, bottom, left, right] = win.padding;
  return pad(
    x,
    [
      [0, 0],
      [0, 0],
      [top, bottom],
      [left, right],
    ],
    { value },
  );
}

/**
 * @internal Tap `(i, j)` of the window over a padded NCHW input: the `[N, C, OH, OW]` strided view
 * of the element that tap reads for every output position (dilation and stride are slice steps).
 */
export function windowTap(
  xp: Tensor,
  win: Window2d,
  i: number,
  j: number,
  out: readonly [number, number],
): Tensor {
  const [sh, sw] = win.stride;
  const [dh, dw] = win.dilation;
  return slice(xp, [
    null,
    null,
    [i * dh, i * dh + (out[0] - 1) * sh + 1, sh],
    [j * dw, j * dw + (out[1] - 1) * sw + 1, sw],
  ]);
}

/** Checks channels and groups, resolves the window and runs the kernel or the im2col composition. */
function convCore(
  op: string,
  x: Tensor,
  w: Tensor,
  options: WindowOptions,
  groups: number,
  describe: () => string,
): Tensor {
  if (!Number.isInteger(groups) || groups < 1)
    throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  if (c % groups !== 0 || o % groups !== 0) {
    throw new ShapeError(
      `${op}: groups ${groups} must divide the input channels ${c} and the output channels ${o}: ${describe()}`,
    );
  }
  if (cg * groups !== c) {
    throw new ShapeError(
      `${op}: w expects ${cg * groups} input channels (${cg} per group × ${groups} groups), x has ${c}: ${describe()}`,
    );
  }
  if (kh < 1 || kw < 1) throw new ShapeError(`${op}: the kernel must not be empty: ${describe()}`);
  const win = resolveWindow2d(op, [kh, kw], options);
  const [oh, ow] = windowOutputSize(op, [h, wd], win, describe);
  const attrs: Conv2dKernelOptions = { ...win, groups };
  // Recorded as conv2d on the batched NCHW form (conv1d and unbatched input reach it through views).
  return differentiable("conv2d", [x, w], attrs, () => {
    const backend = backendOf(op, x, w);
    const kernel = backend.kernels.conv2d;
    if (kernel) return wrap(backend, kernel(x.view(op), w.view(op), attrs), [n, o, oh, ow], x.dtype);
    return tidy(() => {
      // im2col: the kh·kw tap views of the zero-padded input, stacked → [N, C, KH·KW, OH, OW], then one
      // batched matmul per group: [G, O/G, C/G·KH·KW] × [N, G, C/G·KH·KW, OH·OW].
      const xp = padSpatial(x, win, 0);
      const taps: Tensor[] = [];
      for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) taps.push(windowTap(xp, win, i, j, [oh, ow]));
      const cols = reshape(stack(taps, 2), [n, groups, cg * kh * kw, oh * ow]);
      const y = matmul(reshape(w, [groups, o / groups, cg * kh * kw]), cols);
      return reshape(y, [n, o, oh, ow]);
    });
  });
}

/**
 * 2-D convolution (cross-correlation, as `torch.nn.functional.conv2d`) of NCHW `x` with `w`
 * `[O, C/groups, KH, KW]`, without bias. Unbatched `[C, H, W]` input gives `[O, OH, OW]`.
 * Integer inputs are computed as float32.
 *
 * @example
 * ```ts
 * const y = conv2d(images, kernels, { stride: 2, padding: 1 }); // [N, O, H/2, W/2] for 3×3 kernels
 * conv2d(x, w, { padding: "same", dilation: 2 });
 * ```
 */
export function conv2d(x: TensorLike, w: TensorLike, options: Conv2dOptions = {}): Tensor {
  return tidy(() => {
    const { tensors, dtype } = prepareOperands("conv2d", [x, w]);
    const [tx, tw] = tensors as [Tensor, Tensor];
    const describe = (): string => `x is ${formatShape(tx.shape)}, w is ${formatShape(tw.shape)}`;
    if (tx.rank !== 3 && tx.rank !== 4)
      throw new ShapeError(`conv2d: x must be [N,C,H,W] or [C,H,W]: ${describe()}`);
    if (tw.rank !== 4) throw new ShapeError(`conv2d: w must be [O,C/groups,KH,KW]: ${describe()}`);
    const computeIn = floatDTypeFor(dtype);
    const unbatched = tx.rank === 3;
    const x4 = castIfNeeded(unbatched ? unsqueeze(tx, 0) : tx, computeIn);
    const y = convCore("conv2d", x4, castIfNeeded(tw, computeIn), options, options.groups ?? 1, describe);
    return unbatched ? squeeze(y, 0) : y;
  });
}

/**
 * 1-D convolution of `x` `[N, C, L]` (or unbatched `[C, L]`) with `w` `[O, C/groups, K]`, without
 * bias; computed as {@link conv2d} with a height of 1.
 *
 * @example
 * ```ts
 * conv1d(signal, filters, { padding: "same" }); // [N, O, L]
 * ```
 */
export function conv1d(x: TensorLike, w: TensorLike, options: Conv1dOptions = {}): Tensor {
  return tidy(() => {
    const { tensors, dtype } = prepareOperands("conv1d", [x, w]);
    const [tx, tw] = tensors as [Tensor, Tensor];
    const describe = (): string => `x is ${formatShape(tx.shape)}, w is ${formatShape(tw.shape)}`;
    if (tx.rank !== 2 && tx.rank !== 3)
      throw new ShapeError(`conv1d: x must be [N,C,L] or [C,L]: ${describe()}`);
    if (tw.rank !== 3) throw new ShapeError(`conv1d: w must be [O,C/groups,K]: ${describe()}`);
    for (const name of ["stride", "dilation"] as const) {
      const v = options[name];
      if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 1)) {
        throw new ValueError(`conv1d: ${name} must be a positive integer, got ${JSON.stringify(v)}`);
      }
    }
    const p = options.padding ?? 0;
    if (typeof p === "number" && (!Number.isInteger(p) || p < 0))
      throw new ValueError(`conv1d: padding must be an integer ≥ 0, got ${p}`);
    if (p === "same" && (options.stride ?? 1) !== 1)
      throw new ValueError(`conv1d: padding 'same' needs stride 1, got stride ${options.stride}`);
    const computeIn = floatDTypeFor(dtype);
    const unbatched = tx.rank === 2;
    const x3 = unbatched ? unsqueeze(tx, 0) : tx;
    // [N, C, L] → [N, C, 1, L]; the height axis has kernel 1, stride 1, no padding.
    const x4 = castIfNeeded(unsqueeze(x3, 2), computeIn);
    const w4 = castIfNeeded(unsqueeze(tw, 2), computeIn);
    const window: WindowOptions = {
      stride: [1, options.stride ?? 1],
      dilation: [1, options.dilation ?? 1],
      padding: typeof p === "number" ? [0, p] : p,
    };
    const y = squeeze(convCore("conv1d", x4, w4, window, options.groups ?? 1, describe), 2);
    return unbatched ? squeeze(y, 0) : y;
  });
}
