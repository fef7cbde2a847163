import { ValueError } from "@tensorkit/tensor";
import type { BaseOptions, Optimizer } from "../optimizer.js";
import { checkInt, LRScheduler } from "./lr-scheduler.js";

/** Options of {@link LinearLR}. */
export interface LinearLROptions {
  /** Factor of the base rate at epoch 0, in (0, 1]; default 1/3. */
  startFactor?: number;
  /** Factor reached at `totalIters`, in [0, 1]; default 1. */
  endFactor?: number;
  /** Epochs of the ramp; default 5. */
  totalIters?: number;
  lastEpoch?: number;
}

/**
 * Scales each group's learning rate by a factor moving linearly from `startFactor` to `endFactor`
 * over `totalIters` epochs, then holds it (PyTorch's `LinearLR`): a linear warm-up, alone or as
 * the first phase of a {@link SequentialLR}.
 *
 * @example
 * ```ts
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * ```
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer<BaseOptions>, options: LinearLROptions = {}) {
    super(optimizer);
    this.startFactor = options.startFactor ?? 1 / 3;
    this.endFactor = options.endFactor ?? 1;
    this.totalIters = options.totalIters ?? 5;
    if (!(this.startFactor > 0 && this.startFactor <= 1))
      throw new ValueError(`LinearLR: startFactor must be in (0, 1]; got ${this.startFactor}`);
    if (!(this.endFactor >= 0 && this.endFactor <= 1))
      throw new ValueError(`LinearLR: endFactor must be in [0, 1]; got ${this.endFactor}`);
    checkInt("LinearLR", "totalIters", this.totalIters, 1);
    this.start(options.lastEpoch ?? -1);
  }

  protected getLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    if (t === 0) return this.currentLrs().map((lr) => lr * s);
    if (this.isInitial || t > n) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }
}
