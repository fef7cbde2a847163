import { type ConfusionMatrixOptions, normalizeMatrix } from "../confusion-matrix.js";
import type { ArrayInput } from "../input.js";
import { labelPair } from "../input.js";
import { nothingSeen, type StreamingMetric } from "./metric.js";

/**
 * A confusion matrix accumulated over batches (see {@link confusionMatrix}). Without `labels`, its
 * rows are every class seen so far, sorted. Memory grows with the number of distinct
 * (true, predicted) pairs, not with the samples.
 *
 * @example
 * ```ts
 * const cm = new ConfusionMatrix({ labels: [0, 1, 2] });
 * cm.update([0, 2], [0, 1]);
 * cm.compute(); // [[1, 0, 0], [0, 0, 0], [0, 1, 0]]
 * ```
 */
export class ConfusionMatrix implements StreamingMetric<number[][]> {
  readonly name = "confusionMatrix";
  /** counts[true][pred] */
  #counts = new Map<number, Map<number, number>>();
  #classes = new Set<number>();
  #seen = 0;

  constructor(private readonly options: ConfusionMatrixOptions = {}) {}

  update(yTrue: ArrayInput, yPred: ArrayInput): void {
    const { yTrue: t, yPred: p } = labelPair(yTrue, yPred, "ConfusionMatrix.update");
    for (let i = 0; i < t.length; i++) {
      let row = this.#counts.get(t[i]!);
      if (row === undefined) this.#counts.set(t[i]!, (row = new Map()));
      row.set(p[i]!, (row.get(p[i]!) ?? 0) + 1);
      this.#classes.add(t[i]!).add(p[i]!);
    }
    this.#seen += t.length;
  }

  compute(): number[][] {
    if (this.#seen === 0) nothingSeen("ConfusionMatrix");
    const labels = this.options.labels ?? [...this.#classes].sort((a, b) => a - b);
    const m = labels.map((t) => labels.map((p) => this.#counts.get(t)?.get(p) ?? 0));
    return normalizeMatrix(m, this.options.normalize, "ConfusionMatrix.compute");
  }

  reset(): void {
    this.#counts = new Map();
    this.#classes = new Set();
    this.#seen = 0;
  }
}
