import { TensorkitError } from "@tensorkit/tensor";
import { ensureEngine } from "./engine.js";

/** Whether ops are being recorded: false inside `noGrad`. */
let enabled = true;

/** @internal Read by the engine before recording each op. */
export function gradEnabled(): boolean {
  return enabled;
}

/** @internal Runs `fn` with recording switched on or off, restoring the previous mode after. */
export function withGradMode<T>(on: boolean, fn: () => T, op: string): T {
  const previous = enabled;
  enabled = on;
  try {
    const result = fn();
    if (result instanceof Promise) {
      throw new TensorkitError(
        `${op}: the function returned a Promise; ${op} only takes synchronous functions`,
      );
    }
    return result;
  } finally {
    enabled = previous;
  }
}

/**
 * Runs `fn` without recording ops (PyTorch's `torch.no_grad()`): for evaluation and for
 * parameter updates. Synchronous functions only.
 *
 * @example
 * ```ts
 * const preds = noGrad(() => model.forward(xTest));
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  ensureEngine();
  return withGradMode(false, fn, "noGrad");
}

/**
 * Runs `fn` with recording on, even inside `noGrad` (PyTorch's `torch.enable_grad()`).
 *
 * @example
 * ```ts
 * noGrad(() => enableGrad(() => loss(w)).backward());
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  ensureEngine();
  return withGradMode(true, fn, "enableGrad");
}

/** Whether ops are recorded right now (false inside `noGrad`). @example `isGradEnabled()` */
export function isGradEnabled(): boolean {
  return enabled;
}
