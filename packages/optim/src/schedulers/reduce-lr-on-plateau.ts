import { ValueError } from "@tensorkit/tensor";
import type { BaseOptions, Optimizer } from "../optimizer.js";
import { checkInt, type SchedulerStateDict } from "./lr-scheduler.js";

/** Options of {@link ReduceLROnPlateau} (PyTorch's defaults). */
export interface ReduceLROnPlateauOptions {
  /** `"min"` (default: a loss) or `"max"` (an accuracy). */
  mode?: "min" | "max";
  /** Factor applied to the rate on a plateau, < 1; default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing; default 10. */
  patience?: number;
  /** Smallest improvement that counts; default 1e-4. */
  threshold?: number;
  /** `"rel"` (default: relative to the best) or `"abs"`. */
  thresholdMode?: "rel" | "abs";
  /** Epochs to wait after a reduction before counting again; default 0. */
  cooldown?: number;
  /** Lower bound on the rate, one for all groups or one per group; default 0. */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped; default 1e-8. */
  eps?: number;
}

/**
 * Reduces each group's learning rate by `factor` when a metric has stopped improving for
 * `patience` epochs (PyTorch's `ReduceLROnPlateau`). Call `step(metric)` once per epoch.
 *
 * @example
 * ```ts
 * const sched = new ReduceLROnPlateau(opt, { patience: 5, factor: 0.5 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(validationLoss()); }
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer<BaseOptions>;
  mode: "min" | "max";
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: "rel" | "abs";
  cooldown: number;
  minLrs: number[];
  eps: number;
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer<BaseOptions>, options: ReduceLROnPlateauOptions = {}) {
    const cls = "ReduceLROnPlateau";
    this.optimizer = optimizer;
    this.mode = options.mode ?? "min";
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? "rel";
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    if (!(this.factor < 1)) throw new ValueError(`${cls}: factor must be < 1; got ${this.factor}`);
    if (this.mode !== "min" && this.mode !== "max")
      throw new ValueError(`${cls}: mode must be "min" or "max"; got ${String(this.mode)}`);
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs")
      throw new ValueError(`${cls}: thresholdMode must be "rel" or "abs"; got ${String(this.thresholdMode)}`);
    checkInt(cls, "patience", this.patience, 0);
    checkInt(cls, "cooldown", this.cooldown, 0);
    const n = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    if (typeof minLr !== "number" && minLr.length !== n)
      throw new ValueError(`${cls}: expected ${n} minLr values (one per param group), got ${minLr.length}`);
    this.minLrs = typeof minLr === "number" ? optimizer.paramGroups.map(() => minLr) : [...minLr];
    this.best = this.worst();
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private worst(): number {
    return this.mode === "min" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === "min")
      return this.thresholdMode === "rel" ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === "rel" ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  /**
   * Records one epoch's metric and reduces the learning rates after `patience` epochs without
   * improvement.
   *
   * @example
   * ```ts
   * sched.step(valLoss);
   * ```
   */
  step(metric: number): void {
    const current = Number(metric);
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const newLr = Math.max(g.lr * this.factor, this.minLrs[i] ?? this.minLrs[0] ?? 0);
        if (g.lr - newLr > this.eps) g.lr = newLr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * The learning rate of each parameter group after the last step.
   *
   * @example
   * ```ts
   * sched.getLastLr();
   * ```
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's state, JSON-friendly (`best` is written as a string when infinite).
   *
   * @example
   * ```ts
   * JSON.stringify(sched.stateDict());
   * ```
   */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) if (k !== "optimizer") out[k] = structuredClone(v);
    if (!Number.isFinite(this.best)) out.best = String(this.best);
    return out;
  }

  /**
   * Restores a state from `stateDict()`.
   *
   * @example
   * ```ts
   * sched.loadStateDict(saved);
   * ```
   */
  loadStateDict(state: SchedulerStateDict): void {
    for (const [k, v] of Object.entries(state))
      if (k !== "optimizer") (this as Record<string, unknown>)[k] = structuredClone(v);
    this.best = Number(state.best);
  }
}
