import { ShapeError } from "@tensorkit/tensor";
import type { ArrayInput } from "../input.js";
import { errorSums, finish, type RegressionOptions, readRegression } from "../regression.js";
import { nothingSeen, type StreamingMetric } from "./metric.js";

abstract class ErrorMean implements StreamingMetric<number | number[]> {
  abstract readonly name: string;
  protected abstract error(d: number): number;
  #sums: number[] | undefined;
  #n = 0;

  constructor(private readonly options: RegressionOptions = {}) {}

  update(yTrue: ArrayInput, yPred: ArrayInput): void {
    const op = `${this.constructor.name}.update`;
    const { t, p, n, outputs } = readRegression(yTrue, yPred, op);
    if (this.#sums !== undefined && this.#sums.length !== outputs) {
      throw new ShapeError(
        `${op}: earlier batches had ${this.#sums.length} outputs, this one has ${outputs}`,
      );
    }
    const sums = errorSums(t, p, outputs, (d) => this.error(d));
    this.#sums = this.#sums === undefined ? sums : this.#sums.map((s, j) => s + sums[j]!);
    this.#n += n;
  }

  compute(): number | number[] {
    if (this.#sums === undefined) nothingSeen(this.constructor.name);
    return finish(
      this.#sums.map((s) => s / this.#n),
      this.options,
      `${this.constructor.name}.compute`,
    );
  }

  reset(): void {
    this.#sums = undefined;
    this.#n = 0;
  }
}

/**
 * Running mean squared error (see {@link meanSquaredError}).
 *
 * @example
 * ```ts
 * const mse = new MeanSquaredError();
 * mse.update(yBatch, predictions);
 * mse.compute();
 * ```
 */
export class MeanSquaredError extends ErrorMean {
  readonly name = "meanSquaredError";
  protected error(d: number): number {
    return d * d;
  }
}

/**
 * Running mean absolute error (see {@link meanAbsoluteError}).
 *
 * @example
 * ```ts
 * const mae = new MeanAbsoluteError({ multioutput: "rawValues" });
 * ```
 */
export class MeanAbsoluteError extends ErrorMean {
  readonly name = "meanAbsoluteError";
  protected error(d: number): number {
    return Math.abs(d);
  }
}
