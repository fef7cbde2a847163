import { adamaxUpdate, type Tensor, zerosLike } from "@tensorkit/tensor";
import { type BaseOptions, Optimizer, type ParamGroup, type ParamState, type Params } from "./optimizer.js";
import * as check from "./validate.js";

/** Options of {@link Adamax} (PyTorch's defaults). */
export interface AdamaxOptions extends BaseOptions {
  /** Default 2e-3. */
  lr: number;
  /** Decay rates of the first moment and of the infinity norm, each in [0, 1); default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to the infinity norm; default 1e-8. */
  eps: number;
  /** L2 penalty; default 0. */
  weightDecay: number;
  /** Default false. */
  maximize: boolean;
}

const DEFAULTS: AdamaxOptions = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false };

/**
 * Adamax (Kingma & Ba): Adam with the infinity norm in place of the second moment; PyTorch's
 * `torch.optim.Adamax`, one fused `adamaxUpdate` per parameter.
 *
 * @example
 * ```ts
 * const opt = new Adamax(params, { lr: 2e-3 });
 * ```
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: Params<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected validate(o: AdamaxOptions): void {
    check.base("Adamax", o);
    check.nonNegative("Adamax", "eps", o.eps, "epsilon");
    check.betas("Adamax", o.betas);
  }

  protected initState(param: Tensor, _group: ParamGroup<AdamaxOptions>): Record<string, Tensor> {
    return { expAvg: zerosLike(param), expInf: zerosLike(param) };
  }

  protected update(param: Tensor, grad: Tensor, g: ParamGroup<AdamaxOptions>, st: ParamState) {
    return adamaxUpdate(
      param,
      grad,
      { expAvg: st.buffers.expAvg!, expInf: st.buffers.expInf! },
      {
        lr: g.lr,
        beta1: g.betas[0],
        beta2: g.betas[1],
        eps: g.eps,
        weightDecay: g.weightDecay,
        maximize: g.maximize,
        step: st.step,
      },
    );
  }
}
