import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { checkCount, checkNonNegative, generator } from "./random.js";

/** Options of {@link interactions}. */
export interface InteractionsOptions {
  /** Users (default 500). */
  readonly numUsers?: number;
  /** Items (default 300). */
  readonly numItems?: number;
  /** Dimension of the latent factors (default 8). */
  readonly rank?: number;
  /** Interactions per user, drawn uniformly in [min, max] (default [20, 40]; NCF's MovieLens has ≥ 20). */
  readonly perUser?: readonly [number, number];
  /** Weight of the taste term `userFactors[u]·itemFactors[i]` (variance 1) in the logit (default 2). */
  readonly affinity?: number;
  /** Standard deviation of the item popularity term (default 1): what a popularity baseline can learn. */
  readonly popularity?: number;
  readonly seed?: number;
}

/** Implicit feedback (who interacted with what, in order) with the model that generated it. */
export interface InteractionsBundle extends DataBundle {
  readonly numUsers: number;
  readonly numItems: number;
  /** float32 `[numUsers, rank]` and `[numItems, rank]`: the true tastes and item traits. */
  readonly userFactors: Tensor;
  readonly itemFactors: Tensor;
  /** float32 `[numItems]`: the true popularity term. */
  readonly itemBias: Tensor;
  readonly affinity: number;
  /** Index into `x` of each user's first interaction: user u's are rows `offsets[u]` … `offsets[u+1]-1`, oldest first. */
  readonly offsets: Int32Array;
}

/**
 * An implicit-feedback recommendation set generated from a known model, for neural
 * collaborative filtering: user u prefers item i with logit
 * `affinity · userFactors[u]·itemFactors[i] + itemBias[i]`, and interacts with `perUser` distinct
 * items drawn without replacement from the softmax of those logits (the Gumbel-top-k trick), one
 * after the other. `x` int32 `[n, 2]` holds (user, item) grouped by user in interaction order
 * (the last of each user is the "latest", which leave-one-out evaluation holds out); `y` is
 * float32 ones (every listed pair is a positive). Which items a user picked depends on the latent
 * factors, so a model that learns them beats item popularity; the true logits give the oracle.
 *
 * @example
 * ```ts
 * const d = interactions({ seed: 1 });
 * d.x.shape;                       // [≈15000, 2]
 * const latest = d.offsets[1]! - 1; // row of user 0's latest interaction
 * ```
 */
export function interactions(options: InteractionsOptions = {}): InteractionsBundle {
  const op = "interactions";
  const users = options.numUsers ?? 500;
  const items = options.numItems ?? 300;
  const rank = options.rank ?? 8;
  checkCount(users, "numUsers", op);
  checkCount(items, "numItems", op);
  checkCount(rank, "rank", op);
  const [minK, maxK] = options.perUser ?? [20, 40];
  if (!Number.isInteger(minK) || !Number.isInteger(maxK) || minK < 1 || maxK < minK || maxK > items)
    throw new ValueError(
      `${op}: perUser must be integers [min, max] with 1 ≤ min ≤ max ≤ numItems (${items}), got [${minK}, ${maxK}]`,
    );
  const affinity = options.affinity ?? 2;
  const popularity = options.popularity ?? 1;
  checkNonNegative(affinity, "affinity", op);
  checkNonNegative(popularity, "popularity", op);
  const g = generator(options.seed, op);
  // Entries of variance 1/√rank give the dot product a variance of 1 whatever the rank.
  const scale = 1 / Math.sqrt(Math.sqrt(rank));
  const draw = (count: number, std: number) =>
    Float32Array.from({ length: count }, () => std * g.nextNormal());
  const userFactors = draw(users * rank, scale);
  const itemFactors = draw(items * rank, scale);
  const itemBias = draw(items, popularity);

  const pairs: number[] = [];
  const offsets = new Int32Array(users + 1);
  const keyed = new Float64Array(items);
  const order = Array.from({ length: items }, (_, i) => i);
  for (let u = 0; u < users; u++) {
    offsets[u] = pairs.length / 2;
    for (let i = 0; i < items; i++) {
      let dot = 0;
      for (let f = 0; f < rank; f++) dot += userFactors[u * rank + f]! * itemFactors[i * rank + f]!;
      // logit + Gumbel noise: the top k are a draw without replacement from the softmax, in order.
      const uniform = Math.max(g.nextDouble(), Number.MIN_VALUE);
      keyed[i] = affinity * dot + itemBias[i]! - Math.log(-Math.log(uniform));
    }
    order.sort((a, b) => keyed[b]! - keyed[a]! || a - b);
    const k = minK + g.nextBelow(maxK - minK + 1);
    for (let r = 0; r < k; r++) pairs.push(u, order[r]!);
  }
  const n = pairs.length / 2;
  offsets[users] = n;
  return bundle({
    x: tensor(Int32Array.from(pairs), { shape: [n, 2] }),
    y: tensor(new Float32Array(n).fill(1)),
    userFactors: tensor(userFactors, { shape: [users, rank] }),
    itemFactors: tensor(itemFactors, { shape: [items, rank] }),
    itemBias: tensor(itemBias),
    numUsers: users,
    numItems: items,
    affinity,
    offsets,
    featureNames: ["user", "item"],
    classNames: [],
    description:
      `Synthetic implicit feedback: ${users} users × ${items} items, rank-${rank} tastes (affinity ${affinity}) ` +
      `plus item popularity (std ${popularity}), ${n} interactions (${minK}–${maxK} per user). Generated; no licence restrictions.`,
  });
}
