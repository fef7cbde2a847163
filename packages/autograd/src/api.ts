import type { BackwardOptions, Tensor } from "@tensorkit/tensor";
import { ensureEngine } from "./engine.js";

/**
 * Marks a float tensor as a leaf whose gradient `backward()` accumulates into `.grad`
 * (PyTorch's `requires_grad_()`); returns the same tensor.
 *
 * @example
 * ```ts
 * const w = requiresGrad(randn([784, 10]));
 * ```
 */
export function requiresGrad<T extends Tensor>(t: T, flag = true): T {
  ensureEngine();
  return t.requiresGrad_(flag);
}

/**
 * Backpropagates from `t` (a one-element loss, or any tensor with an upstream `gradient` of its
 * shape), accumulating into the `.grad` of every leaf that requires gradients.
 *
 * @example
 * ```ts
 * backward(loss);
 * ```
 */
export function backward(t: Tensor, gradient?: Tensor, options: BackwardOptions = {}): void {
  ensureEngine();
  t.backward(gradient, options);
}

/**
 * Clears (and frees) the `.grad` of each tensor, before the next backward.
 *
 * @example
 * ```ts
 * zeroGrad([w, b]);
 * ```
 */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  ensureEngine();
  for (const t of tensors) if (t.grad) t.grad = null;
}
