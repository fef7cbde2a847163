import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { checkCount, checkNonNegative, generator, permutation, reorderRows } from "./random.js";

/** Options of {@link blobs}. */
export interface BlobsOptions {
  /** Total points (default 100), spread as evenly as possible over the centres (the first get one more). */
  readonly nSamples?: number;
  /** Dimensions (default 2). */
  readonly nFeatures?: number;
  /** The number of centres drawn uniformly in `centerBox` (default 3), or the centres themselves. */
  readonly centers?: number | readonly (readonly number[])[];
  /** Standard deviation of each cluster (default 1). */
  readonly clusterStd?: number;
  /** The box the random centres are drawn from (default [-10, 10]). */
  readonly centerBox?: readonly [number, number];
  readonly shuffle?: boolean;
  readonly seed?: number;
}

/** Gaussian blobs with the centres that made them. */
export interface BlobsBundle extends DataBundle {
  /** float32 `[centers, nFeatures]`. */
  readonly centers: Tensor;
}

/**
 * Isotropic Gaussian clusters, as scikit-learn's `make_blobs`. `x` float32 `[n, nFeatures]`,
 * `y` int32 `[n]` (the index of each point's centre), `centers` the true centres.
 *
 * @example
 * ```ts
 * const { x, y, centers } = blobs({ nSamples: 300, centers: 4, clusterStd: 0.5, seed: 1 });
 * ```
 */
export function blobs(options: BlobsOptions = {}): BlobsBundle {
  const op = "blobs";
  const n = options.nSamples ?? 100;
  checkCount(n, "nSamples", op);
  const std = options.clusterStd ?? 1;
  checkNonNegative(std, "clusterStd", op);
  const g = generator(options.seed, op);
  let centers: number[][];
  let d: number;
  if (typeof options.centers === "object") {
    centers = options.centers.map((c) => [...c]);
    d = centers[0]?.length ?? 0;
    if (centers.length === 0 || centers.some((c) => c.length !== d)) {
      throw new ValueError(`${op}: centers must be a non-empty list of points of equal length`);
    }
    if (options.nFeatures !== undefined && options.nFeatures !== d) {
      throw new ValueError(`${op}: nFeatures is ${options.nFeatures} but the centers have ${d} coordinates`);
    }
  } else {
    const k = options.centers ?? 3;
    checkCount(k, "centers", op);
    d = options.nFeatures ?? 2;
    checkCount(d, "nFeatures", op);
    const [lo, hi] = options.centerBox ?? [-10, 10];
    if (!(lo <= hi))
      throw new ValueError(`${op}: centerBox must be [low, high] with low ≤ high, got [${lo}, ${hi}]`);
    centers = Array.from({ length: k }, () =>
      Array.from({ length: d }, () => lo + (hi - lo) * g.nextDouble()),
    );
  }
  const k = centers.length;
  let x = new Float64Array(n * d);
  let y = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const count = Math.floor(n / k) + (c < n % k ? 1 : 0);
    for (let i = 0; i < count; i++, row++) {
      y[row] = c;
      for (let j = 0; j < d; j++) x[row * d + j] = centers[c]![j]! + std * g.nextNormal();
    }
  }
  if (options.shuffle ?? true) {
    const order = permutation(n, g);
    x = reorderRows(x, d, order);
    y = reorderRows(y, 1, order);
  }
  return bundle({
    x: tensor(Float32Array.from(x), { shape: [n, d] }),
    y: tensor(y),
    centers: tensor(Float32Array.from(centers.flat()), { shape: [k, d] }),
    featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
    classNames: Array.from({ length: k }, (_, c) => `blob ${c}`),
    description: `Gaussian blobs (as scikit-learn's make_blobs): ${n} points, ${k} centres in ${d}-D, std ${std}.`,
  });
}
