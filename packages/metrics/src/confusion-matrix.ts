import { ValueError } from "@tensorkit/tensor";
import { type ArrayInput, labelPair, uniqueSorted } from "./input.js";

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Rows and columns in this order; default: every class in yTrue or yPred, sorted. */
  readonly labels?: readonly number[];
  /** Divide by each row's sum (`"true"`), column's sum (`"pred"`) or the total (`"all"`); 0/0 gives 0. */
  readonly normalize?: "true" | "pred" | "all";
}

/**
 * Row i, column j counts the samples of class `labels[i]` predicted as `labels[j]` (scikit-learn's
 * `confusion_matrix`). Samples whose true or predicted class is not in `labels` are left out.
 *
 * @example
 * ```ts
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 * confusionMatrix(yTrue, yPred, { normalize: "true" }); // each row sums to 1: recall on the diagonal
 * ```
 */
export function confusionMatrix(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: ConfusionMatrixOptions = {},
): number[][] {
  const op = "confusionMatrix";
  const { yTrue: t, yPred: p } = labelPair(yTrue, yPred, op);
  let labels: readonly number[];
  if (options.labels === undefined) labels = uniqueSorted(t, p);
  else {
    labels = options.labels;
    if (labels.length === 0) throw new ValueError(`${op}: labels must hold at least one label`);
    const inTrue = new Set(t);
    if (!labels.some((l) => inTrue.has(l))) {
      throw new ValueError(`${op}: at least one of labels [${labels}] must occur in yTrue`);
    }
  }
  const counts = countPairs(t, p, labels);
  return normalizeMatrix(counts, options.normalize, op);
}

/** Raw counts for the given labels; pairs with a class outside `labels` are dropped. */
export function countPairs(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  labels: readonly number[],
): number[][] {
  const index = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let s = 0; s < yTrue.length; s++) {
    const i = index.get(yTrue[s]!);
    const j = index.get(yPred[s]!);
    if (i !== undefined && j !== undefined) m[i]![j]!++;
  }
  return m;
}

/** Divides as scikit-learn does; 0/0 becomes 0 (its `nan_to_num`). */
export function normalizeMatrix(
  m: number[][],
  normalize: ConfusionMatrixOptions["normalize"],
  op: string,
): number[][] {
  if (normalize === undefined) return m;
  const n = m.length;
  const rowSums = m.map((r) => r.reduce((a, b) => a + b, 0));
  const colSums = m[0]!.map((_, j) => m.reduce((a, r) => a + r[j]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  const safe = (v: number, d: number) => (d === 0 ? 0 : v / d);
  switch (normalize) {
    case "true":
      return m.map((r, i) => r.map((v) => safe(v, rowSums[i]!)));
    case "pred":
      return m.map((r) => r.map((v, j) => safe(v, colSums[j]!)));
    case "all":
      return m.map((r) => r.map((v) => safe(v, total)));
    default:
      throw new ValueError(
        `${op}: normalize must be "true", "pred" or "all", got ${String(normalize)} (${n} classes)`,
      );
  }
}
