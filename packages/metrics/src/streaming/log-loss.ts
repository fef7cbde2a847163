import { ValueError } from "@tensorkit/tensor";
import { type ArrayInput, checkSameLength, toHost, toLabels } from "../input.js";
import { type LogLossOptions, logLossSum } from "../log-loss.js";
import { nothingSeen, type StreamingMetric } from "./metric.js";

/**
 * Running cross-entropy (see {@link logLoss}): the mean of −log p(true class) over every sample
 * seen. The columns are the classes `labels`, or `0 … k-1` for `[n, k]` scores and `[0, 1]` for
 * 1-D scores, the same for every batch.
 *
 * @example
 * ```ts
 * const loss = new LogLoss({ fromLogits: true });
 * loss.update(yBatch, logits);
 * loss.compute();
 * ```
 */
export class LogLoss implements StreamingMetric<number> {
  readonly name = "logLoss";
  #sum = 0;
  #n = 0;

  constructor(private readonly options: Omit<LogLossOptions, "normalize"> = {}) {}

  update(yTrue: ArrayInput, yProb: ArrayInput): void {
    const op = "LogLoss.update";
    const t = toLabels(yTrue, "yTrue", op);
    const s = toHost(yProb, "yProb", op);
    checkSameLength({ data: t, shape: [t.length], dtype: "float64" }, "yTrue", s, "yProb", op);
    const k = s.shape.length === 2 && s.shape[1]! > 1 ? s.shape[1]! : 2;
    const classes = this.options.labels ?? Array.from({ length: k }, (_, i) => i);
    if (classes.length !== k) {
      throw new ValueError(`${op}: ${classes.length} labels given, but yProb has ${k} columns`);
    }
    const { sum, count } = logLossSum(t, s, this.options, op, classes);
    this.#sum += sum;
    this.#n += count;
  }

  compute(): number {
    if (this.#n === 0) nothingSeen("LogLoss");
    return this.#sum / this.#n;
  }

  reset(): void {
    this.#sum = 0;
    this.#n = 0;
  }
}
