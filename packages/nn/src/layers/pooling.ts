import {
  avgPool2d,
  formatShape,
  matmul,
  maxPool2d,
  mean,
  ShapeError,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { Module } from "../module.js";
import { pair, type Size2d, windowOutput } from "./conv.js";

/** Options of {@link MaxPool2d}. */
export interface MaxPool2dLayerOptions {
  /** Step between windows. Default: the kernel size. */
  readonly stride?: Size2d;
  /** -∞ padding on both sides, at most half the kernel (PyTorch's rule). Default 0. */
  readonly padding?: Size2d;
  /** Spacing between window taps. Default 1. */
  readonly dilation?: Size2d;
}

/** Options of {@link AvgPool2d}. */
export interface AvgPool2dLayerOptions {
  /** Step between windows. Default: the kernel size. */
  readonly stride?: Size2d;
  /** Zero padding on both sides, at most half the kernel. Default 0. */
  readonly padding?: Size2d;
  /** Divide by the whole window (default, as PyTorch) or only by its part inside the input. */
  readonly countIncludePad?: boolean;
}

/** Shape check shared by the pools: `[N, C, H, W]` or `[C, H, W]` with H, W at least `min`. */
function checkPoolInput(layer: string, x: Tensor, min: readonly [number, number]): void {
  const dims = [`H${min[0] > 1 ? `≥${min[0]}` : ""}`, `W${min[1] > 1 ? `≥${min[1]}` : ""}`].join(", ");
  const ok =
    (x.rank === 3 || x.rank === 4) && x.shape[x.rank - 2]! >= min[0] && x.shape[x.rank - 1]! >= min[1];
  if (!ok)
    throw new ShapeError(
      `${layer}: expected input of shape [N, C, ${dims}] or [C, ${dims}], got ${formatShape(x.shape)}`,
    );
}

/** Window geometry shared by the pools, validated when the layer is made (PyTorch checks at the first call). */
abstract class Pool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];

  protected constructor(kernelSize: Size2d, stride: Size2d | undefined, padding: Size2d, dilation: Size2d) {
    super();
    const layer = new.target.name;
    this.kernelSize = pair(layer, "kernelSize", kernelSize, 1);
    this.stride = pair(layer, "stride", stride ?? this.kernelSize, 1);
    this.padding = pair(layer, "padding", padding, 0);
    this.dilation = pair(layer, "dilation", dilation, 1);
    const limit = [0, 1].map((i) => Math.floor((this.dilation[i]! * (this.kernelSize[i]! - 1) + 1) / 2));
    if (this.padding.some((p, i) => p > limit[i]!)) {
      throw new ValueError(
        `${layer}: padding ${formatShape(this.padding)} must be at most half the kernel ${formatShape(this.kernelSize)} (at most ${formatShape(limit)})`,
      );
    }
  }

  /** Output shape of one sample `[C, H, W]` (no batch axis), or null when the window does not fit. */
  outputShape(inputShape: readonly number[]): number[] | null {
    const [c = 0, h = 0, w = 0] = inputShape;
    const out = [h, w].map((size, i) =>
      windowOutput(size, this.kernelSize[i]!, this.stride[i]!, 2 * this.padding[i]!, this.dilation[i]!),
    );
    return out.every((d) => d >= 1) ? [c, out[0]!, out[1]!] : null;
  }

  /** The smallest H and W the window fits. */
  protected minInput(): [number, number] {
    const m = [0, 1].map((i) =>
      Math.max(1, this.dilation[i]! * (this.kernelSize[i]! - 1) + 1 - 2 * this.padding[i]!),
    );
    return [m[0]!, m[1]!];
  }

  protected override extraRepr(): string {
    return `kernelSize=${formatShape(this.kernelSize)}, stride=${formatShape(this.stride)}, padding=${formatShape(this.padding)}`;
  }
}

/**
 * 2-D max pooling over NCHW (or `[C, H, W]`) input (PyTorch's `nn.MaxPool2d`, without
 * `ceil_mode`): the stride defaults to the kernel size, padding is -∞.
 *
 * @example
 * ```ts
 * const pool = new MaxPool2d(2);
 * pool.call(features); // [N, C, 32, 32] → [N, C, 16, 16]
 * ```
 */
export class MaxPool2d extends Pool2d {
  constructor(kernelSize: Size2d, options: MaxPool2dLayerOptions = {}) {
    super(kernelSize, options.stride, options.padding ?? 0, options.dilation ?? 1);
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "MaxPool2d",
      config: {
        kernelSize: [...this.kernelSize],
        stride: [...this.stride],
        padding: [...this.padding],
        dilation: [...this.dilation],
      },
    };
  }

  forward(x: Tensor): Tensor {
    checkPoolInput("MaxPool2d", x, this.minInput());
    return maxPool2d(x, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
    });
  }

  protected override extraRepr(): string {
    const d = this.dilation;
    return `${super.extraRepr()}${d[0] !== 1 || d[1] !== 1 ? `, dilation=${formatShape(d)}` : ""}`;
  }
}

