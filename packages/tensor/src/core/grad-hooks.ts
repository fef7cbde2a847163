import type { Tensor } from "../tensor.js";
import { TensorkitError } from "./errors.js";

/**
 * The seam between the tensor core and `@tensorkit/autograd`.
 *
 * The core cannot import autograd, yet `loss.backward()` and `x.grad` belong on `Tensor`, and
 * every differentiable op must be recorded. So the core defines this interface and calls it;
 * autograd implements it and installs it (`installGradientEngine`) the first time any of its
 * functions is used — never merely by being imported. Without an engine, ops record nothing and
 * cost one branch.
 */
export interface GradientEngine {
  /** Whether ops on `t` are recorded (a leaf marked with requiresGrad, or an output of a recorded op). */
  requiresGrad(t: Tensor): boolean;
  /** Marks a leaf tensor as requiring gradients (or not). */
  setRequiresGrad(t: Tensor, flag: boolean): void;
  /** The accumulated gradient of a leaf, or null. */
  gradOf(t: Tensor): Tensor | null;
  /** Replaces (null: clears and disposes) the accumulated gradient of a leaf. */
  setGrad(t: Tensor, grad: Tensor | null): void;
  /** `t.backward(gradient)`: accumulates gradients into every leaf `t` depends on. */
  backward(t: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void;
  /** Whether recording is on (not inside `noGrad`). */
  isRecording(): boolean;
  /** Records one op: `inputs` produced `output`, with the op's resolved options. */
  record(op: string, inputs: readonly Tensor[], output: Tensor, attrs: object): void;
  /** A tensor that owns autograd state was disposed. */
  onDispose(t: Tensor): void;
}

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep the graph's saved tensors so that backward can run through it again. Default false. */
  readonly retainGraph?: boolean;
  /** Record the backward pass itself, for gradients of gradients. Default false. */
  readonly createGraph?: boolean;
}

let engine: GradientEngine | undefined;
/** Depth of recorded ops currently running their forward: ops inside a recorded op are not recorded. */
let insideRecordedOp = 0;

/** @internal For `@tensorkit/autograd`: installs the engine that records ops and runs backward. */
export function installGradientEngine(e: GradientEngine): void {
  engine = e;
}

/** The installed engine, if any. */
export function gradientEngine(): GradientEngine | undefined {
  return engine;
}

/** The engine, or a clear error saying where gradients come from. */
export function requireGradientEngine(what: string): GradientEngine {
  if (!engine) {
    throw new TensorkitError(
      `${what}: gradients come from @tensorkit/autograd; use its requiresGrad(), grad() or valueAndGrad() (or build models with @tensorkit/nn) so that ops are recorded`,
    );
  }
  return engine;
}

/** Attributes of ops whose rule needs none: one shared object instead of a `{}` per call. */
export const NO_ATTRS: object = Object.freeze({});

/**
 * Whether an op on `inputs` is recorded now: an engine is installed, recording is on, no
 * recorded op is running its forward, and some input requires gradients. Ops check this first
 * so that the unrecorded path (evaluation, optimiser updates, metrics) makes no closure.
 */
export function isRecorded(inputs: readonly Tensor[]): boolean {
  const e = engine;
  if (e === undefined || insideRecordedOp > 0 || !e.isRecording()) return false;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i]!;
    if (t.autograd !== undefined && e.requiresGrad(t)) return true;
  }
  return false;
}

/** {@link isRecorded} for one or two inputs, without an array (the element-wise ops' fast path). */
export function isRecordedPair(a: Tensor, b?: Tensor): boolean {
  const e = engine;
  if (e === undefined || insideRecordedOp > 0 || (a.autograd === undefined && b?.autograd === undefined))
    return false;
  if (!e.isRecording()) return false;
  return (a.autograd !== undefined && e.requiresGrad(a)) || (b?.autograd !== undefined && e.requiresGrad(b));
}

/**
 * Runs a differentiable op's `forward` and, when some input requires gradients and recording is
 * on, records it under `op` with `attrs` (what its gradient rule needs besides the tensors).
 * Ops the forward calls internally (a reference composition) are not recorded: the op's own rule
 * covers them.
 */
export function differentiable(
  op: string,
  inputs: readonly Tensor[],
  attrs: object,
  forward: () => Tensor,
): Tensor {
  if (!isRecorded(inputs)) return forward();
  return recorded(op, inputs, attrs, forward);
}

/** Runs `forward` with nested ops unrecorded, then records it: for ops that checked {@link isRecorded}. */
export function recorded(
  op: string,
  inputs: readonly Tensor[],
  attrs: object,
  forward: () => Tensor,
): Tensor {
  insideRecordedOp++;
  let out: Tensor;
  try {
    out = forward();
  } finally {
    insideRecordedOp--;
  }
  engine!.record(op, inputs, out, attrs);
  return out;
}
