import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { checkCount, checkNonNegative, generator, permutation } from "./random.js";

/** Options of {@link ratings}. */
export interface RatingsOptions {
  /** Users (default 200). */
  readonly numUsers?: number;
  /** Items (default 100). */
  readonly numItems?: number;
  /** Dimension of the latent factors (default 4). */
  readonly rank?: number;
  /** Fraction of user–item pairs rated (default 0.1). */
  readonly density?: number;
  /** Standard deviation of the noise before rounding (default 0.5). */
  readonly noise?: number;
  readonly seed?: number;
}

/** User–item ratings with the latent model that produced them. */
export interface RatingsBundle extends DataBundle {
  readonly numUsers: number;
  readonly numItems: number;
  readonly globalMean: number;
  /** float32 `[numUsers, rank]` and `[numItems, rank]`. */
  readonly userFactors: Tensor;
  readonly itemFactors: Tensor;
  /** float32 `[numUsers]` and `[numItems]`. */
  readonly userBias: Tensor;
  readonly itemBias: Tensor;
  /** float32 `[n]`: the noise-free score of each rated pair, before noise, rounding and clipping. */
  readonly expected: Tensor;
}

/**
 * A recommendation set generated from a known low-rank model (MovieLens and the like may not be
 * redistributed; see the README): the score of user u for item i is
 * `globalMean + userBias[u] + itemBias[i] + userFactors[u]·itemFactors[i]`, and the observed
 * rating is that plus Gaussian noise, rounded and clipped to 1…5 stars. A random `density`
 * fraction of all pairs is observed. `x` int32 `[n, 2]` holds (user, item), `y` float32 `[n]` the
 * stars.
 *
 * @example
 * ```ts
 * const { x, y, numUsers, numItems } = ratings({ seed: 3 });
 * // fit embeddings of size 4 and compare their RMSE with that of `expected`
 * ```
 */
export function ratings(options: RatingsOptions = {}): RatingsBundle {
  const op = "ratings";
  const users = options.numUsers ?? 200;
  const items = options.numItems ?? 100;
  const rank = options.rank ?? 4;
  checkCount(users, "numUsers", op);
  checkCount(items, "numItems", op);
  checkCount(rank, "rank", op);
  const density = options.density ?? 0.1;
  if (!(density > 0 && density <= 1))
    throw new ValueError(`${op}: density must be in (0, 1], got ${density}`);
  const noise = options.noise ?? 0.5;
  checkNonNegative(noise, "noise", op);
  const g = generator(options.seed, op);
  const globalMean = 3.5;
  // Factor entries of variance 1/√rank give the interaction term a variance of 1 (star²) whatever the rank.
  const scale = 1 / Math.sqrt(Math.sqrt(rank));
  const draw = (count: number, std: number) =>
    Float32Array.from({ length: count }, () => std * g.nextNormal());
  const userFactors = draw(users * rank, scale);
  const itemFactors = draw(items * rank, scale);
  const userBias = draw(users, 0.3);
  const itemBias = draw(items, 0.5);
  const m = Math.max(1, Math.round(density * users * items));
  const pairs = permutation(users * items, g).subarray(0, m);
  const x = new Int32Array(2 * m);
  const y = new Float32Array(m);
  const expected = new Float32Array(m);
  for (let r = 0; r < m; r++) {
    const u = Math.floor(pairs[r]! / items);
    const i = pairs[r]! % items;
    let s = globalMean + userBias[u]! + itemBias[i]!;
    for (let f = 0; f < rank; f++) s += userFactors[u * rank + f]! * itemFactors[i * rank + f]!;
    x[2 * r] = u;
    x[2 * r + 1] = i;
    expected[r] = s;
    y[r] = Math.min(5, Math.max(1, Math.round(s + noise * g.nextNormal())));
  }
  return bundle({
    x: tensor(x, { shape: [m, 2] }),
    y: tensor(y),
    expected: tensor(expected),
    userFactors: tensor(userFactors, { shape: [users, rank] }),
    itemFactors: tensor(itemFactors, { shape: [items, rank] }),
    userBias: tensor(userBias),
    itemBias: tensor(itemBias),
    numUsers: users,
    numItems: items,
    globalMean,
    featureNames: ["user", "item"],
    classNames: [],
    description:
      `Synthetic ratings: ${users} users × ${items} items, rank-${rank} latent factors, ${m} ratings ` +
      `(density ${density}), 1–5 stars, noise ${noise}. Generated; no licence restrictions.`,
  });
}