/**
 * 2-D average pooling over NCHW (or `[C, H, W]`) input (PyTorch's `nn.AvgPool2d`, without
 * `ceil_mode`): the stride defaults to the kernel size, padding is zeros, counted in the divisor
 * unless `countIncludePad: false`.
 *
 * @example
 * ```ts
 * const pool = new AvgPool2d(3, { stride: 2, padding: 1 });
 * pool.call(features); // [N, C, 32, 32] → [N, C, 16, 16]
 * ```
 */
export class AvgPool2d extends Pool2d {
  readonly countIncludePad: boolean;

  constructor(kernelSize: Size2d, options: AvgPool2dLayerOptions = {}) {
    super(kernelSize, options.stride, options.padding ?? 0, 1);
    this.countIncludePad = options.countIncludePad ?? true;
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "AvgPool2d",
      config: {
        kernelSize: [...this.kernelSize],
        stride: [...this.stride],
        padding: [...this.padding],
        countIncludePad: this.countIncludePad,
      },
    };
  }

  forward(x: Tensor): Tensor {
    checkPoolInput("AvgPool2d", x, this.minInput());
    return avgPool2d(x, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      countIncludePad: this.countIncludePad,
    });
  }

  protected override extraRepr(): string {
    return `${super.extraRepr()}${this.countIncludePad ? "" : ", countIncludePad=false"}`;
  }
}

/** Output size of {@link AdaptiveAvgPool2d}: one number for both axes, or per axis with null keeping the input's size. */
export type AdaptiveSize2d = number | readonly [number | null, number | null];

/**
 * `[out, size]` averaging matrix of adaptive pooling along one axis: row i averages input
 * positions floor(i·size/out) ≤ j < ceil((i+1)·size/out), PyTorch's bins (which overlap when
 * `out` does not divide `size`).
 */
function binMatrix(size: number, out: number): Float32Array {
  const m = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) m[i * size + j] = 1 / (end - start);
  }
  return m;
}

/**
 * Average pooling to a fixed output size whatever the input size (PyTorch's
 * `nn.AdaptiveAvgPool2d`), over NCHW or `[C, H, W]` input. Output cell (i, j) averages rows
 * floor(i·H/OH) … ceil((i+1)·H/OH)-1 and the same for columns. `new AdaptiveAvgPool2d(1)` is
 * global average pooling.
 *
 * @example
 * ```ts
 * const gap = new AdaptiveAvgPool2d(1);
 * gap.call(features); // [N, 512, 7, 7] → [N, 512, 1, 1]
 * new AdaptiveAvgPool2d([3, null]).call(x); // [N, C, 10, 6] → [N, C, 3, 6]
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: readonly [number | null, number | null];

  constructor(outputSize: AdaptiveSize2d) {
    super();
    const size = typeof outputSize === "number" ? ([outputSize, outputSize] as const) : outputSize;
    if (
      !Array.isArray(size) ||
      size.length !== 2 ||
      !size.every((v) => v === null || (Number.isInteger(v) && v >= 1))
    ) {
      throw new ValueError(
        `AdaptiveAvgPool2d: outputSize must be a positive integer or a pair of them (null keeps the input size), got ${JSON.stringify(outputSize)}`,
      );
    }
    this.outputSize = [size[0], size[1]];
  }

  /** Output shape of one sample `[C, H, W]` (no batch axis). */
  outputShape(inputShape: readonly number[]): number[] {
    const [c = 0, h = 0, w = 0] = inputShape;
    return [c, this.outputSize[0] ?? h, this.outputSize[1] ?? w];
  }

  forward(x: Tensor): Tensor {
    checkPoolInput("AdaptiveAvgPool2d", x, [1, 1]);
    const h = x.shape[x.rank - 2]!;
    const w = x.shape[x.rank - 1]!;
    const oh = this.outputSize[0] ?? h;
    const ow = this.outputSize[1] ?? w;
    return tidy(() => {
      if (oh === 1 && ow === 1) return mean(x, [-2, -1], { keepDims: true });
      // Equal, disjoint bins: an ordinary average pool with kernel = stride = size / out.
      if (h % oh === 0 && w % ow === 0) {
        const k: [number, number] = [h / oh, w / ow];
        return avgPool2d(x, { kernelSize: k, stride: k });
      }
      // General bins (overlapping, unequal): y = Ph · x · Pwᵀ with averaging matrices.
      const ph = tensor(binMatrix(h, oh), { shape: [oh, h], dtype: "float32" });
      const pw = tensor(binMatrix(w, ow), { shape: [ow, w], dtype: "float32" });
      return matmul(matmul(ph, x), pw, { transposeB: true });
    });
  }

  protected override getConfig(): ModuleConfig {
    return { type: "AdaptiveAvgPool2d", config: { outputSize: [...this.outputSize] } };
  }

  protected override extraRepr(): string {
    return `outputSize=[${this.outputSize.map((v) => (v === null ? "null" : String(v))).join(",")}]`;
  }
}
