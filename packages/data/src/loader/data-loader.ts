import { type Generator, tidy, ValueError } from "@tensorkit/tensor";
import { generatorOf, permutation, type SeedOptions } from "../split/random.js";
import { type Collated, defaultCollate } from "./collate.js";
import type { Dataset } from "./dataset.js";

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions<T, B> extends SeedOptions {
  /** Samples per batch. Default 1, as PyTorch. */
  readonly batchSize?: number;
  /** Reshuffle the samples at the start of every epoch (from `seed`/`generator`). Default false. */
  readonly shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize`. Default false. */
  readonly dropLast?: boolean;
  /** Builds a batch from samples; {@link defaultCollate} by default. */
  readonly collate?: (samples: T[]) => B;
}

/**
 * Iterates over a {@link Dataset} in batches, as PyTorch's `DataLoader`. Each `for…of` is one
 * epoch; with `shuffle`, every epoch draws a new order from the loader's generator, so the same
 * seed gives the same sequence of epochs. Batches are new tensors: dispose them (or run the
 * step in `tidy`). Intermediate per-sample tensors are freed while collating.
 *
 * @example
 * ```ts
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true, seed: 0 });
 * for (let epoch = 0; epoch < 10; epoch++)
 *   for (const [xb, yb] of loader) {
 *     tidy(() => step(xb, yb));
 *     xb.dispose(); yb.dispose();
 *   }
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly #collate: ((samples: T[]) => B) | undefined;
  readonly #generator: Generator;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    if (typeof dataset?.get !== "function" || !Number.isInteger(dataset.length) || dataset.length < 0)
      throw new ValueError("DataLoader: the dataset needs an integer length and a get(i) method");
    this.dataset = dataset;
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${this.batchSize}`);
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.#collate = options.collate;
    // a private generator seeded once: epochs differ from each other, runs with one seed do not
    this.#generator = generatorOf(options);
  }

  /** Batches per epoch. @example `loader.length // Math.ceil(n / batchSize)` */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The sample order of the next epoch (a permutation with `shuffle`). */
  #order(): number[] {
    const n = this.dataset.length;
    return this.shuffle ? permutation(n, this.#generator) : Array.from({ length: n }, (_, i) => i);
  }

  #batch(indices: number[]): B {
    const ds = this.dataset;
    if (this.#collate === undefined && typeof ds.getBatch === "function") return ds.getBatch(indices) as B;
    const collate = this.#collate ?? (defaultCollate as unknown as (s: T[]) => B);
    return tidy(() => collate(indices.map((i) => ds.get(i))));
  }

  /** One epoch of batches. @example `for (const batch of loader) { … }` */
  *[Symbol.iterator](): Iterator<B> {
    const order = this.#order();
    const batches = this.length;
    for (let b = 0; b < batches; b++)
      yield this.#batch(order.slice(b * this.batchSize, (b + 1) * this.batchSize));
  }
}
