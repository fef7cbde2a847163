import { noGrad } from "@tensorkit/autograd";
import type { Module } from "@tensorkit/nn";
import type { Optimizer } from "@tensorkit/optim";
import {
  add,
  concat,
  formatShape,
  Generator,
  indexSelect,
  ShapeError,
  slice,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";
import { type Callback, CallbackList, type Logs } from "./callback.js";
import { defaultProgress, type Verbosity } from "./callbacks/progress.js";
import { DeviceSum } from "./device-sum.js";
import { History } from "./history.js";
import { type LossFn, type LossName, resolveLoss, taskOf } from "./losses.js";
import { type EpochMetric, type MetricName, resolveMetric } from "./metrics.js";
import { describeOptimizer, type OptimizerLike, resolveOptimizer } from "./optimizers.js";

/** What `compile` takes, as Keras' `model.compile`. */
export interface CompileOptions {
  /** A name (`"adam"`, with Keras' default learning rate), a name with options, an optimiser, or a factory. */
  readonly optimizer: OptimizerLike;
  /** A name (`"binaryCrossentropy"`, `"sparseCategoricalCrossentropy"`, `"crossEntropy"`, `"mse"`, …) or a function. */
  readonly loss: LossName | LossFn;
  /** Metrics by name, reported every epoch (and on validation data with a `val_` prefix). */
  readonly metrics?: readonly MetricName[];
}

/** A batch source for `fit`: an iterable of `[inputs, targets]` batches, such as a `DataLoader` (re-iterated each epoch). */
export type BatchSource = Iterable<readonly [Tensor, Tensor]>;

/** Options of {@link Trainer.fit}, as Keras' `fit`. */
export interface FitOptions {
  /** Epochs to train (counting from `initialEpoch`). Default 1. */
  readonly epochs?: number;
  /** Samples per gradient step. Default 32. */
  readonly batchSize?: number;
  /** Reshuffle the samples every epoch. Default true. */
  readonly shuffle?: boolean;
  /** Hold out this fraction of the samples (the last ones, before shuffling, as Keras) for validation. */
  readonly validationSplit?: number;
  /** Validation inputs and targets (instead of `validationSplit`). */
  readonly validationData?: readonly [Tensor, Tensor];
  readonly callbacks?: readonly Callback[];
  /** 0 silent, 1 a progress bar (plain lines when not on a terminal), 2 one line per epoch. Default "auto": 1 on a terminal, else 2. */
  readonly verbose?: Verbosity;
  /** Seed of the shuffling (the model's initial weights come from `manualSeed`). Default 0. */
  readonly seed?: number;
  /** The epoch to start counting from, when resuming. Default 0. */
  readonly initialEpoch?: number;
}

/** Options of {@link Trainer.evaluate} and {@link Trainer.predict}. */
export interface EvaluateOptions {
  readonly batchSize?: number;
}

/**
 * Compiles a model for training, as Keras' `model.compile`: the result has `fit`, `evaluate` and
 * `predict`. The model keeps working as a PyTorch-style module; the trainer only drives it.
 *
 * @example
 * ```ts
 * const model = sequential([dense(4, { activation: "relu", inputShape: [2] }), dense(1, { activation: "sigmoid" })]);
 * const trainer = compile(model, { optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
 * const history = await trainer.fit(x, y, { epochs: 1000, verbose: 0 });
 * trainer.evaluate(x, y); // { loss: …, accuracy: 1 }
 * ```
 */
export function compile(model: Module<[Tensor], Tensor>, options: CompileOptions): Trainer {
  return new Trainer(model, options);
}

/** A compiled model: Keras' `fit`/`evaluate`/`predict` over a tensorkit module. */
export class Trainer {
  readonly model: Module<[Tensor], Tensor>;
  readonly optimizer: Optimizer;
  readonly lossFn: LossFn;
  readonly metrics: readonly EpochMetric[];
  /** Set (by a callback, e.g. EarlyStopping) to stop `fit` after the current batch. */
  stopTraining = false;
  /** The compile options, for the model file's training configuration. */
  readonly config: {
    readonly optimizer: Record<string, unknown>;
    readonly loss: string;
    readonly metrics: readonly string[];
  };

  constructor(model: Module<[Tensor], Tensor>, options: CompileOptions) {
    this.model = model;
    // Lazy Keras-style models make their parameters on the first call; the optimiser needs them now.
    const lazy = model as unknown as { built?: boolean; inputShape?: readonly number[] };
    if (lazy.built === false) {
      throw new ValueError(
        "compile: the model has not been built yet: give the first layer an inputShape (or call the model once) before compile",
      );
    }
    this.optimizer = resolveOptimizer(
      options.optimizer,
      model.parameters().filter((p) => p.requiresGrad),
    );
    this.lossFn = resolveLoss(options.loss);
    const task = taskOf(options.loss);
    this.metrics = (options.metrics ?? []).map((m) => resolveMetric(m, task, options.loss));
    this.config = {
      optimizer: describeOptimizer(options.optimizer),
      loss: typeof options.loss === "string" ? options.loss : "custom",
      metrics: [...(options.metrics ?? [])],
    };
  }

  /**
   * Parameters unfrozen after `compile` (`trainable = true`, `requiresGrad(true)`) join the
   * optimiser as a group of their own with the first group's current options (its learning rate
   * as schedules left it), so that unfreezing needs no recompile: Keras' "forgot to recompile"
   * trap, where the layers silently stay fixed.
   */
  private adoptUnfrozenParameters(): void {
    const known = new Set<Tensor>();
    for (const group of this.optimizer.paramGroups) for (const p of group.params) known.add(p);
    const unfrozen = this.model.parameters().filter((p) => p.requiresGrad && !known.has(p));
    if (unfrozen.length === 0) return;
    const first = this.optimizer.paramGroups[0];
    this.optimizer.addParamGroup({ ...(first ?? {}), params: unfrozen });
  }

  /**
   * Trains the model, as Keras' `fit`: on tensors `x` and `y` (batched here) or on a batch source
   * such as a `DataLoader`. Returns the `History` of per-epoch metrics.
   */
  async fit(x: Tensor, y: Tensor, options?: FitOptions): Promise<History>;
  async fit(batches: BatchSource, options?: FitOptions): Promise<History>;
  async fit(a: Tensor | BatchSource, b?: Tensor | FitOptions, c?: FitOptions): Promise<History> {
    const fromTensors = isTensor(a);
    const options: FitOptions = (fromTensors ? c : (b as FitOptions | undefined)) ?? {};
    const epochs = options.epochs ?? 1;
    const initialEpoch = options.initialEpoch ?? 0;
    if (!Number.isInteger(epochs) || epochs < 0)
      throw new ValueError(`fit: epochs must be an integer ≥ 0, got ${epochs}`);
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize <= 0)
      throw new ValueError(`fit: batchSize must be a positive integer, got ${batchSize}`);

    let train: BatchPlan;
    let validation: readonly [Tensor, Tensor] | undefined = options.validationData;
    const owned: Tensor[] = [];
    if (fromTensors) {
      const x = a;
      const y = b as Tensor;
      checkPairs("fit", x, y);
      const split = options.validationSplit ?? 0;
      if (!(split >= 0 && split < 1))
        throw new ValueError(`fit: validationSplit must be in [0, 1), got ${split}`);
      if (split > 0 && validation)
        throw new ValueError("fit: give validationSplit or validationData, not both");
      let xs = x;
      let ys = y;
      if (split > 0) {
        const n = x.shape[0]!;
        const cut = n - Math.floor(n * split);
        if (cut <= 0 || cut >= n)
          throw new ValueError(`fit: validationSplit ${split} of ${n} samples leaves an empty part`);
        [xs, ys] = [slice(x, [[0, cut]]), slice(y, [[0, cut]])];
        validation = [slice(x, [[cut]]), slice(y, [[cut]])];
        owned.push(xs, ys, validation[0], validation[1]);
      }
      train = tensorBatches(xs, ys, batchSize, options.shuffle ?? true, new Generator(options.seed ?? 0));
    } else {
      const source = a;
      train = {
        batchesPerEpoch: undefined,
        *epoch() {
          for (const batch of source) yield [batch[0], batch[1], false] as const;
        },
      };
    }

    this.adoptUnfrozenParameters();
    const history = new History();
    const callbacks = new CallbackList([
      ...defaultProgress(options.verbose ?? "auto", epochs, train.batchesPerEpoch),
      ...(options.callbacks ?? []),
    ]);
    callbacks.setTrainer(this);
    this.stopTraining = false;
    this.#penalized = this.model.hasRegularizers();
    this.model.train();
    // Without batch callbacks, losses are summed on the device and read once per epoch.
    const deviceLoss = callbacks.wantsBatches ? null : new DeviceSum();
    try {
      await callbacks.call("onTrainBegin", {});
      for (let epoch = initialEpoch; epoch < initialEpoch + epochs && !this.stopTraining; epoch++) {
        // A hook's promise is awaited; a synchronous hook costs no microtask hop (awaiting
        // undefined would cost one per event, thousands per fit of a tiny model).
        let pending = callbacks.call("onEpochBegin", epoch, {});
        if (pending) await pending;
        for (const m of this.metrics) m.reset();
        deviceLoss?.reset();
        let lossSum = 0;
        let seen = 0;
        let batch = 0;
        for (const [xb, yb, disposeAfter] of train.epoch(epoch)) {
          const size = xb.shape[0] ?? 1;
          if (callbacks.wantsBatches) {
            pending = callbacks.call("onBatchBegin", batch, { size });
            if (pending) await pending;
          }
          const loss = this.#step(xb, yb, deviceLoss, size);
          if (disposeAfter) {
            xb.dispose();
            yb.dispose();
          }
          seen += size;
          if (loss !== undefined) {
            lossSum += loss * size;
            pending = callbacks.call("onBatchEnd", batch, { loss, size });
            if (pending) await pending;
          }
          batch++;
          if (this.stopTraining) break;
        }
        if (deviceLoss) lossSum = deviceLoss.total();
        const logs: Logs = { loss: seen > 0 ? lossSum / seen : Number.NaN };
        for (const m of this.metrics) logs[m.name] = m.compute();
        if (validation) {
          for (const [k, v] of Object.entries(this.evaluate(validation[0], validation[1], { batchSize })))
            logs[`val_${k}`] = v;
          this.model.train();
        }
        history.record(epoch, logs);
        pending = callbacks.call("onEpochEnd", epoch, logs);
        if (pending) await pending;
      }
      await callbacks.call("onTrainEnd", history.epoch.length > 0 ? lastLogs(history) : {});
    } finally {
      deviceLoss?.reset();
      for (const t of owned) t.dispose();
    }
    return history;
  }

  /** Whether the model has regularisers, looked up once per fit rather than every step. */
  #penalized = false;

  /**
   * One gradient step. With `deviceLoss`, the batch loss (times `size`) is added there and nothing
   * is read back; without, the loss is read and returned (batch callbacks want it).
   */
  #step(xb: Tensor, yb: Tensor, deviceLoss: DeviceSum | null, size: number): number | undefined {
    return tidy(() => {
      this.optimizer.zeroGrad();
      const predictions = this.model.call(xb);
      let loss = this.lossFn(predictions, yb);
      const penalty = this.#penalized ? this.model.regularizationLoss() : null;
      if (penalty) loss = add(loss, penalty);
      loss.backward();
      this.optimizer.step();
      for (const m of this.metrics) m.update(predictions, yb);
      if (!deviceLoss) return loss.item() as number;
      deviceLoss.add(loss, size);
      return undefined;
    });
  }

  /**
   * The loss and metrics on `x`, `y`, in evaluation mode without gradients, as Keras' `evaluate`.
   *
   * @example
   * ```ts
   * const { loss, accuracy } = trainer.evaluate(xTest, yTest);
   * ```
   */
  evaluate(x: Tensor, y: Tensor, options: EvaluateOptions = {}): Logs {
    checkPairs("evaluate", x, y);
    const batchSize = options.batchSize ?? 256;
    const restore = this.model.training;
    this.model.eval();
    for (const m of this.metrics) m.reset();
    let lossSum = 0;
    const n = x.shape[0]!;
    try {
      noGrad(() => {
        for (let start = 0; start < n; start += batchSize) {
          tidy(() => {
            const end = Math.min(n, start + batchSize);
            const xb = n <= batchSize ? x : slice(x, [[start, end]]);
            const yb = n <= batchSize ? y : slice(y, [[start, end]]);
            const predictions = this.model.call(xb);
            lossSum += (this.lossFn(predictions, yb).item() as number) * (end - start);
            for (const m of this.metrics) m.update(predictions, yb);
          });
        }
      });
    } finally {
      this.model.train(restore);
    }
    const logs: Logs = { loss: n > 0 ? lossSum / n : Number.NaN };
    for (const m of this.metrics) logs[m.name] = m.compute();
    return logs;
  }

  /**
   * The model's outputs for `x`, in evaluation mode without gradients, batch by batch.
   *
   * @example
   * ```ts
   * const probabilities = trainer.predict(xNew);
   * ```
   */
  predict(x: Tensor, options: EvaluateOptions = {}): Tensor {
    const batchSize = options.batchSize ?? 256;
    const restore = this.model.training;
    this.model.eval();
    try {
      return noGrad(() =>
        tidy(() => {
          const n = x.shape[0]!;
          if (n <= batchSize) return this.model.call(x);
          const parts: Tensor[] = [];
          for (let start = 0; start < n; start += batchSize)
            parts.push(this.model.call(slice(x, [[start, Math.min(n, start + batchSize)]])));
          return concat(parts, 0);
        }),
      );
    } finally {
      this.model.train(restore);
    }
  }
}

