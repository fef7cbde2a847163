import { ValueError } from "@tensorkit/tensor";
import type { Callback } from "../callback.js";
import type { Trainer } from "../trainer.js";

/** A schedule: the epoch (from 0) and the current rate in, the rate for this epoch out. */
export type Schedule = (epoch: number, lr: number) => number;

/**
 * Sets the learning rate at the start of every epoch from a function of the epoch and the current
 * rate, as Keras' `LearningRateScheduler`. With several parameter groups, each group's rate goes
 * through the schedule on its own.
 *
 * @example
 * ```ts
 * // Keras' documentation example: keep the rate for 10 epochs, then decay it by e^-0.1 per epoch.
 * const decay = new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 * await trainer.fit(x, y, { epochs: 15, callbacks: [decay] });
 * ```
 */
export class LearningRateScheduler implements Callback {
  #trainer: Trainer | undefined;
  constructor(readonly schedule: Schedule) {
    if (typeof schedule !== "function")
      throw new ValueError("LearningRateScheduler: expected a function (epoch, lr) => newLr");
  }

  setTrainer(trainer: Trainer): void {
    this.#trainer = trainer;
  }

  onEpochBegin(epoch: number): void {
    for (const group of this.#trainer?.optimizer.paramGroups ?? []) {
      const lr = this.schedule(epoch, group.lr);
      if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0)
        throw new ValueError(
          `LearningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; it must return a finite number ≥ 0`,
        );
      group.lr = lr;
    }
  }
}
