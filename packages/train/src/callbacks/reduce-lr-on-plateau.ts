import { ValueError } from "@tensorkit/tensor";
import type { Callback, Logs } from "../callback.js";
import type { Trainer } from "../trainer.js";
import { checkNumber, consoleWarn, type MonitorMode, MonitorReader, resolveMode } from "./monitor.js";

/** Options of the {@link ReduceLROnPlateau} callback, Keras' names and defaults. */
export interface ReduceLROnPlateauOptions {
  /** The quantity to watch. Default `"val_loss"`. */
  readonly monitor?: string;
  /** Multiplies the learning rate on a plateau; in (0, 1). Default 0.1. */
  readonly factor?: number;
  /** Epochs without improvement after which the rate is reduced. Default 10. */
  readonly patience?: number;
  /** `"min"`, `"max"`, or `"auto"` (from the metric's name). Default `"auto"`. */
  readonly mode?: MonitorMode;
  /** The smallest change that counts as an improvement (absolute, as Keras). Default 1e-4. */
  readonly minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  readonly cooldown?: number;
  /** The rate is never reduced below this. Default 0. */
  readonly minLr?: number;
  /** Prints a line at each reduction. Default false. */
  readonly verbose?: boolean;
  /** Where warnings and `verbose` lines go. Default `console.warn`. */
  readonly log?: (line: string) => void;
}

/**
 * Reduces the learning rate of every parameter group by `factor` when a metric has stopped
 * improving for `patience` epochs: Keras' `ReduceLROnPlateau` callback, epoch for epoch.
 *
 * Keras and PyTorch differ, and this follows Keras: the rate drops after `patience` epochs
 * without improvement (PyTorch's scheduler, `ReduceLROnPlateau` in `@tensorkit/optim`, waits
 * `patience + 1`), `minDelta` is absolute (PyTorch's default threshold is relative), and the
 * epoch in which a cooldown ends already counts towards the patience (PyTorch's does not).
 * A group already at or below `minLr` is left alone.
 *
 * @example
 * ```ts
 * const plateau = new ReduceLROnPlateau({ monitor: "val_loss", factor: 0.5, patience: 3, minLr: 1e-5 });
 * await trainer.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [plateau] });
 * trainer.optimizer.paramGroups[0].lr; // the rate it ended with
 * ```
 */
export class ReduceLROnPlateau implements Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: "min" | "max";
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  /** Epochs since the last improvement (not counting cooldown). */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** The best value seen (±Infinity before the first epoch). */
  best: number;
  #trainer: Trainer | undefined;
  readonly #reader: MonitorReader;
  readonly #log: (line: string) => void;
  readonly #verbose: boolean;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    const op = "ReduceLROnPlateau";
    this.monitor = options.monitor ?? "val_loss";
    this.factor = options.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1))
      throw new ValueError(`${op}: factor must be in (0, 1) (it multiplies the rate), got ${this.factor}`);
    this.patience = options.patience ?? 10;
    this.minDelta = options.minDelta ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    checkNumber(op, "patience", this.patience, 0, true);
    checkNumber(op, "minDelta", this.minDelta, 0);
    checkNumber(op, "cooldown", this.cooldown, 0, true);
    checkNumber(op, "minLr", this.minLr, 0);
    this.mode = resolveMode(op, this.monitor, options.mode ?? "auto");
    this.best = this.#worst();
    this.#log = options.log ?? consoleWarn;
    this.#verbose = options.verbose ?? false;
    this.#reader = new MonitorReader(op, this.monitor, this.#log);
  }

  #worst(): number {
    return this.mode === "min" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  #isBetter(value: number): boolean {
    return this.mode === "min" ? value < this.best - this.minDelta : value > this.best + this.minDelta;
  }

  setTrainer(trainer: Trainer): void {
    this.#trainer = trainer;
  }

  onTrainBegin(): void {
    this.best = this.#worst();
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = this.#reader.read(logs);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.#isBetter(current)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    let reduced = false;
    for (const group of this.#trainer?.optimizer.paramGroups ?? []) {
      // Keras compares against minLr rounded to float32, the optimiser's precision.
      if (group.lr > Math.fround(this.minLr)) {
        const lr = Math.max(group.lr * this.factor, this.minLr);
        if (this.#verbose)
          this.#log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
        group.lr = lr;
        reduced = true;
      }
    }
    if (reduced) {
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }
}
