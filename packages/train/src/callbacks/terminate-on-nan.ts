import type { Callback, Logs } from "../callback.js";
import type { Trainer } from "../trainer.js";
import { consoleWarn } from "./monitor.js";

/**
 * Stops training at the first batch whose loss is NaN or ±Infinity, as Keras' `TerminateOnNaN`.
 * `fit` finishes the epoch's bookkeeping and returns; {@link TerminateOnNaN.terminatedAt} says
 * where it stopped.
 *
 * @example
 * ```ts
 * const guard = new TerminateOnNaN();
 * await trainer.fit(x, y, { epochs: 50, callbacks: [guard] });
 * if (guard.terminatedAt) console.log("diverged at", guard.terminatedAt);
 * ```
 */
export class TerminateOnNaN implements Callback {
  /** The epoch and batch (from 0) whose loss was not finite, or undefined. */
  terminatedAt: { epoch: number; batch: number } | undefined;
  #trainer: Trainer | undefined;
  #epoch = 0;
  readonly #log: (line: string) => void;

  /** `log` receives the line saying where training stopped (default `console.warn`). */
  constructor(options: { readonly log?: (line: string) => void } = {}) {
    this.#log = options.log ?? consoleWarn;
  }

  setTrainer(trainer: Trainer): void {
    this.#trainer = trainer;
  }

  onTrainBegin(): void {
    this.terminatedAt = undefined;
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.terminatedAt = { epoch: this.#epoch, batch };
      this.#log(`Epoch ${this.#epoch + 1}, batch ${batch}: invalid loss (${loss}), terminating training`);
      if (this.#trainer) this.#trainer.stopTraining = true;
    }
  }
}
