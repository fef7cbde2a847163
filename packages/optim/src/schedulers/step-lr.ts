import type { BaseOptions, Optimizer } from "../optimizer.js";
import { checkInt, checkNumber, LRScheduler } from "./lr-scheduler.js";

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Factor applied every `stepSize` epochs; default 0.1. */
  gamma?: number;
  /** The epoch to resume from; default -1 (start). */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs (PyTorch's `StepLR`).
 *
 * @example
 * ```ts
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 }); // 0.05 → 0.005 at epoch 30
 * ```
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer<BaseOptions>, options: StepLROptions) {
    super(optimizer);
    checkInt("StepLR", "stepSize", options.stepSize, 1);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    checkNumber("StepLR", "gamma", this.gamma);
    this.start(options.lastEpoch ?? -1);
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** Options of {@link MultiStepLR}. */
export interface MultiStepLROptions {
  /** Epochs at which to decay (a repeated milestone decays once per repeat). */
  milestones: readonly number[];
  /** Default 0.1. */
  gamma?: number;
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` at each milestone epoch (PyTorch's `MultiStepLR`).
 *
 * @example
 * ```ts
 * const sched = new MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;

  constructor(optimizer: Optimizer<BaseOptions>, options: MultiStepLROptions) {
    super(optimizer);
    for (const m of options.milestones) checkInt("MultiStepLR", "every milestone", m, 0);
    this.milestones = [...options.milestones].sort((a, b) => a - b);
    this.gamma = options.gamma ?? 0.1;
    checkNumber("MultiStepLR", "gamma", this.gamma);
    this.start(options.lastEpoch ?? -1);
  }

  protected getLr(): number[] {
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (count === 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}

/** Options of {@link ExponentialLR}. */
export interface ExponentialLROptions {
  /** Factor applied every epoch. */
  gamma: number;
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every epoch (PyTorch's `ExponentialLR`).
 *
 * @example
 * ```ts
 * const sched = new ExponentialLR(opt, { gamma: 0.95 });
 * ```
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer<BaseOptions>, options: ExponentialLROptions) {
    super(optimizer);
    checkNumber("ExponentialLR", "gamma", options.gamma);
    this.gamma = options.gamma;
    this.start(options.lastEpoch ?? -1);
  }

  protected getLr(): number[] {
    if (this.isInitial) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}
