import type {
  AdadeltaUpdateOptions,
  AdadeltaUpdateState,
  AdagradUpdateOptions,
  AdagradUpdateState,
  AdamaxUpdateOptions,
  AdamaxUpdateState,
  AdamUpdateOptions,
  AdamUpdateState,
  RmspropUpdateOptions,
  RmspropUpdateState,
  SgdUpdateOptions,
  SgdUpdateState,
  TypedArray,
  View,
} from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { isContiguous, sizeOf } from "../strided.js";
import { copy } from "./copy.js";

// Fused optimiser updates: one pass over a parameter, its gradient and its state per step,
// PyTorch's single-tensor formulas computed in doubles, each output rounded once when stored.

type V = View<TypedArray>;

/** A dense reading of a view: its storage and offset when contiguous, else a contiguous copy. */
interface Dense {
  readonly a: TypedArray;
  readonly o: number;
}
function dense(v: V): Dense {
  return isContiguous(v.shape, v.strides) ? { a: v.storage, o: v.offset } : { a: copy(v), o: 0 };
}

/** The parameter, the gradient, and fresh output arrays of the parameter's dtype (a class, not a closure per call). */
class Operands {
  readonly n: number;
  readonly p: Dense;
  readonly g: Dense;
  constructor(
    private readonly param: V,
    grad: V,
  ) {
    this.n = sizeOf(param.shape);
    this.p = dense(param);
    this.g = dense(grad);
  }
  out(): TypedArray {
    return alloc(this.param.dtype, this.n);
  }
}

function begin(param: V, grad: V): Operands {
  return new Operands(param, grad);
}

/** One SGD step; see the contract's `sgdUpdate`. */
export function sgdUpdate(
  param: V,
  grad: V,
  state: SgdUpdateState<V>,
  options: SgdUpdateOptions,
): { param: TypedArray; state: SgdUpdateState<TypedArray> } {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = options;
  const operands = begin(param, grad);
  const { n, p, g } = operands;
  const po = operands.out();
  const sign = maximize ? -1 : 1;
  if (momentum === 0) {
    for (let i = 0; i < n; i++) {
      const x = p.a[p.o + i]!;
      po[i] = x - lr * (sign * g.a[g.o + i]! + weightDecay * x);
    }
    return { param: po, state: {} };
  }
  const b = state.momentumBuffer ? dense(state.momentumBuffer) : undefined;
  const bo = operands.out();
  for (let i = 0; i < n; i++) {
    const x = p.a[p.o + i]!;
    const d = sign * g.a[g.o + i]! + weightDecay * x;
    // The first step starts the buffer at the gradient itself (no dampening), as PyTorch does.
    const buf = b ? b.a[b.o + i]! * momentum + (1 - dampening) * d : d;
    bo[i] = buf;
    po[i] = x - lr * (nesterov ? d + momentum * buf : buf);
  }
  return { param: po, state: { momentumBuffer: bo } };
}

/** One Adam/AdamW step, with or without AMSGrad; see the contract's `adamUpdate`. */
export function adamUpdate(
  param: V,
  grad: V,
  state: AdamUpdateState<V>,
  options: AdamUpdateOptions,
): { param: TypedArray; state: AdamUpdateState<TypedArray> } {
  const { lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad, maximize, step } = options;
  const operands = begin(param, grad);
  const { n, p, g } = operands;
  const m = dense(state.expAvg);
  const v = dense(state.expAvgSq);
  const vmax = amsgrad && state.maxExpAvgSq ? dense(state.maxExpAvgSq) : undefined;
  const po = operands.out();
  const mo = operands.out();
  const vo = operands.out();
  const vmo = amsgrad ? operands.out() : undefined;
  const sign = maximize ? -1 : 1;
  const decay = decoupledWeightDecay ? 1 - lr * weightDecay : 1;
  const l2 = decoupledWeightDecay ? 0 : weightDecay;
  const stepSize = lr / (1 - beta1 ** step);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  for (let i = 0; i < n; i++) {
    const x = p.a[p.o + i]! * decay;
    const d = sign * g.a[g.o + i]! + l2 * p.a[p.o + i]!;
    const m0 = m.a[m.o + i]!;
    const mi = m0 + (1 - beta1) * (d - m0);
    const vi = v.a[v.o + i]! * beta2 + (1 - beta2) * d * d;
    mo[i] = mi;
    vo[i] = vi;
    let s = vi;
    if (vmo) {
      // PyTorch keeps the max of the stored (rounded) second moments: compare what was stored.
      const prev = vmax ? vmax.a[vmax.o + i]! : 0;
      s = Math.max(prev, vo[i]!);
      vmo[i] = s;
    }
    po[i] = x - (stepSize * mi) / (Math.sqrt(s) / bc2Sqrt + eps);
  }
  return {
    param: po,
    state: vmo ? { expAvg: mo, expAvgSq: vo, maxExpAvgSq: vmo } : { expAvg: mo, expAvgSq: vo },
  };
}

