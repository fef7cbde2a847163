import type { ArrayInput } from "../input.js";
import { labelPair } from "../input.js";
import { ClassCounts, type FbetaOptions, type PrfOptions, prfFromCounts } from "../precision-recall.js";
import { nothingSeen, type StreamingMetric } from "./metric.js";

/** Per-class counts accumulated over batches; the subclasses pick which score to report. */
abstract class PrfMetric implements StreamingMetric<number | number[]> {
  abstract readonly name: string;
  protected abstract readonly key: "precision" | "recall" | "fscore";
  #counts = new ClassCounts();
  #seen = 0;

  constructor(protected readonly options: FbetaOptions = {}) {}

  update(yTrue: ArrayInput, yPred: ArrayInput): void {
    const { yTrue: t, yPred: p } = labelPair(yTrue, yPred, `${this.constructor.name}.update`);
    this.#counts.add(t, p);
    this.#seen += t.length;
  }

  compute(): number | number[] {
    if (this.#seen === 0) nothingSeen(this.constructor.name);
    return prfFromCounts(this.#counts, this.options, `${this.constructor.name}.compute`)[this.key];
  }

  reset(): void {
    this.#counts = new ClassCounts();
    this.#seen = 0;
  }
}

/**
 * Running precision (see {@link precision}); `average` defaults to `"binary"` as there.
 *
 * @example
 * ```ts
 * const p = new Precision({ average: "macro" });
 * p.update(yBatch, logits);
 * p.compute();
 * ```
 */
export class Precision extends PrfMetric {
  readonly name = "precision";
  protected readonly key = "precision";
  constructor(options: PrfOptions = {}) {
    super(options);
  }
}

/**
 * Running recall (see {@link recall}).
 *
 * @example
 * ```ts
 * const r = new Recall({ average: "weighted" });
 * ```
 */
export class Recall extends PrfMetric {
  readonly name = "recall";
  protected readonly key = "recall";
  constructor(options: PrfOptions = {}) {
    super(options);
  }
}

/**
 * Running F1 score (see {@link f1}).
 *
 * @example
 * ```ts
 * const f = new F1({ average: "macro" });
 * ```
 */
export class F1 extends PrfMetric {
  readonly name = "f1";
  protected readonly key = "fscore";
  constructor(options: PrfOptions = {}) {
    super({ ...options, beta: 1 });
  }
}

/**
 * Running F-beta score (see {@link fbeta}).
 *
 * @example
 * ```ts
 * const f2 = new FBeta({ beta: 2, average: "micro" });
 * ```
 */
export class FBeta extends PrfMetric {
  readonly name = "fbeta";
  protected readonly key = "fscore";
  constructor(options: FbetaOptions & { readonly beta: number }) {
    super(options);
  }
}
