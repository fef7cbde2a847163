import type {
  AdadeltaUpdateOptions,
  AdadeltaUpdateState,
  AdagradUpdateOptions,
  AdagradUpdateState,
  AdamaxUpdateOptions,
  AdamaxUpdateState,
  AdamUpdateOptions,
  AdamUpdateState,
  Backend,
  RmspropUpdateOptions,
  RmspropUpdateState,
  SgdUpdateOptions,
  SgdUpdateState,
  View,
} from "../backend/contract.js";
import { isFloat } from "../core/dtype.js";
import { DTypeError, ShapeError } from "../core/errors.js";
import { tidy } from "../core/scope.js";
import { formatShape, shapesEqual } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { add, div, maximum, mul, sub } from "./arithmetic.js";
import { backendOf, wrap } from "./dispatch.js";
import { abs, neg, sqrt } from "./unary.js";

export type {
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
};

/**
 * Fused optimiser updates: one call per parameter per step. Each takes the parameter, its
 * gradient and its state tensors and returns **new** tensors for the parameter and the state;
 * the caller (`@tensorkit/optim`) `assign`s them. A backend with the kernel (`adamUpdate`, …)
 * runs one kernel; otherwise the reference composition below runs, op by op, with PyTorch's
 * single-tensor formulas. Nothing is recorded for autograd: the inputs are read detached.
 */

/** What an update returns: the new parameter and the new state tensors (the caller owns them). */
export interface UpdateResult<St> {
  readonly param: Tensor;
  readonly state: St;
}

type KernelFn = (
  param: View<unknown>,
  grad: View<unknown>,
  state: Record<string, View<unknown>>,
  options: object,
) => { readonly param: unknown; readonly state: Readonly<Record<string, unknown>> };

/** Checks shapes and dtypes, then runs the backend's kernel or the reference composition. */
function runUpdate<St extends object>(
  op: string,
  param: Tensor,
  grad: Tensor,
  state: St,
  options: object,
  reference: (p: Tensor, g: Tensor, s: St) => UpdateResult<St>,
): UpdateResult<St> {
  if (!isFloat(param.dtype))
    throw new DTypeError(
      `${op}: only floating-point parameters can be updated; got ${param.dtype} ${formatShape(param.shape)}`,
    );
  param.assertAlive(op);
  checkOperand(op, "grad", grad, param);
  const names = Object.keys(state);
  const stateOf = state as Record<string, Tensor | undefined>;
  for (const k of names) {
    const t = stateOf[k];
    if (t) checkOperand(op, k, t, param, "state.");
  }
  const backend: Backend = param.backend;
  const kernel = backend.kernels[op as "adamUpdate"] as unknown as KernelFn | undefined;
  if (kernel) {
    const views: Record<string, View<unknown>> = {};
    for (const k of names) {
      const t = stateOf[k];
      if (t) views[k] = t.view(op);
    }
    const out = kernel(param.view(op), grad.view(op), views, options);
    const newState: Record<string, Tensor> = {};
    for (const k of Object.keys(out.state)) {
      const s = out.state[k];
      if (s !== undefined) newState[k] = wrap(backend, s, param.shape, param.dtype);
    }
    return { param: wrap(backend, out.param, param.shape, param.dtype), state: newState as unknown as St };
  }
  return tidy(() => {
    const detached: Record<string, Tensor> = {};
    for (const [k, t] of entries(state)) if (t) detached[k] = t.detach();
    return reference(param.detach(), grad.detach(), detached as unknown as St);
  });
}

/** Throws unless `t` (the gradient or a state tensor) matches the parameter in shape, dtype and backend. */
function checkOperand(op: string, name: string, t: Tensor, param: Tensor, prefix = ""): void {
  t.assertAlive(op);
  if (!shapesEqual(t.shape, param.shape))
    throw new ShapeError(
      `${op}: ${prefix}${name} has shape ${formatShape(t.shape)} but the parameter has ${formatShape(param.shape)}`,
    );
  if (t.dtype !== param.dtype)
    throw new DTypeError(`${op}: ${prefix}${name} is ${t.dtype} but the parameter is ${param.dtype}`);
  if (t.backend !== param.backend) backendOf(op, param, t); // throws, naming both backends
}

/** The state's tensors by name (absent optional buffers skipped by the callers). */
function entries(state: object): [string, Tensor | undefined][] {
  return Object.entries(state as Record<string, Tensor | undefined>);
}

