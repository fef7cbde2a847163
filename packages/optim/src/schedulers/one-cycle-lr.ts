import { ValueError } from "@tensorkit/tensor";
import type { BaseOptions, Optimizer, ParamGroup } from "../optimizer.js";
import { checkInt, LRScheduler } from "./lr-scheduler.js";

/** Options of {@link OneCycleLR} (PyTorch's defaults). */
export interface OneCycleLROptions {
  /** The peak learning rate, one for all groups or one per group. */
  maxLr: number | readonly number[];
  /** Steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the rate; default 0.3. */
  pctStart?: number;
  /** `"cos"` (default) or `"linear"`. */
  annealStrategy?: "cos" | "linear";
  /** Cycle momentum (or Adam's beta1) inversely to the rate; default true. */
  cycleMomentum?: boolean;
  /** Default 0.85. */
  baseMomentum?: number | readonly number[];
  /** Default 0.95. */
  maxMomentum?: number | readonly number[];
  /** initial rate = maxLr / divFactor; default 25. */
  divFactor?: number;
  /** min rate = initial rate / finalDivFactor; default 1e4. */
  finalDivFactor?: number;
  /** Three phases (up, down to the initial rate, annihilate) instead of two; default false. */
  threePhase?: boolean;
  lastEpoch?: number;
}

interface Phase {
  endStep: number;
  startLr: "initialLr" | "maxLr" | "minLr";
  endLr: "initialLr" | "maxLr" | "minLr";
  startMomentum: "maxMomentum" | "baseMomentum";
  endMomentum: "maxMomentum" | "baseMomentum";
}

/**
 * The 1cycle policy (Smith & Topin), stepped once per batch: the learning rate rises from
 * `maxLr / divFactor` to `maxLr`, then falls far below the start, while momentum (or Adam's beta1)
 * moves the opposite way; PyTorch's `OneCycleLR`, two- or three-phase, cosine or linear.
 *
 * @example
 * ```ts
 * const sched = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 1000 });
 * for (const batch of batches) { trainStep(batch); sched.step(); }
 * ```
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly phases: Phase[];
  readonly annealStrategy: "cos" | "linear";
  readonly cycleMomentum: boolean;
  /** Whether momentum lives in `betas[0]` (Adam-like) rather than `momentum`. */
  readonly useBeta1: boolean;
  /** Per-group anchors: initial, max and min rates, max and base momentum. */
  groupValues: {
    initialLr: number;
    maxLr: number;
    minLr: number;
    maxMomentum: number;
    baseMomentum: number;
  }[];

  constructor(optimizer: Optimizer<BaseOptions>, options: OneCycleLROptions) {
    super(optimizer);
    const cls = "OneCycleLR";
    if (options.totalSteps !== undefined) {
      checkInt(cls, "totalSteps", options.totalSteps, 1);
      this.totalSteps = options.totalSteps;
    } else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined) {
      checkInt(cls, "epochs", options.epochs, 1);
      checkInt(cls, "stepsPerEpoch", options.stepsPerEpoch, 1);
      this.totalSteps = options.epochs * options.stepsPerEpoch;
    } else throw new ValueError(`${cls}: give either totalSteps, or epochs and stepsPerEpoch`);
    const pct = options.pctStart ?? 0.3;
    if (!(pct >= 0 && pct <= 1)) throw new ValueError(`${cls}: pctStart must be in [0, 1]; got ${pct}`);
    const n = this.totalSteps;
    this.phases = options.threePhase
      ? [
          {
            endStep: pct * n - 1,
            startLr: "initialLr",
            endLr: "maxLr",
            startMomentum: "maxMomentum",
            endMomentum: "baseMomentum",
          },
          {
            endStep: 2 * pct * n - 2,
            startLr: "maxLr",
            endLr: "initialLr",
            startMomentum: "baseMomentum",
            endMomentum: "maxMomentum",
          },
          {
            endStep: n - 1,
            startLr: "initialLr",
            endLr: "minLr",
            startMomentum: "maxMomentum",
            endMomentum: "maxMomentum",
          },
        ]
      : [
          {
            endStep: pct * n - 1,
            startLr: "initialLr",
            endLr: "maxLr",
            startMomentum: "maxMomentum",
            endMomentum: "baseMomentum",
          },
          {
            endStep: n - 1,
            startLr: "maxLr",
            endLr: "minLr",
            startMomentum: "baseMomentum",
            endMomentum: "maxMomentum",
          },
        ];
    const strategy = options.annealStrategy ?? "cos";
    if (strategy !== "cos" && strategy !== "linear")
      throw new ValueError(`${cls}: annealStrategy must be "cos" or "linear"; got ${String(strategy)}`);
    this.annealStrategy = strategy;
    const groups = optimizer.paramGroups as ParamGroup<
      BaseOptions & { momentum?: number; betas?: [number, number] }
    >[];
    const perGroup = (name: string, v: number | readonly number[]): number[] => {
      if (typeof v === "number") return groups.map(() => v);
      if (v.length !== groups.length)
        throw new ValueError(
          `${cls}: ${name} has ${v.length} values but the optimiser has ${groups.length} param groups`,
        );
      return [...v];
    };
    const maxLrs = perGroup("maxLr", options.maxLr);
    const divFactor = options.divFactor ?? 25;
    const finalDivFactor = options.finalDivFactor ?? 1e4;
    const lastEpoch = options.lastEpoch ?? -1;
    this.cycleMomentum = options.cycleMomentum ?? true;
    const defaults = optimizer.defaults as Partial<Record<string, unknown>>;
    if (this.cycleMomentum && !("momentum" in defaults) && !("betas" in defaults))
      throw new ValueError(
        `${cls}: cycleMomentum needs an optimiser with momentum or betas (${optimizer.constructor.name} has neither)`,
      );
    this.useBeta1 = "betas" in defaults;
    const maxMomentums = perGroup("maxMomentum", options.maxMomentum ?? 0.95);
    const baseMomentums = perGroup("baseMomentum", options.baseMomentum ?? 0.85);
    this.groupValues = groups.map((g, i) => {
      const initialLr = maxLrs[i]! / divFactor;
      if (lastEpoch === -1) {
        g.initialLr = initialLr;
        if (this.cycleMomentum) {
          if (this.useBeta1) g.betas = [maxMomentums[i]!, g.betas![1]];
          else g.momentum = maxMomentums[i]!;
        }
      }
      return {
        initialLr: g.initialLr ?? initialLr,
        maxLr: maxLrs[i]!,
        minLr: (g.initialLr ?? initialLr) / finalDivFactor,
        maxMomentum: maxMomentums[i]!,
        baseMomentum: baseMomentums[i]!,
      };
    });
    this.start(lastEpoch);
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === "cos") return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  protected getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps)
      throw new ValueError(
        `OneCycleLR: tried to step ${stepNum} times; the schedule has ${this.totalSteps} total steps`,
      );
    const groups = this.optimizer.paramGroups as ParamGroup<
      BaseOptions & { momentum?: number; betas?: [number, number] }
    >[];
    return groups.map((g, gi) => {
      const v = this.groupValues[gi]!;
      let startStep = 0;
      let lr = 0;
      let momentum = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i]!;
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          lr = this.anneal(v[phase.startLr], v[phase.endLr], pct);
          if (this.cycleMomentum) momentum = this.anneal(v[phase.startMomentum], v[phase.endMomentum], pct);
          break;
        }
        startStep = phase.endStep;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) g.betas = [momentum, g.betas![1]];
        else g.momentum = momentum;
      }
      return lr;
    });
  }
}
