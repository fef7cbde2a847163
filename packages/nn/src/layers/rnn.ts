import { add, relu, type Tensor, tanh, ValueError } from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { RecurrentBase, type RecurrentOptions, type SequenceLengths } from "./recurrent.js";

/** Options of {@link RNN}. */
export interface RNNOptions extends RecurrentOptions {
  /** The cell's activation. Default 'tanh'. */
  readonly nonlinearity?: "tanh" | "relu";
}

/** What {@link RNN.forward} and {@link RNN.run} accept besides the input. */
export interface RNNRunOptions {
  /** Initial hidden state `[layers·dirs, batch, hidden]` (`[layers·dirs, hidden]` unbatched); zeros when absent. */
  readonly hx?: Tensor;
  /** Per-sequence lengths of a padded batch (see {@link SequenceLengths}). */
  readonly lengths?: SequenceLengths;
}

/** What {@link RNN.run} returns. */
export interface RNNResult {
  /** The top layer's hidden state at every step: `[seq, batch, dirs·hidden]` (`[batch, seq, …]` with batchFirst). */
  readonly output: Tensor;
  /** Every layer's final hidden state: `[layers·dirs, batch, hidden]`. */
  readonly hN: Tensor;
}

/**
 * An Elman recurrent network, PyTorch's `nn.RNN`: `h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)`
 * with `act` tanh or relu, stacked and optionally bidirectional. Parameters are PyTorch's
 * (`weight_ih_l0` `[hidden, in]`, `weight_hh_l0` `[hidden, hidden]`, `bias_ih_l0`, `bias_hh_l0`,
 * `…_reverse`), so a PyTorch state dict loads as is. `call(x)` returns the output sequence;
 * {@link RNN.run} also returns the final state.
 *
 * @example
 * ```ts
 * const rnn = new RNN(8, 16, { numLayers: 2, batchFirst: true });
 * const { output, hN } = rnn.run(x); // x [batch, seq, 8] → output [batch, seq, 16], hN [2, batch, 16]
 * ```
 */
export class RNN extends RecurrentBase<RNNRunOptions> {
  readonly nonlinearity: "tanh" | "relu";

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super("RNN", 1, inputSize, hiddenSize, options);
    this.nonlinearity = options.nonlinearity ?? "tanh";
    if (this.nonlinearity !== "tanh" && this.nonlinearity !== "relu") {
      throw new ValueError(`RNN: nonlinearity must be 'tanh' or 'relu', got '${String(this.nonlinearity)}'`);
    }
  }

  /** The output sequence (use {@link run} for the final state too). */
  forward(x: Tensor, options: RNNRunOptions = {}): Tensor {
    const { output, hN } = this.run(x, options);
    hN.dispose();
    return output;
  }

  /** The output sequence and the final hidden state of every layer. */
  run(x: Tensor, options: RNNRunOptions = {}): RNNResult {
    const { output, states } = this.runAll(x, [options.hx], ["h0"], options.lengths);
    return { output, hN: states[0]! };
  }

  protected override getConfig(): ModuleConfig {
    return { type: "RNN", config: { ...this.recurrentConfig(), nonlinearity: this.nonlinearity } };
  }

  protected step(gi: Tensor, gh: Tensor): Tensor[] {
    const pre = add(gi, gh);
    return [this.nonlinearity === "tanh" ? tanh(pre) : relu(pre)];
  }

  protected override extraRepr(): string {
    const base = super.extraRepr();
    return this.nonlinearity === "tanh" ? base : `${base}, nonlinearity='relu'`;
  }
}
