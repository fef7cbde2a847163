import { add, type Tensor, untrack } from "@tensorkit/tensor";

/**
 * A running weighted sum `Σ value·weight` of one-element tensors, kept on the device and read
 * back only by {@link total}: `fit` accumulates the batch losses and metric counts of an epoch
 * here instead of reading each batch's values to the host (a readback per batch is a sync point
 * on a GPU, and a fixed cost on every backend).
 *
 * Values of one weight are added on the device and multiplied by it on the host, so equal-size
 * batches cost one `add` each. The sums are owned here, outside every `tidy` (adding inside one
 * is fine); `total()` frees them, so nothing is left alive between epochs.
 *
 * @example
 * ```ts
 * const losses = new DeviceSum();
 * tidy(() => losses.add(loss, batchSize)); // per batch, inside the step's tidy
 * const mean = losses.total() / seen;       // once per epoch
 * ```
 */
export class DeviceSum {
  readonly #sums = new Map<number, Tensor>();
  #flushed = 0;

  /** Adds `value` (one element; read detached, never recorded) times `weight`. */
  add(value: Tensor, weight: number): void {
    const prev = this.#sums.get(weight);
    const v = value.detach();
    this.#sums.set(weight, untrack(prev ? add(prev, v) : v));
    if (prev) {
      prev.dispose();
      v.dispose();
    }
  }

  /** The sum so far (reads the device once per distinct weight, then frees the device sums). */
  total(): number {
    for (const [weight, t] of this.#sums) {
      this.#flushed += (t.item() as number) * weight;
      t.dispose();
    }
    this.#sums.clear();
    return this.#flushed;
  }

  /** Back to zero, freeing the device sums. */
  reset(): void {
    for (const t of this.#sums.values()) t.dispose();
    this.#sums.clear();
    this.#flushed = 0;
  }
}
