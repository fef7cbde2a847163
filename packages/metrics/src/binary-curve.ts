import { ShapeError, ValueError } from "@tensorkit/tensor";
import {
  type ArrayInput,
  checkFinite,
  checkSameLength,
  type HostArray,
  toHost,
  uniqueSorted,
} from "./input.js";

/** True and false positives at each distinct score, highest score first (scikit-learn's `_binary_clf_curve`). */
export interface ThresholdCounts {
  readonly tps: number[];
  readonly fps: number[];
  readonly thresholds: number[];
}

/** Reads labels and 1-D scores of a binary curve, checked for equal length and finite values. */
export function readBinary(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  op: string,
): { yTrue: Float64Array; yScore: Float64Array } {
  const t = toHost(yTrue, "yTrue", op);
  const s = toHost(yScore, "yScore", op);
  if (t.shape.length !== 1 && t.shape[1] !== 1) {
    throw new ShapeError(`${op}: yTrue must be 1-D labels, got shape [${t.shape}]`);
  }
  if (s.shape.length !== 1 && s.shape[1] !== 1) {
    throw new ShapeError(`${op}: yScore must be 1-D scores of the positive class, got shape [${s.shape}]`);
  }
  checkSameLength(t, "yTrue", s, "yScore", op);
  checkFinite(t, "yTrue", op);
  checkFinite(s, "yScore", op);
  return { yTrue: t.data, yScore: s.data };
}

/**
 * The positive label: the given one, else 1 when yTrue's classes are within {0, 1} or {-1, 1}
 * (scikit-learn's `_check_pos_label_consistency`).
 */
export function resolvePosLabel(yTrue: ArrayLike<number>, posLabel: number | undefined, op: string): number {
  if (posLabel !== undefined) return posLabel;
  const classes = uniqueSorted(yTrue);
  const ok = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
  if (!ok) {
    throw new ValueError(
      `${op}: yTrue takes values in [${classes}] and posLabel is not given; pass posLabel ` +
        "(it is 1 by default only for labels in {0, 1} or {-1, 1})",
    );
  }
  return 1;
}

/** Cumulative counts at each distinct threshold, scores sorted in decreasing order. */
export function thresholdCounts(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  posLabel: number,
): ThresholdCounts {
  const n = yScore.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yScore[b]! - yScore[a]! || a - b);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (yTrue[i] === posLabel) tp++;
    // The last sample of each run of equal scores closes that threshold.
    const next = r + 1 < n ? yScore[order[r + 1]!]! : Number.NaN;
    if (r === n - 1 || next !== yScore[i]) {
      tps.push(tp);
      fps.push(r + 1 - tp);
      thresholds.push(yScore[i]!);
    }
  }
  return { tps, fps, thresholds };
}

/** The scores of the positive class: 1-D scores, or column 1 of `[n, 2]` probabilities. */
export function positiveColumn(s: HostArray, op: string): Float64Array {
  if (s.shape.length === 1 || s.shape[1] === 1) return s.data;
  if (s.shape[1] === 2) {
    const n = s.shape[0]!;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = s.data[2 * i + 1]!;
    return out;
  }
  throw new ShapeError(
    `${op}: binary targets need 1-D scores or [n, 2] probabilities, got shape [${s.shape}]`,
  );
}

/**
 * The area under a curve by the trapezoidal rule (scikit-learn's `auc`); `x` must be monotonic.
 *
 * @example
 * ```ts
 * auc([0, 0.5, 1], [0, 0.75, 1]); // 0.625
 * ```
 */
export function auc(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) {
    throw new ShapeError(`auc: x and y have different lengths: x has ${x.length}, y has ${y.length}`);
  }
  if (x.length < 2) throw new ValueError(`auc: at least 2 points are needed, got ${x.length}`);
  let increasing = true;
  let decreasing = true;
  for (let i = 1; i < x.length; i++) {
    if (x[i]! < x[i - 1]!) increasing = false;
    if (x[i]! > x[i - 1]!) decreasing = false;
  }
  if (!increasing && !decreasing) throw new ValueError(`auc: x is neither increasing nor decreasing: [${x}]`);
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return increasing ? area : -area;
}
