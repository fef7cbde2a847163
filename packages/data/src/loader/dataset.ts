import {
  formatShape,
  IndexError,
  indexSelect,
  ShapeError,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";

/**
 * A map-style data set, as PyTorch's `Dataset`: a length and random access to samples.
 * A data set may also fetch a whole batch at once (`getBatch`), which {@link DataLoader} uses
 * with the default collate.
 *
 * @example
 * ```ts
 * const squares: Dataset<[number, number]> = { length: 10, get: (i) => [i, i * i] };
 * ```
 */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
  /** The collated batch of these samples, if the data set can build it faster than one by one. */
  getBatch?(indices: readonly number[]): unknown;
}

/** The samples of a {@link TensorDataset}: one tensor per wrapped tensor. */
export type TensorSample<T extends readonly Tensor[]> = { [K in keyof T]: Tensor };

/**
 * Wraps tensors that share their first dimension, as PyTorch's `TensorDataset`: sample `i`
 * is row `i` of each (a view; the caller disposes it). Batches are gathered with one
 * `indexSelect` per tensor.
 *
 * @example
 * ```ts
 * const ds = new TensorDataset(x, y);      // x [100,4], y [100]
 * const [xi, yi] = ds.get(0);              // [4], []
 * const loader = new DataLoader(ds, { batchSize: 16, shuffle: true, seed: 0 });
 * ```
 */
export class TensorDataset<T extends readonly Tensor[]> implements Dataset<TensorSample<T>> {
  readonly tensors: T;
  readonly length: number;

  constructor(...tensors: T) {
    if (tensors.length === 0) throw new ValueError("TensorDataset: needs at least one tensor");
    const n = tensors[0]!.shape[0];
    for (const [k, t] of tensors.entries()) {
      if (t.rank === 0)
        throw new ShapeError(
          `TensorDataset: tensor ${k} is 0-d; every tensor needs a first (sample) dimension`,
        );
      if (t.shape[0] !== n)
        throw new ShapeError(
          `TensorDataset: size mismatch between tensors: tensor 0 is ${formatShape(tensors[0]!.shape)}, tensor ${k} is ${formatShape(t.shape)} (first dimensions ${n} ≠ ${t.shape[0]})`,
        );
    }
    this.tensors = tensors;
    this.length = n ?? 0;
  }

  /** Row `index` of every tensor (views). @example `const [xi, yi] = ds.get(3)` */
  get(index: number): TensorSample<T> {
    if (!Number.isInteger(index) || index < -this.length || index >= this.length)
      throw new IndexError(`TensorDataset.get: index ${index} is out of range for ${this.length} samples`);
    const i = index < 0 ? index + this.length : index;
    return this.tensors.map((t) => t.slice([i])) as unknown as TensorSample<T>;
  }

  /** Rows `indices` of every tensor, stacked: `[batch, …]`. @example `ds.getBatch([0, 5, 2])` */
  getBatch(indices: readonly number[]): TensorSample<T> {
    for (const i of indices)
      if (!Number.isInteger(i) || i < 0 || i >= this.length)
        throw new IndexError(`TensorDataset.getBatch: index ${i} is out of range for ${this.length} samples`);
    return tidy(() => {
      const idx = tensor(Int32Array.from(indices));
      return this.tensors.map((t) => indexSelect(t, 0, idx));
    }) as unknown as TensorSample<T>;
  }
}
