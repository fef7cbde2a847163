import { ValueError } from "@tensorkit/tensor";
import { type ArrayInput, labelPair, uniqueSorted } from "./input.js";

/** How per-class scores are combined, as scikit-learn's `average`; `null` keeps one value per class. */
export type Average = "binary" | "micro" | "macro" | "weighted" | null;

/**
 * The value of a score whose denominator is zero: `"warn"` gives 0 (scikit-learn also warns;
 * tensorkit stays silent), or 0, 1 or NaN. NaN scores are left out of averages.
 */
export type ZeroDivision = "warn" | number;

/** Options of {@link precisionRecallFscoreSupport} and the functions built on it. */
export interface PrfOptions {
  /** Default `"binary"`, as scikit-learn: multiclass targets need another choice. */
  readonly average?: Average;
  /** The class reported when `average` is `"binary"` (default 1). */
  readonly posLabel?: number;
  /** The classes to score, in this order; default: every class in yTrue or yPred, sorted. */
  readonly labels?: readonly number[];
  /** See {@link ZeroDivision}; default `"warn"`. */
  readonly zeroDivision?: ZeroDivision;
}

/** Options of {@link fbeta} and {@link precisionRecallFscoreSupport}. */
export interface FbetaOptions extends PrfOptions {
  /** Weight of recall against precision (default 1: the F1 score). */
  readonly beta?: number;
}

/** Per-class precision, recall, F-score and support, or their averages (support is then null). */
export interface PrfResult<T extends number | number[]> {
  readonly precision: T;
  readonly recall: T;
  readonly fscore: T;
  readonly support: T extends number ? null : number[];
}

/**
 * Counts per class: true positives, predictions and true occurrences. Everything in this file is
 * computed from these, so the streaming metrics (which add counts batch by batch) give the same
 * answers as the functions on the whole data.
 */
export class ClassCounts {
  readonly tp = new Map<number, number>();
  readonly pred = new Map<number, number>();
  readonly true = new Map<number, number>();

  add(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
    for (let i = 0; i < yTrue.length; i++) {
      const t = yTrue[i]!;
      const p = yPred[i]!;
      this.true.set(t, (this.true.get(t) ?? 0) + 1);
      this.pred.set(p, (this.pred.get(p) ?? 0) + 1);
      if (t === p) this.tp.set(t, (this.tp.get(t) ?? 0) + 1);
    }
  }

  /** Every class seen in yTrue or yPred, sorted. */
  present(): number[] {
    return uniqueSorted([...this.true.keys()], [...this.pred.keys()]);
  }
}

export function checkZeroDivision(z: ZeroDivision, op: string): number {
  if (z === "warn" || z === 0) return 0;
  if (z === 1) return 1;
  if (Number.isNaN(z)) return Number.NaN;
  throw new ValueError(`${op}: zeroDivision must be "warn", 0, 1 or NaN, got ${String(z)}`);
}

function divide(num: number, den: number, zero: number): number {
  return den === 0 ? zero : num / den;
}

/** Mean ignoring NaN; weighted when weights are given (unweighted if they sum to zero). NaN if all NaN. */
function nanAverage(values: number[], weights?: number[]): number {
  const keep = values.map((v) => !Number.isNaN(v));
  if (values.length === 0 || !keep.some(Boolean)) return Number.NaN;
  let sum = 0;
  let total = 0;
  if (weights !== undefined) {
    for (let i = 0; i < values.length; i++) if (keep[i]) total += weights[i]!;
  }
  const weighted = weights !== undefined && total !== 0;
  total = 0;
  for (let i = 0; i < values.length; i++) {
    if (!keep[i]) continue;
    const w = weighted ? weights![i]! : 1;
    sum += w * values[i]!;
    total += w;
  }
  return sum / total;
}

/** scikit-learn's `_check_set_wise_labels`: the classes to score for this average. */
function labelsToScore(
  present: number[],
  average: Average,
  options: PrfOptions,
  op: string,
): readonly number[] {
  if (average === "binary") {
    const pos = options.posLabel ?? 1;
    if (present.length > 2) {
      throw new ValueError(
        `${op}: the targets are multiclass (classes [${present}]) but average is "binary"; ` +
          `choose average "micro", "macro", "weighted" or null`,
      );
    }
    if (!present.includes(pos) && present.length >= 2) {
      throw new ValueError(`${op}: posLabel ${pos} is not a valid label; it should be one of [${present}]`);
    }
    return [pos];
  }
  return options.labels ?? present;
}

