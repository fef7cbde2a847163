import {
  add,
  div,
  formatShape,
  mean,
  mul,
  ones,
  ShapeError,
  sqrt,
  square,
  sub,
  type Tensor,
  tidy,
  ValueError,
  zeros,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** Options of {@link LayerNorm} (PyTorch's arguments and defaults). */
export interface LayerNormOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  readonly eps?: number;
  /** Learn an element-wise scale (`weight`, ones) and shift (`bias`, zeros) of `normalizedShape`. Default true. */
  readonly elementwiseAffine?: boolean;
  /** With `elementwiseAffine`, also learn the shift. Default true. */
  readonly bias?: boolean;
}

/**
 * Layer normalisation over the trailing `normalizedShape` axes of each sample (PyTorch's
 * `nn.LayerNorm`): `(x - mean) / √(var + eps)` with the biased variance, then `weight` and `bias`
 * of `normalizedShape`. The same computation in training and evaluation.
 *
 * @example
 * ```ts
 * const ln = new LayerNorm(512);
 * const h = ln.call(tokens); // [batch, seq, 512], each token normalised over its 512 features
 * ```
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ValueError(
        `LayerNorm: normalizedShape must be positive integers, got ${JSON.stringify(normalizedShape)}`,
      );
    }
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    this.weight = this.registerParameter(
      "weight",
      this.elementwiseAffine ? tidy(() => new Parameter(ones(shape))) : null,
    );
    this.bias = this.registerParameter(
      "bias",
      this.elementwiseAffine && (options.bias ?? true) ? tidy(() => new Parameter(zeros(shape))) : null,
    );
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const trailing = x.shape.slice(x.rank - k);
    if (x.rank < k || trailing.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError(
        `LayerNorm: expected input of shape [..., ${this.normalizedShape.join(", ")}], got ${formatShape(x.shape)}`,
      );
    }
    const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
    return tidy(() => {
      const mu = mean(x, axes, { keepDims: true });
      const centred = sub(x, mu);
      const v = mean(square(centred), axes, { keepDims: true });
      let y = div(centred, sqrt(add(v, this.eps)));
      if (this.weight) y = mul(y, this.weight);
      if (this.bias) y = add(y, this.bias);
      return y;
    });
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "LayerNorm",
      config: {
        normalizedShape: [...this.normalizedShape],
        eps: this.eps,
        elementwiseAffine: this.elementwiseAffine,
        bias: this.bias !== null,
      },
    };
  }

  protected override extraRepr(): string {
    return `normalizedShape=${formatShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
