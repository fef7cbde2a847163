import { ValueError } from "@tensorkit/tensor";
import type { ArrayInput } from "../input.js";

/**
 * A metric accumulated batch by batch during training: `update` with each batch, `compute` the
 * value over everything seen since the last `reset`. Its value equals the function of the same
 * name applied to all the batches at once.
 *
 * @example
 * ```ts
 * const acc = new Accuracy();
 * for (const [x, y] of batches) acc.update(y, model(x));
 * console.log(acc.compute());
 * acc.reset();
 * ```
 */
export interface StreamingMetric<T> {
  readonly name: string;
  update(yTrue: ArrayInput, yPred: ArrayInput): void;
  compute(): T;
  reset(): void;
}

export function nothingSeen(name: string): never {
  throw new ValueError(`${name}.compute: no samples seen since the last reset; call update first`);
}
