import { div, equal, exp, log, mean, mul, sub, sum, type Tensor, tidy, where } from "@tensorkit/tensor";
import { Module } from "../module.js";
import { checkReduction, checkSameShape } from "./reduction.js";

/** How {@link klDiv} reduces: PyTorch's, with 'batchmean' (sum / batch size) the true KL divergence. */
export type KLDivReduction = "batchmean" | "mean" | "sum" | "none";

/** Options of {@link klDiv}. */
export interface KLDivOptions {
  /** Default 'mean' (PyTorch's default: the mean over every element); 'batchmean' is the mathematical KL divergence per sample. */
  readonly reduction?: KLDivReduction;
  /** The target is given as log-probabilities. Default false. */
  readonly logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence KL(target ‖ q) with `input = log q` (PyTorch's `F.kl_div`):
 * `target·(log target − input)` element-wise, `0` where the target is 0; with `logTarget`,
 * `e^target·(target − input)`.
 *
 * @example
 * ```ts
 * klDiv(logSoftmax(logits, 1), teacherProbs, { reduction: "batchmean" });
 * ```
 */
export function klDiv(input: Tensor, target: Tensor, options: KLDivOptions = {}): Tensor {
  const reduction = options.reduction ?? "mean";
  checkReduction("klDiv", reduction, ["batchmean", "mean", "sum", "none"]);
  checkSameShape("klDiv", input, target);
  return tidy(() => {
    let loss: Tensor;
    if (options.logTarget) {
      loss = mul(exp(target), sub(target, input));
    } else {
      // xlogy(t, t): 0 where t = 0, and log sees 1 there so no −∞ (nor a NaN gradient) appears.
      const zero = equal(target, 0);
      const tLogT = where(zero, 0, mul(target, log(where(zero, 1, target))));
      loss = sub(tLogT, mul(target, input));
    }
    if (reduction === "none") return loss;
    if (reduction === "sum") return sum(loss);
    if (reduction === "mean") return mean(loss);
    return input.rank === 0 ? sum(loss) : div(sum(loss), input.shape[0]!);
  });
}

/** {@link klDiv} as a module (PyTorch's `nn.KLDivLoss`). @example `new KLDivLoss({ reduction: "batchmean" })` */
export class KLDivLoss extends Module<[input: Tensor, target: Tensor], Tensor> {
  constructor(readonly options: KLDivOptions = {}) {
    super();
    checkReduction("KLDivLoss", options.reduction ?? "mean", ["batchmean", "mean", "sum", "none"]);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, this.options);
  }
  protected override extraRepr(): string {
    return `reduction='${this.options.reduction ?? "mean"}', logTarget=${this.options.logTarget ?? false}`;
  }
}
