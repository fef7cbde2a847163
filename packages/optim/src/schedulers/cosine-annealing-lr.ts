import type { BaseOptions, Optimizer } from "../optimizer.js";
import { checkInt, checkNumber, LRScheduler } from "./lr-scheduler.js";

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Epochs of one half cosine (from the base rate down to `etaMin`). */
  tMax: number;
  /** The lowest learning rate; default 0. */
  etaMin?: number;
  lastEpoch?: number;
}

/**
 * Anneals each group's learning rate from its base value to `etaMin` along a half cosine over
 * `tMax` epochs, then back up (PyTorch's `CosineAnnealingLR`, its recursive form).
 *
 * @example
 * ```ts
 * const sched = new CosineAnnealingLR(opt, { tMax: 100, etaMin: 1e-5 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer<BaseOptions>, options: CosineAnnealingLROptions) {
    super(optimizer);
    checkInt("CosineAnnealingLR", "tMax", options.tMax, 1);
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    checkNumber("CosineAnnealingLR", "etaMin", this.etaMin);
    this.start(options.lastEpoch ?? -1);
  }

  protected getLr(): number[] {
    const { tMax: T, etaMin: eta, lastEpoch: t } = this;
    if (this.isInitial) return this.currentLrs();
    if (this.stepCount === 1 && t > 0)
      return this.baseLrs.map((b) => eta + ((b - eta) * (1 + Math.cos((t * Math.PI) / T))) / 2);
    if ((((t - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0)
      return this.currentLrs().map(
        (lr, i) => lr + ((this.baseLrs[i]! - eta) * (1 - Math.cos(Math.PI / T))) / 2,
      );
    return this.currentLrs().map(
      (lr) =>
        ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (lr - eta) + eta,
    );
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map(
      (b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2,
    );
  }
}
