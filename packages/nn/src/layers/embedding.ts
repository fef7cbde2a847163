import {
  cast,
  DTypeError,
  equal,
  formatShape,
  IndexError,
  indexSelect,
  reshape,
  type Tensor,
  tensor,
  tidy,
  ValueError,
  where,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { normal } from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  /**
   * An index whose row is initialised to zeros and never receives a gradient (a padding token).
   * Negative values count from the end, as PyTorch.
   */
  readonly paddingIdx?: number;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim` (PyTorch's `nn.Embedding`):
 * `weight` is `[numEmbeddings, embeddingDim]`, initialised N(0, 1), the `paddingIdx` row zeros.
 * Indices are an int32 tensor of any shape (float tensors holding whole numbers are accepted and
 * cast, as Keras does); the output appends `embeddingDim` to their shape.
 *
 * @example
 * ```ts
 * const emb = new Embedding(10000, 64, { paddingIdx: 0 });
 * const vectors = emb.call(tensor([[5, 9, 0], [2, 0, 0]], "int32")); // [2, 3, 64]
 * ```
 */
export class Embedding extends Module {
  readonly weight: Parameter;
  /** The padding row, as a non-negative index, or null. */
  readonly paddingIdx: number | null;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    for (const [name, v] of [
      ["numEmbeddings", numEmbeddings],
      ["embeddingDim", embeddingDim],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new ValueError(`Embedding: ${name} must be a positive integer, got ${v}`);
    }
    const pad = options.paddingIdx;
    if (pad !== undefined && (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings)) {
      throw new ValueError(
        `Embedding: paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings - 1}], got ${pad}`,
      );
    }
    this.paddingIdx = pad === undefined ? null : pad < 0 ? pad + numEmbeddings : pad;
    const padRow = this.paddingIdx;
    this.weight = this.registerParameter(
      "weight",
      tidy(() => {
        const w = normal([numEmbeddings, embeddingDim]);
        if (padRow === null) return new Parameter(w);
        const data = Float32Array.from(w.dataSync() as Float32Array);
        data.fill(0, padRow * embeddingDim, (padRow + 1) * embeddingDim);
        return new Parameter(tensor(data, { shape: [numEmbeddings, embeddingDim] }));
      }),
    );
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype === "bool") {
      throw new DTypeError(
        `Embedding: expected int32 indices, got bool of shape ${formatShape(indices.shape)}`,
      );
    }
    const values = indices.dataSync() as ArrayLike<number>;
    const n = this.numEmbeddings;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v)) {
        throw new DTypeError(
          `Embedding: expected int32 indices, got the non-integer ${v} at flat position ${i} of ${indices.dtype} indices ${formatShape(indices.shape)}`,
        );
      }
      if (v < 0 || v >= n) {
        throw new IndexError(
          `Embedding: index ${v} is out of range for ${n} embeddings (expected 0 ≤ index < ${n}) at flat position ${i} of indices ${formatShape(indices.shape)}`,
        );
      }
    }
    return tidy(() => {
      const flat = reshape(indices.dtype === "int32" ? indices : cast(indices, "int32"), [values.length]);
      let rows = indexSelect(this.weight, 0, flat);
      const pad = this.paddingIdx;
      if (pad !== null && Array.prototype.includes.call(values, pad)) {
        // The padding row's value is looked up but passes no gradient back (PyTorch's padding_idx).
        rows = where(reshape(equal(flat, pad), [values.length, 1]), rows.detach(), rows);
      }
      return reshape(rows, [...indices.shape, this.embeddingDim]);
    });
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "Embedding",
      config: {
        numEmbeddings: this.numEmbeddings,
        embeddingDim: this.embeddingDim,
        paddingIdx: this.paddingIdx,
      },
    };
  }

  protected override extraRepr(): string {
    return `numEmbeddings=${this.numEmbeddings}, embeddingDim=${this.embeddingDim}${this.paddingIdx === null ? "" : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
