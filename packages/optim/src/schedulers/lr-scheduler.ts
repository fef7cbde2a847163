import { ValueError } from "@tensorkit/tensor";
import type { BaseOptions, Optimizer } from "../optimizer.js";

/** A scheduler's state: plain numbers, arrays and nested scheduler states (JSON-friendly). */
export type SchedulerStateDict = Record<string, unknown>;

/**
 * The base class of the learning-rate schedulers, with PyTorch's semantics: the constructor sets
 * each group's `initialLr` (if no scheduler did) and applies the schedule's first value; each
 * `step()` (called after `optimizer.step()`) moves one epoch or batch on and writes the new `lr`
 * into every parameter group. Subclasses give PyTorch's recursive `getLr()` and, where PyTorch
 * has one, the closed form.
 *
 * @example
 * ```ts
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * ```
 */
export abstract class LRScheduler {
  /** The optimiser whose groups' `lr` this scheduler sets. */
  readonly optimizer: Optimizer<BaseOptions>;
  /** The learning rates the schedule starts from (each group's `initialLr`). */
  baseLrs: number[] = [];
  /** The current epoch (or batch) index: 0 after construction. */
  lastEpoch = -1;
  /** Steps taken, the constructor's included (PyTorch's `_step_count`). */
  protected stepCount = 0;
  /** True during the constructor's first step. */
  protected isInitial = false;
  /** The learning rates last written. */
  protected lastLr: number[] = [];

  // biome-ignore lint/suspicious/noExplicitAny: a scheduler works with any optimiser's groups.
  constructor(optimizer: Optimizer<any>) {
    this.optimizer = optimizer;
  }

  /** Sets up base learning rates and takes the first step; subclasses call it at the end of their constructor. */
  protected start(lastEpoch: number): void {
    const groups = this.optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) g.initialLr ??= g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined)
          throw new ValueError(
            `${this.constructor.name}: param group ${i} has no initialLr; resuming with lastEpoch ${lastEpoch} needs the optimiser state loaded first`,
          );
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
    this.initialStep();
  }

  /** @internal PyTorch's `_initial_step`: resets the step count and steps in initial mode. */
  initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  /** The next learning rate of each group, from the current ones (PyTorch's chainable form). */
  protected abstract getLr(): number[];

  /** The learning rate of each group at `lastEpoch` computed directly, where the schedule has one. */
  protected closedFormLr?(): number[];

  /**
   * Moves the schedule one step on and writes the new learning rates into the optimiser.
   *
   * @example
   * ```ts
   * opt.step();
   * sched.step();
   * ```
   */
  step(): void {
    this.stepCount++;
    this.updateLr();
  }

  /** @internal Sets the learning rates for the next epoch, or (closed form) for `epoch`. */
  updateLr(epoch?: number): void {
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr ? this.closedFormLr() : this.getLr();
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i]!;
    });
    this.lastLr = this.currentLrs();
  }

  /** The current `lr` of each group. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * The learning rate of each parameter group as this scheduler last set it.
   *
   * @example
   * ```ts
   * sched.getLastLr(); // [0.01, 0.001]
   * ```
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's state (everything but the optimiser), as plain JSON-friendly values.
   *
   * @example
   * ```ts
   * const saved = sched.stateDict();
   * ```
   */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) if (k !== "optimizer") out[k] = structuredClone(v);
    return out;
  }

  /**
   * Restores a state from `stateDict()` of a scheduler of the same kind.
   *
   * @example
   * ```ts
   * sched.loadStateDict(checkpoint.scheduler);
   * ```
   */
  loadStateDict(state: SchedulerStateDict): void {
    for (const [k, v] of Object.entries(state))
      if (k !== "optimizer") (this as Record<string, unknown>)[k] = structuredClone(v);
  }
}

/** Throws unless `value` is an integer ≥ `min`. */
export function checkInt(cls: string, name: string, value: unknown, min: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min)
    throw new ValueError(`${cls}: ${name} must be an integer ≥ ${min}; got ${String(value)}`);
}

/** Throws unless `value` is a finite number. */
export function checkNumber(cls: string, name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new ValueError(`${cls}: ${name} must be a finite number; got ${String(value)}`);
}