/** `maximize` negates the gradient; L2 `weightDecay` adds `weightDecay·param` to it (PyTorch's order). */
function effectiveGrad(p: Tensor, g: Tensor, weightDecay: number, maximize: boolean): Tensor {
  const signed = maximize ? neg(g) : g;
  return weightDecay !== 0 ? add(signed, mul(p, weightDecay)) : signed;
}

/** `a + w·(b - a)`, PyTorch's `lerp`. */
function lerp(a: Tensor, b: Tensor, w: number): Tensor {
  return add(a, mul(sub(b, a), w));
}

/**
 * One step of SGD (PyTorch's `torch.optim.SGD`) for one parameter: L2 weight decay, momentum with
 * dampening, Nesterov, maximize. Pass `state.momentumBuffer` from the previous step (none on the
 * first); the result's `state.momentumBuffer` is present when `momentum ≠ 0`.
 *
 * @example
 * ```ts
 * const { param, state } = sgdUpdate(w, w.grad!, {}, { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
 * w.assign(param);
 * ```
 */
export function sgdUpdate(
  param: Tensor,
  grad: Tensor,
  state: SgdUpdateState<Tensor>,
  options: SgdUpdateOptions,
): UpdateResult<SgdUpdateState<Tensor>> {
  return runUpdate("sgdUpdate", param, grad, state, options, (p, g0, s) => {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = options;
    let g = effectiveGrad(p, g0, weightDecay, maximize);
    if (momentum === 0) return { param: sub(p, mul(g, lr)), state: {} };
    const buf = s.momentumBuffer ? add(mul(s.momentumBuffer, momentum), mul(g, 1 - dampening)) : add(g, 0);
    g = nesterov ? add(g, mul(buf, momentum)) : buf;
    return { param: sub(p, mul(g, lr)), state: { momentumBuffer: buf } };
  });
}

/**
 * One step of Adam, or AdamW with `decoupledWeightDecay`, optionally AMSGrad (PyTorch's
 * `torch.optim.Adam`/`AdamW`) for one parameter. `options.step` counts from 1. State tensors start
 * as zeros (`maxExpAvgSq` too, when `amsgrad`).
 *
 * @example
 * ```ts
 * const { param, state } = adamUpdate(w, w.grad!, { expAvg: m, expAvgSq: v },
 *   { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, amsgrad: false, maximize: false, step: 1 });
 * ```
 */
export function adamUpdate(
  param: Tensor,
  grad: Tensor,
  state: AdamUpdateState<Tensor>,
  options: AdamUpdateOptions,
): UpdateResult<AdamUpdateState<Tensor>> {
  return runUpdate("adamUpdate", param, grad, state, options, (p0, g0, s) => {
    const { lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad, maximize, step } = options;
    let p = p0;
    let g = maximize ? neg(g0) : g0;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) p = mul(p, 1 - lr * weightDecay);
      else g = add(g, mul(p, weightDecay));
    }
    const expAvg = lerp(s.expAvg, g, 1 - beta1);
    const expAvgSq = add(mul(s.expAvgSq, beta2), mul(mul(g, g), 1 - beta2));
    const stepSize = lr / (1 - beta1 ** step);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
    const maxExpAvgSq = amsgrad ? maximum(s.maxExpAvgSq ?? expAvgSq, expAvgSq) : undefined;
    const denom = add(div(sqrt(maxExpAvgSq ?? expAvgSq), bc2Sqrt), eps);
    const next = sub(p, mul(div(expAvg, denom), stepSize));
    return { param: next, state: maxExpAvgSq ? { expAvg, expAvgSq, maxExpAvgSq } : { expAvg, expAvgSq } };
  });
}

/**
 * One step of RMSprop (PyTorch's `torch.optim.RMSprop`) for one parameter. State: `squareAvg`
 * (zeros at first), `gradAvg` when `centered`, `momentumBuffer` when `momentum > 0` (zeros at first).
 *
 * @example
 * ```ts
 * const { param, state } = rmspropUpdate(w, w.grad!, { squareAvg: zerosLike(w) },
 *   { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false });
 * ```
 */
