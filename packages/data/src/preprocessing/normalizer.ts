import { ValueError } from "@tensorkit/tensor";
import type { HostMatrix } from "../matrix.js";
import { readJSON } from "../serialize.js";
import { handleZeros, Scaler } from "./base.js";

/** Options of {@link Normalizer}. */
export interface NormalizerOptions {
  /** The norm each row is divided by. Default `"l2"`. */
  readonly norm?: "l1" | "l2" | "max";
}

/**
 * Scales each sample (row) to unit norm, as scikit-learn's `Normalizer`: `l1` (sum of absolute
 * values), `l2` (Euclidean) or `max` (largest absolute value). A zero row stays zero. Stateless:
 * `fit` only records the number of features. It has no inverse (the norms are not kept), so
 * `inverseTransform` throws.
 *
 * @example
 * ```ts
 * new Normalizer({ norm: "l1" }).fitTransform([[1, 3], [0, 0]]); // [[0.25, 0.75], [0, 0]]
 * ```
 */
export class Normalizer extends Scaler {
  readonly type = "Normalizer";
  readonly norm: "l1" | "l2" | "max";

  constructor(options: NormalizerOptions = {}) {
    super();
    this.norm = options.norm ?? "l2";
    if (!["l1", "l2", "max"].includes(this.norm))
      throw new ValueError(`Normalizer: norm must be 'l1', 'l2' or 'max', got ${JSON.stringify(this.norm)}`);
  }

  protected fitHost(_m: HostMatrix): void {}

  protected transformHost(m: HostMatrix): Float64Array {
    const out = new Float64Array(m.data.length);
    for (let i = 0; i < m.rows; i++) {
      let norm = 0;
      for (let j = 0; j < m.cols; j++) {
        const v = m.data[i * m.cols + j]!;
        if (this.norm === "l1") norm += Math.abs(v);
        else if (this.norm === "l2") norm += v * v;
        else norm = Math.max(norm, Math.abs(v));
      }
      const d = handleZeros(this.norm === "l2" ? Math.sqrt(norm) : norm);
      for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = m.data[i * m.cols + j]! / d;
    }
    return out;
  }

  protected inverseHost(_m: HostMatrix): Float64Array {
    throw new ValueError(
      "Normalizer.inverseTransform: a normalizer has no inverse (the row norms are not kept)",
    );
  }

  protected params(): Record<string, unknown> {
    return { norm: this.norm };
  }

  protected state(): Record<string, unknown> {
    return {};
  }

  /** Restores a normalizer saved with `toJSON`. @example `Normalizer.fromJSON(saved)` */
  static fromJSON(json: unknown): Normalizer {
    const j = readJSON(json, "Normalizer");
    const s = new Normalizer(j.params as NormalizerOptions);
    if (j.state !== null) s.nFeatures = j.state.nFeatures as number;
    return s;
  }
}
