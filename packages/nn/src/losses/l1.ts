import { abs, sub, type Tensor, tidy } from "@tensorkit/tensor";
import { Module } from "../module.js";
import { checkReduction, checkSameShape, type Reduction, reduceLoss } from "./reduction.js";

/** Options of {@link l1Loss}. */
export interface L1LossOptions {
  /** Default 'mean'. */
  readonly reduction?: Reduction;
}

/**
 * Mean absolute error `|input − target|`, reduced (PyTorch's `F.l1_loss`; the gradient at 0 is 0).
 *
 * @example
 * ```ts
 * l1Loss(tensor([1, 2]), tensor([1, 4])).item(); // 1
 * ```
 */
export function l1Loss(input: Tensor, target: Tensor, options: L1LossOptions = {}): Tensor {
  const reduction = options.reduction ?? "mean";
  checkReduction("l1Loss", reduction);
  checkSameShape("l1Loss", input, target);
  return tidy(() => reduceLoss(abs(sub(input, target)), reduction));
}

/** {@link l1Loss} as a module (PyTorch's `nn.L1Loss`). @example `new L1Loss().call(pred, y)` */
export class L1Loss extends Module<[input: Tensor, target: Tensor], Tensor> {
  constructor(readonly options: L1LossOptions = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.options);
  }
  protected override extraRepr(): string {
    return `reduction='${this.options.reduction ?? "mean"}'`;
  }
}
