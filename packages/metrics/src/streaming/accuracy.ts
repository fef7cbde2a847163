import type { ArrayInput } from "../input.js";
import { labelPair } from "../input.js";
import { nothingSeen, type StreamingMetric } from "./metric.js";

/**
 * Running accuracy: correct predictions over samples seen (see {@link accuracy}). Predictions may
 * be labels or `[n, k]` scores (argmax per row).
 *
 * @example
 * ```ts
 * const acc = new Accuracy();
 * acc.update([0, 1], [[2.1, -1], [0.3, 0.9]]);
 * acc.update([2], [2]);
 * acc.compute(); // 1
 * ```
 */
export class Accuracy implements StreamingMetric<number> {
  readonly name = "accuracy";
  #correct = 0;
  #total = 0;

  update(yTrue: ArrayInput, yPred: ArrayInput): void {
    const { yTrue: t, yPred: p } = labelPair(yTrue, yPred, "Accuracy.update");
    for (let i = 0; i < t.length; i++) if (t[i] === p[i]) this.#correct++;
    this.#total += t.length;
  }

  compute(): number {
    if (this.#total === 0) nothingSeen("Accuracy");
    return this.#correct / this.#total;
  }

  reset(): void {
    this.#correct = 0;
    this.#total = 0;
  }
}
