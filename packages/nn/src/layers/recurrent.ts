import {
  add,
  bernoulli,
  concat,
  formatShape,
  isFloat,
  matmul,
  mul,
  ShapeError,
  slice,
  squeeze,
  stack,
  type Tensor,
  tensor,
  tidy,
  transpose,
  unsqueeze,
  ValueError,
  where,
  zeros,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { uniform } from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** Options shared by {@link RNN}, {@link LSTM} and {@link GRU} (PyTorch's names and defaults). */
export interface RecurrentOptions {
  /** Stacked layers; layer k+1 reads layer k's output sequence. Default 1. */
  readonly numLayers?: number;
  /** Learn `bias_ih` and `bias_hh`. Default true. */
  readonly bias?: boolean;
  /** Input and output are `[batch, seq, features]` instead of `[seq, batch, features]`. States stay `[layers·dirs, batch, hidden]`. Default false. */
  readonly batchFirst?: boolean;
  /** Dropout probability on the output of every layer but the last, in training mode only. Default 0. */
  readonly dropout?: number;
  /** A second pass from the end to the start; outputs are `[forward, backward]` along the feature axis. Default false. */
  readonly bidirectional?: boolean;
}

/**
 * Per-sequence lengths of a padded batch: steps at or past a sequence's length leave its state
 * unchanged and output zeros, so the final state is the one at its last valid step (PyTorch's
 * `pack_padded_sequence` → `pad_packed_sequence` with `total_length` = the input's length).
 * Integers in [0, seq], one per batch entry (an array or an int tensor).
 */
export type SequenceLengths = readonly number[] | Tensor;

/** @internal The weights of one layer and direction. */
export interface CellWeights {
  readonly wIh: Parameter;
  readonly wHh: Parameter;
  readonly bIh: Parameter | null;
  readonly bHh: Parameter | null;
}

/**
 * @internal One time step of a cell. `gi` is `x·W_ihᵀ + b_ih` for this step (`[batch, gates·hidden]`,
 * computed for every step in one matmul beforehand), `gh` is `h·W_hhᵀ + b_hh`; `state` is `[h]` or
 * `[h, c]`. Returns the new state, `h` first.
 */
export type CellStep = (gi: Tensor, gh: Tensor, state: readonly Tensor[]) => Tensor[];

/** @internal What {@link RecurrentBase.recur} runs: one layer in one direction. */
export interface DirectionRun {
  /** `[seq, batch, in]`, seq > 0. */
  readonly input: Tensor;
  readonly w: CellWeights;
  /** The initial state, `[h]` or `[h, c]`, each `[batch, hidden]`. */
  readonly state0: Tensor[];
  readonly reverse: boolean;
  /** `[seq, batch, 1]` bool, false past a sequence's end; null when every sequence is full. */
  readonly mask: Tensor | null;
}

/** @internal What {@link RecurrentBase.recur} returns: the output sequence `[seq, batch, hidden]` and the final state. */
export interface DirectionResult {
  readonly output: Tensor;
  readonly state: Tensor[];
}

/** @internal What {@link RecurrentBase.runAll} returns: the output sequence and each final state `[layers·dirs, batch, hidden]`. */
export interface RecurrentResult {
  readonly output: Tensor;
  readonly states: Tensor[];
}

/**
 * @internal The machinery shared by RNN, LSTM and GRU: PyTorch's parameters
 * (`weight_ih_l{k}[_reverse]`, …, in PyTorch's order, all U(±1/√hidden)), shape checks, layers,
 * directions, variable lengths and inter-layer dropout. A subclass gives the gate count, the
 * number of states and one {@link CellStep}.
 */
export abstract class RecurrentBase<RunOptions> extends Module<[x: Tensor, options?: RunOptions], Tensor> {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly #cells: CellWeights[] = [];

  protected constructor(
    /** The layer's name in errors ("LSTM"). */
    protected readonly layerName: string,
    gates: number,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: RecurrentOptions,
  ) {
    super();
    this.numLayers = options.numLayers ?? 1;
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    this.bidirectional = options.bidirectional ?? false;
    const positive = (v: number, what: string, min: number) => {
      if (!Number.isInteger(v) || v < min)
        throw new ValueError(`${layerName}: ${what} must be an integer ≥ ${min}, got ${v}`);
    };
    positive(inputSize, "inputSize", 0);
    positive(hiddenSize, "hiddenSize", 1);
    positive(this.numLayers, "numLayers", 1);
    if (!(this.dropout >= 0 && this.dropout <= 1)) {
      throw new ValueError(`${layerName}: dropout must be a probability in [0, 1], got ${this.dropout}`);
    }
    const bound = 1 / Math.sqrt(hiddenSize);
    const param = (shape: number[]) => tidy(() => new Parameter(uniform(shape, -bound, bound)));
    const dirs = this.numDirections;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const inSize = layer === 0 ? inputSize : hiddenSize * dirs;
      for (let dir = 0; dir < dirs; dir++) {
        const suffix = `_l${layer}${dir === 1 ? "_reverse" : ""}`;
        const wIh = this.registerParameter(`weight_ih${suffix}`, param([gates * hiddenSize, inSize]));
        const wHh = this.registerParameter(`weight_hh${suffix}`, param([gates * hiddenSize, hiddenSize]));
        const bIh = this.registerParameter(
          `bias_ih${suffix}`,
          this.bias ? param([gates * hiddenSize]) : null,
        );
        const bHh = this.registerParameter(
          `bias_hh${suffix}`,
          this.bias ? param([gates * hiddenSize]) : null,
        );
        this.#cells.push({ wIh, wHh, bIh, bHh });
      }
    }
  }

  /** The constructor arguments, for the subclasses' `getConfig`. */
  protected recurrentConfig(): ModuleConfig["config"] {
    return {
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      numLayers: this.numLayers,
      bias: this.bias,
      batchFirst: this.batchFirst,
      dropout: this.dropout,
      bidirectional: this.bidirectional,
    };
  }

  /** 2 when bidirectional, else 1. */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** One step of the cell (see {@link CellStep}). */
  protected abstract step(gi: Tensor, gh: Tensor, state: readonly Tensor[]): Tensor[];

  /**
   * Runs every layer and direction over `x`. `initial` holds one `[layers·dirs, batch, hidden]`
   * tensor per state (or `[layers·dirs, hidden]` for an unbatched input), `undefined` for zeros;
   * `stateNames` name them in errors ("h0", "c0").
   */
  protected runAll(
    x: Tensor,
    initial: readonly (Tensor | undefined)[],
    stateNames: readonly string[],
    lengths: SequenceLengths | undefined,
  ): RecurrentResult {
    const name = this.layerName;
    const { inputSize, hiddenSize } = this;
    const dirs = this.numDirections;
    const batched = x.rank === 3;
    if ((x.rank !== 2 && x.rank !== 3) || x.shape[x.rank - 1] !== inputSize) {
      const layout = this.batchFirst ? `[batch, seq, ${inputSize}]` : `[seq, batch, ${inputSize}]`;
      throw new ShapeError(
        `${name}: expected input of shape ${layout} (or [seq, ${inputSize}] unbatched), got ${formatShape(x.shape)}`,
      );
    }
    if (!isFloat(x.dtype)) throw new ValueError(`${name}: expected a float input, got ${x.dtype}`);
    const seqLen = batched ? x.shape[this.batchFirst ? 1 : 0]! : x.shape[0]!;
    const batch = batched ? x.shape[this.batchFirst ? 0 : 1]! : 1;
    const stateShape = batched
      ? [this.numLayers * dirs, batch, hiddenSize]
      : [this.numLayers * dirs, hiddenSize];
    initial.forEach((s, i) => {
      if (s && (s.rank !== stateShape.length || s.shape.some((d, j) => d !== stateShape[j]))) {
        throw new ShapeError(
          `${name}: expected ${stateNames[i]} of shape ${formatShape(stateShape)}, got ${formatShape(s.shape)}`,
        );
      }
    });
    const lens = lengths === undefined ? undefined : readLengths(name, lengths, batch, seqLen);

    return tidy(() => {
      // Work in [seq, batch, features] with a batch axis; views, no copies.
      let input = batched ? (this.batchFirst ? transpose(x, 0, 1) : x) : unsqueeze(x, 1);
      const init = initial.map((s) =>
        s ? (batched ? s : unsqueeze(s, 1)) : zeros([this.numLayers * dirs, batch, hiddenSize], x.dtype),
      );
      const mask = lens?.some((l) => l !== seqLen) ? stepMask(lens, seqLen) : null;
      const finals: Tensor[][] = initial.map(() => []);
      for (let layer = 0; layer < this.numLayers; layer++) {
        const outs: Tensor[] = [];
        for (let dir = 0; dir < dirs; dir++) {
          const k = layer * dirs + dir;
          const state0 = init.map((s) => slice(s, [k]));
          const { output, state } = this.#runDirection({
            input,
            w: this.#cells[k]!,
            state0,
            reverse: dir === 1,
            mask,
          });
          outs.push(output);
          for (const [i, s] of state.entries()) finals[i]!.push(s);
        }
        input = dirs === 1 ? outs[0]! : concat(outs, 2);
        if (this.training && this.dropout > 0 && layer < this.numLayers - 1) {
          const keepProb = 1 - this.dropout;
          input =
            keepProb === 0
              ? mul(input, 0)
              : mul(input, mul(bernoulli(keepProb, { shape: input.shape }), 1 / keepProb));
        }
      }
      let output = input;
      if (!batched) output = squeeze(output, 1);
      else if (this.batchFirst) output = transpose(output, 0, 1);
      const states = finals.map((per) => {
        const s = stack(per, 0);
        return batched ? s : squeeze(s, 1);
      });
      return { output, states };
    });
  }

  /** One layer in one direction (an empty sequence keeps its initial state). */
  #runDirection(run: DirectionRun): DirectionResult {
    if (run.input.shape[0] === 0)
      return { output: zeros([0, run.input.shape[1]!, this.hiddenSize], run.input.dtype), state: run.state0 };
    return this.recur(run);
  }

  /**
   * One layer in one direction over a non-empty input from its initial state; past a sequence's
   * end (`mask` false) the state is kept and the output is zero. This default computes
   * `x·W_ihᵀ + b_ih` for every step in one matmul, then runs {@link step} once per step; a layer
   * with a fused recurrence (LSTM) overrides it.
   */
  protected recur({ input, w, state0, reverse, mask }: DirectionRun): DirectionResult {
    const seqLen = input.shape[0]!;
    // x·W_ihᵀ + b_ih for every step at once, outside the sequential loop.
    const projected = matmul(input, w.wIh, { transposeB: true });
    const gi = w.bIh ? add(projected, w.bIh) : projected;
    let state = state0;
    const outs: Tensor[] = new Array(seqLen);
    for (let i = 0; i < seqLen; i++) {
      const t = reverse ? seqLen - 1 - i : i;
      const prev = state;
      const next = tidy(() => {
        const hh = matmul(prev[0]!, w.wHh, { transposeB: true });
        const gh = w.bHh ? add(hh, w.bHh) : hh;
        const fresh = this.step(slice(gi, [t]), gh, prev);
        if (!mask) return { state: fresh, out: fresh[0]! };
        // Past a sequence's end: keep the old state, output zeros.
        const m = slice(mask, [t]);
        return { state: fresh.map((s, j) => where(m, s, prev[j]!)), out: where(m, fresh[0]!, 0) };
      });
      state = next.state;
      outs[t] = next.out;
    }
    return { output: stack(outs, 0), state };
  }

  protected override extraRepr(): string {
    const parts = [`inputSize=${this.inputSize}`, `hiddenSize=${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (!this.bias) parts.push("bias=false");
    if (this.batchFirst) parts.push("batchFirst=true");
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push("bidirectional=true");
    return parts.join(", ");
  }
}

/** Validates `lengths` and reads them to the host. */
function readLengths(layer: string, lengths: SequenceLengths, batch: number, seqLen: number): number[] {
  let values: number[];
  if (Array.isArray(lengths)) values = [...(lengths as readonly number[])];
  else {
    const t = lengths as Tensor;
    if (t.rank !== 1 || isFloat(t.dtype)) {
      throw new ValueError(
        `${layer}: lengths must be a 1-D int tensor or an array of integers, got a ${t.dtype} tensor of shape ${formatShape(t.shape)}`,
      );
    }
    values = Array.from(t.dataSync() as ArrayLike<number>);
  }
  if (values.length !== batch) {
    throw new ValueError(`${layer}: expected ${batch} lengths (one per batch entry), got ${values.length}`);
  }
  values.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0 || l > seqLen) {
      throw new ValueError(
        `${layer}: lengths[${i}] must be an integer in [0, ${seqLen}] (the sequence length), got ${l}`,
      );
    }
  });
  return values;
}

/** A `[seq, batch, 1]` bool mask: true where a step is inside its sequence. */
function stepMask(lengths: readonly number[], seqLen: number): Tensor {
  return tensor(Array.from({ length: seqLen }, (_, t) => lengths.map((l) => [t < l])));
}
