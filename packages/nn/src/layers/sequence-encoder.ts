import {
  cast,
  formatShape,
  notEqual,
  reshape,
  ShapeError,
  slice,
  sum,
  type Tensor,
  tidy,
  transpose,
  ValueError,
} from "@tensorkit/tensor";
import type { LayerSpec } from "../builders.js";
import type { ModuleConfig } from "../config-registry.js";
import { Module } from "../module.js";
import { Embedding } from "./embedding.js";
import { GRU } from "./gru.js";
import { LSTM } from "./lstm.js";

/** Options of {@link SequenceEncoder} and {@link sequenceEncoder}. */
export interface SequenceEncoderOptions {
  /** The recurrent cell. Default "lstm". */
  readonly cell?: "lstm" | "gru";
  /** Read the sequence both ways and concatenate the two final states. Default false. */
  readonly bidirectional?: boolean;
  /** Stacked recurrent layers. Default 1. */
  readonly numLayers?: number;
  /** Dropout between stacked layers, in training mode. Default 0. */
  readonly dropout?: number;
}

/**
 * Token ids to one vector per sequence: an {@link Embedding} whose index 0 is padding, then an
 * {@link LSTM} (or {@link GRU}) that reads each sequence only up to its length — the number of
 * non-zero ids, the sequences being padded at the end as `TextVectorizer` pads them — and returns
 * the top layer's final hidden state, both directions concatenated. This is Keras'
 * `Embedding(mask_zero=True)` followed by `Bidirectional(LSTM(units))`, or PyTorch's embedding,
 * `pack_padded_sequence` and LSTM: padding never reaches the state, whichever way it is read.
 * Input int32 `[batch, time]` (floats holding whole numbers are cast, as {@link Embedding} does);
 * output `[batch, dirs·hiddenSize]`. Parameters: `embedding.weight`
 * and the recurrent layer's PyTorch names under `rnn.` (`rnn.weight_ih_l0`, …).
 *
 * @example
 * ```ts
 * const enc = new SequenceEncoder(20000, 64, 32, { bidirectional: true });
 * const h = enc.call(tensor([[5, 9, 2, 0], [7, 0, 0, 0]], "int32")); // [2, 64]
 * ```
 */
export class SequenceEncoder extends Module<[Tensor], Tensor> {
  readonly embedding: Embedding;
  readonly rnn: LSTM | GRU;
  readonly cell: "lstm" | "gru";

  constructor(
    readonly vocabularySize: number,
    readonly embeddingDim: number,
    readonly hiddenSize: number,
    options: SequenceEncoderOptions = {},
  ) {
    super();
    this.cell = options.cell ?? "lstm";
    if (this.cell !== "lstm" && this.cell !== "gru")
      throw new ValueError(`SequenceEncoder: cell must be "lstm" or "gru", got ${String(this.cell)}`);
    this.embedding = new Embedding(vocabularySize, embeddingDim, { paddingIdx: 0 });
    const recurrent = {
      batchFirst: true,
      bidirectional: options.bidirectional ?? false,
      numLayers: options.numLayers ?? 1,
      dropout: options.dropout ?? 0,
    };
    this.rnn =
      this.cell === "lstm"
        ? new LSTM(embeddingDim, hiddenSize, recurrent)
        : new GRU(embeddingDim, hiddenSize, recurrent);
  }

  /** The width of the output: `hiddenSize`, twice that when bidirectional. */
  get outputSize(): number {
    return this.hiddenSize * this.rnn.numDirections;
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 2)
      throw new ShapeError(
        `SequenceEncoder: expected token ids of shape [batch, time], got ${formatShape(x.shape)}`,
      );
    return tidy(() => {
      const lengths = sum(cast(notEqual(x, 0), "int32"), 1);
      const vectors = this.embedding.call(x);
      const hN = this.rnn.run(vectors, { lengths }).hN; // [layers·dirs, batch, hidden]
      const dirs = this.rnn.numDirections;
      const layers = hN.shape[0]!;
      const top = slice(hN, [[layers - dirs, layers]]);
      return reshape(transpose(top, 0, 1), [x.shape[0]!, dirs * this.hiddenSize]);
    });
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "SequenceEncoder",
      config: {
        vocabularySize: this.vocabularySize,
        embeddingDim: this.embeddingDim,
        hiddenSize: this.hiddenSize,
        cell: this.cell,
        bidirectional: this.rnn.numDirections === 2,
        numLayers: this.rnn.numLayers,
        dropout: this.rnn.dropout,
      },
    };
  }

  protected override extraRepr(): string {
    return `${this.vocabularySize}, ${this.embeddingDim}, ${this.hiddenSize}, cell=${this.cell}, bidirectional=${this.rnn.numDirections === 2}`;
  }
}

/** Options of the {@link sequenceEncoder} builder. */
export interface SequenceEncoderBuilderOptions extends SequenceEncoderOptions {
  /** Length of one sample, `[time]`: only on the first layer. */
  readonly inputShape?: readonly number[];
}

/**
 * A {@link SequenceEncoder} for `sequential`: padded token ids `[time]` per sample in, a vector
 * `[dirs·units]` out.
 *
 * @example
 * ```ts
 * const model = sequential([
 *   sequenceEncoder(vectorizer.vocabularySize, 64, 32, { bidirectional: true, inputShape: [200] }),
 *   dropout(0.3),
 *   dense(2),
 * ]);
 * ```
 */
export function sequenceEncoder(
  vocabularySize: number,
  embeddingDim: number,
  units: number,
  options: SequenceEncoderBuilderOptions = {},
): LayerSpec {
  const { inputShape, ...rest } = options;
  return {
    ...(inputShape === undefined ? {} : { inputShape }),
    build(shape) {
      if (shape.length !== 1)
        throw new ShapeError(
          `sequenceEncoder: expected samples of token ids [time], got ${formatShape(shape)}`,
        );
      const enc = new SequenceEncoder(vocabularySize, embeddingDim, units, rest);
      return { modules: [enc], outputShape: [enc.outputSize] };
    },
  };
}
