import { Generator, type Tensor, ValueError } from "@tensorkit/tensor";

/** Options of {@link leaveOneOut}. */
export interface LeaveOneOutOptions {
  readonly numUsers: number;
  readonly numItems: number;
  /** Sampled negatives ranked against each held-out item (default 99, as the NCF paper). */
  readonly negatives?: number;
  readonly seed?: number;
}

/** An implicit-feedback set split for leave-one-out evaluation. */
export interface LeaveOneOutSplit {
  /** Training (user, item) pairs, flat: every interaction but each evaluated user's latest. */
  readonly train: Int32Array;
  /** The evaluated users (those with at least two interactions), ascending. */
  readonly users: Int32Array;
  /** Per evaluated user, `1 + negatives` items: the held-out one first, then items the user never interacted with. */
  readonly candidates: Int32Array;
  readonly negatives: number;
  /** The items each user interacted with (training and held out): what negative sampling avoids. */
  readonly seen: readonly ReadonlySet<number>[];
  readonly numItems: number;
}

function pairsOf(pairs: Int32Array | Tensor): Int32Array {
  if (pairs instanceof Int32Array) return pairs;
  if (pairs.rank !== 2 || pairs.shape[1] !== 2)
    throw new ValueError(`leaveOneOut: pairs must be [n, 2] (user, item), got [${pairs.shape.join(",")}]`);
  return Int32Array.from(pairs.dataSync() as ArrayLike<number>);
}

/** An item `user` never interacted with, uniformly (rejection sampling: interactions are sparse). */
function unseen(
  g: Generator,
  numItems: number,
  seen: ReadonlySet<number>,
  also?: ReadonlySet<number>,
): number {
  for (;;) {
    const i = g.nextBelow(numItems);
    if (!seen.has(i) && !also?.has(i)) return i;
  }
}

/**
 * The NCF paper's evaluation protocol for implicit feedback (He et al. 2017): each user's latest
 * interaction — the last of theirs in `pairs` — is held out, and ranked against `negatives`
 * items the user never interacted with, drawn once with `seed` so every model meets the same
 * candidates (score them, then `leaveOneOutScores` from `@tensorkit/metrics`). Users with a
 * single interaction only train. `pairs` is int32 (user, item) rows, flat or `[n, 2]`.
 *
 * @example
 * ```ts
 * const d = interactions({ seed: 1 });
 * const split = leaveOneOut(d.x, { numUsers: d.numUsers, numItems: d.numItems });
 * split.candidates.length; // users × 100
 * ```
 */
export function leaveOneOut(pairs: Int32Array | Tensor, options: LeaveOneOutOptions): LeaveOneOutSplit {
  const flat = pairsOf(pairs);
  const { numUsers, numItems } = options;
  const negatives = options.negatives ?? 99;
  const seen = Array.from({ length: numUsers }, () => new Set<number>());
  const last = new Int32Array(numUsers).fill(-1);
  const count = new Int32Array(numUsers);
  for (let r = 0; r < flat.length / 2; r++) {
    const u = flat[2 * r]!;
    const i = flat[2 * r + 1]!;
    if (!(u >= 0 && u < numUsers && i >= 0 && i < numItems))
      throw new ValueError(
        `leaveOneOut: row ${r} is (user ${u}, item ${i}), outside [0, ${numUsers}) × [0, ${numItems})`,
      );
    seen[u]!.add(i);
    last[u] = r;
    count[u]!++;
  }
  const users = Int32Array.from(Array.from({ length: numUsers }, (_, u) => u).filter((u) => count[u]! >= 2));
  const heldOutRow = new Set(Array.from(users, (u) => last[u]!));
  const train = new Int32Array(flat.length - 2 * users.length);
  for (let r = 0, w = 0; r < flat.length / 2; r++)
    if (!heldOutRow.has(r)) train.set(flat.subarray(2 * r, 2 * r + 2), 2 * w++);
  const g = new Generator(options.seed ?? 0);
  const width = 1 + negatives;
  const candidates = new Int32Array(users.length * width);
  users.forEach((u, k) => {
    if (numItems - seen[u]!.size < negatives)
      throw new ValueError(
        `leaveOneOut: user ${u} interacted with ${seen[u]!.size} of ${numItems} items, leaving fewer than ${negatives} negatives`,
      );
    candidates[k * width] = flat[2 * last[u]! + 1]!;
    const drawn = new Set<number>();
    for (let j = 1; j < width; j++) {
      const item = unseen(g, numItems, seen[u]!, drawn);
      drawn.add(item);
      candidates[k * width + j] = item;
    }
  });
  return { train, users, candidates, negatives, seen, numItems };
}

/**
 * The (user, item) pairs of every candidate, flat, row by row (`users.length × (1 + negatives)`
 * pairs): what a model scores for {@link leaveOneOut} evaluation.
 *
 * @example
 * ```ts
 * const x = tensor(candidatePairs(split), { shape: [split.candidates.length, 2] });
 * ```
 */
export function candidatePairs(split: LeaveOneOutSplit): Int32Array {
  const width = 1 + split.negatives;
  const pairs = new Int32Array(2 * split.candidates.length);
  for (let j = 0; j < split.candidates.length; j++) {
    pairs[2 * j] = split.users[Math.floor(j / width)]!;
    pairs[2 * j + 1] = split.candidates[j]!;
  }
  return pairs;
}

/**
 * The popularity baseline of {@link leaveOneOut} evaluation: each candidate scored by how many
 * training interactions its item has, as rows of `1 + negatives` (the held-out item first).
 *
 * @example
 * ```ts
 * leaveOneOutScores(popularityScores(split)); // HR@10 a recommender must beat
 * ```
 */
export function popularityScores(split: LeaveOneOutSplit): number[][] {
  const counts = new Float64Array(split.numItems);
  for (let p = 1; p < split.train.length; p += 2) counts[split.train[p]!]!++;
  const width = 1 + split.negatives;
  return Array.from({ length: split.users.length }, (_, r) =>
    Array.from(split.candidates.subarray(r * width, (r + 1) * width), (i) => counts[i]!),
  );
}

/**
 * One epoch of training pairs for an implicit-feedback model, as NCF trains: every training
 * pair labelled 1, each followed by `perPositive` items its user never interacted with labelled
 * 0, drawn anew on every call.
 *
 * @example
 * ```ts
 * const { x, y } = withNegatives(split, 4, new Generator(epoch));
 * ```
 */
export function withNegatives(
  split: LeaveOneOutSplit,
  perPositive: number,
  g: Generator,
): { x: Int32Array; y: Float32Array } {
  if (!Number.isInteger(perPositive) || perPositive < 0)
    throw new ValueError(`withNegatives: perPositive must be an integer ≥ 0, got ${perPositive}`);
  const positives = split.train.length / 2;
  const n = positives * (1 + perPositive);
  const x = new Int32Array(2 * n);
  const y = new Float32Array(n);
  let r = 0;
  for (let p = 0; p < positives; p++) {
    const u = split.train[2 * p]!;
    x[2 * r] = u;
    x[2 * r + 1] = split.train[2 * p + 1]!;
    y[r++] = 1;
    for (let k = 0; k < perPositive; k++) {
      x[2 * r] = u;
      x[2 * r + 1] = unseen(g, split.numItems, split.seen[u]!);
      y[r++] = 0;
    }
  }
  return { x, y };
}
