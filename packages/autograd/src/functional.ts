import { formatShape, onesLike, type Tensor, TensorkitError, tidy } from "@tensorkit/tensor";
import { ensureEngine, type GradientsOptions, handOver, propagate } from "./engine.js";

/** One gradient per argument of `f`, in order. */
export type GradsOf<A extends readonly Tensor[]> = { [K in keyof A]: Tensor };

/** Options of {@link grad} and {@link valueAndGrad}. */
export interface GradOptions {
  /** Return null instead of throwing for arguments the output does not depend on. Default false. */
  readonly allowUnused?: boolean;
}

/**
 * Low-level, as `torch.autograd.grad`: the gradients of `outputs` (each seeded with the matching
 * `gradOutputs`, default ones for one-element outputs) with respect to `inputs`, which may be
 * leaves or intermediate tensors. Leaves' `.grad` are not touched.
 *
 * @example
 * ```ts
 * const x = requiresGrad(tensor([1, 2, 3]));
 * const [dx] = gradients([sum(square(x))], [x]); // 2x
 * ```
 */
export function gradients(
  outputs: readonly Tensor[],
  inputs: readonly Tensor[],
  gradOutputs?: readonly Tensor[],
  options: GradientsOptions = {},
): (Tensor | null)[] {
  ensureEngine();
  const createGraph = options.createGraph ?? false;
  return tidy(() => {
    const seeds = outputs.map((out, i) => {
      const given = gradOutputs?.[i];
      if (given) return given;
      if (out.size !== 1) {
        throw new TensorkitError(
          `gradients: output ${i} has shape ${formatShape(out.shape)}; give its gradOutputs entry (only one-element outputs get an implicit 1)`,
        );
      }
      return onesLike(out);
    });
    return propagate(outputs, seeds, inputs, options, "gradients").map((g) =>
      g ? handOver(g, createGraph) : null,
    );
  });
}

/**
 * Turns `f` into a function that returns its value and its gradients with respect to every
 * argument (JAX's `value_and_grad`). `f` must return a one-element tensor. Arguments need not
 * require gradients; their `.grad` is not touched. Nested calls give higher-order gradients.
 *
 * @example
 * ```ts
 * const lossAndGrads = valueAndGrad((w: Tensor, b: Tensor) => mean(square(sub(add(matmul(x, w), b), y))));
 * const { value, grads: [dw, db] } = lossAndGrads(w, b);
 * ```
 */
export function valueAndGrad<A extends Tensor[]>(
  f: (...args: A) => Tensor,
  options: GradOptions = {},
): (...args: A) => { value: Tensor; grads: GradsOf<A> } {
  return (...args: A) => {
    ensureEngine();
    const { nested, leaves } = enter(args);
    try {
      const value = f(...leaves);
      if (value.size !== 1) {
        throw new TensorkitError(
          `valueAndGrad: f must return a one-element tensor, got shape ${formatShape(value.shape)}; use vjp() for other outputs`,
        );
      }
      const seed = onesLike(value);
      const grads = propagate(
        [value],
        [seed],
        leaves,
        { createGraph: nested, allowUnused: options.allowUnused ?? false },
        "grad",
      );
      seed.dispose();
      const out = grads.map((g) => (g ? handOver(g, nested) : null)) as unknown as GradsOf<A>;
      return { value: nested ? value : handOver(value, false), grads: out };
    } finally {
      leave(args, leaves);
    }
  };
}

/**
 * Turns `f` into a function returning its gradients with respect to every argument (JAX's
 * `grad`; TensorFlow.js's `grads`). `f` must return a one-element tensor.
 *
 * @example
 * ```ts
 * const [dx] = grad((x: Tensor) => sum(sin(x)))(x); // cos(x)
 * const [d2x] = grad((x: Tensor) => sum(grad((y: Tensor) => sum(sin(y)))(x)[0]))(x); // -sin(x)
 * ```
 */
export function grad<A extends Tensor[]>(
  f: (...args: A) => Tensor,
  options: GradOptions = {},
): (...args: A) => GradsOf<A> {
  const vg = valueAndGrad(f, options);
  return (...args: A) => {
    const { value, grads } = vg(...args);
    value.dispose();
    return grads;
  };
}

/**
 * The vector-Jacobian product of `f` at `inputs` with `cotangent` (the gradient of some scalar
 * with respect to `f`'s output, of the output's shape): returns `f(inputs)` and, per input,
 * `cotangentᵀ · ∂f/∂input`.
 *
 * @example
 * ```ts
 * const { value, grads: [dx] } = vjp((x) => mul(x, x), [x], onesLike(x)); // dx = 2x
 * ```
 */
export function vjp<A extends Tensor[]>(
  f: (...args: A) => Tensor,
  inputs: A,
  cotangent: Tensor,
  options: GradOptions = {},
): { value: Tensor; grads: GradsOf<A> } {
  ensureEngine();
  const { nested, leaves } = enter(inputs);
  try {
    const value = f(...leaves);
    if (
      cotangent.shape.length !== value.shape.length ||
      cotangent.shape.some((d, i) => d !== value.shape[i])
    ) {
      throw new TensorkitError(
        `vjp: the cotangent has shape ${formatShape(cotangent.shape)} but f returned shape ${formatShape(value.shape)}`,
      );
    }
    const grads = propagate(
      [value],
      [cotangent],
      leaves,
      { createGraph: nested, allowUnused: options.allowUnused ?? false },
      "vjp",
    );
    const out = grads.map((g) => (g ? handOver(g, nested) : null)) as unknown as GradsOf<A>;
    return { value: nested ? value : handOver(value, false), grads: out };
  } finally {
    leave(inputs, leaves);
  }
}

/** How many grad/valueAndGrad/vjp calls are running their function: > 0 means nested. */
let depth = 0;

/**
 * Prepares the arguments of a differentiation. At top level every argument becomes a fresh
 * leaf (a view of its data), so the caller's tensors and their `.grad` are untouched. Inside
 * another differentiation, arguments the outer one records are used as they are, and the
 * backward pass is recorded, so that the outer one sees through it (grad of grad).
 */
function enter<A extends Tensor[]>(args: A): { nested: boolean; leaves: A } {
  const nested = depth > 0;
  const leaves = args.map((a) => (nested && a.requiresGrad ? a : a.detach().requiresGrad_())) as A;
  depth++;
  return { nested, leaves };
}

function leave(args: readonly Tensor[], leaves: readonly Tensor[]): void {
  depth--;
  leaves.forEach((l, i) => {
    if (l !== args[i]) l.dispose();
  });
}
