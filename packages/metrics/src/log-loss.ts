import { ValueError } from "@tensorkit/tensor";
import { resolveClasses } from "./accuracy.js";
import { type ArrayInput, checkFinite, checkSameLength, type HostArray, toHost, toLabels } from "./input.js";

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** The class of each probability column, sorted; default: the classes in yTrue (see below). */
  readonly labels?: readonly number[];
  /** The mean loss per sample (default), or the sum when false. */
  readonly normalize?: boolean;
  /** The scores are logits: softmax (rows of `[n, k]`) or sigmoid (1-D) is applied first, in float64. */
  readonly fromLogits?: boolean;
}

const EPS64 = 2 ** -52;
const EPS32 = 2 ** -23;

/** Probabilities `[n, k]` (1-D binary scores become `[1 - p, p]`), in float64. */
export function probabilityRows(s: HostArray, fromLogits: boolean): { p: Float64Array; k: number } {
  const n = s.shape[0]!;
  if (s.shape.length === 1 || s.shape[1] === 1) {
    const p = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const v = fromLogits ? 1 / (1 + Math.exp(-s.data[i]!)) : s.data[i]!;
      p[2 * i] = 1 - v;
      p[2 * i + 1] = v;
    }
    return { p, k: 2 };
  }
  const k = s.shape[1]!;
  if (!fromLogits) return { p: s.data, k };
  const p = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    // Softmax with the row maximum subtracted: exp(1000) overflows.
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) max = Math.max(max, s.data[i * k + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += p[i * k + j] = Math.exp(s.data[i * k + j]! - max);
    for (let j = 0; j < k; j++) p[i * k + j]! /= sum;
  }
  return { p, k };
}

/**
 * Cross-entropy of predicted probabilities (scikit-learn's `log_loss`): the mean over samples of
 * −log p(true class). Probabilities are clipped to [ε, 1 − ε] with ε the machine epsilon of their
 * dtype, as scikit-learn 1.9 does: 2⁻²³ for float32 tensors and Float32Arrays, 2⁻⁵² otherwise.
 * Rows are not renormalised. 1-D scores are the probability of the greater of two classes.
 *
 * Without `labels`, the columns are yTrue's classes when there are as many, or else `0 … k-1`
 * when yTrue holds integers in that range (a batch may miss classes; scikit-learn would ask for
 * `labels`).
 *
 * @example
 * ```ts
 * logLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.35]);                 // 0.2162…
 * logLoss(yTrue, logits, { fromLogits: true });                 // softmax cross-entropy
 * ```
 */
export function logLoss(yTrue: ArrayInput, yProb: ArrayInput, options: LogLossOptions = {}): number {
  const op = "logLoss";
  const t = toLabels(yTrue, "yTrue", op);
  const s = toHost(yProb, "yProb", op);
  checkSameLength({ data: t, shape: [t.length], dtype: "float64" }, "yTrue", s, "yProb", op);
  if (t.length === 0) throw new ValueError(`${op}: yTrue is empty; at least one sample is needed`);
  const { sum, count } = logLossSum(t, s, options, op);
  return options.normalize === false ? sum : sum / count;
}

/** The summed loss and the number of samples; shared with the streaming `LogLoss`. */
export function logLossSum(
  t: Float64Array,
  s: HostArray,
  options: LogLossOptions,
  op: string,
  fixedClasses?: readonly number[],
): { sum: number; count: number } {
  checkFinite(s, "yProb", op);
  const fromLogits = options.fromLogits ?? false;
  if (!fromLogits) {
    for (let i = 0; i < s.data.length; i++) {
      const v = s.data[i]!;
      if (v < 0 || v > 1)
        throw new ValueError(`${op}: yProb holds ${v} at flat index ${i}; probabilities lie in [0, 1]`);
    }
  }
  const { p, k } = probabilityRows(s, fromLogits);
  const classes = fixedClasses ?? resolveClasses(t, k, options.labels, op);
  if (classes.length < 2) {
    throw new ValueError(
      `${op}: yTrue holds only the class ${classes[0]}; pass labels with every expected class`,
    );
  }
  const index = new Map(classes.map((c, j) => [c, j]));
  const eps = s.dtype === "float32" ? EPS32 : EPS64;
  let sum = 0;
  for (let i = 0; i < t.length; i++) {
    const j = index.get(t[i]!);
    if (j === undefined)
      throw new ValueError(`${op}: yTrue holds ${t[i]}, which is not one of the classes [${classes}]`);
    const q = Math.min(Math.max(p[i * k + j]!, eps), 1 - eps);
    sum -= Math.log(q);
  }
  return { sum, count: t.length };
}
