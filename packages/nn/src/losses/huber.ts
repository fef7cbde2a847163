import { abs, less, mul, square, sub, type Tensor, tidy, ValueError, where } from "@tensorkit/tensor";
import { Module } from "../module.js";
import { checkReduction, checkSameShape, type Reduction, reduceLoss } from "./reduction.js";

/** Options of {@link huberLoss}. */
export interface HuberLossOptions {
  /** Default 'mean'. */
  readonly reduction?: Reduction;
  /** Where the loss turns from quadratic to linear. Default 1. */
  readonly delta?: number;
}

/**
 * Huber loss (PyTorch's `F.huber_loss`): `½d²` where `|d| < delta`, else `delta·(|d| − ½delta)`,
 * with `d = input − target`. Quadratic near zero, linear (robust to outliers) beyond.
 *
 * @example
 * ```ts
 * huberLoss(tensor([0, 3]), tensor([0.5, 0])).item(); // (0.125 + 2.5) / 2
 * ```
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const reduction = options.reduction ?? "mean";
  const delta = options.delta ?? 1;
  checkReduction("huberLoss", reduction);
  if (!(delta > 0)) throw new ValueError(`huberLoss: delta must be positive, got ${delta}`);
  checkSameShape("huberLoss", input, target);
  return tidy(() => {
    const d = sub(input, target);
    const a = abs(d);
    const loss = where(less(a, delta), mul(square(d), 0.5), mul(sub(a, 0.5 * delta), delta));
    return reduceLoss(loss, reduction);
  });
}

/** {@link huberLoss} as a module (PyTorch's `nn.HuberLoss`). @example `new HuberLoss({ delta: 0.5 })` */
export class HuberLoss extends Module<[input: Tensor, target: Tensor], Tensor> {
  constructor(readonly options: HuberLossOptions = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, this.options);
  }
  protected override extraRepr(): string {
    return `reduction='${this.options.reduction ?? "mean"}', delta=${this.options.delta ?? 1}`;
  }
}
