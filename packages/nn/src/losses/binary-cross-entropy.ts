import { noGrad } from "@tensorkit/autograd";
import {
  abs,
  add,
  div,
  exp,
  isFloat,
  log,
  log1p,
  maximum,
  mul,
  neg,
  sub,
  type Tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";
import { Module } from "../module.js";
import { checkReduction, checkSameShape, type Reduction, reduceLoss } from "./reduction.js";

/** Options of {@link binaryCrossEntropy}. */
export interface BCELossOptions {
  /** Default 'mean'. */
  readonly reduction?: Reduction;
  /** A rescaling weight broadcast against the input (per element, or per class `[C]`). */
  readonly weight?: Tensor;
}

/** Options of {@link binaryCrossEntropyWithLogits}. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /**
   * Weight of the positive term, broadcast along the last axis (one per class): `> 1` raises
   * recall, `< 1` precision (PyTorch's `pos_weight`).
   */
  readonly posWeight?: Tensor;
}

function checkFloat(op: string, name: string, t: Tensor): void {
  if (!isFloat(t.dtype)) throw new ValueError(`${op}: expected a float ${name}, got ${t.dtype}`);
}

/**
 * Binary cross-entropy on probabilities (PyTorch's `F.binary_cross_entropy`):
 * `−w·(y·log x + (1−y)·log(1−x))`, each log clamped at −100 as PyTorch does, so an input of exactly
 * 0 or 1 gives a finite loss. The gradient is PyTorch's, `w·(x−y) / max(x(1−x), 1e−12)`, finite
 * there too. Inputs must lie in [0, 1]; prefer {@link binaryCrossEntropyWithLogits} on raw scores,
 * which is exact where the sigmoid saturates.
 *
 * @example
 * ```ts
 * binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])).item(); // (−log 0.9 − log 0.8) / 2
 * ```
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BCELossOptions = {}): Tensor {
  const op = "binaryCrossEntropy";
  const reduction = options.reduction ?? "mean";
  checkReduction(op, reduction);
  checkSameShape(op, input, target);
  checkFloat(op, "input", input);
  const values = input.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1))
      throw new ValueError(
        `${op}: input values must be probabilities in [0, 1], got ${v} at flat index ${i}`,
      );
  }
  return tidy(() => {
    const x = input.detach();
    const logX = maximum(log(x), -100);
    const log1mX = maximum(log(sub(1, x)), -100);
    let loss = neg(add(mul(target, logX), mul(sub(1, target), log1mX)));
    if (input.requiresGrad) {
      // The clamped logs have no useful derivative at 0 and 1 (log's is infinite, the clamp's 0):
      // add g·(x − x̄), zero in value, whose gradient is PyTorch's g.
      const g = noGrad(() => div(sub(x, target), maximum(mul(x, sub(1, x)), 1e-12)));
      loss = add(loss, mul(g, sub(input, x)));
    }
    if (options.weight) loss = mul(loss, options.weight);
    return reduceLoss(loss, reduction);
  });
}

/**
 * Binary cross-entropy on logits (PyTorch's `F.binary_cross_entropy_with_logits`): the sigmoid
 * and the loss in one stable expression, `max(x,0) − x·y + log(1+e^−|x|)`, finite for any logit.
 * With `posWeight` `pw`: `(1−y)·x + (1+(pw−1)·y)·(log(1+e^−|x|) + max(−x,0))`. Soft targets in
 * [0, 1] are allowed.
 *
 * @example
 * ```ts
 * binaryCrossEntropyWithLogits(tensor([100, -100]), tensor([1, 0])).item(); // 0, not NaN
 * ```
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BCEWithLogitsLossOptions = {},
): Tensor {
  const op = "binaryCrossEntropyWithLogits";
  const reduction = options.reduction ?? "mean";
  checkReduction(op, reduction);
  checkSameShape(op, input, target);
  checkFloat(op, "input", input);
  return tidy(() => {
    // log(1 + e^−|x|) never overflows; `maximum` rather than relu so that at x = 0 (a tie) the
    // gradient is split in half and comes out as σ(0) − y exactly.
    const tail = log1p(exp(neg(abs(input))));
    let loss: Tensor;
    if (options.posWeight) {
      const logWeight = add(mul(sub(options.posWeight, 1), target), 1);
      loss = add(mul(sub(1, target), input), mul(logWeight, add(tail, maximum(neg(input), 0))));
    } else {
      loss = add(sub(maximum(input, 0), mul(input, target)), tail);
    }
    if (options.weight) loss = mul(loss, options.weight);
    return reduceLoss(loss, reduction);
  });
}

/** {@link binaryCrossEntropy} as a module (PyTorch's `nn.BCELoss`; `weight` is a buffer). @example `new BCELoss().call(probs, y)` */
export class BCELoss extends Module<[input: Tensor, target: Tensor], Tensor> {
  readonly reduction: Reduction;
  readonly weight: Tensor | null;
  constructor(options: BCELossOptions = {}) {
    super();
    this.reduction = options.reduction ?? "mean";
    checkReduction("BCELoss", this.reduction);
    this.weight = this.registerBuffer("weight", options.weight ? options.weight.clone() : null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, {
      reduction: this.reduction,
      ...(this.weight ? { weight: this.weight } : {}),
    });
  }
  protected override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/**
 * {@link binaryCrossEntropyWithLogits} as a module (PyTorch's `nn.BCEWithLogitsLoss`; `weight` and
 * `pos_weight` are buffers). @example `new BCEWithLogitsLoss({ posWeight: tensor([3]) })`
 */
export class BCEWithLogitsLoss extends Module<[input: Tensor, target: Tensor], Tensor> {
  readonly reduction: Reduction;
  readonly weight: Tensor | null;
  readonly posWeight: Tensor | null;
  constructor(options: BCEWithLogitsLossOptions = {}) {
    super();
    this.reduction = options.reduction ?? "mean";
    checkReduction("BCEWithLogitsLoss", this.reduction);
    this.weight = this.registerBuffer("weight", options.weight ? options.weight.clone() : null);
    this.posWeight = this.registerBuffer("pos_weight", options.posWeight ? options.posWeight.clone() : null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      reduction: this.reduction,
      ...(this.weight ? { weight: this.weight } : {}),
      ...(this.posWeight ? { posWeight: this.posWeight } : {}),
    });
  }
  protected override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}
