import { adamUpdate, keep, type Tensor, zerosLike } from "@tensorkit/tensor";
import { type BaseOptions, Optimizer, type ParamGroup, type ParamState, type Params } from "./optimizer.js";
import * as check from "./validate.js";

/** Options of {@link Adam} and {@link AdamW} (PyTorch's defaults). */
export interface AdamOptions extends BaseOptions {
  /** Default 1e-3. */
  lr: number;
  /** Decay rates of the first and second moment averages, each in [0, 1); default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to the denominator; default 1e-8. */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 1e-2). */
  weightDecay: number;
  /** Use the running maximum of the second moment (AMSGrad); default false. */
  amsgrad: boolean;
  /** Default false. */
  maximize: boolean;
}

const DEFAULTS: AdamOptions = {
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
};

/**
 * Adam (Kingma & Ba), optionally AMSGrad, with `weightDecay` as an L2 penalty added to the
 * gradient: PyTorch's `torch.optim.Adam`, step for step, one fused `adamUpdate` per parameter.
 *
 * @example
 * ```ts
 * const opt = new Adam(params, { lr: 1e-3, amsgrad: true });
 * loss.backward();
 * opt.step();
 * ```
 */
export class Adam extends Optimizer<AdamOptions> {
  /** Whether weight decay is decoupled from the gradient (AdamW). */
  protected readonly decoupled: boolean = false;

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected validate(o: AdamOptions): void {
    const cls = this.className;
    check.base(cls, o);
    check.nonNegative(cls, "eps", o.eps, "epsilon");
    check.betas(cls, o.betas);
    check.flag(cls, "amsgrad", o.amsgrad);
  }

  protected initState(param: Tensor, group: ParamGroup<AdamOptions>): Record<string, Tensor> {
    const s: Record<string, Tensor> = { expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
    if (group.amsgrad) s.maxExpAvgSq = zerosLike(param);
    return s;
  }

  protected update(param: Tensor, grad: Tensor, g: ParamGroup<AdamOptions>, st: ParamState) {
    const { expAvg, expAvgSq } = st.buffers;
    // amsgrad switched on mid-run starts its running max at zero, as PyTorch's lazily made buffer.
    if (g.amsgrad && !st.buffers.maxExpAvgSq) st.buffers.maxExpAvgSq = keep(zerosLike(param));
    const max = g.amsgrad ? st.buffers.maxExpAvgSq : undefined;
    return adamUpdate(
      param,
      grad,
      max
        ? { expAvg: expAvg!, expAvgSq: expAvgSq!, maxExpAvgSq: max }
        : { expAvg: expAvg!, expAvgSq: expAvgSq! },
      {
        lr: g.lr,
        beta1: g.betas[0],
        beta2: g.betas[1],
        eps: g.eps,
        weightDecay: g.weightDecay,
        decoupledWeightDecay: this.decoupled,
        amsgrad: g.amsgrad,
        maximize: g.maximize,
        step: st.step,
      },
    );
  }
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, `param ← param·(1 − lr·weightDecay)`
 * before the Adam step; PyTorch's `torch.optim.AdamW` (default `weightDecay` 1e-2).
 *
 * @example
 * ```ts
 * const opt = new AdamW(params, { lr: 3e-4, weightDecay: 0.05 });
 * ```
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 1e-2, ...options });
  }
}
