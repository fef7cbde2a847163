import { flatten, formatShape, ShapeError, type Tensor } from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { Module } from "../module.js";

/**
 * Flattens axes `startDim` … `endDim` (inclusive; negative counts from the end) into one
 * (PyTorch's `nn.Flatten`): by default every axis but the batch axis. A view, no copy.
 *
 * @example
 * ```ts
 * new Flatten().call(features);       // [N, 16, 5, 5] → [N, 400]
 * new Flatten(0, 1).call(x);          // [2, 3, 4] → [6, 4]
 * ```
 */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }

  /** Output shape of one sample (no batch axis), as a batch of one would give it. */
  outputShape(inputShape: readonly number[]): number[] {
    const shape = [1, ...inputShape];
    const rank = shape.length;
    const start = this.startDim < 0 ? this.startDim + rank : this.startDim;
    const end = this.endDim < 0 ? this.endDim + rank : this.endDim;
    const out = [
      ...shape.slice(0, start),
      shape.slice(start, end + 1).reduce((a, b) => a * b, 1),
      ...shape.slice(end + 1),
    ];
    return out.slice(1);
  }

  forward(x: Tensor): Tensor {
    const rank = Math.max(x.rank, 1);
    const start = this.startDim < 0 ? this.startDim + rank : this.startDim;
    const end = this.endDim < 0 ? this.endDim + rank : this.endDim;
    if (start < 0 || start >= rank || end < 0 || end >= rank || start > end) {
      const need = Math.max(
        this.startDim < 0 ? -this.startDim : this.startDim + 1,
        this.endDim < 0 ? -this.endDim : this.endDim + 1,
      );
      throw new ShapeError(
        `Flatten: expected input with at least ${need} axes to flatten axes ${this.startDim}…${this.endDim}, got ${formatShape(x.shape)}`,
      );
    }
    return flatten(x, start, end);
  }

  protected override getConfig(): ModuleConfig {
    return { type: "Flatten", config: { startDim: this.startDim, endDim: this.endDim } };
  }

  protected override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

/**
 * Returns its input unchanged (PyTorch's `nn.Identity`): a placeholder, e.g. for a removed
 * classification head.
 *
 * @example
 * ```ts
 * backbone.replace(-1, new Identity()); // features instead of logits
 * ```
 */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }

  protected override getConfig(): ModuleConfig {
    return { type: "Identity", config: {} };
  }
}
