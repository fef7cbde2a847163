import { StandardScaler, trainTestSplit } from "@tensorkit/data";
import { accuracy, precisionRecallFscoreSupport } from "@tensorkit/metrics";
import { dense, dropout, type LayerSpec, l2, sequential } from "@tensorkit/nn";
import { argmax, softmax, type Tensor, tensor, tidy } from "@tensorkit/tensor";
import { compile, type Trainer } from "@tensorkit/train";
import { checkConfig, type PlaygroundConfig } from "./config.js";
import { makeData } from "./data.js";

/** The points as drawn: standardised coordinates, labels, and which were held out. */
export interface PlotPoints {
  /** `[x0, y0, x1, y1, …]` in the model's (standardised) input space. */
  readonly xy: Float32Array;
  readonly labels: Int32Array;
  /** 1 for a validation point, 0 for a training point. */
  readonly validation: Uint8Array;
  /** The square `[-extent, extent]²` that holds every point with a margin. */
  readonly extent: number;
  readonly nClasses: number;
}

/** Losses and validation metrics after some epochs. */
export interface Snapshot {
  readonly epoch: number;
  /** Cross-entropy on the training points in evaluation mode (no dropout, no penalty), so it compares with `valLoss`. */
  readonly trainLoss: number;
  readonly valLoss: number;
  /** On the validation points: accuracy, and precision/recall/F1 (binary for 2 classes, macro-averaged otherwise). */
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * One playground run: the data (split and standardised), the model and its trainer. Everything
 * the page shows comes from here; the worker only schedules it.
 *
 * @example
 * ```ts
 * const session = TrainingSession.create({ ...DEFAULT_CONFIG, dataset: "moons" });
 * await session.trainEpoch();
 * session.evaluate().accuracy; // validation accuracy after one epoch
 * session.dispose();
 * ```
 */
export class TrainingSession {
  readonly config: PlaygroundConfig;
  readonly points: PlotPoints;
  epoch = 0;
  readonly #trainer: Trainer;
  readonly #xTrain: Tensor;
  readonly #yTrain: Tensor;
  readonly #xVal: Tensor;
  readonly #yVal: Tensor;
  readonly #yValArray: number[];

  private constructor(config: PlaygroundConfig) {
    this.config = config;
    const data = makeData(config.dataset, config.nSamples, config.noise, config.seed);
    const [xTrainRaw, xValRaw, yTrain, yVal] = trainTestSplit([data.x, data.y], {
      testSize: config.validationFraction,
      stratify: data.y,
      seed: config.seed,
    });
    data.x.dispose();
    data.y.dispose();
    // the inputs of every set are standardised on the training part, as step 1 of the guide does
    const scaler = new StandardScaler();
    this.#xTrain = scaler.fitTransform(xTrainRaw);
    this.#xVal = scaler.transform(xValRaw);
    xTrainRaw.dispose();
    xValRaw.dispose();
    this.#yTrain = yTrain;
    this.#yVal = yVal;
    this.#yValArray = yVal.toArray() as number[];
    this.points = plotPoints(this.#xTrain, yTrain, this.#xVal, yVal, data.nClasses);

    const reg = config.l2 > 0 ? { kernelRegularizer: l2(config.l2) } : {};
    const layers: LayerSpec[] = [];
    config.hidden.forEach((units, i) => {
      layers.push(
        dense(units, { activation: config.activation, ...reg, ...(i === 0 ? { inputShape: [2] } : {}) }),
      );
      if (config.dropout > 0) layers.push(dropout(config.dropout));
    });
    layers.push(dense(data.nClasses, { ...reg, ...(layers.length === 0 ? { inputShape: [2] } : {}) }));
    this.#trainer = compile(sequential(layers), {
      optimizer: { name: config.optimizer, lr: config.lr },
      loss: "crossEntropy",
    });
  }

  /** Builds a session from a checked configuration (throws `PlaygroundConfigError` naming a bad field). */
  static create(config: PlaygroundConfig): TrainingSession {
    return new TrainingSession(checkConfig(config));
  }

  /** One pass over the training points in shuffled mini-batches. */
  async trainEpoch(): Promise<void> {
    await this.#trainer.fit(this.#xTrain, this.#yTrain, {
      epochs: 1,
      initialEpoch: this.epoch,
      batchSize: this.config.batchSize,
      // a new shuffle every epoch, the same sequence for the same seed
      seed: this.config.seed * 100_003 + this.epoch,
      verbose: 0,
    });
    this.epoch++;
  }

  /** Losses and validation metrics now. */
  evaluate(): Snapshot {
    const trainLoss = this.#trainer.evaluate(this.#xTrain, this.#yTrain).loss!;
    const valLoss = this.#trainer.evaluate(this.#xVal, this.#yVal).loss!;
    const predicted = tidy(() => argmax(this.#trainer.predict(this.#xVal), 1).toArray() as number[]);
    const binary = this.points.nClasses === 2;
    const prf = precisionRecallFscoreSupport(this.#yValArray, predicted, {
      average: binary ? "binary" : "macro",
      labels: Array.from({ length: this.points.nClasses }, (_, c) => c),
      zeroDivision: 0,
    });
    return {
      epoch: this.epoch,
      trainLoss,
      valLoss,
      accuracy: accuracy(this.#yValArray, predicted),
      precision: prf.precision as number,
      recall: prf.recall as number,
      f1: prf.fscore as number,
    };
  }

  /**
   * Class probabilities on a `size × size` grid over the plot square, row by row from the top
   * (largest second coordinate) down: `[size·size·nClasses]`.
   */
  boundary(size: number): Float32Array {
    const e = this.points.extent;
    const coords = new Float32Array(size * size * 2);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const k = 2 * (row * size + col);
        coords[k] = -e + ((col + 0.5) / size) * 2 * e;
        coords[k + 1] = e - ((row + 0.5) / size) * 2 * e;
      }
    }
    return tidy(() => {
      const grid = tensor(coords, { shape: [size * size, 2] });
      return softmax(this.#trainer.predict(grid), -1).dataSync() as Float32Array;
    });
  }

  dispose(): void {
    for (const t of [this.#xTrain, this.#yTrain, this.#xVal, this.#yVal]) t.dispose();
    this.#trainer.model.dispose();
    this.#trainer.optimizer.dispose();
  }
}

function plotPoints(
  xTrain: Tensor,
  yTrain: Tensor,
  xVal: Tensor,
  yVal: Tensor,
  nClasses: number,
): PlotPoints {
  const a = xTrain.dataSync();
  const b = xVal.dataSync();
  const xy = new Float32Array(a.length + b.length);
  xy.set(a);
  xy.set(b, a.length);
  const labels = new Int32Array([...(yTrain.toArray() as number[]), ...(yVal.toArray() as number[])]);
  const validation = new Uint8Array(labels.length);
  validation.fill(1, a.length / 2);
  let extent = 0;
  for (const v of xy) extent = Math.max(extent, Math.abs(v));
  return { xy, labels, validation, extent: extent * 1.1 || 1, nClasses };
}
