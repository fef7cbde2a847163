import type { HostMatrix } from "../matrix.js";
import { decodeNumbers, encodeNumbers, readJSON } from "../serialize.js";
import { FLOAT64_EPS, handleZeros, mapCells, presentColumn, Scaler } from "./base.js";

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the mean. Default true. */
  readonly withMean?: boolean;
  /** Divide by the (population) standard deviation. Default true. */
  readonly withStd?: boolean;
}

/**
 * Standardises features to zero mean and unit variance, as scikit-learn's `StandardScaler`:
 * `(x - mean) / std` with the population standard deviation (divided by n, not n - 1).
 * A constant column keeps scale 1 (so it becomes 0, never NaN). NaN values are ignored by
 * `fit` and stay NaN.
 *
 * @example
 * ```ts
 * const scaler = new StandardScaler();
 * const xTrainS = scaler.fitTransform(xTrain);   // tensor in, tensor out
 * const xTestS = scaler.transform(xTest);
 * const saved = JSON.stringify(scaler);           // StandardScaler.fromJSON(saved) restores it
 * ```
 */
export class StandardScaler extends Scaler {
  readonly type = "StandardScaler";
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Per-feature mean (NaN ignored); set by `fit`. */
  mean: number[] | undefined;
  /** Per-feature population variance; set by `fit`. */
  var: number[] | undefined;
  /** Per-feature scale: the standard deviation, or 1 for a constant feature. */
  scale: number[] | undefined;

  constructor(options: StandardScalerOptions = {}) {
    super();
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  protected fitHost(m: HostMatrix): void {
    const mean: number[] = [];
    const variance: number[] = [];
    const scale: number[] = [];
    for (let j = 0; j < m.cols; j++) {
      const v = presentColumn(m, j);
      const n = v.length;
      let s = 0;
      for (const x of v) s += x;
      const mu = s / n;
      // two-pass variance with the correction term of Chan, Golub & LeVeque (as scikit-learn)
      let sq = 0;
      let corr = 0;
      for (const x of v) {
        sq += (x - mu) * (x - mu);
        corr += x - mu;
      }
      const vr = (sq - (corr * corr) / n) / n;
      mean.push(mu);
      variance.push(vr);
      // scikit-learn's _is_constant_feature: a variance within the rounding error of the
      // two-pass algorithm is zero
      const bound = n * FLOAT64_EPS * vr + (n * mu * FLOAT64_EPS) ** 2;
      scale.push(vr <= bound ? 1 : handleZeros(Math.sqrt(vr)));
    }
    this.mean = mean;
    this.var = variance;
    this.scale = scale;
  }

  protected transformHost(m: HostMatrix): Float64Array {
    const mean = this.mean!;
    const scale = this.scale!;
    return mapCells(m, (v, j) => {
      const c = this.withMean ? v - mean[j]! : v;
      return this.withStd ? c / scale[j]! : c;
    });
  }

  protected inverseHost(m: HostMatrix): Float64Array {
    const mean = this.mean!;
    const scale = this.scale!;
    return mapCells(m, (v, j) => {
      const s = this.withStd ? v * scale[j]! : v;
      return this.withMean ? s + mean[j]! : s;
    });
  }

  protected params(): Record<string, unknown> {
    return { withMean: this.withMean, withStd: this.withStd };
  }

  protected state(): Record<string, unknown> {
    return {
      mean: encodeNumbers(this.mean!),
      var: encodeNumbers(this.var!),
      scale: encodeNumbers(this.scale!),
    };
  }

  /** Restores a scaler saved with `toJSON`. @example `StandardScaler.fromJSON(JSON.parse(text))` */
  static fromJSON(json: unknown): StandardScaler {
    const j = readJSON(json, "StandardScaler");
    const s = new StandardScaler(j.params as StandardScalerOptions);
    if (j.state !== null) {
      s.mean = decodeNumbers(j.state.mean);
      s.var = decodeNumbers(j.state.var);
      s.scale = decodeNumbers(j.state.scale);
      s.nFeatures = j.state.nFeatures as number;
    }
    return s;
  }
}
