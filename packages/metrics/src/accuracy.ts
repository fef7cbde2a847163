import { ShapeError, ValueError } from "@tensorkit/tensor";
import { type ArrayInput, checkSameLength, labelPair, toHost, toLabels, uniqueSorted } from "./input.js";

/** Options of {@link accuracy}. */
export interface AccuracyOptions {
  /** The fraction of correct predictions (default), or their count when false. */
  readonly normalize?: boolean;
}

/**
 * The fraction of samples whose predicted label equals the true one (scikit-learn's
 * `accuracy_score`). `[n, k]` scores or one-hot rows count as the label of their argmax.
 *
 * @example
 * ```ts
 * accuracy([0, 1, 2, 2], [0, 2, 2, 2]);               // 0.75
 * accuracy(yTest, model.forward(xTest));              // logits [n, k]: argmax per row
 * ```
 */
export function accuracy(yTrue: ArrayInput, yPred: ArrayInput, options: AccuracyOptions = {}): number {
  const { yTrue: t, yPred: p } = labelPair(yTrue, yPred, "accuracy");
  let correct = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) correct++;
  return options.normalize === false ? correct : correct / t.length;
}

/** Options of {@link topKAccuracy}. */
export interface TopKAccuracyOptions {
  /** How many of the highest scores may hold the true label (default 2, as scikit-learn). */
  readonly k?: number;
  /** The class of each column of the scores, sorted; default: the classes present in yTrue. */
  readonly labels?: readonly number[];
  /** The fraction of hits (default), or their count when false. */
  readonly normalize?: boolean;
}

/**
 * The fraction of samples whose true label is among the `k` highest scores (scikit-learn's
 * `top_k_accuracy_score`). Ties in a row rank the later column first, as scikit-learn's stable
 * sort reversed does. For binary targets with 1-D scores, k = 1 thresholds at 0.5 for scores in
 * [0, 1] and at 0 otherwise, and k ≥ 2 is always a hit.
 *
 * When `labels` is not given and `yTrue` holds only integers in `[0, k)` for `[n, k]` scores, the
 * columns are taken to be the classes `0 … k-1` (a batch may lack some classes); scikit-learn
 * would refuse such input and ask for `labels`.
 *
 * @example
 * ```ts
 * topKAccuracy([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], { k: 2 }); // 0.75
 * ```
 */
export function topKAccuracy(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  options: TopKAccuracyOptions = {},
): number {
  const op = "topKAccuracy";
  const k = options.k ?? 2;
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`${op}: k must be a positive integer, got ${k}`);
  const t = toLabels(yTrue, "yTrue", op);
  const s = toHost(yScore, "yScore", op);
  checkSameLength({ data: t, shape: [t.length], dtype: "float64" }, "yTrue", s, "yScore", op);
  if (t.length === 0) throw new ValueError(`${op}: yTrue is empty; at least one sample is needed`);
  const columns = s.shape.length === 2 ? s.shape[1]! : 2;
  const classes = resolveClasses(t, columns, options.labels, op);
  const index = new Map(classes.map((c, i) => [c, i]));
  const binary = classes.length <= 2 && (options.labels === undefined || options.labels.length <= 2);
  const n = t.length;
  let hits = 0;
  if (binary && (s.shape.length === 1 || s.shape[1] === 1)) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of s.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const threshold = min >= 0 && max <= 1 ? 0.5 : 0;
    for (let i = 0; i < n; i++) {
      if (k >= 2) hits++;
      else if ((s.data[i]! > threshold ? 1 : 0) === index.get(t[i]!)) hits++;
    }
  } else {
    if (s.shape.length !== 2) {
      throw new ShapeError(`${op}: yScore must be [n, classes] for multiclass targets, got [${s.shape}]`);
    }
    const order = new Array<number>(columns);
    for (let i = 0; i < n; i++) {
      const row = s.data.subarray(i * columns, (i + 1) * columns);
      for (let j = 0; j < columns; j++) order[j] = j;
      // Descending by score; on ties the later column first (numpy's stable argsort, reversed).
      order.sort((a, b) => row[b]! - row[a]! || b - a);
      const target = index.get(t[i]!)!;
      for (let j = 0; j < Math.min(k, columns); j++) {
        if (order[j] === target) {
          hits++;
          break;
        }
      }
    }
  }
  return options.normalize === false ? hits : hits / n;
}

/** The class of each score column: given labels, else 0…k-1 when yTrue fits, else yTrue's classes. */
export function resolveClasses(
  yTrue: Float64Array,
  columns: number,
  labels: readonly number[] | undefined,
  op: string,
): number[] {
  if (labels !== undefined) {
    const sorted = uniqueSorted(labels);
    if (sorted.length !== labels.length)
      throw new ValueError(`${op}: labels must be unique, got [${labels}]`);
    if (sorted.some((v, i) => v !== labels[i]))
      throw new ValueError(`${op}: labels must be sorted, got [${labels}]`);
    if (labels.length !== columns) {
      throw new ShapeError(`${op}: ${labels.length} labels given, but the scores have ${columns} columns`);
    }
    const known = new Set(labels);
    for (let i = 0; i < yTrue.length; i++) {
      if (!known.has(yTrue[i]!))
        throw new ValueError(`${op}: yTrue holds ${yTrue[i]}, which is not in labels [${labels}]`);
    }
    return [...labels];
  }
  const present = uniqueSorted(yTrue);
  if (present.length === columns) return present;
  if (present.every((v) => Number.isInteger(v) && v >= 0 && v < columns)) {
    return Array.from({ length: columns }, (_, i) => i);
  }
  throw new ShapeError(
    `${op}: yTrue holds ${present.length} classes [${present}] but the scores have ${columns} columns; ` +
      "pass labels to name the class of each column",
  );
}
