import type { Generator } from "@tensorkit/tensor";
import { indexSelect, type Tensor, tensor, tidy, ValueError } from "@tensorkit/tensor";
import { isTensor } from "../matrix.js";
import { Table } from "../table.js";
import {
  encodeClasses,
  generatorOf,
  permutation,
  readLabels,
  type SeedOptions,
  shuffleInPlace,
} from "./random.js";

/** What can be split by rows: a tensor (along axis 0), a {@link Table}, or a list. */
export type Splittable = Tensor | Table | readonly unknown[];

/** The type of a row subset of `T`. */
export type Subset<T> = T extends Tensor
  ? Tensor
  : T extends Table
    ? Table
    : T extends readonly (infer E)[]
      ? E[]
      : never;

/** `[a, b]` → `[train a, test a, train b, test b]`. */
export type SplitResult<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R]
  ? [Subset<H>, Subset<H>, ...SplitResult<R>]
  : Subset<T[number]>[];

/** The number of rows of a splittable value. @example `numRowsOf(table, "op") // table.numRows` */
export function numRowsOf(x: Splittable, op: string): number {
  if (isTensor(x)) {
    if (x.rank === 0) throw new ValueError(`${op}: cannot split a 0-d tensor`);
    return x.shape[0]!;
  }
  if (x instanceof Table) return x.numRows;
  if (Array.isArray(x)) return x.length;
  throw new ValueError(`${op}: expected tensors, Tables or arrays to split, got ${typeof x}`);
}

/** The rows of `x` at `indices`, in that order (a new tensor for a tensor). @example `for (const [tr, te] of kf.split(x)) takeRows(x, tr)` */
export function takeRows<T extends Splittable>(x: T, indices: readonly number[]): Subset<T> {
  if (isTensor(x)) return tidy(() => indexSelect(x, 0, tensor(Int32Array.from(indices)))) as Subset<T>;
  if (x instanceof Table) return x.take(indices) as Subset<T>;
  return indices.map((i) => (x as readonly unknown[])[i]) as Subset<T>;
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions extends SeedOptions {
  /** A fraction in (0, 1) (rounded up, as scikit-learn) or a count of test rows. Default: the complement of `trainSize`, else 0.25. */
  readonly testSize?: number;
  /** A fraction in (0, 1) (rounded down) or a count of train rows. Default: the complement of `testSize`. */
  readonly trainSize?: number;
  /** Shuffle before splitting. Default true. */
  readonly shuffle?: boolean;
  /** Class labels: each class keeps its proportion in both parts (needs `shuffle`). */
  readonly stratify?: Tensor | readonly (string | number)[];
}

function checkSize(v: number | undefined, n: number, name: string): void {
  if (v === undefined) return;
  const fraction = v > 0 && v < 1;
  const count = Number.isInteger(v) && v >= 1 && v < n;
  if (!fraction && !count)
    throw new ValueError(
      `trainTestSplit: ${name}=${v} should be a fraction in (0, 1) or a count in [1, ${n - 1}] (n_samples=${n})`,
    );
}

/** Train and test sizes as scikit-learn's `_validate_shuffle_split`: ceil for a test fraction, floor for a train fraction. */
export function splitSizes(
  n: number,
  testSize: number | undefined,
  trainSize: number | undefined,
): [number, number] {
  checkSize(testSize, n, "testSize");
  checkSize(trainSize, n, "trainSize");
  const test = testSize === undefined && trainSize === undefined ? 0.25 : testSize;
  if (test !== undefined && trainSize !== undefined && test < 1 && trainSize < 1 && test + trainSize > 1)
    throw new ValueError(`trainTestSplit: testSize + trainSize = ${test + trainSize} is more than 1`);
  let nTest = test === undefined ? undefined : test < 1 ? Math.ceil(test * n) : test;
  let nTrain = trainSize === undefined ? undefined : trainSize < 1 ? Math.floor(trainSize * n) : trainSize;
  if (nTrain === undefined) nTrain = n - nTest!;
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n)
    throw new ValueError(
      `trainTestSplit: the sum of train and test sizes (${nTrain} + ${nTest}) is more than the number of samples (${n})`,
    );
  if (nTrain === 0)
    throw new ValueError(
      `trainTestSplit: with ${n} samples and testSize=${testSize}, the train set would be empty`,
    );
  return [nTrain, nTest];
}

