import { ValueError } from "@tensorkit/tensor";
import type { HostMatrix } from "../matrix.js";
import { decodeNumbers, encodeNumbers, readJSON } from "../serialize.js";
import { handleZeros, mapCells, medianSorted, percentileSorted, presentColumn, Scaler } from "./base.js";

/** Options of {@link RobustScaler}. */
export interface RobustScalerOptions {
  /** Subtract the median. Default true. */
  readonly withCentering?: boolean;
  /** Divide by the interquantile range. Default true. */
  readonly withScaling?: boolean;
  /** The quantiles (in percent) whose difference is the scale. Default `[25, 75]` (the IQR). */
  readonly quantileRange?: readonly [number, number];
}

/**
 * Scales features with statistics robust to outliers, as scikit-learn's `RobustScaler`:
 * `(x - median) / (q75 - q25)`, quantiles interpolated linearly between samples as NumPy's
 * `percentile`. A zero range scales by 1. NaN is ignored by `fit` and kept by `transform`.
 *
 * @example
 * ```ts
 * const s = new RobustScaler();
 * s.fitTransform([[1], [2], [3], [4], [100]]); // the outlier barely moves the others
 * ```
 */
export class RobustScaler extends Scaler {
  readonly type = "RobustScaler";
  readonly withCentering: boolean;
  readonly withScaling: boolean;
  readonly quantileRange: readonly [number, number];
  /** Per-feature median (when `withCentering`). */
  center: number[] | undefined;
  /** Per-feature interquantile range, or 1 where it is zero (when `withScaling`). */
  scale: number[] | undefined;

  constructor(options: RobustScalerOptions = {}) {
    super();
    this.withCentering = options.withCentering ?? true;
    this.withScaling = options.withScaling ?? true;
    const [qMin, qMax] = options.quantileRange ?? [25, 75];
    if (!(qMin >= 0 && qMin <= qMax && qMax <= 100))
      throw new ValueError(
        `RobustScaler: quantileRange must satisfy 0 <= qMin <= qMax <= 100, got [${qMin}, ${qMax}]`,
      );
    this.quantileRange = [qMin, qMax];
  }

  protected fitHost(m: HostMatrix): void {
    const center: number[] = [];
    const scale: number[] = [];
    for (let j = 0; j < m.cols; j++) {
      const v = presentColumn(m, j).sort((a, b) => a - b);
      center.push(medianSorted(v));
      scale.push(
        handleZeros(percentileSorted(v, this.quantileRange[1]) - percentileSorted(v, this.quantileRange[0])),
      );
    }
    this.center = center;
    this.scale = scale;
  }

  protected transformHost(m: HostMatrix): Float64Array {
    return mapCells(m, (v, j) => {
      const c = this.withCentering ? v - this.center![j]! : v;
      return this.withScaling ? c / this.scale![j]! : c;
    });
  }

  protected inverseHost(m: HostMatrix): Float64Array {
    return mapCells(m, (v, j) => {
      const s = this.withScaling ? v * this.scale![j]! : v;
      return this.withCentering ? s + this.center![j]! : s;
    });
  }

  protected params(): Record<string, unknown> {
    return {
      withCentering: this.withCentering,
      withScaling: this.withScaling,
      quantileRange: [...this.quantileRange],
    };
  }

  protected state(): Record<string, unknown> {
    return { center: encodeNumbers(this.center!), scale: encodeNumbers(this.scale!) };
  }

  /** Restores a scaler saved with `toJSON`. @example `RobustScaler.fromJSON(saved)` */
  static fromJSON(json: unknown): RobustScaler {
    const j = readJSON(json, "RobustScaler");
    const s = new RobustScaler(j.params as RobustScalerOptions);
    if (j.state !== null) {
      s.center = decodeNumbers(j.state.center);
      s.scale = decodeNumbers(j.state.scale);
      s.nFeatures = j.state.nFeatures as number;
    }
    return s;
  }
}
