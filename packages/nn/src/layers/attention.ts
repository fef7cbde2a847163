import { noGrad } from "@tensorkit/autograd";
import {
  add,
  formatShape,
  gelu,
  isFloat,
  matmul,
  mean,
  mul,
  permute,
  relu,
  reshape,
  ShapeError,
  slice,
  softmax,
  squeeze,
  type Tensor,
  tensor,
  tidy,
  transpose,
  unsqueeze,
  ValueError,
  where,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { constant, xavierUniform } from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { Dropout } from "./dropout.js";
import { LayerNorm } from "./layernorm.js";
import { Linear } from "./linear.js";

/** Options of {@link MultiheadAttention} (PyTorch's names and defaults). */
export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights, in training mode. Default 0. */
  readonly dropout?: number;
  /** Learn `in_proj_bias` and `out_proj.bias`. Default true. */
  readonly bias?: boolean;
  /** Inputs and output are `[batch, seq, embed]` instead of `[seq, batch, embed]`. Default false. */
  readonly batchFirst?: boolean;
}

/** What {@link MultiheadAttention.forward} and {@link MultiheadAttention.run} accept besides the inputs. */
export interface AttentionCallOptions {
  /**
   * `[batch, source]` (`[source]` unbatched): a bool mask, true where a key is padding and must be
   * ignored, or a float mask added to the scores.
   */
  readonly keyPaddingMask?: Tensor;
  /**
   * `[target, source]` or `[batch·heads, target, source]`: a bool mask, true where attention is
   * not allowed, or a float mask added to the scores.
   */
  readonly attnMask?: Tensor;
  /** Each position attends only to itself and earlier ones (a causal mask, when no `attnMask` is given). Default false. */
  readonly isCausal?: boolean;
  /** {@link MultiheadAttention.run} returns the heads' weights averaged (default) or per head. */
  readonly averageAttnWeights?: boolean;
}

/** What {@link MultiheadAttention.run} returns. */
export interface AttentionResult {
  /** `[target, batch, embed]` (`[batch, target, embed]` with batchFirst). */
  readonly output: Tensor;
  /** Attention weights `[batch, target, source]` averaged over heads, or `[batch, heads, target, source]`. */
  readonly weights: Tensor;
}

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * Multi-head scaled dot-product attention, PyTorch's `nn.MultiheadAttention`:
 * `softmax(Q Kᵀ/√d + mask) V` in `numHeads` heads of `embedDim/numHeads`, then an output
 * projection. Parameters are PyTorch's (`in_proj_weight` `[3·embed, embed]` packing Q, K, V;
 * `in_proj_bias`; `out_proj.weight`, `out_proj.bias`), initialised as PyTorch does (Xavier
 * uniform, zero biases). `call(query, key?, value?)` returns the output (self-attention when key
 * and value are left out); {@link run} also returns the attention weights.
 *
 * @example
 * ```ts
 * const mha = new MultiheadAttention(64, 8, { batchFirst: true });
 * const { output, weights } = mha.run(x, x, x, { keyPaddingMask }); // [2, 10, 64], [2, 10, 10]
 * ```
 */
export class MultiheadAttention extends Module<
  [query: Tensor, key?: Tensor, value?: Tensor, options?: AttentionCallOptions],
  Tensor
