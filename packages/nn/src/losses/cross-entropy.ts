import {
  add,
  isFloat,
  logSoftmax,
  mean,
  mul,
  neg,
  sum,
  type Tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";
import { Module } from "../module.js";
import {
  alongClasses,
  checkClassWeight,
  checkIndexTarget,
  classAxisOf,
  classIndexLoss,
  type NLLLossOptions,
} from "./nll.js";
import { checkReduction, type Reduction } from "./reduction.js";

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /**
   * Mixes the target with the uniform distribution: `(1−ε)·target + ε/C` (PyTorch's
   * `label_smoothing`), in [0, 1]. Default 0.
   */
  readonly labelSmoothing?: number;
}

/**
 * Cross-entropy between logits and a target (PyTorch's `F.cross_entropy`), computed as
 * `logSoftmax` then the negative log-likelihood, so logits of any size (±100, ±1e4) stay finite.
 * Input `[N, C]`, `[N, C, d1, …]` or `[C]`. The target is either
 * - class indices (int32, the input's shape without the class axis), with `weight`, `ignoreIndex`
 *   and `labelSmoothing`; 'mean' is the weighted mean Σ w[yᵢ]·lossᵢ / Σ w[yᵢ] over targets not
 *   ignored, or
 * - probabilities (float, the input's shape): `−Σ_c w_c·p_c·log softmax(x)_c`; 'mean' divides by
 *   the number of samples (not by the weights), as PyTorch.
 *
 * @example
 * ```ts
 * crossEntropy(logits, tensor([2, 0, 1], "int32"), { labelSmoothing: 0.1 });
 * ```
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = "crossEntropy";
  const reduction = options.reduction ?? "mean";
  const eps = options.labelSmoothing ?? 0;
  checkReduction(op, reduction);
  if (!(eps >= 0 && eps <= 1)) throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${eps}`);
  if (!isFloat(input.dtype)) throw new ValueError(`${op}: expected float logits, got ${input.dtype}`);
  const probabilities = isFloat(target.dtype);
  if (
    probabilities &&
    input.rank >= 1 &&
    target.rank === input.rank &&
    target.shape.every((d, i) => d === input.shape[i])
  ) {
    checkClassWeight(op, input, options.weight);
    return tidy(() => {
      const axis = classAxisOf(input);
      const classes = input.shape[axis]!;
      const logp = logSoftmax(input, axis);
      const p = eps > 0 ? add(mul(target, 1 - eps), eps / classes) : target;
      const w = options.weight ? alongClasses(input, options.weight) : null;
      const perSample = neg(sum(w ? mul(mul(logp, p), w) : mul(logp, p), axis));
      return reduction === "none" ? perSample : reduction === "sum" ? sum(perSample) : mean(perSample);
    });
  }
  checkIndexTarget(op, input, target, true);
  checkClassWeight(op, input, options.weight);
  return tidy(() => classIndexLoss(op, logSoftmax(input, classAxisOf(input)), target, options, eps));
}

/**
 * {@link crossEntropy} as a module (PyTorch's `nn.CrossEntropyLoss`; `weight` is a buffer).
 *
 * @example
 * ```ts
 * const lossFn = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = lossFn.call(logits, labels);
 * ```
 */
export class CrossEntropyLoss extends Module<[input: Tensor, target: Tensor], Tensor> {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  readonly weight: Tensor | null;
  constructor(options: CrossEntropyOptions = {}) {
    super();
    this.reduction = options.reduction ?? "mean";
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
    checkReduction("CrossEntropyLoss", this.reduction);
    this.weight = this.registerBuffer("weight", options.weight ? options.weight.clone() : null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      reduction: this.reduction,
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: this.labelSmoothing,
      ...(this.weight ? { weight: this.weight } : {}),
    });
  }
  protected override extraRepr(): string {
    return `reduction='${this.reduction}', ignoreIndex=${this.ignoreIndex}, labelSmoothing=${this.labelSmoothing}`;
  }
}
