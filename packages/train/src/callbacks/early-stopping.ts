import { noGrad } from "@tensorkit/autograd";
import { type Tensor, ValueError } from "@tensorkit/tensor";
import type { Callback, Logs } from "../callback.js";
import type { Trainer } from "../trainer.js";
import { checkNumber, consoleWarn, type MonitorMode, MonitorReader, resolveMode } from "./monitor.js";

/** Options of {@link EarlyStopping}, Keras' names and defaults. */
export interface EarlyStoppingOptions {
  /** The quantity to watch. Default `"val_loss"`. */
  readonly monitor?: string;
  /** The smallest change that counts as an improvement (its absolute value is used). Default 0. */
  readonly minDelta?: number;
  /** Epochs without improvement after which training stops. Default 0. */
  readonly patience?: number;
  /** `"min"`, `"max"`, or `"auto"` (from the metric's name). Default `"auto"`. */
  readonly mode?: MonitorMode;
  /** A value the metric must beat: until it does, the patience keeps running out. Default none. */
  readonly baseline?: number;
  /** At the end of training, put back the weights of the best epoch. Default false. */
  readonly restoreBestWeights?: boolean;
  /** Epochs to let pass before watching at all (a warm-up). Default 0. */
  readonly startFromEpoch?: number;
  /** Prints a line when it stops or restores weights. Default false. */
  readonly verbose?: boolean;
  /** Where warnings and `verbose` lines go. Default `console.warn`. */
  readonly log?: (line: string) => void;
}

/**
 * Stops training when a metric has stopped improving, as Keras' `EarlyStopping` (Keras 3
 * semantics). After each epoch from `startFromEpoch` on, an epoch whose value beats the best so
 * far by more than `minDelta` resets the wait (only if it also beats `baseline`, when given);
 * otherwise the wait grows, and when it reaches `patience` (and the epoch is not the first),
 * `fit` stops. With `restoreBestWeights` the callback keeps a copy of the model's state at the
 * best epoch (tensors it owns and frees) and assigns it back when training ends — also when
 * training ran out of epochs without stopping early, as in Keras 3.
 *
 * @example
 * ```ts
 * const stop = new EarlyStopping({ monitor: "val_loss", patience: 5, restoreBestWeights: true });
 * await trainer.fit(x, y, { epochs: 200, validationSplit: 0.2, callbacks: [stop] });
 * stop.stoppedEpoch; // the epoch it stopped at (0 if it never did)
 * stop.bestEpoch;    // the epoch whose weights the model now has
 * ```
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: "min" | "max";
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which training was stopped, or 0 if it was not. */
  stoppedEpoch = 0;
  /** The best value seen, or undefined before the first watched epoch. */
  best: number | undefined;
  /** The epoch of {@link best}. */
  bestEpoch = 0;
  #trainer: Trainer | undefined;
  #bestWeights: Record<string, Tensor> | undefined;
  readonly #reader: MonitorReader;
  readonly #log: (line: string) => void;
  readonly #verbose: boolean;

  constructor(options: EarlyStoppingOptions = {}) {
    const op = "EarlyStopping";
    this.monitor = options.monitor ?? "val_loss";
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    this.startFromEpoch = options.startFromEpoch ?? 0;
    checkNumber(op, "minDelta", this.minDelta, 0);
    checkNumber(op, "patience", this.patience, 0, true);
    checkNumber(op, "startFromEpoch", this.startFromEpoch, 0, true);
    if (options.baseline !== undefined && !Number.isFinite(options.baseline))
      throw new ValueError(`${op}: baseline must be a finite number, got ${options.baseline}`);
    this.mode = resolveMode(op, this.monitor, options.mode ?? "auto");
    this.baseline = options.baseline;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.#log = options.log ?? consoleWarn;
    this.#verbose = options.verbose ?? false;
    this.#reader = new MonitorReader(op, this.monitor, this.#log);
  }

  setTrainer(trainer: Trainer): void {
    this.#trainer = trainer;
  }

  /** `value` beats `reference` by more than `minDelta` in the monitored direction (anything beats no reference). */
  #isImprovement(value: number, reference: number | undefined): boolean {
    if (reference === undefined) return true;
    return this.mode === "min" ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = undefined;
    this.bestEpoch = 0;
    this.#dropWeights();
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = this.#reader.read(logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    // If no epoch has improved yet, the weights now are the best there are.
    if (this.restoreBestWeights && this.#bestWeights === undefined) {
      this.#snapshot();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.#isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.#snapshot();
      // Restart the wait only when the value beats both the previous best and the baseline.
      if (this.baseline === undefined || this.#isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      if (this.#trainer) this.#trainer.stopTraining = true;
      if (this.#verbose) this.#log(`Epoch ${epoch + 1}: early stopping`);
    }
  }

  onTrainEnd(): void {
    if (this.restoreBestWeights && this.#bestWeights && this.#trainer) {
      if (this.#verbose)
        this.#log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.#trainer.model.loadStateDict(this.#bestWeights);
    }
    this.#dropWeights();
  }

  /** Copies the model's state (parameters and buffers, e.g. batch-norm statistics). */
  #snapshot(): void {
    if (!this.#trainer) return;
    const state = this.#trainer.model.stateDict();
    const copy = noGrad(() => {
      const out: Record<string, Tensor> = {};
      for (const [k, t] of Object.entries(state)) out[k] = t.clone();
      return out;
    });
    this.#dropWeights();
    this.#bestWeights = copy;
  }

  #dropWeights(): void {
    if (this.#bestWeights) for (const t of Object.values(this.#bestWeights)) t.dispose();
    this.#bestWeights = undefined;
  }
}
