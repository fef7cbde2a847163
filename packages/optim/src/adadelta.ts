import { adadeltaUpdate, type Tensor, zerosLike } from "@tensorkit/tensor";
import { type BaseOptions, Optimizer, type ParamGroup, type ParamState, type Params } from "./optimizer.js";
import * as check from "./validate.js";

/** Options of {@link Adadelta} (PyTorch's defaults). */
export interface AdadeltaOptions extends BaseOptions {
  /** Scales the step; default 1. */
  lr: number;
  /** Decay rate of the running averages, in [0, 1]; default 0.9. */
  rho: number;
  /** Added inside the square roots; default 1e-6. */
  eps: number;
  /** L2 penalty; default 0. */
  weightDecay: number;
  /** Default false. */
  maximize: boolean;
}

const DEFAULTS: AdadeltaOptions = { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false };

/**
 * Adadelta (Zeiler): steps scaled by the ratio of running RMS of past updates and of gradients;
 * PyTorch's `torch.optim.Adadelta`, one fused `adadeltaUpdate` per parameter.
 *
 * @example
 * ```ts
 * const opt = new Adadelta(params, { rho: 0.95 });
 * ```
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: Params<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected validate(o: AdadeltaOptions): void {
    check.base("Adadelta", o);
    check.unitInterval("Adadelta", "rho", o.rho, true);
    check.nonNegative("Adadelta", "eps", o.eps, "epsilon");
  }

  protected initState(param: Tensor, _group: ParamGroup<AdadeltaOptions>): Record<string, Tensor> {
    return { squareAvg: zerosLike(param), accDelta: zerosLike(param) };
  }

  protected update(param: Tensor, grad: Tensor, g: ParamGroup<AdadeltaOptions>, st: ParamState) {
    return adadeltaUpdate(
      param,
      grad,
      { squareAvg: st.buffers.squareAvg!, accDelta: st.buffers.accDelta! },
      {
        lr: g.lr,
        rho: g.rho,
        eps: g.eps,
        weightDecay: g.weightDecay,
        maximize: g.maximize,
      },
    );
  }
}