/**
 * scikit-learn's `_approximate_mode`: splits `draws` among classes in proportion to `counts`,
 * flooring, then giving the leftovers to the largest remainders (ties broken at random).
 */
export function approximateMode(counts: readonly number[], draws: number, g: Generator): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, i) => (r === value ? [i] : []));
      const addNow = Math.min(inds.length, need);
      for (const i of shuffleInPlace(inds, g).slice(0, addNow)) floored[i]!++;
      need -= addNow;
      if (need === 0) break;
    }
  }
  return floored;
}

function stratifiedIndices(
  labels: readonly (string | number)[],
  nTrain: number,
  nTest: number,
  g: Generator,
): [number[], number[]] {
  const { codes, counts, classes } = encodeClasses(labels);
  const least = Math.min(...counts);
  if (least < 2)
    throw new ValueError(
      `trainTestSplit: the least populated class in stratify (${JSON.stringify(classes[counts.indexOf(least)])}) has only 1 member; every class needs at least 2`,
    );
  if (nTrain < classes.length)
    throw new ValueError(
      `trainTestSplit: the train size ${nTrain} is smaller than the number of classes ${classes.length}`,
    );
  if (nTest < classes.length)
    throw new ValueError(
      `trainTestSplit: the test size ${nTest} is smaller than the number of classes ${classes.length}`,
    );
  const byClass: number[][] = classes.map(() => []);
  for (let i = 0; i < codes.length; i++) byClass[codes[i]!]!.push(i);
  const trainCounts = approximateMode(counts, nTrain, g);
  const testCounts = approximateMode(
    counts.map((c, k) => c - trainCounts[k]!),
    nTest,
    g,
  );
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((members, k) => {
    const perm = shuffleInPlace([...members], g);
    train.push(...perm.slice(0, trainCounts[k]));
    test.push(...perm.slice(trainCounts[k], trainCounts[k]! + testCounts[k]!));
  });
  return [shuffleInPlace(train, g), shuffleInPlace(test, g)];
}

/**
 * Splits tensors, tables or lists (the same rows of each) into train and test parts, as
 * scikit-learn's `train_test_split`: `[xTrain, xTest, yTrain, yTest]`. Sizes follow
 * scikit-learn (a test fraction rounds up, a train fraction down); the same `seed` gives the
 * same split. With `stratify`, each class keeps its proportion (scikit-learn's allocation).
 * Tensor parts are new tensors the caller disposes.
 *
 * @example
 * ```ts
 * const [xTrain, xTest, yTrain, yTest] = trainTestSplit([x, y], { testSize: 0.2, stratify: labels, seed: 42 });
 * ```
 */
export function trainTestSplit<const T extends readonly Splittable[]>(
  arrays: T,
  options: TrainTestSplitOptions = {},
): SplitResult<T> {
  if (!Array.isArray(arrays) || arrays.length === 0)
    throw new ValueError(
      "trainTestSplit: pass a list of at least one tensor, Table or array, e.g. trainTestSplit([x, y])",
    );
  const n = numRowsOf(arrays[0]!, "trainTestSplit");
  arrays.forEach((a, k) => {
    const m = numRowsOf(a, "trainTestSplit");
    if (m !== n)
      throw new ValueError(
        `trainTestSplit: inputs have different numbers of rows: input 0 has ${n}, input ${k} has ${m}`,
      );
  });
  const [nTrain, nTest] = splitSizes(n, options.testSize, options.trainSize);
  const shuffle = options.shuffle ?? true;
  let train: number[];
  let test: number[];
  if (options.stratify !== undefined) {
    if (!shuffle) throw new ValueError("trainTestSplit: stratify needs shuffle: true (as scikit-learn)");
    const labels = readLabels(options.stratify, "trainTestSplit");
    if (labels.length !== n)
      throw new ValueError(`trainTestSplit: stratify has ${labels.length} labels for ${n} rows`);
    [train, test] = stratifiedIndices(labels, nTrain, nTest, generatorOf(options));
  } else if (shuffle) {
    const perm = permutation(n, generatorOf(options));
    test = perm.slice(0, nTest);
    train = perm.slice(nTest, nTest + nTrain);
  } else {
    train = Array.from({ length: nTrain }, (_, i) => i);
    test = Array.from({ length: nTest }, (_, i) => nTrain + i);
  }
  return arrays.flatMap((a) => [takeRows(a, train), takeRows(a, test)]) as SplitResult<T>;
}
