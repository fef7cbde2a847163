import {
  add,
  conv1d,
  conv2d,
  formatShape,
  reshape,
  ShapeError,
  type Tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { kaimingUniform, uniform } from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** A size per spatial axis: one number for both, or `[height, width]`. */
export type Size2d = number | readonly [number, number];

/** Options of {@link Conv2d} (PyTorch's `nn.Conv2d` arguments after the kernel size). */
export interface Conv2dLayerOptions {
  /** Step between output positions. Default 1. */
  readonly stride?: Size2d;
  /** Zero padding on both sides (a number or `[h, w]`), `'valid'` (none) or `'same'` (stride 1 only). Default 0. */
  readonly padding?: Size2d | "valid" | "same";
  /** Spacing between kernel taps. Default 1. */
  readonly dilation?: Size2d;
  /** Channel groups: in and out channels split into `groups` independent convolutions. Default 1. */
  readonly groups?: number;
  /** Learn an additive bias per output channel. Default true. */
  readonly bias?: boolean;
}

/** Options of {@link Conv1d}: as {@link Conv2dLayerOptions}, one number per option. */
export interface Conv1dLayerOptions {
  readonly stride?: number;
  readonly padding?: number | "valid" | "same";
  readonly dilation?: number;
  readonly groups?: number;
  readonly bias?: boolean;
}

/** @internal A number or pair as a pair of integers ≥ `min`; a ValueError naming the layer otherwise. */
export function pair(layer: string, name: string, value: Size2d, min: number): [number, number] {
  const p = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= min)) {
    throw new ValueError(
      `${layer}: ${name} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(value)}`,
    );
  }
  return [p[0]!, p[1]!];
}

/**
 * @internal Output length of a window over `size` (PyTorch's formula):
 * `floor((size + padBefore + padAfter - dilation·(kernel-1) - 1) / stride) + 1`, or a negative
 * number when the dilated window does not fit the padded input.
 */
export function windowOutput(
  size: number,
  kernel: number,
  stride: number,
  padTotal: number,
  dilation: number,
): number {
  const extent = dilation * (kernel - 1) + 1;
  if (size + padTotal < extent) return -1;
  return Math.floor((size + padTotal - extent) / stride) + 1;
}

/** Resolved geometry of one spatial axis: total padding of 'same' is split with the odd element at the end, as PyTorch. */
function padTotal(padding: number | "valid" | "same", kernel: number, dilation: number): number {
  if (padding === "valid") return 0;
  if (padding === "same") return dilation * (kernel - 1);
  return 2 * padding;
}

/** The shared part of the convolution layers: channels, groups, parameters and the input check. */
abstract class ConvNd extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  protected constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernel: readonly number[],
    readonly groups: number,
    bias: boolean,
  ) {
    super();
    const layer = new.target.name;
    for (const [name, v] of [
      ["inChannels", inChannels],
      ["outChannels", outChannels],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new ValueError(`${layer}: ${name} must be a positive integer, got ${v}`);
    }
    if (!Number.isInteger(groups) || groups < 1)
      throw new ValueError(`${layer}: groups must be a positive integer, got ${groups}`);
    if (inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new ValueError(
        `${layer}: groups ${groups} must divide inChannels ${inChannels} and outChannels ${outChannels}`,
      );
    }
    const shape = [outChannels, inChannels / groups, ...kernel];
    // PyTorch's reset_parameters: kaiming_uniform(a=√5) gives U(±1/√fanIn), and the bias the same bound.
    const fanIn = (inChannels / groups) * kernel.reduce((a, b) => a * b, 1);
    const bound = 1 / Math.sqrt(fanIn);
    this.weight = this.registerParameter(
      "weight",
      tidy(() => new Parameter(kaimingUniform(shape, { a: Math.sqrt(5) }))),
    );
    this.bias = this.registerParameter(
      "bias",
      bias ? tidy(() => new Parameter(uniform([outChannels], -bound, bound))) : null,
    );
  }

  /** Adds the bias, broadcast over the spatial axes of a batched or unbatched output. */
  protected addBias(y: Tensor, spatialRank: number): Tensor {
    if (!this.bias) return y;
    return add(y, reshape(this.bias, [this.outChannels, ...Array<number>(spatialRank).fill(1)]));
  }

  /** Throws the layer's ShapeError unless `x` is `[N, C, …spatial]` or `[C, …spatial]` with spatial sizes ≥ `minSize`. */
  protected checkInput(x: Tensor, spatial: readonly string[], minSize: readonly number[]): void {
    const layer = this.constructor.name;
    const sizes = spatial.map((s, i) => (minSize[i]! > 1 ? `${s}≥${minSize[i]}` : s));
    const expected = `[N, ${this.inChannels}, ${sizes.join(", ")}] or [${this.inChannels}, ${sizes.join(", ")}]`;
    const rank = spatial.length;
    const ok =
      (x.rank === rank + 2 || x.rank === rank + 1) &&
      x.shape[x.rank - rank - 1] === this.inChannels &&
      minSize.every((m, i) => x.shape[x.rank - rank + i]! >= m);
    if (!ok)
      throw new ShapeError(`${layer}: expected input of shape ${expected}, got ${formatShape(x.shape)}`);
  }
}

