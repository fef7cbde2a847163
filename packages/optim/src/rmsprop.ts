import { keep, rmspropUpdate, type Tensor, zerosLike } from "@tensorkit/tensor";
import { type BaseOptions, Optimizer, type ParamGroup, type ParamState, type Params } from "./optimizer.js";
import * as check from "./validate.js";

/** Options of {@link RMSprop} (PyTorch's defaults). */
export interface RMSpropOptions extends BaseOptions {
  /** Default 1e-2. */
  lr: number;
  /** Smoothing constant of the squared-gradient average, in [0, 1]; default 0.99. */
  alpha: number;
  /** Added to the denominator; default 1e-8. */
  eps: number;
  /** L2 penalty; default 0. */
  weightDecay: number;
  /** Momentum factor; default 0. */
  momentum: number;
  /** Normalise by the estimated variance of the gradient (centered RMSprop); default false. */
  centered: boolean;
  /** Default false. */
  maximize: boolean;
}

const DEFAULTS: RMSpropOptions = {
  lr: 1e-2,
  alpha: 0.99,
  eps: 1e-8,
  weightDecay: 0,
  momentum: 0,
  centered: false,
  maximize: false,
};

/**
 * RMSprop (Hinton), optionally centered and with momentum: PyTorch's `torch.optim.RMSprop`,
 * step for step, one fused `rmspropUpdate` per parameter.
 *
 * @example
 * ```ts
 * const opt = new RMSprop(params, { lr: 1e-3, centered: true, momentum: 0.9 });
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected validate(o: RMSpropOptions): void {
    check.base("RMSprop", o);
    check.nonNegative("RMSprop", "eps", o.eps, "epsilon");
    check.nonNegative("RMSprop", "momentum", o.momentum);
    check.unitInterval("RMSprop", "alpha", o.alpha, true);
    check.flag("RMSprop", "centered", o.centered);
  }

  protected initState(param: Tensor, group: ParamGroup<RMSpropOptions>): Record<string, Tensor> {
    const s: Record<string, Tensor> = { squareAvg: zerosLike(param) };
    if (group.momentum > 0) s.momentumBuffer = zerosLike(param);
    if (group.centered) s.gradAvg = zerosLike(param);
    return s;
  }

  protected update(param: Tensor, grad: Tensor, g: ParamGroup<RMSpropOptions>, st: ParamState) {
    const b = st.buffers;
    // Buffers for options switched on mid-run start at zero (PyTorch makes them on the first step only).
    if (g.momentum > 0 && !b.momentumBuffer) b.momentumBuffer = keep(zerosLike(param));
    if (g.centered && !b.gradAvg) b.gradAvg = keep(zerosLike(param));
    const state: { squareAvg: Tensor; gradAvg?: Tensor; momentumBuffer?: Tensor } = {
      squareAvg: b.squareAvg!,
    };
    if (g.centered) state.gradAvg = b.gradAvg!;
    if (g.momentum > 0) state.momentumBuffer = b.momentumBuffer!;
    return rmspropUpdate(param, grad, state, {
      lr: g.lr,
      alpha: g.alpha,
      eps: g.eps,
      weightDecay: g.weightDecay,
      momentum: g.momentum,
      centered: g.centered,
      maximize: g.maximize,
    });
  }
}