> {
  readonly inProjWeight: Parameter;
  readonly inProjBias: Parameter | null;
  readonly outProj: Linear;
  readonly headDim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    options: MultiheadAttentionOptions = {},
  ) {
    super();
    if (!Number.isInteger(embedDim) || embedDim < 1 || !Number.isInteger(numHeads) || numHeads < 1) {
      throw new ValueError(
        `MultiheadAttention: embedDim and numHeads must be positive integers, got ${embedDim} and ${numHeads}`,
      );
    }
    if (embedDim % numHeads !== 0) {
      throw new ValueError(
        `MultiheadAttention: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`,
      );
    }
    this.headDim = embedDim / numHeads;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) {
      throw new ValueError(
        `MultiheadAttention: dropout must be a probability in [0, 1], got ${this.dropout}`,
      );
    }
    this.batchFirst = options.batchFirst ?? false;
    const bias = options.bias ?? true;
    this.inProjWeight = this.registerParameter(
      "in_proj_weight",
      tidy(() => new Parameter(xavierUniform([3 * embedDim, embedDim]))),
    );
    this.inProjBias = this.registerParameter(
      "in_proj_bias",
      bias ? tidy(() => new Parameter(constant([3 * embedDim], 0))) : null,
    );
    this.outProj = this.registerModule("out_proj", new Linear(embedDim, embedDim, { bias }));
    if (this.outProj.bias) noGrad(() => tidy(() => this.outProj.bias!.assign(constant([embedDim], 0))));
    // A private field: not a submodule, so the state dict stays PyTorch's.
    this.#attnDropout = new Dropout(this.dropout);
  }

  readonly #attnDropout: Dropout;

  protected override getConfig(): ModuleConfig {
    return {
      type: "MultiheadAttention",
      config: {
        embedDim: this.embedDim,
        numHeads: this.numHeads,
        dropout: this.dropout,
        bias: this.inProjBias !== null,
        batchFirst: this.batchFirst,
      },
    };
  }

  /** The attention output; self-attention when `key` and `value` are left out. */
  forward(query: Tensor, key?: Tensor, value?: Tensor, options: AttentionCallOptions = {}): Tensor {
    const { output, weights } = this.#attend(query, key ?? query, value ?? key ?? query, options, false);
    weights?.dispose();
    return output;
  }

  /** The attention output and the attention weights. */
  run(query: Tensor, key?: Tensor, value?: Tensor, options: AttentionCallOptions = {}): AttentionResult {
    const { output, weights } = this.#attend(query, key ?? query, value ?? key ?? query, options, true);
    return { output, weights: weights! };
  }

  #attend(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    options: AttentionCallOptions,
    needWeights: boolean,
  ): { output: Tensor; weights: Tensor | null } {
    const name = "MultiheadAttention";
    const e = this.embedDim;
    const batched = query.rank === 3;
    const layout = this.batchFirst ? `[batch, seq, ${e}]` : `[seq, batch, ${e}]`;
    for (const [what, t] of [
      ["query", query],
      ["key", key],
      ["value", value],
    ] as const) {
      if ((t.rank !== 2 && t.rank !== 3) || t.rank !== query.rank || t.shape[t.rank - 1] !== e) {
        throw new ShapeError(
          `${name}: expected ${what} of shape ${layout} (or [seq, ${e}] unbatched), got ${formatShape(t.shape)}`,
        );
      }
      if (!isFloat(t.dtype)) throw new ValueError(`${name}: expected a float ${what}, got ${t.dtype}`);
    }
    // Work batch-first: [batch, seq, embed].
    const toBatchFirst = (t: Tensor) =>
      !batched ? unsqueeze(t, 0) : this.batchFirst ? t : transpose(t, 0, 1);
    const batchOf = (t: Tensor) => (!batched ? 1 : t.shape[this.batchFirst ? 0 : 1]!);
    const seqOf = (t: Tensor) => (!batched ? t.shape[0]! : t.shape[this.batchFirst ? 1 : 0]!);
    const n = batchOf(query);
    const tgt = seqOf(query);
    const src = seqOf(key);
    if (batchOf(key) !== n || batchOf(value) !== n || seqOf(value) !== src) {
      throw new ShapeError(
        `${name}: key and value must have the query's batch and one source length, got query ${formatShape(query.shape)}, key ${formatShape(key.shape)}, value ${formatShape(value.shape)}`,
      );
    }
    const h = this.numHeads;
    const d = this.headDim;
    const { keyPaddingMask, attnMask } = options;
    const kpmShape = batched ? [n, src] : [src];
    if (keyPaddingMask && !sameShape(keyPaddingMask.shape, kpmShape)) {
      throw new ShapeError(
        `${name}: expected keyPaddingMask of shape ${formatShape(kpmShape)}, got ${formatShape(keyPaddingMask.shape)}`,
      );
    }
    if (attnMask && !sameShape(attnMask.shape, [tgt, src]) && !sameShape(attnMask.shape, [n * h, tgt, src])) {
      throw new ShapeError(
        `${name}: expected attnMask of shape ${formatShape([tgt, src])} or ${formatShape([n * h, tgt, src])}, got ${formatShape(attnMask.shape)}`,
      );
    }

    return tidy(() => {
      const w = this.inProjWeight;
      const b = this.inProjBias;
      const project = (x: Tensor, i: number) => {
        const y = matmul(toBatchFirst(x), slice(w, [[i * e, (i + 1) * e]]), { transposeB: true });
        return b ? add(y, slice(b, [[i * e, (i + 1) * e]])) : y;
      };
      // [batch, seq, embed] → [batch, heads, seq, headDim]
      const heads = (x: Tensor, len: number) => permute(reshape(x, [n, len, h, d]), [0, 2, 1, 3]);
      const q = heads(project(query, 0), tgt);
      const k = heads(project(key, 1), src);
      const v = heads(project(value, 2), src);
      let scores = mul(matmul(q, k, { transposeB: true }), 1 / Math.sqrt(d)); // [batch, heads, tgt, src]
      const mask = attnMask ?? (options.isCausal ? causalMask(tgt, src) : undefined);
      if (mask) scores = applyMask(scores, mask.rank === 3 ? reshape(mask, [n, h, tgt, src]) : mask);
      if (keyPaddingMask) scores = applyMask(scores, reshape(keyPaddingMask, [n, 1, 1, src]));
      let weights = softmax(scores, -1);
      this.#attnDropout.training = this.training;
      weights = this.#attnDropout.call(weights);
      const context = reshape(permute(matmul(weights, v), [0, 2, 1, 3]), [n, tgt, e]);
      let output = this.outProj.call(context);
      output = !batched ? squeeze(output, 0) : this.batchFirst ? output : transpose(output, 0, 1);
      if (!needWeights) return { output, weights: null };
      let returned = (options.averageAttnWeights ?? true) ? mean(weights, 1) : weights;
      if (!batched) returned = squeeze(returned, 0);
      return { output, weights: returned };
    });
  }

  protected override extraRepr(): string {
    const parts = [`embedDim=${this.embedDim}`, `numHeads=${this.numHeads}`];
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.batchFirst) parts.push("batchFirst=true");
    return parts.join(", ");
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A bool mask (true = masked) becomes −∞ there; a float mask is added. */
function applyMask(scores: Tensor, mask: Tensor): Tensor {
  return mask.dtype === "bool" ? where(mask, NEG_INF, scores) : add(scores, mask);
}