/**
 * 2-D convolution over NCHW input (PyTorch's `nn.Conv2d`): `weight` is
 * `[outChannels, inChannels/groups, kH, kW]`, `bias` `[outChannels]`, both initialised
 * U(±1/√fanIn) with fanIn = inChannels/groups·kH·kW, as PyTorch does. Unbatched `[C, H, W]`
 * input gives `[outChannels, OH, OW]`.
 *
 * @example
 * ```ts
 * const conv = new Conv2d(3, 16, 3, { padding: 1 });
 * const y = conv.call(images); // [N, 3, 32, 32] → [N, 16, 32, 32]
 * ```
 */
export class Conv2d extends ConvNd {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | "valid" | "same";
  readonly dilation: [number, number];

  constructor(inChannels: number, outChannels: number, kernelSize: Size2d, options: Conv2dLayerOptions = {}) {
    const kernel = pair("Conv2d", "kernelSize", kernelSize, 1);
    super(inChannels, outChannels, kernel, options.groups ?? 1, options.bias ?? true);
    this.kernelSize = kernel;
    this.stride = pair("Conv2d", "stride", options.stride ?? 1, 1);
    this.dilation = pair("Conv2d", "dilation", options.dilation ?? 1, 1);
    const p = options.padding ?? 0;
    this.padding = p === "valid" || p === "same" ? p : pair("Conv2d", "padding", p, 0);
    if (p === "same" && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
      throw new ValueError(`Conv2d: padding 'same' needs stride 1, got stride ${formatShape(this.stride)}`);
    }
  }

  /** Output shape of one sample `[C, H, W]` (no batch axis), or null when the window does not fit. */
  outputShape(inputShape: readonly number[]): number[] | null {
    const [, h = 0, w = 0] = inputShape;
    const out = [0, 1].map((i) => {
      const p = this.padding;
      const pad = padTotal(typeof p === "string" ? p : p[i]!, this.kernelSize[i]!, this.dilation[i]!);
      return windowOutput(i === 0 ? h : w, this.kernelSize[i]!, this.stride[i]!, pad, this.dilation[i]!);
    });
    return out.every((d) => d >= 1) ? [this.outChannels, out[0]!, out[1]!] : null;
  }

  forward(x: Tensor): Tensor {
    const minSize = [0, 1].map((i) => {
      const p = this.padding;
      const pad = padTotal(typeof p === "string" ? p : p[i]!, this.kernelSize[i]!, this.dilation[i]!);
      return Math.max(1, this.dilation[i]! * (this.kernelSize[i]! - 1) + 1 - pad);
    });
    this.checkInput(x, ["H", "W"], minSize);
    return tidy(() => {
      const y = conv2d(x, this.weight, {
        stride: this.stride,
        padding: this.padding,
        dilation: this.dilation,
        groups: this.groups,
      });
      return this.addBias(y, 2);
    });
  }

