import { ShapeError, ValueError } from "@tensorkit/tensor";
import { positiveColumn, readBinary, resolvePosLabel, thresholdCounts } from "./binary-curve.js";
import { type ArrayInput, checkFinite, checkSameLength, toHost, toLabels, uniqueSorted } from "./input.js";

/** Options of {@link precisionRecallCurve}. */
export interface PrecisionRecallCurveOptions {
  /** The positive class; default 1 when the labels are {0, 1} or {-1, 1}. */
  readonly posLabel?: number;
  /** Drop thresholds that do not change recall (default false, as scikit-learn). */
  readonly dropIntermediate?: boolean;
}

/**
 * Precision and recall at decreasing recall; the last point is (recall 0, precision 1) and has no
 * threshold, so `thresholds` is one shorter.
 */
export interface PrecisionRecallCurve {
  readonly precision: number[];
  readonly recall: number[];
  readonly thresholds: number[];
}

/**
 * Precision–recall pairs at each distinct score (scikit-learn's `precision_recall_curve`).
 * Without positives in yTrue, recall is 1 at every threshold, as in scikit-learn.
 *
 * @example
 * ```ts
 * const { precision, recall, thresholds } = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 0.6667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 * ```
 */
export function precisionRecallCurve(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  options: PrecisionRecallCurveOptions = {},
): PrecisionRecallCurve {
  const op = "precisionRecallCurve";
  const { yTrue: t, yScore: s } = readBinary(yTrue, yScore, op);
  return prFromHost(t, s, resolvePosLabel(t, options.posLabel, op), options.dropIntermediate ?? false);
}

function prFromHost(
  t: ArrayLike<number>,
  s: ArrayLike<number>,
  posLabel: number,
  drop: boolean,
): PrecisionRecallCurve {
  let { tps, fps, thresholds } = thresholdCounts(t, s, posLabel);
  if (drop && fps.length > 2) {
    // Keep only the first and last point of each run of equal tps (a vertical segment).
    const keep: number[] = [0];
    for (let i = 1; i < tps.length - 1; i++) {
      if (tps[i]! !== tps[i - 1]! || tps[i + 1]! !== tps[i]!) keep.push(i);
    }
    keep.push(tps.length - 1);
    fps = keep.map((i) => fps[i]!);
    tps = keep.map((i) => tps[i]!);
    thresholds = keep.map((i) => thresholds[i]!);
  }
  const last = tps[tps.length - 1]!;
  const precision = tps.map((v, i) => (v + fps[i]! !== 0 ? v / (v + fps[i]!) : 0));
  const recall = tps.map((v) => (last === 0 ? 1 : v / last));
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: thresholds.reverse(),
  };
}

/** Step-wise area under the precision–recall curve of one class. */
function binaryAp(t: ArrayLike<number>, s: ArrayLike<number>, posLabel: number): number {
  const { precision, recall } = prFromHost(t, s, posLabel, false);
  let sum = 0;
  for (let i = 0; i < recall.length - 1; i++) sum += (recall[i + 1]! - recall[i]!) * precision[i]!;
  // -0 (and tiny negative rounding) is clipped to 0, as scikit-learn does.
  return Math.max(0, -sum);
}

/** Options of {@link averagePrecision}. */
export interface AveragePrecisionOptions {
  /** Multiclass: how per-class scores combine (default `"macro"`); `null` returns them. */
  readonly average?: "macro" | "weighted" | "micro" | null;
  /** Binary: the positive class (default 1). Multiclass targets allow only the default. */
  readonly posLabel?: number;
}

/**
 * Average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over the precision–recall curve, without interpolation
 * (scikit-learn's `average_precision_score`). Binary targets take 1-D scores (or `[n, 2]`
 * probabilities, column 1 used); multiclass targets take `[n, k]` scores, one column per class
 * present in yTrue, sorted.
 *
 * @example
 * ```ts
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333…
 * ```
 */
export function averagePrecision(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  options: AveragePrecisionOptions & { readonly average: null },
): number[];
export function averagePrecision(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  options?: AveragePrecisionOptions,
): number;
export function averagePrecision(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  options: AveragePrecisionOptions = {},
): number | number[] {
  const op = "averagePrecision";
  const t = toLabels(yTrue, "yTrue", op);
  const s = toHost(yScore, "yScore", op);
  checkSameLength({ data: t, shape: [t.length], dtype: "float64" }, "yTrue", s, "yScore", op);
  checkFinite(s, "yScore", op);
  const classes = uniqueSorted(t);
  const posLabel = options.posLabel ?? 1;
  if (classes.length <= 2) {
    if (classes.length === 2 && !classes.includes(posLabel)) {
      throw new ValueError(
        `${op}: posLabel ${posLabel} is not a valid label; it should be one of [${classes}]`,
      );
    }
    return binaryAp(t, positiveColumn(s, op), posLabel);
  }
  if (posLabel !== 1)
    throw new ValueError(`${op}: posLabel is fixed to 1 for multiclass yTrue; do not set it`);
  if (s.shape.length !== 2 || s.shape[1] !== classes.length) {
    throw new ShapeError(
      `${op}: yTrue holds ${classes.length} classes, so yScore must be [${t.length},${classes.length}], got [${s.shape}]`,
    );
  }
  const n = t.length;
  const k = classes.length;
  const average = options.average === undefined ? "macro" : options.average;
  if (average === "micro") {
    const flatTrue = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) flatTrue[i * k + j] = t[i] === classes[j] ? 1 : 0;
    return binaryAp(flatTrue, s.data, 1);
  }
  const scores = classes.map((c, j) => {
    const truth = Float64Array.from(t, (v) => (v === c ? 1 : 0));
    const col = Float64Array.from({ length: n }, (_, i) => s.data[i * k + j]!);
    return binaryAp(truth, col, 1);
  });
  if (average === null) return scores;
  if (average === "macro") return scores.reduce((a, b) => a + b, 0) / k;
  const weights = classes.map((c) => t.reduce((a, v) => a + (v === c ? 1 : 0), 0));
  return scores.reduce((a, v, j) => a + v * weights[j]!, 0) / n;
}