export function rmspropUpdate(
  param: Tensor,
  grad: Tensor,
  state: RmspropUpdateState<Tensor>,
  options: RmspropUpdateOptions,
): UpdateResult<RmspropUpdateState<Tensor>> {
  return runUpdate("rmspropUpdate", param, grad, state, options, (p, g0, s) => {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = options;
    const g = effectiveGrad(p, g0, weightDecay, maximize);
    const squareAvg = add(mul(s.squareAvg, alpha), mul(mul(g, g), 1 - alpha));
    const gradAvg = centered && s.gradAvg ? lerp(s.gradAvg, g, 1 - alpha) : undefined;
    const avg = add(sqrt(gradAvg ? sub(squareAvg, mul(gradAvg, gradAvg)) : squareAvg), eps);
    const next: { squareAvg: Tensor; gradAvg?: Tensor; momentumBuffer?: Tensor } = { squareAvg };
    if (gradAvg) next.gradAvg = gradAvg;
    if (momentum > 0 && s.momentumBuffer) {
      const buf = add(mul(s.momentumBuffer, momentum), div(g, avg));
      next.momentumBuffer = buf;
      return { param: sub(p, mul(buf, lr)), state: next };
    }
    return { param: sub(p, mul(div(g, avg), lr)), state: next };
  });
}

/**
 * One step of Adagrad (PyTorch's `torch.optim.Adagrad`) for one parameter; `sum` starts at
 * `initialAccumulatorValue`, `options.step` counts from 1.
 *
 * @example
 * ```ts
 * const { param, state } = adagradUpdate(w, w.grad!, { sum: zerosLike(w) },
 *   { lr: 0.01, lrDecay: 0, eps: 1e-10, weightDecay: 0, maximize: false, step: 1 });
 * ```
 */
export function adagradUpdate(
  param: Tensor,
  grad: Tensor,
  state: AdagradUpdateState<Tensor>,
  options: AdagradUpdateOptions,
): UpdateResult<AdagradUpdateState<Tensor>> {
  return runUpdate("adagradUpdate", param, grad, state, options, (p, g0, s) => {
    const { lr, lrDecay, eps, weightDecay, maximize, step } = options;
    const g = effectiveGrad(p, g0, weightDecay, maximize);
    const clr = lr / (1 + (step - 1) * lrDecay);
    const sum = add(s.sum, mul(g, g));
    return { param: sub(p, mul(div(g, add(sqrt(sum), eps)), clr)), state: { sum } };
  });
}

/**
 * One step of Adadelta (PyTorch's `torch.optim.Adadelta`) for one parameter; both state tensors
 * start as zeros.
 *
 * @example
 * ```ts
 * const { param, state } = adadeltaUpdate(w, w.grad!, { squareAvg: zerosLike(w), accDelta: zerosLike(w) },
 *   { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false });
 * ```
 */
export function adadeltaUpdate(
  param: Tensor,
  grad: Tensor,
  state: AdadeltaUpdateState<Tensor>,
  options: AdadeltaUpdateOptions,
): UpdateResult<AdadeltaUpdateState<Tensor>> {
  return runUpdate("adadeltaUpdate", param, grad, state, options, (p, g0, s) => {
    const { lr, rho, eps, weightDecay, maximize } = options;
    const g = effectiveGrad(p, g0, weightDecay, maximize);
    const squareAvg = add(mul(s.squareAvg, rho), mul(mul(g, g), 1 - rho));
    const delta = mul(div(sqrt(add(s.accDelta, eps)), sqrt(add(squareAvg, eps))), g);
    const accDelta = add(mul(s.accDelta, rho), mul(mul(delta, delta), 1 - rho));
    return { param: sub(p, mul(delta, lr)), state: { squareAvg, accDelta } };
  });
}

/**
 * One step of Adamax (PyTorch's `torch.optim.Adamax`) for one parameter; both state tensors start
 * as zeros, `options.step` counts from 1.
 *
 * @example
 * ```ts
 * const { param, state } = adamaxUpdate(w, w.grad!, { expAvg: zerosLike(w), expInf: zerosLike(w) },
 *   { lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maximize: false, step: 1 });
 * ```
 */
export function adamaxUpdate(
  param: Tensor,
  grad: Tensor,
  state: AdamaxUpdateState<Tensor>,
  options: AdamaxUpdateOptions,
): UpdateResult<AdamaxUpdateState<Tensor>> {
  return runUpdate("adamaxUpdate", param, grad, state, options, (p, g0, s) => {
    const { lr, beta1, beta2, eps, weightDecay, maximize, step } = options;
    const g = effectiveGrad(p, g0, weightDecay, maximize);
    const expAvg = lerp(s.expAvg, g, 1 - beta1);
    const expInf = maximum(mul(s.expInf, beta2), add(abs(g), eps));
    const clr = lr / (1 - beta1 ** step);
    return { param: sub(p, mul(div(expAvg, expInf), clr)), state: { expAvg, expInf } };
  });
}
