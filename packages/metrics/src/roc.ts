import { ShapeError, ValueError } from "@tensorkit/tensor";
import { auc, positiveColumn, readBinary, resolvePosLabel, thresholdCounts } from "./binary-curve.js";
import { type ArrayInput, checkFinite, checkSameLength, toHost, toLabels, uniqueSorted } from "./input.js";

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** The positive class; default 1 when the labels are {0, 1} or {-1, 1}. */
  readonly posLabel?: number;
  /** Drop points collinear with their neighbours (default true, as scikit-learn). */
  readonly dropIntermediate?: boolean;
}

/** A ROC curve: element i is the rate at scores ≥ `thresholds[i]`; `thresholds[0]` is Infinity. */
export interface RocCurve {
  readonly fpr: number[];
  readonly tpr: number[];
  readonly thresholds: number[];
}

/**
 * The receiver operating characteristic of binary scores (scikit-learn's `roc_curve`). A class
 * absent from yTrue makes its rate NaN, as in scikit-learn.
 *
 * @example
 * ```ts
 * const { fpr, tpr, thresholds } = rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 * ```
 */
export function rocCurve(yTrue: ArrayInput, yScore: ArrayInput, options: RocCurveOptions = {}): RocCurve {
  const op = "rocCurve";
  const { yTrue: t, yScore: s } = readBinary(yTrue, yScore, op);
  return rocFromHost(t, s, resolvePosLabel(t, options.posLabel, op), options.dropIntermediate ?? true);
}

function rocFromHost(t: ArrayLike<number>, s: ArrayLike<number>, posLabel: number, drop: boolean): RocCurve {
  let { tps, fps, thresholds } = thresholdCounts(t, s, posLabel);
  if (drop && fps.length > 2) {
    // Keep a point only where the curve bends: a non-zero second difference of fps or tps.
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = fps[i + 1]! - 2 * fps[i]! + fps[i - 1]!;
      const d2t = tps[i + 1]! - 2 * tps[i]! + tps[i - 1]!;
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = keep.map((i) => fps[i]!);
    tps = keep.map((i) => tps[i]!);
    thresholds = keep.map((i) => thresholds[i]!);
  }
  fps = [0, ...fps];
  tps = [0, ...tps];
  const lastF = fps[fps.length - 1]!;
  const lastT = tps[tps.length - 1]!;
  return {
    fpr: fps.map((v) => (lastF <= 0 ? Number.NaN : v / lastF)),
    tpr: tps.map((v) => (lastT <= 0 ? Number.NaN : v / lastT)),
    thresholds: [Number.POSITIVE_INFINITY, ...thresholds],
  };
}

/** Area under the ROC curve of one class against the rest; NaN when yTrue holds a single class. */
function binaryAuc(t: ArrayLike<number>, s: ArrayLike<number>, posLabel: number): number {
  if (uniqueSorted(t).length !== 2) return Number.NaN;
  const { fpr, tpr } = rocFromHost(t, s, posLabel, true);
  return auc(fpr, tpr);
}

/** Options of {@link rocAuc}. */
export interface RocAucOptions {
  /**
   * Multiclass targets: `"ovr"` scores each class against the rest. The default `"raise"` refuses
   * multiclass input, as scikit-learn does.
   */
  readonly multiClass?: "ovr" | "raise";
  /** How the per-class AUCs of a multiclass target are combined (default `"macro"`); `null` returns them. */
  readonly average?: "macro" | "weighted" | "micro" | null;
  /** Multiclass: the class of each score column, sorted; default: the classes in yTrue. */
  readonly labels?: readonly number[];
}

/**
 * The area under the ROC curve (scikit-learn's `roc_auc_score`): the probability that a random
 * positive scores above a random negative, ties counting one half. Binary targets take 1-D scores
 * of the greater class (or `[n, 2]` probabilities, whose column 1 is used — scikit-learn would
 * refuse them); a single class in yTrue gives NaN. Multiclass targets take `[n, k]` probabilities
 * (rows summing to 1) with `multiClass: "ovr"`.
 *
 * @example
 * ```ts
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);                                  // 0.75
 * rocAuc(yTrue, softmax(logits, -1), { multiClass: "ovr", average: "weighted" });
 * ```
 */
