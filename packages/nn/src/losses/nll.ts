import {
  arange,
  cast,
  div,
  equal,
  formatShape,
  IndexError,
  isFloat,
  logicalAnd,
  mul,
  neg,
  notEqual,
  reshape,
  ShapeError,
  sum,
  type Tensor,
  tidy,
  unsqueeze,
  ValueError,
  where,
} from "@tensorkit/tensor";
import { Module } from "../module.js";
import { checkReduction, type Reduction } from "./reduction.js";

/** Options of {@link nllLoss}. */
export interface NLLLossOptions {
  /** Default 'mean': the weighted mean, Σ w[yᵢ]·lossᵢ / Σ w[yᵢ] over the targets not ignored. */
  readonly reduction?: Reduction;
  /** A weight per class, `[C]`. */
  readonly weight?: Tensor;
  /** A target value that contributes neither to the loss nor to the mean's denominator. Default −100. */
  readonly ignoreIndex?: number;
}

/** @internal Where the classes are: axis 1, or axis 0 for an unbatched `[C]` input. */
export function classAxisOf(input: Tensor): number {
  return input.rank === 1 ? 0 : 1;
}

/** @internal Checks the input rank and that `target` has the input's shape without the class axis. */
export function checkIndexTarget(op: string, input: Tensor, target: Tensor, probabilitiesToo = false): void {
  if (input.rank < 1)
    throw new ShapeError(
      `${op}: expected input of shape [N, C, ...] or [C], got ${formatShape(input.shape)}`,
    );
  const axis = classAxisOf(input);
  const expected = input.shape.filter((_, i) => i !== axis);
  if (target.rank !== expected.length || target.shape.some((d, i) => d !== expected[i])) {
    const alt = probabilitiesToo ? ` (class indices) or ${formatShape(input.shape)} (probabilities)` : "";
    throw new ShapeError(
      `${op}: expected target of shape ${formatShape(expected)}${alt} for input ${formatShape(input.shape)}, got ${formatShape(target.shape)}`,
    );
  }
}

/** @internal A per-class weight must be `[C]`. */
export function checkClassWeight(op: string, input: Tensor, weight: Tensor | undefined): void {
  const classes = input.shape[classAxisOf(input)]!;
  if (weight && (weight.rank !== 1 || weight.shape[0] !== classes)) {
    throw new ShapeError(
      `${op}: expected weight of shape [${classes}] (one per class), got ${formatShape(weight.shape)}`,
    );
  }
}

/** @internal Reshapes a `[C]` vector to broadcast along the class axis of `input`. */
export function alongClasses(input: Tensor, v: Tensor): Tensor {
  const shape = input.shape.map((d, i) => (i === classAxisOf(input) ? d : 1));
  return reshape(v, shape);
}

/**
 * @internal The class-index loss behind nllLoss and crossEntropy, on log-probabilities `logp`:
 * `−w[y]·logp[y]`, with PyTorch's label smoothing `(1−ε)·nll + (ε/C)·Σ_c −w_c·logp_c` and its
 * reductions (the mean divides both terms by Σ w[yᵢ] over targets not ignored). Class picking is
 * a mask (`where(y == c, logp, 0)`), not a gather: ignored targets pick nothing, and −∞
 * log-probabilities of other classes never meet a 0 multiplier.
 */
export function classIndexLoss(
  op: string,
  logp: Tensor,
  target: Tensor,
  options: NLLLossOptions,
  labelSmoothing: number,
): Tensor {
  const reduction = options.reduction ?? "mean";
  const ignoreIndex = options.ignoreIndex ?? -100;
  const axis = classAxisOf(logp);
  const classes = logp.shape[axis]!;
  if (isFloat(target.dtype) || target.dtype === "bool") {
    throw new ValueError(`${op}: class targets must be an int32 tensor, got ${target.dtype}`);
  }
  // PyTorch checks every target on the host too: an out-of-range class would otherwise pick nothing.
  const values = target.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== ignoreIndex && !(v >= 0 && v < classes)) {
      throw new IndexError(
        `${op}: target ${v} at flat index ${i} is out of range for ${classes} classes (ignoreIndex is ${ignoreIndex})`,
      );
    }
  }
  return tidy(() => {
    const valid = notEqual(target, ignoreIndex);
    const hit = logicalAnd(
      equal(unsqueeze(target, axis), alongClasses(logp, arange(classes))),
      unsqueeze(valid, axis),
    );
    const picked = sum(where(hit, logp, 0), axis);
    const w = options.weight ? alongClasses(logp, options.weight) : null;
    // w[yᵢ] for targets kept, 0 for those ignored: the loss weights and the mean's denominator.
    const wy = w ? sum(where(hit, w, 0), axis) : cast(valid, logp.dtype);
    const nll = neg(w ? mul(picked, wy) : picked);
    const reduce = (perElement: Tensor) =>
      reduction === "none"
        ? perElement
        : reduction === "sum"
          ? sum(perElement)
          : div(sum(perElement), sum(wy));
    const nllReduced = reduce(nll);
    if (labelSmoothing === 0) return nllReduced;
    const smooth = where(valid, neg(sum(w ? mul(logp, w) : logp, axis)), 0);
    return mul(nllReduced, 1 - labelSmoothing).add(mul(reduce(smooth), labelSmoothing / classes));
  });
}

/**
 * Negative log-likelihood of class indices given log-probabilities (PyTorch's `F.nll_loss`):
 * `−weight[y]·input[y]`. Input `[N, C]`, `[N, C, d1, …]` or `[C]`; target int32 `[N]`, `[N, d1, …]`
 * or `[]`. Pair it with `logSoftmax`, or use {@link crossEntropy} on logits.
 *
 * @example
 * ```ts
 * nllLoss(logSoftmax(logits, 1), tensor([2, 0], "int32"));
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, options: NLLLossOptions = {}): Tensor {
  checkReduction("nllLoss", options.reduction ?? "mean");
  checkIndexTarget("nllLoss", input, target);
  checkClassWeight("nllLoss", input, options.weight);
  return classIndexLoss("nllLoss", input, target, options, 0);
}

/** {@link nllLoss} as a module (PyTorch's `nn.NLLLoss`; `weight` is a buffer). @example `new NLLLoss({ ignoreIndex: 0 })` */
export class NLLLoss extends Module<[input: Tensor, target: Tensor], Tensor> {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  readonly weight: Tensor | null;
  constructor(options: NLLLossOptions = {}) {
    super();
    this.reduction = options.reduction ?? "mean";
    this.ignoreIndex = options.ignoreIndex ?? -100;
    checkReduction("NLLLoss", this.reduction);
    this.weight = this.registerBuffer("weight", options.weight ? options.weight.clone() : null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, {
      reduction: this.reduction,
      ignoreIndex: this.ignoreIndex,
      ...(this.weight ? { weight: this.weight } : {}),
    });
  }
  protected override extraRepr(): string {
    return `reduction='${this.reduction}', ignoreIndex=${this.ignoreIndex}`;
  }
}