/** One RMSprop step; see the contract's `rmspropUpdate`. */
export function rmspropUpdate(
  param: V,
  grad: V,
  state: RmspropUpdateState<V>,
  options: RmspropUpdateOptions,
): { param: TypedArray; state: RmspropUpdateState<TypedArray> } {
  const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = options;
  const operands = begin(param, grad);
  const { n, p, g } = operands;
  const sq = dense(state.squareAvg);
  const ga = centered && state.gradAvg ? dense(state.gradAvg) : undefined;
  const mb = momentum > 0 && state.momentumBuffer ? dense(state.momentumBuffer) : undefined;
  const po = operands.out();
  const sqo = operands.out();
  const gao = ga ? operands.out() : undefined;
  const mbo = mb ? operands.out() : undefined;
  const sign = maximize ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const x = p.a[p.o + i]!;
    const d = sign * g.a[g.o + i]! + weightDecay * x;
    const s = sq.a[sq.o + i]! * alpha + (1 - alpha) * d * d;
    sqo[i] = s;
    let avg: number;
    if (ga && gao) {
      const a0 = ga.a[ga.o + i]!;
      const a = a0 + (1 - alpha) * (d - a0);
      gao[i] = a;
      avg = Math.sqrt(s - a * a) + eps;
    } else avg = Math.sqrt(s) + eps;
    if (mb && mbo) {
      const b = mb.a[mb.o + i]! * momentum + d / avg;
      mbo[i] = b;
      po[i] = x - lr * b;
    } else po[i] = x - (lr * d) / avg;
  }
  const next: { squareAvg: TypedArray; gradAvg?: TypedArray; momentumBuffer?: TypedArray } = {
    squareAvg: sqo,
  };
  if (gao) next.gradAvg = gao;
  if (mbo) next.momentumBuffer = mbo;
  return { param: po, state: next };
}

/** One Adagrad step; see the contract's `adagradUpdate`. */
export function adagradUpdate(
  param: V,
  grad: V,
  state: AdagradUpdateState<V>,
  options: AdagradUpdateOptions,
): { param: TypedArray; state: AdagradUpdateState<TypedArray> } {
  const { lr, lrDecay, eps, weightDecay, maximize, step } = options;
  const operands = begin(param, grad);
  const { n, p, g } = operands;
  const sm = dense(state.sum);
  const po = operands.out();
  const so = operands.out();
  const sign = maximize ? -1 : 1;
  const clr = lr / (1 + (step - 1) * lrDecay);
  for (let i = 0; i < n; i++) {
    const x = p.a[p.o + i]!;
    const d = sign * g.a[g.o + i]! + weightDecay * x;
    const s = sm.a[sm.o + i]! + d * d;
    so[i] = s;
    po[i] = x - (clr * d) / (Math.sqrt(s) + eps);
  }
  return { param: po, state: { sum: so } };
}

/** One Adadelta step; see the contract's `adadeltaUpdate`. */
export function adadeltaUpdate(
  param: V,
  grad: V,
  state: AdadeltaUpdateState<V>,
  options: AdadeltaUpdateOptions,
): { param: TypedArray; state: AdadeltaUpdateState<TypedArray> } {
  const { lr, rho, eps, weightDecay, maximize } = options;
  const operands = begin(param, grad);
  const { n, p, g } = operands;
  const sq = dense(state.squareAvg);
  const ad = dense(state.accDelta);
  const po = operands.out();
  const sqo = operands.out();
  const ado = operands.out();
  const sign = maximize ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const x = p.a[p.o + i]!;
    const d = sign * g.a[g.o + i]! + weightDecay * x;
    const s = sq.a[sq.o + i]! * rho + (1 - rho) * d * d;
    const a0 = ad.a[ad.o + i]!;
    const delta = (Math.sqrt(a0 + eps) / Math.sqrt(s + eps)) * d;
    sqo[i] = s;
    ado[i] = a0 * rho + (1 - rho) * delta * delta;
    po[i] = x - lr * delta;
  }
  return { param: po, state: { squareAvg: sqo, accDelta: ado } };
}

/** One Adamax step; see the contract's `adamaxUpdate`. */
export function adamaxUpdate(
  param: V,
  grad: V,
  state: AdamaxUpdateState<V>,
  options: AdamaxUpdateOptions,
): { param: TypedArray; state: AdamaxUpdateState<TypedArray> } {
  const { lr, beta1, beta2, eps, weightDecay, maximize, step } = options;
  const operands = begin(param, grad);
  const { n, p, g } = operands;
  const m = dense(state.expAvg);
  const u = dense(state.expInf);
  const po = operands.out();
  const mo = operands.out();
  const uo = operands.out();
  const sign = maximize ? -1 : 1;
  const clr = lr / (1 - beta1 ** step);
  for (let i = 0; i < n; i++) {
    const x = p.a[p.o + i]!;
    const d = sign * g.a[g.o + i]! + weightDecay * x;
    const m0 = m.a[m.o + i]!;
    const mi = m0 + (1 - beta1) * (d - m0);
    // NaN propagates, as torch.maximum does.
    const a = u.a[u.o + i]! * beta2;
    const b = Math.abs(d) + eps;
    const ui = a > b || Number.isNaN(a) ? a : b;
    mo[i] = mi;
    uo[i] = ui;
    po[i] = x - (clr * mi) / ui;
  }
  return { param: po, state: { expAvg: mo, expInf: uo } };
}
