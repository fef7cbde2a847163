import { sgdUpdate, type Tensor, ValueError } from "@tensorkit/tensor";
import { type BaseOptions, Optimizer, type ParamGroup, type ParamState, type Params } from "./optimizer.js";
import * as check from "./validate.js";

/** Options of {@link SGD} (PyTorch's defaults). */
export interface SGDOptions extends BaseOptions {
  /** Default 1e-3. */
  lr: number;
  /** Momentum factor; default 0 (plain SGD). */
  momentum: number;
  /** Dampening of the momentum; default 0. */
  dampening: number;
  /** L2 penalty added to the gradient; default 0. */
  weightDecay: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0); default false. */
  nesterov: boolean;
  /** Default false. */
  maximize: boolean;
}

const DEFAULTS: SGDOptions = {
  lr: 1e-3,
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
};

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay: PyTorch's `torch.optim.SGD`, step for step. The momentum buffer starts at the first
 * gradient.
 *
 * @example
 * ```ts
 * const opt = new SGD([w, b], { lr: 0.1, momentum: 0.9, nesterov: true });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected validate(o: SGDOptions): void {
    check.base("SGD", o);
    check.nonNegative("SGD", "momentum", o.momentum);
    check.nonNegative("SGD", "dampening", o.dampening);
    check.flag("SGD", "nesterov", o.nesterov);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0))
      throw new ValueError(
        `SGD: Nesterov momentum requires a momentum > 0 and zero dampening (got momentum ${o.momentum}, dampening ${o.dampening})`,
      );
  }

  protected initState(): Record<string, Tensor> {
    return {};
  }

  protected update(param: Tensor, grad: Tensor, g: ParamGroup<SGDOptions>, st: ParamState) {
    const buf = st.buffers.momentumBuffer;
    return sgdUpdate(param, grad, buf ? { momentumBuffer: buf } : {}, {
      lr: g.lr,
      momentum: g.momentum,
      dampening: g.dampening,
      weightDecay: g.weightDecay,
      nesterov: g.nesterov,
      maximize: g.maximize,
    });
  }
}
