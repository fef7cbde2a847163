import { adagradUpdate, fullLike, type Tensor } from "@tensorkit/tensor";
import { type BaseOptions, Optimizer, type ParamGroup, type ParamState, type Params } from "./optimizer.js";
import * as check from "./validate.js";

/** Options of {@link Adagrad} (PyTorch's defaults). */
export interface AdagradOptions extends BaseOptions {
  /** Default 1e-2. */
  lr: number;
  /** The learning rate at step t is `lr / (1 + (t − 1)·lrDecay)`; default 0. */
  lrDecay: number;
  /** L2 penalty; default 0. */
  weightDecay: number;
  /** Starting value of the sum of squared gradients; default 0. */
  initialAccumulatorValue: number;
  /** Added to the denominator; default 1e-10. */
  eps: number;
  /** Default false. */
  maximize: boolean;
}

const DEFAULTS: AdagradOptions = {
  lr: 1e-2,
  lrDecay: 0,
  weightDecay: 0,
  initialAccumulatorValue: 0,
  eps: 1e-10,
  maximize: false,
};

/**
 * Adagrad (Duchi et al.): per-coordinate steps scaled by the root of the summed squared
 * gradients; PyTorch's `torch.optim.Adagrad`, one fused `adagradUpdate` per parameter.
 *
 * @example
 * ```ts
 * const opt = new Adagrad(params, { lr: 0.1, lrDecay: 1e-4 });
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected validate(o: AdagradOptions): void {
    check.base("Adagrad", o);
    check.nonNegative("Adagrad", "lrDecay", o.lrDecay, "learning-rate decay");
    check.nonNegative(
      "Adagrad",
      "initialAccumulatorValue",
      o.initialAccumulatorValue,
      "initial accumulator value",
    );
    check.nonNegative("Adagrad", "eps", o.eps, "epsilon");
  }

  protected initState(param: Tensor, group: ParamGroup<AdagradOptions>): Record<string, Tensor> {
    return { sum: fullLike(param, group.initialAccumulatorValue) };
  }

  protected update(param: Tensor, grad: Tensor, g: ParamGroup<AdagradOptions>, st: ParamState) {
    return adagradUpdate(
      param,
      grad,
      { sum: st.buffers.sum! },
      {
        lr: g.lr,
        lrDecay: g.lrDecay,
        eps: g.eps,
        weightDecay: g.weightDecay,
        maximize: g.maximize,
        step: st.step,
      },
    );
  }
}
