import { square, sub, type Tensor, tidy } from "@tensorkit/tensor";
import { Module } from "../module.js";
import { checkReduction, checkSameShape, type Reduction, reduceLoss } from "./reduction.js";

/** Options of {@link mseLoss}. */
export interface MSELossOptions {
  /** Default 'mean'. */
  readonly reduction?: Reduction;
}

/**
 * Mean squared error `(input − target)²`, reduced (PyTorch's `F.mse_loss`). Input and target
 * must have the same shape.
 *
 * @example
 * ```ts
 * mseLoss(tensor([1, 2]), tensor([1, 4])).item(); // 2
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, options: MSELossOptions = {}): Tensor {
  const reduction = options.reduction ?? "mean";
  checkReduction("mseLoss", reduction);
  checkSameShape("mseLoss", input, target);
  return tidy(() => reduceLoss(square(sub(input, target)), reduction));
}

/** {@link mseLoss} as a module (PyTorch's `nn.MSELoss`). @example `new MSELoss().call(pred, y)` */
export class MSELoss extends Module<[input: Tensor, target: Tensor], Tensor> {
  constructor(readonly options: MSELossOptions = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.options);
  }
  protected override extraRepr(): string {
    return `reduction='${this.options.reduction ?? "mean"}'`;
  }
}