export function rocAuc(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  options: RocAucOptions & { readonly average: null },
): number[];
export function rocAuc(yTrue: ArrayInput, yScore: ArrayInput, options?: RocAucOptions): number;
export function rocAuc(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  options: RocAucOptions = {},
): number | number[] {
  const op = "rocAuc";
  const t = toLabels(yTrue, "yTrue", op);
  const s = toHost(yScore, "yScore", op);
  checkSameLength({ data: t, shape: [t.length], dtype: "float64" }, "yTrue", s, "yScore", op);
  checkFinite(s, "yScore", op);
  const classes = uniqueSorted(t);
  const multiclass = classes.length > 2 || (s.shape.length === 2 && s.shape[1]! > 2);
  if (!multiclass) {
    const scores = positiveColumn(s, op);
    // The greater of the two classes is the positive one (scikit-learn's label_binarize).
    return binaryAuc(t, scores, classes[classes.length - 1]!);
  }
  if ((options.multiClass ?? "raise") !== "ovr") {
    throw new ValueError(
      `${op}: yTrue holds ${classes.length} classes; pass multiClass: "ovr" to score each class against the rest`,
    );
  }
  if (s.shape.length !== 2) {
    throw new ShapeError(`${op}: multiclass targets need [n, classes] scores, got shape [${s.shape}]`);
  }
  const [n, k] = s.shape as [number, number];
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += s.data[i * k + j]!;
    // numpy.allclose(1, sum): |sum - 1| ≤ 1e-8 + 1e-5·|sum|
    if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new ValueError(
        `${op}: multiclass scores must be probabilities summing to 1 per row; row ${i} sums to ${sum}`,
      );
    }
  }
  let columns: readonly number[];
  if (options.labels !== undefined) {
    const sorted = uniqueSorted(options.labels);
    if (sorted.length !== options.labels.length || sorted.some((v, i) => v !== options.labels![i])) {
      throw new ValueError(`${op}: labels must be unique and sorted, got [${options.labels}]`);
    }
    if (sorted.length !== k)
      throw new ShapeError(`${op}: ${sorted.length} labels given, but yScore has ${k} columns`);
    const extra = classes.filter((c) => !sorted.includes(c));
    if (extra.length > 0)
      throw new ValueError(`${op}: yTrue holds [${extra}], which are not in labels [${sorted}]`);
    columns = sorted;
  } else {
    if (classes.length !== k) {
      throw new ShapeError(
        `${op}: yTrue holds ${classes.length} classes but yScore has ${k} columns; pass labels`,
      );
    }
    columns = classes;
  }
  const average = options.average === undefined ? "macro" : options.average;
  const column = (j: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = s.data[i * k + j]!;
    return out;
  };
  const isClass = (c: number) => Float64Array.from(t, (v) => (v === c ? 1 : 0));
  if (average === "micro") {
    const flatTrue = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) flatTrue[i * k + j] = t[i] === columns[j] ? 1 : 0;
    return binaryAuc(flatTrue, s.data, 1);
  }
  const scores = columns.map((c, j) => binaryAuc(isClass(c), column(j), 1));
  if (average === null) return scores;
  if (average === "macro") return scores.reduce((a, b) => a + b, 0) / k;
  if (average !== "weighted")
    throw new ValueError(`${op}: average must be "macro", "weighted", "micro" or null`);
  const weights = columns.map((c) => t.reduce((a, v) => a + (v === c ? 1 : 0), 0));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  // A class of weight 0 scores 0 so that its NaN does not spread (as scikit-learn).
  return scores.reduce((a, v, j) => a + (weights[j] === 0 ? 0 : v * weights[j]!), 0) / total;
}
