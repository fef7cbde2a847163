import { noGrad } from "@tensorkit/autograd";
import {
  formatShape,
  reshape,
  ShapeError,
  slice,
  type Tensor,
  TensorkitError,
  tidy,
  transpose,
} from "@tensorkit/tensor";
import type { LayerSpec } from "./builders.js";
import type { ModuleConfig } from "./config-registry.js";
import { type InitializerName, initializer } from "./init.js";
import { GRU } from "./layers/gru.js";
import { LSTM } from "./layers/lstm.js";
import { RNN } from "./layers/rnn.js";
import type { Regularizer } from "./module.js";

/**
 * Options of the Keras-style recurrent builders {@link simpleRnn}, {@link lstm} and {@link gru}.
 * Inputs are batch-first, `[batch, time, features]`, as in Keras.
 */
export interface RecurrentLayerOptions {
  /** Output every step, `[batch, time, units]`, instead of the last one, `[batch, units]`. Default false (Keras). */
  readonly returnSequences?: boolean;
  /** Shape of one sample, `[time, features]`: only on the first layer. */
  readonly inputShape?: readonly number[];
  readonly useBias?: boolean;
  /** Run a second layer backwards and concatenate (Keras' `Bidirectional` wrapper, merge mode 'concat'). Default false. */
  readonly bidirectional?: boolean;
  /** Stacked layers inside the one module (PyTorch's `num_layers`). Default 1. */
  readonly numLayers?: number;
  /** Dropout between stacked layers (PyTorch's `dropout`, not Keras' input dropout). Default 0. */
  readonly dropout?: number;
  /** Default: PyTorch's initialisation (U(±1/√units)); a Keras name to override, for `weight_ih_*`. */
  readonly kernelInitializer?: InitializerName;
  /** For `weight_hh_*` (Keras' default is 'orthogonal'; ours stays PyTorch's unless given). */
  readonly recurrentInitializer?: InitializerName;
  readonly biasInitializer?: InitializerName;
  readonly kernelRegularizer?: Regularizer;
  readonly recurrentRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
}

/** Options of {@link simpleRnn}. */
export interface SimpleRnnOptions extends RecurrentLayerOptions {
  /** Default 'tanh'. */
  readonly activation?: "tanh" | "relu";
}

/** The top layer's final hidden state, both directions concatenated: `[batch, dirs·hidden]`. */
function lastState(hN: Tensor, dirs: number): Tensor {
  const layers = hN.shape[0]!;
  const top = slice(hN, [[layers - dirs, layers]]); // [dirs, batch, hidden]
  return reshape(transpose(top, 0, 1), [hN.shape[1]!, -1]);
}

/** An RNN whose `call(x)` returns its last hidden state (what the builders make when returnSequences is false). */
export class RNNLastStep extends RNN {
  override forward(x: Tensor): Tensor {
    return tidy(() => lastState(this.run(x).hN, this.numDirections));
  }
  protected override getConfig(): ModuleConfig {
    return { type: "RNNLastStep", config: { ...this.recurrentConfig(), nonlinearity: this.nonlinearity } };
  }
  protected override extraRepr(): string {
    return `${super.extraRepr()}, returnSequences=false`;
  }
}

/** An LSTM whose `call(x)` returns its last hidden state. */
export class LSTMLastStep extends LSTM {
  override forward(x: Tensor): Tensor {
    return tidy(() => lastState(this.run(x).hN, this.numDirections));
  }
  protected override getConfig(): ModuleConfig {
    return { type: "LSTMLastStep", config: { ...this.recurrentConfig() } };
  }
  protected override extraRepr(): string {
    return `${super.extraRepr()}, returnSequences=false`;
  }
}

/** A GRU whose `call(x)` returns its last hidden state. */
export class GRULastStep extends GRU {
  override forward(x: Tensor): Tensor {
    return tidy(() => lastState(this.run(x).hN, this.numDirections));
  }
  protected override getConfig(): ModuleConfig {
    return { type: "GRULastStep", config: { ...this.recurrentConfig() } };
  }
  protected override extraRepr(): string {
    return `${super.extraRepr()}, returnSequences=false`;
  }
}