/** True above the diagonal: position i may not look at j > i. */
function causalMask(tgt: number, src: number): Tensor {
  return tensor(Array.from({ length: tgt }, (_, i) => Array.from({ length: src }, (_, j) => j > i)));
}

/** Options of {@link TransformerEncoderLayer} (PyTorch's names and defaults). */
export interface TransformerEncoderLayerOptions {
  /** Width of the feed-forward block. Default 2048. */
  readonly dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward block. Default 0.1. */
  readonly dropout?: number;
  /** Default 'relu'. */
  readonly activation?: "relu" | "gelu";
  /** Default 1e-5. */
  readonly layerNormEps?: number;
  /** `[batch, seq, dModel]` instead of `[seq, batch, dModel]`. Default false. */
  readonly batchFirst?: boolean;
  /** Pre-norm (`x + f(norm(x))`) instead of post-norm (`norm(x + f(x))`). Default false. */
  readonly normFirst?: boolean;
  /** Biases in the linear layers, the attention and the layer norms. Default true. */
  readonly bias?: boolean;
}

/** What {@link TransformerEncoderLayer.forward} accepts besides the input. */
export interface TransformerEncoderCallOptions {
  /** The attention mask (see {@link AttentionCallOptions.attnMask}). */
  readonly srcMask?: Tensor;
  /** Padding positions to ignore (see {@link AttentionCallOptions.keyPaddingMask}). */
  readonly srcKeyPaddingMask?: Tensor;
  /** A causal mask when no `srcMask` is given. */
  readonly isCausal?: boolean;
}

