import { ValueError } from "@tensorkit/tensor";
import type { HostMatrix } from "../matrix.js";
import { decodeNumbers, encodeNumbers, readJSON } from "../serialize.js";
import { handleZeros, mapCells, presentColumn, Scaler } from "./base.js";

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The range features are mapped to. Default `[0, 1]`. */
  readonly featureRange?: readonly [number, number];
  /** Clip transformed values of unseen data into `featureRange`. Default false. */
  readonly clip?: boolean;
}

/**
 * Maps each feature linearly onto `featureRange` (`[0, 1]` by default) using its minimum and
 * maximum in the training data, as scikit-learn's `MinMaxScaler`: `x * scale + min` with
 * `scale = (hi - lo) / (dataMax - dataMin)`. A constant feature gets scale `hi - lo`.
 * NaN is ignored by `fit` and kept by `transform`.
 *
 * @example
 * ```ts
 * const s = new MinMaxScaler({ featureRange: [-1, 1] });
 * s.fitTransform([[0], [5], [10]]); // [[-1], [0], [1]]
 * ```
 */
export class MinMaxScaler extends Scaler {
  readonly type = "MinMaxScaler";
  readonly featureRange: readonly [number, number];
  readonly clip: boolean;
  /** Per-feature minimum seen in `fit`. */
  dataMin: number[] | undefined;
  /** Per-feature maximum seen in `fit`. */
  dataMax: number[] | undefined;
  /** Per-feature factor of the transform. */
  scale: number[] | undefined;
  /** Per-feature offset of the transform (scikit-learn's `min_`). */
  min: number[] | undefined;

  constructor(options: MinMaxScalerOptions = {}) {
    super();
    const range = options.featureRange ?? [0, 1];
    if (!(range[0] < range[1]))
      throw new ValueError(
        `MinMaxScaler: featureRange must be [lo, hi] with lo < hi, got [${range[0]}, ${range[1]}]`,
      );
    this.featureRange = [range[0], range[1]];
    this.clip = options.clip ?? false;
  }

  protected fitHost(m: HostMatrix): void {
    const [lo, hi] = this.featureRange;
    this.dataMin = [];
    this.dataMax = [];
    this.scale = [];
    this.min = [];
    for (let j = 0; j < m.cols; j++) {
      const v = presentColumn(m, j);
      let mn = Number.POSITIVE_INFINITY;
      let mx = Number.NEGATIVE_INFINITY;
      for (const x of v) {
        if (x < mn) mn = x;
        if (x > mx) mx = x;
      }
      if (v.length === 0) mn = mx = Number.NaN;
      const scale = (hi - lo) / handleZeros(mx - mn);
      this.dataMin.push(mn);
      this.dataMax.push(mx);
      this.scale.push(scale);
      this.min.push(lo - mn * scale);
    }
  }

  protected transformHost(m: HostMatrix): Float64Array {
    const [lo, hi] = this.featureRange;
    return mapCells(m, (v, j) => {
      const y = v * this.scale![j]! + this.min![j]!;
      return this.clip ? Math.min(hi, Math.max(lo, y)) : y;
    });
  }

  protected inverseHost(m: HostMatrix): Float64Array {
    return mapCells(m, (v, j) => (v - this.min![j]!) / this.scale![j]!);
  }

  protected params(): Record<string, unknown> {
    return { featureRange: [...this.featureRange], clip: this.clip };
  }

  protected state(): Record<string, unknown> {
    return {
      dataMin: encodeNumbers(this.dataMin!),
      dataMax: encodeNumbers(this.dataMax!),
      scale: encodeNumbers(this.scale!),
      min: encodeNumbers(this.min!),
    };
  }

  /** Restores a scaler saved with `toJSON`. @example `MinMaxScaler.fromJSON(saved)` */
  static fromJSON(json: unknown): MinMaxScaler {
    const j = readJSON(json, "MinMaxScaler");
    const s = new MinMaxScaler(j.params as MinMaxScalerOptions);
    if (j.state !== null) {
      s.dataMin = decodeNumbers(j.state.dataMin);
      s.dataMax = decodeNumbers(j.state.dataMax);
      s.scale = decodeNumbers(j.state.scale);
      s.min = decodeNumbers(j.state.min);
      s.nFeatures = j.state.nFeatures as number;
    }
    return s;
  }
}
