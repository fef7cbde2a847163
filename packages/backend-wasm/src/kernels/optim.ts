import type { KernelTable } from "@tensorkit/tensor";
import type { KernelContext, V } from "../context.js";
import type { WasmStorage } from "../heap.js";
import { sizeOf } from "../layout.js";

type OptimKernels = Pick<
  Required<KernelTable<WasmStorage>>,
  "sgdUpdate" | "adamUpdate" | "rmspropUpdate" | "adagradUpdate" | "adadeltaUpdate" | "adamaxUpdate"
>;

/**
 * The fused optimiser updates (assembly/optim.ts): one pass over the parameter, its gradient and
 * its state, PyTorch's formulas in doubles. As the contract says, every result is a new storage
 * (the caller assigns it to the parameter and its state); inputs are only read.
 */
export function optimKernels(ctx: KernelContext): OptimKernels {
  const { exports } = ctx;

  /**
   * Reads the inputs densely and allocates `outputs` fresh storages of the parameter's shape and
   * dtype; `run` calls the module, then temporary copies are freed.
   */
  function update<R>(
    kernel: string,
    param: V,
    inputs: readonly (V | undefined)[],
    outputs: readonly boolean[],
    run: (n: number, f64: boolean, ptrs: number[], outs: (WasmStorage | null)[]) => R,
  ): R {
    for (const v of [param, ...inputs]) if (v) ctx.live(v, kernel);
    const n = sizeOf(param.shape);
    return ctx.withDense([param, ...inputs], (ptrs) => {
      const outs = outputs.map((wanted) => (wanted ? ctx.alloc(n, param.dtype) : null));
      return run(n, param.dtype === "float64", ptrs, outs);
    });
  }
  const ptr = (s: WasmStorage | null) => s?.ptr ?? 0;

  return {
    sgdUpdate(param, grad, state, o) {
      const withMomentum = o.momentum !== 0;
      return update(
        "sgdUpdate",
        param,
        [grad, withMomentum ? state.momentumBuffer : undefined],
        [true, withMomentum],
        (n, f64, [p, g, b], [po, bo]) => {
          exports.sgdUpdate(
            f64,
            n,
            p!,
            g!,
            withMomentum ? b! : 0,
            po!.ptr,
            ptr(bo!),
            o.lr,
            o.momentum,
            o.dampening,
            o.weightDecay,
            o.nesterov,
            o.maximize ? -1 : 1,
          );
          return { param: po!, state: bo ? { momentumBuffer: bo } : {} };
        },
      );
    },
    adamUpdate(param, grad, state, o) {
      const ams = o.amsgrad;
      return update(
        "adamUpdate",
        param,
        [grad, state.expAvg, state.expAvgSq, ams ? state.maxExpAvgSq : undefined],
        [true, true, true, ams],
        (n, f64, [p, g, m, v, vmax], [po, mo, vo, vmo]) => {
          const decoupled = o.decoupledWeightDecay;
          exports.adamUpdate(
            f64,
            n,
            p!,
            g!,
            m!,
            v!,
            vmax!,
            po!.ptr,
            mo!.ptr,
            vo!.ptr,
            ptr(vmo!),
            o.beta1,
            o.beta2,
            o.eps,
            decoupled ? 0 : o.weightDecay,
            decoupled ? 1 - o.lr * o.weightDecay : 1,
            o.maximize ? -1 : 1,
            o.lr / (1 - o.beta1 ** o.step),
            Math.sqrt(1 - o.beta2 ** o.step),
          );
          const base = { expAvg: mo!, expAvgSq: vo! };
          return { param: po!, state: vmo ? { ...base, maxExpAvgSq: vmo } : base };
        },
      );
    },
    rmspropUpdate(param, grad, state, o) {
      const centered = o.centered && state.gradAvg !== undefined;
      const momentum = o.momentum > 0 && state.momentumBuffer !== undefined;
      return update(
        "rmspropUpdate",
        param,
        [
          grad,
          state.squareAvg,
          centered ? state.gradAvg : undefined,
          momentum ? state.momentumBuffer : undefined,
        ],
        [true, true, centered, momentum],
        (n, f64, [p, g, sq, ga, mb], [po, sqo, gao, mbo]) => {
          exports.rmspropUpdate(
            f64,
            n,
            p!,
            g!,
            sq!,
            ga!,
            mb!,
            po!.ptr,
            sqo!.ptr,
            ptr(gao!),
            ptr(mbo!),
            o.lr,
            o.alpha,
            o.eps,
            o.weightDecay,
            o.momentum,
            o.maximize ? -1 : 1,
          );
          const next: { squareAvg: WasmStorage; gradAvg?: WasmStorage; momentumBuffer?: WasmStorage } = {
            squareAvg: sqo!,
          };
          if (gao) next.gradAvg = gao;
          if (mbo) next.momentumBuffer = mbo;
          return { param: po!, state: next };
        },
      );
    },
    adagradUpdate(param, grad, state, o) {
      return update(
        "adagradUpdate",
        param,
        [grad, state.sum],
        [true, true],
        (n, f64, [p, g, s], [po, so]) => {
          const clr = o.lr / (1 + (o.step - 1) * o.lrDecay);
          exports.adagradUpdate(
            f64,
            n,
            p!,
            g!,
            s!,
            po!.ptr,
            so!.ptr,
            clr,
            o.eps,
            o.weightDecay,
            o.maximize ? -1 : 1,
          );
          return { param: po!, state: { sum: so! } };
        },
      );
    },
    adadeltaUpdate(param, grad, state, o) {
      return update(
        "adadeltaUpdate",
        param,
        [grad, state.squareAvg, state.accDelta],
        [true, true, true],
        (n, f64, [p, g, sq, ad], [po, sqo, ado]) => {
          exports.adadeltaUpdate(
            f64,
            n,
            p!,
            g!,
            sq!,
            ad!,
            po!.ptr,
            sqo!.ptr,
            ado!.ptr,
            o.lr,
            o.rho,
            o.eps,
            o.weightDecay,
            o.maximize ? -1 : 1,
          );
          return { param: po!, state: { squareAvg: sqo!, accDelta: ado! } };
        },
      );
    },
    adamaxUpdate(param, grad, state, o) {
      return update(
        "adamaxUpdate",
        param,
        [grad, state.expAvg, state.expInf],
        [true, true, true],
        (n, f64, [p, g, m, u], [po, mo, uo]) => {
          const clr = o.lr / (1 - o.beta1 ** o.step);
          exports.adamaxUpdate(
            f64,
            n,
            p!,
            g!,
            m!,
            u!,
            po!.ptr,
            mo!.ptr,
            uo!.ptr,
            clr,
            o.beta1,
            o.beta2,
            o.eps,
            o.weightDecay,
            o.maximize ? -1 : 1,
          );
          return { param: po!, state: { expAvg: mo!, expInf: uo! } };
        },
      );
    },
  };
}
