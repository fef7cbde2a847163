import { add, mul, sigmoid, split, sub, type Tensor, tanh } from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { RecurrentBase, type RecurrentOptions, type SequenceLengths } from "./recurrent.js";

/** Options of {@link GRU}. */
export type GRUOptions = RecurrentOptions;

/** What {@link GRU.forward} and {@link GRU.run} accept besides the input. */
export interface GRURunOptions {
  /** Initial hidden state `[layers·dirs, batch, hidden]` (`[layers·dirs, hidden]` unbatched); zeros when absent. */
  readonly hx?: Tensor;
  /** Per-sequence lengths of a padded batch (see {@link SequenceLengths}). */
  readonly lengths?: SequenceLengths;
}

/** What {@link GRU.run} returns. */
export interface GRUResult {
  /** The top layer's hidden state at every step: `[seq, batch, dirs·hidden]` (`[batch, seq, …]` with batchFirst). */
  readonly output: Tensor;
  /** Every layer's final hidden state: `[layers·dirs, batch, hidden]`. */
  readonly hN: Tensor;
}

/**
 * Gated recurrent unit, PyTorch's `nn.GRU`. Gates in PyTorch's order (reset, update, new):
 * `r = σ(W_ir x + b_ir + W_hr h + b_hr)`, `z = σ(W_iz x + b_iz + W_hz h + b_hz)`,
 * `n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn))`, `h' = (1−z)⊙n + z⊙h` — the reset gate applies
 * after the hidden matmul, as PyTorch (and Keras' `reset_after`) do. Parameters are PyTorch's
 * (`weight_ih_l0` `[3·hidden, in]`, …). `call(x)` returns the output sequence; {@link GRU.run}
 * also returns `hN`.
 *
 * @example
 * ```ts
 * const gru = new GRU(8, 16, { numLayers: 2 });
 * const { output, hN } = gru.run(x); // x [seq, batch, 8] → output [seq, batch, 16], hN [2, batch, 16]
 * ```
 */
export class GRU extends RecurrentBase<GRURunOptions> {
  constructor(inputSize: number, hiddenSize: number, options: GRUOptions = {}) {
    super("GRU", 3, inputSize, hiddenSize, options);
  }

  /** The output sequence (use {@link run} for the final state too). */
  forward(x: Tensor, options: GRURunOptions = {}): Tensor {
    const { output, hN } = this.run(x, options);
    hN.dispose();
    return output;
  }

  /** The output sequence and the final hidden state of every layer. */
  run(x: Tensor, options: GRURunOptions = {}): GRUResult {
    const { output, states } = this.runAll(x, [options.hx], ["h0"], options.lengths);
    return { output, hN: states[0]! };
  }

  protected override getConfig(): ModuleConfig {
    return { type: "GRU", config: this.recurrentConfig() };
  }

  protected step(gi: Tensor, gh: Tensor, state: readonly Tensor[]): Tensor[] {
    const h = state[0]!;
    const [ir, iz, iN] = split(gi, this.hiddenSize, 1) as [Tensor, Tensor, Tensor];
    const [hr, hz, hN] = split(gh, this.hiddenSize, 1) as [Tensor, Tensor, Tensor];
    const r = sigmoid(add(ir, hr));
    const z = sigmoid(add(iz, hz));
    const n = tanh(add(iN, mul(r, hN)));
    // (1−z)⊙n + z⊙h, written n + z⊙(h−n): one op fewer.
    return [add(n, mul(z, sub(h, n)))];
  }
}
