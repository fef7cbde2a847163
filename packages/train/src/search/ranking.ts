import { ValueError } from "@tensorkit/tensor";
import type { SearchRow } from "./result.js";

/** Options of successive halving. */
export interface HalvingOptions {
  /** Keep 1/factor of the candidates after each round, and train the next round factor× longer. Default 2. */
  readonly factor?: number;
}

/** One round of successive halving: how many candidates train, and for how many epochs. */
export interface Rung {
  /** Candidates trained in this round. */
  readonly keep: number;
  /** This round's epoch budget for a candidate whose full budget is `epochs`. */
  epochs(epochs: number): number;
}

/**
 * The rounds of a search over `n` candidates. Without halving: one round, every candidate, full
 * epochs. With halving (as scikit-learn's `HalvingGridSearchCV`, with epochs as the resource):
 * round i keeps ⌈n / factorⁱ⌉ candidates and trains them for epochs / factor^(rounds-1-i) (at
 * least 1), so the last round trains the survivor(s) for the full budget.
 *
 * @example
 * ```ts
 * halvingSchedule(8, true).map((r) => [r.keep, r.epochs(80)]); // [[8,10],[4,20],[2,40],[1,80]]
 * ```
 */
export function halvingSchedule(n: number, halving: boolean | HalvingOptions | undefined): Rung[] {
  if (!halving) return [{ keep: n, epochs: (e) => e }];
  const factor = typeof halving === "object" ? (halving.factor ?? 2) : 2;
  if (!(Number.isFinite(factor) && factor > 1))
    throw new ValueError(`search: halving factor must be a number > 1, got ${factor}`);
  const keeps = [n];
  while (keeps.at(-1)! > 1) keeps.push(Math.ceil(keeps.at(-1)! / factor));
  const last = keeps.length - 1;
  return keeps.map((keep, i) => ({
    keep,
    epochs: (e) => Math.max(1, Math.round(e / factor ** (last - i))),
  }));
}

/** Orders by score (NaN last), ties by candidate index, so the order never depends on timing. */
function compareScores(greaterIsBetter: boolean) {
  return (a: Omit<SearchRow, "rank">, b: Omit<SearchRow, "rank">): number => {
    const [x, y] = [a.meanScore, b.meanScore];
    if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
    if (x !== y && !Number.isNaN(x)) return greaterIsBetter ? y - x : x - y;
    return a.candidate - b.candidate;
  };
}

/** The `keep` best of `rows` (by mean score), as candidate indices in ascending order. */
export function survivors(
  rows: readonly Omit<SearchRow, "rank">[],
  keep: number,
  greaterIsBetter: boolean,
): number[] {
  return [...rows]
    .sort(compareScores(greaterIsBetter))
    .slice(0, keep)
    .map((r) => r.candidate)
    .sort((a, b) => a - b);
}

/**
 * The results table: candidates that reached a later halving round first (their scores were
 * measured with more epochs), then by score; ranks from 1.
 */
export function rankRows(rows: readonly Omit<SearchRow, "rank">[], greaterIsBetter: boolean): SearchRow[] {
  const byScore = compareScores(greaterIsBetter);
  return [...rows].sort((a, b) => b.rung - a.rung || byScore(a, b)).map((r, i) => ({ rank: i + 1, ...r }));
}
