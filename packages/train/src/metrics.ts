import {
  F1,
  MeanAbsoluteError,
  MeanSquaredError,
  Precision,
  Recall,
  type StreamingMetric,
} from "@tensorkit/metrics";
import { argmax, equal, greater, reshape, sum, type Tensor, tidy, ValueError } from "@tensorkit/tensor";
import { DeviceSum } from "./device-sum.js";
import type { TaskKind } from "./losses.js";

/** Metrics `compile` knows by name. */
export type MetricName = "accuracy" | "acc" | "precision" | "recall" | "f1" | "mse" | "mae";

/** A metric over a whole epoch, fed batch by batch. */
export interface EpochMetric {
  /** The key in logs and History (`accuracy`, and `val_accuracy` on validation data). */
  readonly name: string;
  update(predictions: Tensor, targets: Tensor): void;
  compute(): number;
  reset(): void;
}

/**
 * Turns predictions and targets into what scikit-learn-style metrics compare: class labels for
 * classification (threshold 0.5 on probabilities, 0 on logits, argmax over classes), the values
 * themselves for regression.
 */
function labels(
  task: TaskKind,
  threshold: number,
  predictions: Tensor,
  targets: Tensor,
): { yTrue: Tensor; yPred: Tensor } {
  return tidy(() => {
    switch (task) {
      case "binary":
      case "unknown": {
        if (predictions.shape[predictions.rank - 1] !== 1 && predictions.rank > 1) {
          return { yTrue: targets.rank > 1 ? argmax(targets, -1) : targets, yPred: argmax(predictions, -1) };
        }
        return {
          yTrue: reshape(targets, [targets.size]).cast("int32"),
          yPred: greater(reshape(predictions, [predictions.size]), threshold).cast("int32"),
        };
      }
      case "multiclassProbs":
      case "multiclassLogits":
        return { yTrue: targets, yPred: argmax(predictions, -1) };
      case "oneHot":
        return { yTrue: argmax(targets, -1), yPred: argmax(predictions, -1) };
      case "regression":
        return { yTrue: reshape(targets, [targets.size]), yPred: reshape(predictions, [predictions.size]) };
    }
  });
}

class LabelMetric implements EpochMetric {
  constructor(
    readonly name: string,
    private readonly task: TaskKind,
    private readonly threshold: number,
    private readonly inner: StreamingMetric<number | number[]>,
  ) {}
  update(predictions: Tensor, targets: Tensor): void {
    const { yTrue, yPred } = labels(this.task, this.threshold, predictions, targets);
    try {
      this.inner.update(yTrue, yPred);
    } finally {
      // labels() may hand back the caller's own tensors unchanged: only free what it made.
      if (yTrue !== targets && yTrue !== predictions) yTrue.dispose();
      if (yPred !== predictions && yPred !== targets) yPred.dispose();
    }
  }
  compute(): number {
    return this.inner.compute() as number;
  }
  reset(): void {
    this.inner.reset();
  }
}

/**
 * Accuracy counted on the device: the hits of each batch are summed there and read once per
 * epoch (by `compute()`), instead of reading both label arrays, or even one count, per batch.
 */
class AccuracyMetric implements EpochMetric {
  readonly name = "accuracy";
  readonly #hits = new DeviceSum();
  #seen = 0;
  constructor(
    private readonly task: TaskKind,
    private readonly threshold: number,
  ) {}
  update(predictions: Tensor, targets: Tensor): void {
    tidy(() => {
      const { yTrue, yPred } = labels(this.task, this.threshold, predictions, targets);
      this.#seen += yTrue.size;
      this.#hits.add(sum(equal(yTrue, yPred)), 1);
    });
  }
  compute(): number {
    const hits = this.#hits.total();
    return this.#seen > 0 ? hits / this.#seen : Number.NaN;
  }
  reset(): void {
    this.#hits.reset();
    this.#seen = 0;
  }
}

/**
 * The metric for a name, reading predictions the way the loss implies (a `bceWithLogits` model
 * outputs logits: its threshold is 0).
 */
export function resolveMetric(name: MetricName, task: TaskKind, lossName: unknown): EpochMetric {
  const average = task === "binary" || task === "unknown" ? "binary" : "macro";
  // A model trained with bceWithLogits outputs logits: its decision threshold is 0, not 0.5.
  const threshold = lossName === "bceWithLogits" ? 0 : 0.5;
  switch (name) {
    case "accuracy":
    case "acc":
      return new AccuracyMetric(task, threshold);
    case "precision":
      return new LabelMetric("precision", task, threshold, new Precision({ average, zeroDivision: 0 }));
    case "recall":
      return new LabelMetric("recall", task, threshold, new Recall({ average, zeroDivision: 0 }));
    case "f1":
      return new LabelMetric("f1", task, threshold, new F1({ average, zeroDivision: 0 }));
    case "mse":
      return new LabelMetric("mse", "regression", 0, new MeanSquaredError());
    case "mae":
      return new LabelMetric("mae", "regression", 0, new MeanAbsoluteError());
    default:
      throw new ValueError(
        `compile: unknown metric '${String(name)}'; known: accuracy, precision, recall, f1, mse, mae`,
      );
  }
}
