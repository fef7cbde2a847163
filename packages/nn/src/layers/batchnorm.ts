import { noGrad } from "@tensorkit/autograd";
import {
  add,
  div,
  formatShape,
  mean,
  mul,
  ones,
  reshape,
  ShapeError,
  sqrt,
  square,
  sub,
  type Tensor,
  tidy,
  ValueError,
  zeros,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's arguments and defaults). */
export interface BatchNormOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  readonly eps?: number;
  /**
   * Weight of the new batch statistic in the running average (PyTorch's meaning:
   * `running = (1 - momentum)·running + momentum·batch`). Default 0.1; null for a cumulative
   * average (1 / batches seen).
   */
  readonly momentum?: number | null;
  /** Learn a per-channel scale (`weight`, ones) and shift (`bias`, zeros). Default true. */
  readonly affine?: boolean;
  /** Keep running statistics for evaluation mode. Default true; without them both modes use batch statistics. */
  readonly trackRunningStats?: boolean;
}

/**
 * Batch normalisation over the channel axis 1, PyTorch's `_BatchNorm`: in training (or without
 * running statistics) normalise by the batch mean and biased batch variance, and update
 * `running_mean` and `running_var` (with the *unbiased* batch variance) under no-grad; in
 * evaluation use the running statistics. A frozen layer (`trainable = false`, or
 * `requiresGrad(false)` on it or an ancestor) always uses and keeps its running statistics, as in
 * evaluation, even when the model trains (Keras 2's rule for fine-tuning).
 */
abstract class BatchNormBase extends Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  protected constructor(
    readonly numFeatures: number,
    options: BatchNormOptions,
  ) {
    super();
    const layer = new.target.name;
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new ValueError(`${layer}: numFeatures must be a positive integer, got ${numFeatures}`);
    }
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (this.momentum !== null && !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ValueError(`${layer}: momentum must be in [0, 1] or null, got ${this.momentum}`);
    }
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.weight = this.registerParameter(
      "weight",
      this.affine ? tidy(() => new Parameter(ones([numFeatures]))) : null,
    );
    this.bias = this.registerParameter(
      "bias",
      this.affine ? tidy(() => new Parameter(zeros([numFeatures]))) : null,
    );
    const track = this.trackRunningStats;
    this.#runningMean = this.registerBuffer("running_mean", track ? zeros([numFeatures]) : null);
    this.#runningVar = this.registerBuffer("running_var", track ? ones([numFeatures]) : null);
    this.#numBatchesTracked = this.registerBuffer("num_batches_tracked", track ? zeros([], "int32") : null);
  }

  // Buffers are updated in place (`assign`), so these references stay the state-dict tensors.
  readonly #runningMean: Tensor | null;
  readonly #runningVar: Tensor | null;
  readonly #numBatchesTracked: Tensor | null;

  /** The running mean `[numFeatures]` (null without `trackRunningStats`). */
  get runningMean(): Tensor | null {
    return this.#runningMean;
  }

  /** The running (unbiased) variance `[numFeatures]` (null without `trackRunningStats`). */
  get runningVar(): Tensor | null {
    return this.#runningVar;
  }

  /** Training batches seen, an int32 scalar (null without `trackRunningStats`). */
  get numBatchesTracked(): Tensor | null {
    return this.#numBatchesTracked;
  }

  /** Throws the layer's ShapeError when `x` is not one of the accepted shapes. */
  protected abstract checkInput(x: Tensor): void;

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    const c = this.numFeatures;
    const axes = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2)];
    const statShape = [1, c, ...Array<number>(x.rank - 2).fill(1)];
    // A frozen layer (trainable = false) runs as in evaluation mode: Keras 2's fine-tuning rule.
    const training = this.training && this.trainable;
    const useBatch = training || !this.trackRunningStats;
    const count = x.size / c;
    if (useBatch && count <= 1) {
      throw new ValueError(
        `${this.constructor.name}: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`,
      );
    }
    return tidy(() => {
      let centred: Tensor;
      let v: Tensor;
      if (useBatch) {
        const mu = mean(x, axes, { keepDims: true });
        centred = sub(x, mu);
        v = mean(square(centred), axes, { keepDims: true });
        if (training && this.trackRunningStats) this.#updateRunning(mu, v, count);
      } else {
        centred = sub(x, reshape(this.#runningMean!, statShape));
        v = reshape(this.#runningVar!, statShape);
      }
      let y = div(centred, sqrt(add(v, this.eps)));
      if (this.weight && this.bias)
        y = add(mul(y, reshape(this.weight, statShape)), reshape(this.bias, statShape));
      return y;
    });
  }

  /** running ← (1-m)·running + m·batch, with the unbiased variance; counts the batch. */
  #updateRunning(mu: Tensor, v: Tensor, count: number): void {
    noGrad(() =>
      tidy(() => {
        const nbt = this.numBatchesTracked!;
        nbt.assign(add(nbt, 1));
        const m = this.momentum ?? 1 / Number(nbt.item());
        const c = this.numFeatures;
        const rm = this.runningMean!;
        const rv = this.runningVar!;
        const unbiased = mul(reshape(v.detach(), [c]), count / (count - 1));
        rm.assign(add(mul(rm, 1 - m), mul(reshape(mu.detach(), [c]), m)).cast(rm.dtype));
        rv.assign(add(mul(rv, 1 - m), mul(unbiased, m)).cast(rv.dtype));
      }),
    );
  }

  /** The constructor arguments, for the subclasses' `getConfig`. */
  protected batchNormConfig(): ModuleConfig["config"] {
    return {
      numFeatures: this.numFeatures,
      eps: this.eps,
      momentum: this.momentum,
      affine: this.affine,
      trackRunningStats: this.trackRunningStats,
    };
  }

  protected override extraRepr(): string {
    return `numFeatures=${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * Batch normalisation of `[N, C]` or `[N, C, L]` input over the batch (and length) axes, per
 * channel (PyTorch's `nn.BatchNorm1d`). Parameters `weight`/`bias` and buffers `running_mean`,
 * `running_var`, `num_batches_tracked` carry PyTorch's state-dict names.
 *
 * @example
 * ```ts
 * const bn = new BatchNorm1d(64);
 * const h = bn.call(features); // [N, 64], normalised with the batch statistics in training
 * bn.eval(); // now uses the running statistics
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected override getConfig(): ModuleConfig {
    return { type: "BatchNorm1d", config: this.batchNormConfig() };
  }

  protected checkInput(x: Tensor): void {
    if ((x.rank !== 2 && x.rank !== 3) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `BatchNorm1d: expected input of shape [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L], got ${formatShape(x.shape)}`,
      );
    }
  }
}

/**
 * Batch normalisation of NCHW input over the batch and spatial axes, per channel (PyTorch's
 * `nn.BatchNorm2d`), with PyTorch's state-dict names.
 *
 * @example
 * ```ts
 * const bn = new BatchNorm2d(16);
 * const h = bn.call(conv.call(images)); // [N, 16, H, W]
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected override getConfig(): ModuleConfig {
    return { type: "BatchNorm2d", config: this.batchNormConfig() };
  }

  protected checkInput(x: Tensor): void {
    if (x.rank !== 4 || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `BatchNorm2d: expected input of shape [N, ${this.numFeatures}, H, W], got ${formatShape(x.shape)}`,
      );
    }
  }
}