  protected override getConfig(): ModuleConfig {
    const p = this.padding;
    return {
      type: "Conv2d",
      config: {
        inChannels: this.inChannels,
        outChannels: this.outChannels,
        kernelSize: [...this.kernelSize],
        stride: [...this.stride],
        padding: typeof p === "string" ? p : [...p],
        dilation: [...this.dilation],
        groups: this.groups,
        bias: this.bias !== null,
      },
    };
  }

  protected override extraRepr(): string {
    const p = this.padding;
    return (
      `inChannels=${this.inChannels}, outChannels=${this.outChannels}, kernelSize=${formatShape(this.kernelSize)}, ` +
      `stride=${formatShape(this.stride)}, padding=${typeof p === "string" ? `'${p}'` : formatShape(p)}` +
      (this.dilation[0] !== 1 || this.dilation[1] !== 1 ? `, dilation=${formatShape(this.dilation)}` : "") +
      (this.groups !== 1 ? `, groups=${this.groups}` : "") +
      `, bias=${this.bias !== null}`
    );
  }
}

/**
 * 1-D convolution over `[N, C, L]` input (PyTorch's `nn.Conv1d`): `weight` is
 * `[outChannels, inChannels/groups, k]`, `bias` `[outChannels]`, initialised as PyTorch does
 * (U(±1/√fanIn)). Unbatched `[C, L]` input gives `[outChannels, OL]`.
 *
 * @example
 * ```ts
 * const conv = new Conv1d(8, 16, 5, { padding: "same" });
 * const y = conv.call(signals); // [N, 8, 100] → [N, 16, 100]
 * ```
 */
export class Conv1d extends ConvNd {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number | "valid" | "same";
  readonly dilation: number;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv1dLayerOptions = {}) {
    const [k] = pair("Conv1d", "kernelSize", kernelSize, 1);
    super(inChannels, outChannels, [k], options.groups ?? 1, options.bias ?? true);
    this.kernelSize = k;
    [this.stride] = pair("Conv1d", "stride", options.stride ?? 1, 1);
    [this.dilation] = pair("Conv1d", "dilation", options.dilation ?? 1, 1);
    const p = options.padding ?? 0;
    this.padding = p === "valid" || p === "same" ? p : pair("Conv1d", "padding", p, 0)[0];
    if (p === "same" && this.stride !== 1) {
      throw new ValueError(`Conv1d: padding 'same' needs stride 1, got stride ${this.stride}`);
    }
  }

  /** Output shape of one sample `[C, L]` (no batch axis), or null when the window does not fit. */
  outputShape(inputShape: readonly number[]): number[] | null {
    const pad = padTotal(this.padding, this.kernelSize, this.dilation);
    const out = windowOutput(inputShape[1] ?? 0, this.kernelSize, this.stride, pad, this.dilation);
    return out >= 1 ? [this.outChannels, out] : null;
  }

  forward(x: Tensor): Tensor {
    const pad = padTotal(this.padding, this.kernelSize, this.dilation);
    this.checkInput(x, ["L"], [Math.max(1, this.dilation * (this.kernelSize - 1) + 1 - pad)]);
    return tidy(() => {
      const y = conv1d(x, this.weight, {
        stride: this.stride,
        padding: this.padding,
        dilation: this.dilation,
        groups: this.groups,
      });
      return this.addBias(y, 1);
    });
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "Conv1d",
      config: {
        inChannels: this.inChannels,
        outChannels: this.outChannels,
        kernelSize: this.kernelSize,
        stride: this.stride,
        padding: this.padding,
        dilation: this.dilation,
        groups: this.groups,
        bias: this.bias !== null,
      },
    };
  }

  protected override extraRepr(): string {
    const p = this.padding;
    return (
      `inChannels=${this.inChannels}, outChannels=${this.outChannels}, kernelSize=${this.kernelSize}, ` +
      `stride=${this.stride}, padding=${typeof p === "string" ? `'${p}'` : p}` +
      (this.dilation !== 1 ? `, dilation=${this.dilation}` : "") +
      (this.groups !== 1 ? `, groups=${this.groups}` : "") +
      `, bias=${this.bias !== null}`
    );
  }
}