/** Batches of one epoch: `[inputs, targets, whether fit disposes them]`. */
interface BatchPlan {
  readonly batchesPerEpoch: number | undefined;
  /** The batches of epoch `index` (its shuffle order depends only on the seed and `index`). */
  epoch(index: number): Iterable<readonly [Tensor, Tensor, boolean]>;
}

/**
 * Batches from tensors. A batch that covers every sample is the tensors themselves: the
 * mean loss and its gradient do not depend on sample order, so shuffling it would only cost a
 * copy per epoch (that is most of a tiny model's epoch).
 */
function tensorBatches(
  x: Tensor,
  y: Tensor,
  batchSize: number,
  shuffle: boolean,
  generator: Generator,
): BatchPlan {
  const n = x.shape[0]!;
  const count = Math.ceil(n / batchSize);
  // Each epoch's order is a pure function of (seed, epoch): a run resumed from a checkpoint with
  // `initialEpoch` shuffles exactly as the uninterrupted run did.
  const base = generator.nextUint32();
  return {
    batchesPerEpoch: count,
    *epoch(index) {
      if (count <= 1) {
        yield [x, y, false] as const;
        return;
      }
      const order = Int32Array.from({ length: n }, (_, i) => i);
      if (shuffle) {
        const epochGenerator = new Generator(base * 2 ** 21 + (index % 2 ** 21));
        for (let i = n - 1; i > 0; i--) {
          const j = epochGenerator.nextBelow(i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
      }
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        if (!shuffle) {
          yield [slice(x, [[start, end]]), slice(y, [[start, end]]), true] as const;
          continue;
        }
        const idx = tensor(order.subarray(start, end), { shape: [end - start] });
        const pair = [indexSelect(x, 0, idx), indexSelect(y, 0, idx), true] as const;
        idx.dispose();
        yield pair;
      }
    },
  };
}

function checkPairs(op: string, x: Tensor, y: Tensor): void {
  if (x.rank === 0 || y.rank === 0 || x.shape[0] !== y.shape[0]) {
    throw new ShapeError(
      `${op}: inputs ${formatShape(x.shape)} and targets ${formatShape(y.shape)} must have the same number of samples (first axis)`,
    );
  }
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === "object" && v !== null && "shape" in v && "dtype" in v && "dataSync" in v;
}

function lastLogs(history: History): Logs {
  const logs: Logs = {};
  for (const [k, v] of Object.entries(history.history)) logs[k] = v.at(-1)!;
  return logs;
}
