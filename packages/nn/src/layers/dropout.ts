import { bernoulli, type Generator, mul, type Tensor, tidy, ValueError } from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { Module } from "../module.js";

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** The generator masks are drawn from; the default one is seeded by `manualSeed`. */
  readonly generator?: Generator;
}

/**
 * Inverted dropout (PyTorch's `nn.Dropout`): in training, each element is zeroed with
 * probability `p` and the survivors are scaled by 1/(1-p), so the expected value is unchanged;
 * in evaluation mode it is the identity. Masks come from tensorkit's seeded generator
 * (`manualSeed`), so runs repeat.
 *
 * @example
 * ```ts
 * const drop = new Dropout(0.2);
 * drop.call(h);  // training: ~20 % zeros, the rest ×1.25
 * drop.eval();
 * drop.call(h);  // h itself
 * ```
 */
export class Dropout extends Module {
  readonly #generator: Generator | undefined;

  constructor(
    readonly p = 0.5,
    options: DropoutOptions = {},
  ) {
    super();
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new ValueError(`Dropout: probability p must be between 0 and 1, got ${p}`);
    }
    this.#generator = options.generator;
  }

  /** The layer's own generator, when it was given one (checkpoints save its state); else masks come from the default one. */
  get generator(): Generator | undefined {
    return this.#generator;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    // p = 1 keeps nothing; multiplying by 0 (not zerosLike) keeps the gradient path, as PyTorch.
    if (this.p === 1) return mul(x, 0);
    return tidy(() => {
      const keep = bernoulli(1 - this.p, {
        shape: x.shape,
        ...(this.#generator ? { generator: this.#generator } : {}),
      });
      return mul(x, mul(keep, 1 / (1 - this.p)));
    });
  }

  protected override getConfig(): ModuleConfig {
    return { type: "Dropout", config: { p: this.p } };
  }

  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}
