import {
  add,
  linear,
  lstmSequence,
  mul,
  sigmoid,
  slice,
  split,
  type Tensor,
  tanh,
  where,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import {
  type DirectionResult,
  type DirectionRun,
  RecurrentBase,
  type RecurrentOptions,
  type SequenceLengths,
} from "./recurrent.js";

/** Options of {@link LSTM}. */
export type LSTMOptions = RecurrentOptions;

/** What {@link LSTM.forward} and {@link LSTM.run} accept besides the input. */
export interface LSTMRunOptions {
  /** Initial `[h0, c0]`, each `[layers·dirs, batch, hidden]` (`[layers·dirs, hidden]` unbatched); zeros when absent. */
  readonly hx?: readonly [h0: Tensor, c0: Tensor];
  /** Per-sequence lengths of a padded batch (see {@link SequenceLengths}). */
  readonly lengths?: SequenceLengths;
}

/** What {@link LSTM.run} returns. */
export interface LSTMResult {
  /** The top layer's hidden state at every step: `[seq, batch, dirs·hidden]` (`[batch, seq, …]` with batchFirst). */
  readonly output: Tensor;
  /** Every layer's final hidden state: `[layers·dirs, batch, hidden]`. */
  readonly hN: Tensor;
  /** Every layer's final cell state: `[layers·dirs, batch, hidden]`. */
  readonly cN: Tensor;
}

/**
 * Long short-term memory, PyTorch's `nn.LSTM`. Gates in PyTorch's order (input, forget, cell,
 * output): `[i f g o] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh`, `c' = σ(f)⊙c + σ(i)⊙tanh(g)`,
 * `h' = σ(o)⊙tanh(c')`. Parameters are PyTorch's (`weight_ih_l0` `[4·hidden, in]`, …), so a
 * PyTorch state dict loads as is. `call(x)` returns the output sequence; {@link LSTM.run} also
 * returns `hN` and `cN`.
 *
 * @example
 * ```ts
 * const lstm = new LSTM(8, 16, { batchFirst: true, bidirectional: true });
 * const { output, hN, cN } = lstm.run(x, { lengths: [5, 3] }); // output [2, 5, 32], hN [2, 2, 16]
 * ```
 */
export class LSTM extends RecurrentBase<LSTMRunOptions> {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    super("LSTM", 4, inputSize, hiddenSize, options);
  }

  /** The output sequence (use {@link run} for the final states too). */
  forward(x: Tensor, options: LSTMRunOptions = {}): Tensor {
    const { output, hN, cN } = this.run(x, options);
    hN.dispose();
    cN.dispose();
    return output;
  }

  /** The output sequence and the final hidden and cell states of every layer. */
  run(x: Tensor, options: LSTMRunOptions = {}): LSTMResult {
    const { output, states } = this.runAll(
      x,
      [options.hx?.[0], options.hx?.[1]],
      ["h0", "c0"],
      options.lengths,
    );
    return { output, hN: states[0]!, cN: states[1]! };
  }

  protected override getConfig(): ModuleConfig {
    return { type: "LSTM", config: this.recurrentConfig() };
  }

  /**
   * The fused recurrence: `x·W_ihᵀ + b_ih + b_hh` for every step in one op, then the whole
   * sequence as one recorded `lstmSequence` op, whose backward pass is a few ops per step instead
   * of the gradients of fifteen recorded ops per step (the same function as {@link step}).
   */
  protected override recur({ input, w, state0, reverse, mask }: DirectionRun): DirectionResult {
    const H = this.hiddenSize;
    const bias = w.bIh && w.bHh ? add(w.bIh, w.bHh) : (w.bIh ?? w.bHh);
    const gates = linear(input, w.wIh, bias);
    const out = lstmSequence(gates, w.wHh, state0[0]!, state0[1]!, mask ? { reverse, mask } : { reverse });
    // The state after the last step processed (the first in time when reversed).
    const last = reverse ? 0 : input.shape[0]! - 1;
    const hs = slice(out, [null, null, [0, H]]);
    return {
      output: mask ? where(mask, hs, 0) : hs,
      state: [slice(out, [last, null, [0, H]]), slice(out, [last, null, [H, 2 * H]])],
    };
  }

  /** One step of PyTorch's cell composed of recorded ops (the generic path); {@link recur} computes the same, fused. */
  protected step(gi: Tensor, gh: Tensor, state: readonly Tensor[]): Tensor[] {
    const [i, f, g, o] = split(add(gi, gh), this.hiddenSize, 1) as [Tensor, Tensor, Tensor, Tensor];
    const c = add(mul(sigmoid(f), state[1]!), mul(sigmoid(i), tanh(g)));
    return [mul(sigmoid(o), tanh(c)), c];
  }
}
