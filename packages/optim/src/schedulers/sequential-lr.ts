import { ValueError } from "@tensorkit/tensor";
import type { BaseOptions, Optimizer } from "../optimizer.js";
import { LRScheduler, type SchedulerStateDict } from "./lr-scheduler.js";

/**
 * Runs schedulers one after another, switching at each milestone epoch (PyTorch's
 * `SequentialLR`); at a switch the next scheduler starts from its closed form at epoch 0. The
 * usual use is a linear warm-up followed by a decay.
 *
 * @example
 * ```ts
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new CosineAnnealingLR(opt, { tMax: 95 });
 * const sched = new SequentialLR(opt, { schedulers: [warmup, decay], milestones: [5] });
 * ```
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];

  constructor(
    optimizer: Optimizer<BaseOptions>,
    options: { schedulers: readonly LRScheduler[]; milestones: readonly number[]; lastEpoch?: number },
  ) {
    super(optimizer);
    const { schedulers, milestones } = options;
    if (schedulers.length < 1) throw new ValueError("SequentialLR: expects at least one scheduler, got none");
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer)
        throw new ValueError(
          `SequentialLR: scheduler ${i} (${s.constructor.name}) belongs to another optimiser`,
        );
    });
    if (milestones.length !== schedulers.length - 1)
      throw new ValueError(
        `SequentialLR: expects one milestone fewer than schedulers; got ${schedulers.length} schedulers and ${milestones.length} milestones`,
      );
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = (options.lastEpoch ?? -1) + 1;
    for (const g of optimizer.paramGroups) g.lr = g.initialLr ?? g.lr;
    // Constructing each scheduler took a step; undo them, then start the first one again.
    undo(this);
    const s = this.schedulers[bisectRight(this.milestones, 0)]!;
    s.initialStep();
    this.lastLr = s.getLastLr();
  }

  protected getLr(): number[] {
    return this.currentLrs();
  }

  override step(): void {
    this.lastEpoch++;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const s = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.updateLr(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }

  override stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this))
      if (k !== "optimizer" && k !== "schedulers") out[k] = structuredClone(v);
    out.schedulers = this.schedulers.map((s) => s.stateDict());
    return out;
  }

  override loadStateDict(state: SchedulerStateDict): void {
    const { schedulers, ...rest } = state;
    super.loadStateDict(rest);
    (schedulers as SchedulerStateDict[]).forEach((s, i) => {
      this.schedulers[i]!.loadStateDict(s);
    });
  }
}

function undo(s: LRScheduler): void {
  if (s instanceof SequentialLR) for (const c of s.schedulers) undo(c);
  else s.lastEpoch -= 1;
}

/** Index of the first milestone > `x` (Python's `bisect_right`). */
function bisectRight(sorted: readonly number[], x: number): number {
  let i = 0;
  while (i < sorted.length && sorted[i]! <= x) i++;
  return i;
}
