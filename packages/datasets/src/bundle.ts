import { Tensor } from "@tensorkit/tensor";

/**
 * A data set as tensors with its metadata: `x` the inputs (rows are samples), `y` the targets
 * (int32 class indices for classification, float32 for regression and ratings). It owns its
 * tensors: `dispose()` (or `using`) frees them all.
 */
export interface DataBundle {
  readonly x: Tensor;
  readonly y: Tensor;
  /** A name per column of `x` (empty for images). */
  readonly featureNames: readonly string[];
  /** A name per class index of `y`; empty for regression. */
  readonly classNames: readonly string[];
  /** What it is, where it comes from, and its licence. */
  readonly description: string;
  dispose(): void;
  [Symbol.dispose](): void;
}

/** Adds `dispose` and `Symbol.dispose` that free every tensor among the object's values. */
export function bundle<T extends Omit<DataBundle, "dispose" | typeof Symbol.dispose>>(
  fields: T,
): T & Pick<DataBundle, "dispose" | typeof Symbol.dispose> {
  const dispose = () => {
    for (const v of Object.values(fields)) if (v instanceof Tensor && !v.isDisposed) v.dispose();
  };
  return Object.assign(fields, { dispose, [Symbol.dispose]: dispose });
}
