import { ShapeError, ValueError } from "@tensorkit/tensor";
import { type ArrayInput, toHost } from "./input.js";

/** Hit rate and NDCG at `k`, averaged over the rows. */
export interface LeaveOneOutScores {
  /** Fraction of rows whose held-out item ranks in the top `k`. */
  readonly hitRate: number;
  /** Mean of `1 / log2(rank + 2)` over the rows whose held-out item is in the top `k` (0 for the others). */
  readonly ndcg: number;
}

/**
 * Leave-one-out ranking metrics as the NCF paper (He et al. 2017) reports them: each row holds
 * one user's scores for candidate items, the held-out (relevant) item in column 0 and sampled
 * negatives after it (typically 99). The held-out item's rank is the number of candidates
 * scored strictly higher (a tie counts in its favour); a hit is a rank under `k`, its gain
 * `1 / log2(rank + 2)` — NDCG with one relevant item, whose ideal DCG is 1.
 *
 * @example
 * ```ts
 * // two users, three candidates each; the held-out item first
 * leaveOneOutScores([[0.9, 0.1, 0.5], [0.2, 0.8, 0.7]], { k: 2 });
 * // user 0: rank 0 (hit, gain 1); user 1: rank 2 (miss) → { hitRate: 0.5, ndcg: 0.5 }
 * ```
 */
export function leaveOneOutScores(
  scores: ArrayInput,
  options: { readonly k?: number } = {},
): LeaveOneOutScores {
  const op = "leaveOneOutScores";
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`${op}: k must be a positive integer, got ${k}`);
  const m = toHost(scores, "scores", op);
  if (m.shape.length !== 2 || m.shape[1]! < 1)
    throw new ShapeError(
      `${op}: scores must be 2-D [users, candidates] with the held-out item in column 0, got shape [${m.shape.join(",")}]`,
    );
  const [rows, cols] = m.shape as [number, number];
  if (rows === 0) throw new ValueError(`${op}: scores has no rows`);
  let hits = 0;
  let gain = 0;
  for (let r = 0; r < rows; r++) {
    const held = m.data[r * cols]!;
    if (Number.isNaN(held)) throw new ValueError(`${op}: the held-out score of row ${r} is NaN`);
    let rank = 0;
    for (let c = 1; c < cols; c++) if (m.data[r * cols + c]! > held) rank++;
    if (rank < k) {
      hits++;
      gain += 1 / Math.log2(rank + 2);
    }
  }
  return { hitRate: hits / rows, ndcg: gain / rows };
}
