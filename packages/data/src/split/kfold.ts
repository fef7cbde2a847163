import { type Tensor, ValueError } from "@tensorkit/tensor";
import {
  encodeClasses,
  generatorOf,
  permutation,
  readLabels,
  type SeedOptions,
  shuffleInPlace,
} from "./random.js";
import { numRowsOf, type Splittable } from "./split.js";

/** Options of {@link KFold} and {@link StratifiedKFold}. */
export interface KFoldOptions extends SeedOptions {
  /** Number of folds, at least 2. Default 5. */
  readonly nSplits?: number;
  /** Shuffle before making folds (with `seed`, the same folds on every call to `split`). Default false. */
  readonly shuffle?: boolean;
}

/** One fold: train and test row indices, each ascending. */
export type Fold = [train: number[], test: number[]];

function checkSplits(n: unknown, op: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 2)
    throw new ValueError(`${op}: nSplits must be an integer of at least 2, got ${String(n)}`);
  return n;
}

function foldsFromTestSets(n: number, testOf: Int32Array, k: number): Fold[] {
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (testOf[i] === f ? test : train).push(i);
    return [train, test] as Fold;
  });
}

/**
 * K-fold cross-validation indices, as scikit-learn's `KFold`: consecutive folds (the first
 * `n % k` one sample larger), or folds of a seeded permutation with `shuffle`.
 *
 * @example
 * ```ts
 * for (const [train, test] of new KFold({ nSplits: 5 }).split(x)) {
 *   const xTrain = takeRows(x, train);
 * }
 * ```
 */
export class KFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly #seed: SeedOptions;

  constructor(options: KFoldOptions = {}) {
    this.nSplits = checkSplits(options.nSplits ?? 5, "KFold");
    this.shuffle = options.shuffle ?? false;
    this.#seed = options;
    if (!this.shuffle && (options.seed !== undefined || options.generator !== undefined))
      throw new ValueError("KFold: a seed or generator has no effect without shuffle: true");
  }

  /** The number of folds. @example `kf.getNSplits() // 5` */
  getNSplits(): number {
    return this.nSplits;
  }

  /** The folds of `x` (or of `n` rows). @example `kf.split(100)` */
  split(x: Splittable | number): Fold[] {
    const n = typeof x === "number" ? x : numRowsOf(x, "KFold.split");
    if (this.nSplits > n)
      throw new ValueError(
        `KFold.split: cannot have nSplits=${this.nSplits} greater than the number of samples: n_samples=${n}`,
      );
    const order = this.shuffle
      ? permutation(n, generatorOf(this.#seed))
      : Array.from({ length: n }, (_, i) => i);
    const testOf = new Int32Array(n);
    let start = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = Math.floor(n / this.nSplits) + (f < n % this.nSplits ? 1 : 0);
      for (let i = start; i < start + size; i++) testOf[order[i]!] = f;
      start += size;
    }
    return foldsFromTestSets(n, testOf, this.nSplits);
  }
}

/**
 * K folds that keep each class's proportion, as scikit-learn's `StratifiedKFold` (same
 * allocation: unshuffled folds equal scikit-learn's indices).
 *
 * @example
 * ```ts
 * const skf = new StratifiedKFold({ nSplits: 3, shuffle: true, seed: 0 });
 * for (const [train, test] of skf.split(x, labels)) { … }
 * ```
 */
export class StratifiedKFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly #seed: SeedOptions;

  constructor(options: KFoldOptions = {}) {
    this.nSplits = checkSplits(options.nSplits ?? 5, "StratifiedKFold");
    this.shuffle = options.shuffle ?? false;
    this.#seed = options;
    if (!this.shuffle && (options.seed !== undefined || options.generator !== undefined))
      throw new ValueError("StratifiedKFold: a seed or generator has no effect without shuffle: true");
  }

  /** The number of folds. @example `skf.getNSplits() // 5` */
  getNSplits(): number {
    return this.nSplits;
  }

  /** The folds of `x` stratified by `y` (a list or 1-D tensor of labels). @example `skf.split(x, y)` */
  split(x: Splittable | number | null, y: Tensor | readonly (string | number)[]): Fold[] {
    const labels = readLabels(y, "StratifiedKFold.split");
    const n = labels.length;
    if (x !== null) {
      const m = typeof x === "number" ? x : numRowsOf(x, "StratifiedKFold.split");
      if (m !== n) throw new ValueError(`StratifiedKFold.split: x has ${m} rows but y has ${n} labels`);
    }
    const k = this.nSplits;
    if (k > n)
      throw new ValueError(
        `StratifiedKFold.split: cannot have nSplits=${k} greater than the number of samples: n_samples=${n}`,
      );
    // classes numbered by first appearance, as scikit-learn does before allocating
    const { codes: sortedCodes, classes } = encodeClasses(labels);
    const firstSeen = new Map<number, number>();
    sortedCodes.forEach((c) => {
      if (!firstSeen.has(c)) firstSeen.set(c, firstSeen.size);
    });
    const codes = sortedCodes.map((c) => firstSeen.get(c)!);
    const nClasses = classes.length;
    const counts = new Array<number>(nClasses).fill(0);
    for (const c of codes) counts[c]!++;
    if (counts.every((c) => k > c))
      throw new ValueError(
        `StratifiedKFold.split: nSplits=${k} cannot be greater than the number of members in each class`,
      );
    // the allocation of scikit-learn: deal the sorted labels round robin over the folds
    const order = [...codes].sort((a, b) => a - b);
    const allocation = Array.from({ length: k }, () => new Array<number>(nClasses).fill(0));
    for (let i = 0; i < n; i++) allocation[i % k]![order[i]!]!++;
    const g = this.shuffle ? generatorOf(this.#seed) : undefined;
    const testOf = new Int32Array(n);
    for (let c = 0; c < nClasses; c++) {
      const folds: number[] = [];
      for (let f = 0; f < k; f++) for (let r = 0; r < allocation[f]![c]!; r++) folds.push(f);
      if (g) shuffleInPlace(folds, g);
      let next = 0;
      for (let i = 0; i < n; i++) if (codes[i] === c) testOf[i] = folds[next++]!;
    }
    return foldsFromTestSets(n, testOf, k);
  }
}