/**
 * One Transformer encoder block, PyTorch's `nn.TransformerEncoderLayer`: self-attention and a
 * feed-forward block (`linear2(dropout(act(linear1(x))))`), each with dropout, a residual and a
 * layer norm (after by default, before with `normFirst`). Submodules and state-dict keys are
 * PyTorch's (`self_attn.in_proj_weight`, `linear1.weight`, `norm1.weight`, …).
 *
 * @example
 * ```ts
 * const block = new TransformerEncoderLayer(64, 4, { dimFeedforward: 128, batchFirst: true });
 * const y = block.call(tokens, { srcKeyPaddingMask }); // [batch, seq, 64]
 * ```
 */
export class TransformerEncoderLayer extends Module<
  [src: Tensor, options?: TransformerEncoderCallOptions],
  Tensor
> {
  readonly self_attn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly normFirst: boolean;
  readonly activation: "relu" | "gelu";

  constructor(
    readonly dModel: number,
    readonly nhead: number,
    options: TransformerEncoderLayerOptions = {},
  ) {
    super();
    const p = options.dropout ?? 0.1;
    const bias = options.bias ?? true;
    const ff = options.dimFeedforward ?? 2048;
    const eps = options.layerNormEps ?? 1e-5;
    this.normFirst = options.normFirst ?? false;
    this.activation = options.activation ?? "relu";
    if (this.activation !== "relu" && this.activation !== "gelu") {
      throw new ValueError(
        `TransformerEncoderLayer: activation must be 'relu' or 'gelu', got '${String(this.activation)}'`,
      );
    }
    this.self_attn = this.registerModule(
      "self_attn",
      new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: options.batchFirst ?? false }),
    );
    this.linear1 = this.registerModule("linear1", new Linear(dModel, ff, { bias }));
    this.dropout = this.registerModule("dropout", new Dropout(p));
    this.linear2 = this.registerModule("linear2", new Linear(ff, dModel, { bias }));
    this.norm1 = this.registerModule("norm1", new LayerNorm(dModel, { eps, bias }));
    this.norm2 = this.registerModule("norm2", new LayerNorm(dModel, { eps, bias }));
    this.dropout1 = this.registerModule("dropout1", new Dropout(p));
    this.dropout2 = this.registerModule("dropout2", new Dropout(p));
  }

  forward(src: Tensor, options: TransformerEncoderCallOptions = {}): Tensor {
    const attnOptions: AttentionCallOptions = {
      ...(options.srcMask ? { attnMask: options.srcMask } : {}),
      ...(options.srcKeyPaddingMask ? { keyPaddingMask: options.srcKeyPaddingMask } : {}),
      ...(options.isCausal ? { isCausal: true } : {}),
    };
    return tidy(() => {
      const sa = (x: Tensor) => this.dropout1.call(this.self_attn.call(x, x, x, attnOptions));
      const act = (x: Tensor) => (this.activation === "relu" ? relu(x) : gelu(x));
      const ffBlock = (x: Tensor) =>
        this.dropout2.call(this.linear2.call(this.dropout.call(act(this.linear1.call(x)))));
      let x = src;
      if (this.normFirst) {
        x = add(x, sa(this.norm1.call(x)));
        x = add(x, ffBlock(this.norm2.call(x)));
      } else {
        x = this.norm1.call(add(x, sa(x)));
        x = this.norm2.call(add(x, ffBlock(x)));
      }
      return x;
    });
  }

  protected override getConfig(): ModuleConfig {
    return {
      type: "TransformerEncoderLayer",
      config: {
        dModel: this.dModel,
        nhead: this.nhead,
        dimFeedforward: this.linear1.outFeatures,
        dropout: this.dropout.p,
        activation: this.activation,
        layerNormEps: this.norm1.eps,
        batchFirst: this.self_attn.batchFirst,
        normFirst: this.normFirst,
        bias: this.linear1.bias !== null,
      },
    };
  }

  protected override extraRepr(): string {
    const parts = [`dModel=${this.dModel}`, `nhead=${this.nhead}`];
    if (this.activation !== "relu") parts.push(`activation='${this.activation}'`);
    if (this.normFirst) parts.push("normFirst=true");
    return parts.join(", ");
  }
}
