import { noGrad } from "@tensorkit/autograd";
import {
  concat,
  formatShape,
  mul,
  ShapeError,
  slice,
  type Tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { Sequential, type TensorModule } from "../containers.js";
import { normal } from "../init.js";
import { Module } from "../module.js";
import { ReLU } from "./activation.js";
import { Dropout } from "./dropout.js";
import { Embedding } from "./embedding.js";
import { Linear } from "./linear.js";

/** Options of {@link NeuMF}. */
export interface NeuMFOptions {
  /** Size of the GMF branch's user and item embeddings. Default 8. */
  readonly gmfDim?: number;
  /**
   * Widths of the MLP tower: its input is the user and item MLP embeddings concatenated, so each
   * is `mlpLayers[0] / 2` wide; then a Linear + ReLU to each following width (NCF's "tower").
   * Default `[64, 32, 16, 8]`.
   */
  readonly mlpLayers?: readonly number[];
  /** Dropout after each hidden layer of the tower, in training mode. Default 0. */
  readonly dropout?: number;
}

/**
 * Neural matrix factorisation, the NCF model of He et al. (2017, "Neural Collaborative
 * Filtering"): a generalised matrix-factorisation branch (the element-wise product of a user
 * and an item embedding) and an MLP branch (a ReLU tower over the concatenation of two other
 * user and item embeddings), whose outputs are concatenated and mapped to one logit, the score
 * of the pair. Input: int32 `[batch, 2]` of (user, item) (floats holding whole numbers are cast,
 * as {@link Embedding} does); output: logits `[batch, 1]` — train it
 * with `bceWithLogits` on observed pairs and sampled negatives. Embeddings start N(0, 0.01) and
 * the prediction layer from PyTorch's default, as the authors' PyTorch port does.
 *
 * @example
 * ```ts
 * const ncf = new NeuMF(500, 300, { gmfDim: 8, mlpLayers: [32, 16, 8] });
 * const logits = ncf.call(tensor([[0, 12], [0, 40]], "int32")); // [2, 1]
 * ```
 */
export class NeuMF extends Module<[Tensor], Tensor> {
  readonly gmfDim: number;
  readonly mlpLayers: readonly number[];
  readonly dropout: number;
  readonly embedUserGmf: Embedding;
  readonly embedItemGmf: Embedding;
  readonly embedUserMlp: Embedding;
  readonly embedItemMlp: Embedding;
  readonly mlp: Sequential;
  readonly predict: Linear;

  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    options: NeuMFOptions = {},
  ) {
    super();
    this.gmfDim = options.gmfDim ?? 8;
    this.mlpLayers = [...(options.mlpLayers ?? [64, 32, 16, 8])];
    this.dropout = options.dropout ?? 0;
    if (!Number.isInteger(this.gmfDim) || this.gmfDim < 1)
      throw new ValueError(`NeuMF: gmfDim must be a positive integer, got ${this.gmfDim}`);
    const [first, ...rest] = this.mlpLayers;
    if (first === undefined || first % 2 !== 0 || !this.mlpLayers.every((w) => Number.isInteger(w) && w > 0))
      throw new ValueError(
        `NeuMF: mlpLayers must be positive integers, the first even (it holds user and item halves), got [${this.mlpLayers.join(", ")}]`,
      );
    if (!(this.dropout >= 0 && this.dropout < 1))
      throw new ValueError(`NeuMF: dropout must be in [0, 1), got ${this.dropout}`);
    const table = (n: number, dim: number) => {
      const e = new Embedding(n, dim);
      noGrad(() => tidy(() => e.weight.assign(normal([n, dim], 0, 0.01))));
      return e;
    };
    this.embedUserGmf = table(numUsers, this.gmfDim);
    this.embedItemGmf = table(numItems, this.gmfDim);
    this.embedUserMlp = table(numUsers, first / 2);
    this.embedItemMlp = table(numItems, first / 2);
    const tower: TensorModule[] = [];
    let width = first;
    for (const w of rest) {
      tower.push(new Linear(width, w), new ReLU());
      if (this.dropout > 0) tower.push(new Dropout(this.dropout));
      width = w;
    }
    this.mlp = new Sequential(...tower);
    this.predict = new Linear(this.gmfDim + width, 1);
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 2 || x.shape[1] !== 2)
      throw new ShapeError(
        `NeuMF: expected (user, item) pairs of shape [batch, 2], got ${formatShape(x.shape)}`,
      );
    return tidy(() => {
      const users = slice(x, [null, 0]);
      const items = slice(x, [null, 1]);
      const gmf = mul(this.embedUserGmf.call(users), this.embedItemGmf.call(items));
      const tower = this.mlp.call(concat([this.embedUserMlp.call(users), this.embedItemMlp.call(items)], 1));
      return this.predict.call(concat([gmf, tower], 1));
    });
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "NeuMF",
      config: {
        numUsers: this.numUsers,
        numItems: this.numItems,
        gmfDim: this.gmfDim,
        mlpLayers: [...this.mlpLayers],
        dropout: this.dropout,
      },
    };
  }

  protected override extraRepr(): string {
    return `numUsers=${this.numUsers}, numItems=${this.numItems}, gmfDim=${this.gmfDim}, mlpLayers=[${this.mlpLayers.join(", ")}]`;
  }
}
