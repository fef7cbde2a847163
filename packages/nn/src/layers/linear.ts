import { formatShape, linear, ShapeError, type Tensor, tidy } from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { uniform } from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Learn an additive bias. Default true. */
  readonly bias?: boolean;
}

/**
 * `y = x Wᵀ + b` over the last axis (PyTorch's `nn.Linear`): `weight` is `[out, in]`, `bias`
 * `[out]`, both initialised U(±1/√in) as PyTorch does.
 *
 * @example
 * ```ts
 * const fc = new Linear(784, 128);
 * const h = fc.call(x); // [batch, 784] → [batch, 128]
 * ```
 */
export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.weight = this.registerParameter(
      "weight",
      tidy(() => new Parameter(uniform([outFeatures, inFeatures], -bound, bound))),
    );
    this.bias = this.registerParameter(
      "bias",
      (options.bias ?? true) ? tidy(() => new Parameter(uniform([outFeatures], -bound, bound))) : null,
    );
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(
        `Linear: expected input of shape [..., ${this.inFeatures}], got ${formatShape(x.shape)}`,
      );
    }
    // One fused op (and one tape node) rather than a matmul and an add.
    return linear(x, this.weight, this.bias);
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "Linear",
      config: { inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null },
    };
  }

  protected override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