type Recurrent = RNN | LSTM | GRU;

function recurrentSpec(
  op: string,
  units: number,
  options: RecurrentLayerOptions,
  make: (features: number, last: boolean) => Recurrent,
): LayerSpec {
  if (!Number.isInteger(units) || units <= 0)
    throw new TensorkitError(`${op}: units must be a positive integer, got ${units}`);
  return {
    ...(options.inputShape ? { inputShape: options.inputShape } : {}),
    build(inputShape) {
      if (inputShape.length !== 2) {
        throw new ShapeError(
          `${op}: expected an input shape [time, features] (without the batch axis), got ${formatShape(inputShape)}`,
        );
      }
      const [time, features] = inputShape as [number, number];
      const last = !(options.returnSequences ?? false);
      const module = make(features, last);
      for (const [name, p] of module.namedParameters()) {
        const role = name.startsWith("weight_ih")
          ? "kernel"
          : name.startsWith("weight_hh")
            ? "recurrent"
            : "bias";
        const init = options[`${role}Initializer`];
        if (init) noGrad(() => tidy(() => p.assign(initializer(init)(p.shape))));
        const reg = options[`${role}Regularizer`];
        if (reg) module.addRegularizer(name, reg);
      }
      const width = module.numDirections * units;
      return { modules: [module], outputShape: last ? [width] : [time, width] };
    },
  };
}

function common(options: RecurrentLayerOptions) {
  return {
    batchFirst: true,
    bias: options.useBias ?? true,
    bidirectional: options.bidirectional ?? false,
    numLayers: options.numLayers ?? 1,
    dropout: options.dropout ?? 0,
  };
}

/**
 * A fully connected recurrent layer (Keras' `SimpleRNN`), made as PyTorch's `nn.RNN` with
 * `batchFirst`, so its state-dict keys are PyTorch's (`0.weight_ih_l0`, …).
 *
 * @example
 * ```ts
 * const model = sequential([simpleRnn(16, { inputShape: [10, 3] }), dense(1)]); // [batch, 10, 3] → [batch, 1]
 * ```
 */
export function simpleRnn(units: number, options: SimpleRnnOptions = {}): LayerSpec {
  const nonlinearity = options.activation ?? "tanh";
  return recurrentSpec("simpleRnn", units, options, (features, last) => {
    const o = { ...common(options), nonlinearity };
    return last ? new RNNLastStep(features, units, o) : new RNN(features, units, o);
  });
}

/**
 * A long short-term memory layer (Keras' `LSTM`), made as PyTorch's `nn.LSTM` with `batchFirst`.
 * With `returnSequences` false (the default) it outputs the last step's hidden state.
 *
 * @example
 * ```ts
 * const model = sequential([
 *   lstm(32, { returnSequences: true, inputShape: [20, 8] }),
 *   lstm(16),
 *   dense(1, { activation: "sigmoid" }),
 * ]);
 * ```
 */
export function lstm(units: number, options: RecurrentLayerOptions = {}): LayerSpec {
  return recurrentSpec("lstm", units, options, (features, last) =>
    last ? new LSTMLastStep(features, units, common(options)) : new LSTM(features, units, common(options)),
  );
}

/**
 * A gated recurrent unit layer (Keras' `GRU` with `reset_after`, its default, which is PyTorch's
 * formulation), made as PyTorch's `nn.GRU` with `batchFirst`.
 *
 * @example
 * ```ts
 * const model = sequential([gru(32, { inputShape: [20, 8], bidirectional: true }), dense(4)]);
 * ```
 */
export function gru(units: number, options: RecurrentLayerOptions = {}): LayerSpec {
  return recurrentSpec("gru", units, options, (features, last) =>
    last ? new GRULastStep(features, units, common(options)) : new GRU(features, units, common(options)),
  );
}
