import type { Logs } from "./callback.js";

/**
 * What `fit` returns, as Keras' `History`: the epochs run and, per metric key (`loss`,
 * `accuracy`, `val_loss`, …), one value per epoch.
 *
 * @example
 * ```ts
 * const history = await trainer.fit(x, y, { epochs: 20, validationSplit: 0.2 });
 * history.history.val_loss.at(-1);
 * ```
 */
export class History {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};

  /** @internal Adds one epoch's logs. */
  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }

  /** The last value of a metric, or undefined. */
  last(key: string): number | undefined {
    return this.history[key]?.at(-1);
  }

  toJSON(): { epoch: number[]; history: Record<string, number[]> } {
    return { epoch: [...this.epoch], history: structuredClone(this.history) };
  }
}
