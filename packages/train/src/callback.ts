import type { Trainer } from "./trainer.js";

/** Metric values by name: `loss`, `accuracy`, `val_loss`, … (Keras' keys). */
export type Logs = Record<string, number>;

/**
 * Hooks into `fit`, as Keras' `Callback`. Every method is optional and may return a promise
 * (awaited before training goes on). Set `trainer.stopTraining = true` to stop after the
 * current batch.
 *
 * @example
 * ```ts
 * const printer: Callback = {
 *   onEpochEnd(epoch, logs) { console.log(epoch, logs.loss); },
 * };
 * await trainer.fit(x, y, { epochs: 10, callbacks: [printer] });
 * ```
 */
export interface Callback {
  /** Called once before training with the trainer being fitted. */
  setTrainer?(trainer: Trainer): void;
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  /** `logs` holds the epoch's training metrics and, with validation data, the `val_` ones. */
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  /** `logs.loss` is this batch's loss; `logs.size` its number of samples. */
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

type Hook = "onTrainBegin" | "onTrainEnd" | "onEpochBegin" | "onEpochEnd" | "onBatchBegin" | "onBatchEnd";

/** Runs a list of callbacks, awaiting only those that return promises (no microtask hop otherwise). */
export class CallbackList {
  readonly #callbacks: readonly Callback[];
  /** Whether any callback listens to batch events: if none does, `fit` skips building batch logs. */
  readonly wantsBatches: boolean;

  constructor(callbacks: readonly Callback[]) {
    this.#callbacks = callbacks;
    this.wantsBatches = callbacks.some((c) => c.onBatchBegin || c.onBatchEnd);
  }

  setTrainer(trainer: Trainer): void {
    for (const c of this.#callbacks) c.setTrainer?.(trainer);
  }

  /** Calls `hook` on each callback in order; returns a promise only if one of them did. */
  call(hook: Hook, ...args: [number, Logs] | [Logs]): void | Promise<void> {
    let pending: Promise<void> | undefined;
    for (const c of this.#callbacks) {
      const fn = c[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (!fn) continue;
      if (pending) {
        pending = pending.then(() => fn.apply(c, args));
        continue;
      }
      const result = fn.apply(c, args);
      if (result instanceof Promise) pending = result;
    }
    return pending;
  }
}
