import { conv2d, dense, flatten, type Module, maxPooling2d, sequential } from "@tensorkit/nn";
import { argmax, softmax, type Tensor, tensor, tidy } from "@tensorkit/tensor";
import { compile, deserializeModel, type Trainer } from "@tensorkit/train";
import { type DigitSet, PIXELS } from "./format.js";

/** Progress of in-page training, after each batch. */
export interface TrainProgress {
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly samplesPerSecond: number;
}

/**
 * The small convnet trained in the page: two conv(3×3)–ReLU–maxpool(2) blocks of 8 and 16
 * filters, then a 32-unit dense layer: the CLI's CNN shape (32 and 64 filters there) at a size a
 * browser tab trains in seconds.
 */
export function smallCnn(): Module<[Tensor], Tensor> {
  return sequential(
    [
      conv2d(8, 3, { activation: "relu", padding: "same" }),
      maxPooling2d(2),
      conv2d(16, 3, { activation: "relu", padding: "same" }),
      maxPooling2d(2),
      flatten(),
      dense(32, { activation: "relu" }),
      dense(10),
    ],
    { inputShape: [1, 28, 28] },
  );
}

/** The digit classifier of the page: a model (trained here or loaded from a file) and what it predicts. */
export class DigitsSession {
  #trainer: Trainer | null = null;
  #model: Module<[Tensor], Tensor> | null = null;
  /** Set to stop training after the current batch. */
  stopRequested = false;

  get hasModel(): boolean {
    return this.#model !== null;
  }

  /** Replaces the model by the one in a `.safetensors` model file (as `tensorkit train --out` writes). */
  load(bytes: Uint8Array, source: string): string {
    const loaded = deserializeModel(bytes, { source });
    this.#replace(loaded.model, null);
    const epochs = loaded.training?.history?.epochs;
    const optimizer = loaded.training?.compile?.optimizer;
    return epochs === undefined
      ? source
      : `${source} (trained ${epochs} epoch(s), ${JSON.stringify(optimizer)})`;
  }

  /** Trains a fresh small CNN on `data` with Adam, reporting after every batch. */
  async train(
    data: DigitSet,
    options: { epochs: number; batchSize: number; seed: number },
    onProgress: (p: TrainProgress) => void | Promise<void>,
  ): Promise<void> {
    const model = smallCnn();
    const trainer = compile(model, { optimizer: { name: "adam", lr: 0.002 }, loss: "crossEntropy" });
    this.#replace(model, trainer);
    this.stopRequested = false;
    const x = tensor(data.pixels, { shape: [data.count, 1, 28, 28] });
    const y = tensor(data.labels);
    const batches = Math.ceil(data.count / options.batchSize);
    let started = performance.now();
    let seen = 0;
    let epochNow = 0;
    try {
      await trainer.fit(x, y, {
        epochs: options.epochs,
        batchSize: options.batchSize,
        seed: options.seed,
        verbose: 0,
        callbacks: [
          {
            onEpochBegin: (epoch) => {
              epochNow = epoch;
              started = performance.now();
              seen = 0;
            },
            onBatchEnd: async (batch, logs) => {
              seen += logs.size ?? options.batchSize;
              if (this.stopRequested) trainer.stopTraining = true;
              await onProgress({
                epoch: epochNow,
                batch: batch + 1,
                batches,
                loss: logs.loss!,
                samplesPerSecond: (seen * 1000) / (performance.now() - started),
              });
            },
          },
        ],
      });
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  /** Class probabilities (softmax of the logits) of one 28×28 input. */
  predict(pixels: Float32Array): Float32Array {
    const model = this.#requireModel();
    if (pixels.length !== PIXELS)
      throw new RangeError(`predict: ${pixels.length} pixels, expected ${PIXELS}`);
    return tidy(() => {
      const restore = model.training;
      model.eval();
      try {
        const logits = model.call(tensor(pixels, { shape: [1, 1, 28, 28] }));
        return softmax(logits, -1).dataSync() as Float32Array;
      } finally {
        model.train(restore);
      }
    });
  }

  /** Accuracy on a labelled set, in batches of 250. */
  accuracy(data: DigitSet): number {
    const model = this.#requireModel();
    const restore = model.training;
    model.eval();
    let correct = 0;
    try {
      for (let start = 0; start < data.count; start += 250) {
        const end = Math.min(data.count, start + 250);
        const predicted = tidy(() => {
          const x = tensor(data.pixels.subarray(start * PIXELS, end * PIXELS), {
            shape: [end - start, 1, 28, 28],
          });
          return argmax(model.call(x), 1).dataSync();
        });
        for (let i = start; i < end; i++) if (predicted[i - start] === data.labels[i]) correct++;
      }
    } finally {
      model.train(restore);
    }
    return data.count > 0 ? correct / data.count : Number.NaN;
  }

  dispose(): void {
    this.#replace(null, null);
  }

  #requireModel(): Module<[Tensor], Tensor> {
    if (!this.#model) throw new Error("digits: no model yet: train one or load a model file first");
    return this.#model;
  }

  #replace(model: Module<[Tensor], Tensor> | null, trainer: Trainer | null): void {
    this.#trainer?.optimizer.dispose();
    this.#model?.dispose();
    this.#model = model;
    this.#trainer = trainer;
  }
}
