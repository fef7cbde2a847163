import { type ArrayInput, toHost } from "../input.js";
import { nothingSeen } from "./metric.js";

/**
 * The running mean of values, e.g. the loss of each batch (Keras's `metrics.Mean`). Each value
 * counts once, or `weight` times.
 *
 * @example
 * ```ts
 * const loss = new Mean();
 * loss.update(batchLoss.item() as number, batchSize);
 * loss.compute();
 * ```
 */
export class Mean {
  readonly name = "mean";
  #sum = 0;
  #weight = 0;

  update(values: number | ArrayInput, weight = 1): void {
    if (typeof values === "number") {
      this.#sum += values * weight;
      this.#weight += weight;
      return;
    }
    const { data } = toHost(values, "values", "Mean.update");
    for (const v of data) this.#sum += v * weight;
    this.#weight += data.length * weight;
  }

  compute(): number {
    if (this.#weight === 0) nothingSeen("Mean");
    return this.#sum / this.#weight;
  }

  reset(): void {
    this.#sum = 0;
    this.#weight = 0;
  }
}