/** The core of every precision/recall/F function: from counts to scores. */
export function prfFromCounts(
  counts: ClassCounts,
  options: FbetaOptions,
  op: string,
): PrfResult<number | number[]> {
  const average = options.average === undefined ? "binary" : options.average;
  if (average !== null && !["binary", "micro", "macro", "weighted"].includes(average)) {
    throw new ValueError(
      `${op}: average must be "binary", "micro", "macro", "weighted" or null, got ${average}`,
    );
  }
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw new ValueError(`${op}: beta must be ≥ 0, got ${beta}`);
  const zero = checkZeroDivision(options.zeroDivision ?? "warn", op);
  const labels = labelsToScore(counts.present(), average, options, op);
  let tp = labels.map((l) => counts.tp.get(l) ?? 0);
  let pred = labels.map((l) => counts.pred.get(l) ?? 0);
  let truth = labels.map((l) => counts.true.get(l) ?? 0);
  if (average === "micro") {
    const total = (a: number[]) => [a.reduce((s, v) => s + v, 0)];
    tp = total(tp);
    pred = total(pred);
    truth = total(truth);
  }
  const beta2 = beta * beta;
  const precision = tp.map((v, i) => divide(v, pred[i]!, zero));
  const recall = tp.map((v, i) => divide(v, truth[i]!, zero));
  const fscore =
    beta === Number.POSITIVE_INFINITY
      ? recall
      : beta === 0
        ? precision
        : // (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp), written as scikit-learn does.
          tp.map((v, i) => divide((1 + beta2) * v, beta2 * truth[i]! + pred[i]!, zero));
  if (average === null) return { precision, recall, fscore, support: truth };
  const weights = average === "weighted" ? truth : undefined;
  return {
    precision: nanAverage(precision, weights),
    recall: nanAverage(recall, weights),
    fscore: nanAverage(fscore, weights),
    support: null,
  };
}

/**
 * Precision, recall, F-beta score and support (scikit-learn's `precision_recall_fscore_support`).
 * With `average: null`, one value per class (in `labels` order, or sorted) and the support of
 * each; otherwise their average and `support: null`.
 *
 * @example
 * ```ts
 * const r = precisionRecallFscoreSupport([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" });
 * r.precision; // 0.2222…
 * ```
 */
export function precisionRecallFscoreSupport(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: FbetaOptions & { readonly average: null },
): PrfResult<number[]>;
export function precisionRecallFscoreSupport(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options?: FbetaOptions,
): PrfResult<number>;
export function precisionRecallFscoreSupport(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: FbetaOptions = {},
): PrfResult<number | number[]> {
  const op = "precisionRecallFscoreSupport";
  const { yTrue: t, yPred: p } = labelPair(yTrue, yPred, op);
  const counts = new ClassCounts();
  counts.add(t, p);
  return prfFromCounts(counts, options, op);
}

function single(
  op: string,
  key: "precision" | "recall" | "fscore",
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: FbetaOptions,
): number | number[] {
  const { yTrue: t, yPred: p } = labelPair(yTrue, yPred, op);
  const counts = new ClassCounts();
  counts.add(t, p);
  return prfFromCounts(counts, options, op)[key];
}

/**
 * tp / (tp + fp): of the samples predicted as a class, the fraction that belong to it
 * (scikit-learn's `precision_score`; `average` defaults to `"binary"`).
 *
 * @example
 * ```ts
 * precision([0, 1, 1, 0], [0, 1, 0, 1]);                        // 0.5
 * precision(yTrue, logits, { average: "macro" });               // multiclass, argmax of logits
 * ```
 */
export function precision(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: PrfOptions & { readonly average: null },
): number[];
export function precision(yTrue: ArrayInput, yPred: ArrayInput, options?: PrfOptions): number;
export function precision(yTrue: ArrayInput, yPred: ArrayInput, options: PrfOptions = {}): number | number[] {
  return single("precision", "precision", yTrue, yPred, options);
}

/**
 * tp / (tp + fn): of the samples of a class, the fraction predicted as it (scikit-learn's
 * `recall_score`).
 *
 * @example
 * ```ts
 * recall([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5
 * ```
 */
export function recall(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: PrfOptions & { readonly average: null },
): number[];
export function recall(yTrue: ArrayInput, yPred: ArrayInput, options?: PrfOptions): number;
export function recall(yTrue: ArrayInput, yPred: ArrayInput, options: PrfOptions = {}): number | number[] {
  return single("recall", "recall", yTrue, yPred, options);
}

/**
 * The harmonic mean of precision and recall (scikit-learn's `f1_score`).
 *
 * @example
 * ```ts
 * f1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "weighted" }); // 0.2666…
 * ```
 */
export function f1(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: PrfOptions & { readonly average: null },
): number[];
export function f1(yTrue: ArrayInput, yPred: ArrayInput, options?: PrfOptions): number;
export function f1(yTrue: ArrayInput, yPred: ArrayInput, options: PrfOptions = {}): number | number[] {
  return single("f1", "fscore", yTrue, yPred, { ...options, beta: 1 });
}

/**
 * The F-beta score: recall counts `beta` times as much as precision (scikit-learn's `fbeta_score`).
 *
 * @example
 * ```ts
 * fbeta([0, 1, 1, 0], [0, 1, 0, 1], { beta: 0.5 });
 * ```
 */
export function fbeta(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: FbetaOptions & { readonly beta: number; readonly average: null },
): number[];
export function fbeta(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: FbetaOptions & { readonly beta: number },
): number;
export function fbeta(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: FbetaOptions & { readonly beta: number },
): number | number[] {
  return single("fbeta", "fscore", yTrue, yPred, options);
}
