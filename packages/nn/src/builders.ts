import { noGrad } from "@tensorkit/autograd";
import { formatShape, ShapeError, type Tensor, TensorkitError, tidy, zeros } from "@tensorkit/tensor";
import { ConfigError, type ModuleConfig } from "./config-registry.js";
import { Sequential, type TensorModule } from "./containers.js";
import { type InitializerName, initializer } from "./init.js";
import { type ActivationName, activationModule } from "./layers/activation.js";
import { Linear } from "./layers/linear.js";
import type { Module, Regularizer } from "./module.js";
import type { Parameter } from "./parameter.js";
import { type SummaryInfo, summary } from "./summary.js";

/**
 * Keras-style layer builders. A builder returns a {@link LayerSpec}: a recipe that, given the
 * shape of its input (without the batch axis), makes the PyTorch-style modules and says its
 * output shape. `sequential()` chains them, inferring every input size from the previous layer,
 * so only the first layer names an `inputShape` (or none does, and the model builds on its first
 * call). A `dense(4, { activation: "relu" })` becomes `Linear` then `ReLU` in the Sequential, so
 * state-dict keys match PyTorch's `nn.Sequential(nn.Linear(…), nn.ReLU(), …)`.
 */
export interface LayerSpec {
  /** The input shape without the batch axis, when this is the first layer and knows it. */
  readonly inputShape?: readonly number[];
  /** Makes the modules for an input of `inputShape` (without batch) and returns the output shape. */
  build(inputShape: readonly number[]): { modules: TensorModule[]; outputShape: number[] };
}

/** Options of {@link dense}. */
export interface DenseOptions {
  readonly activation?: ActivationName;
  /** Shape of one sample, e.g. `[2]`: only on the first layer. */
  readonly inputShape?: readonly number[];
  readonly useBias?: boolean;
  /** Default: PyTorch's Linear initialisation (U(±1/√in)); a Keras name to override. */
  readonly kernelInitializer?: InitializerName;
  readonly biasInitializer?: InitializerName;
  readonly kernelRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
}

/**
 * A fully connected layer (Keras' `Dense`): a `Linear` over the last axis, then the activation.
 *
 * @example
 * ```ts
 * const model = sequential([
 *   dense(4, { activation: "relu", inputShape: [2] }),
 *   dense(1, { activation: "sigmoid" }),
 * ]);
 * ```
 */
export function dense(units: number, options: DenseOptions = {}): LayerSpec {
  if (!Number.isInteger(units) || units <= 0)
    throw new TensorkitError(`dense: units must be a positive integer, got ${units}`);
  return {
    ...(options.inputShape ? { inputShape: options.inputShape } : {}),
    build(inputShape) {
      const inFeatures = inputShape[inputShape.length - 1];
      if (inFeatures === undefined)
        throw new ShapeError(`dense: needs an input with at least one axis, got ${formatShape(inputShape)}`);
      const linear = new Linear(inFeatures, units, { bias: options.useBias ?? true });
      reinitialize(linear.weight, options.kernelInitializer);
      if (linear.bias) reinitialize(linear.bias, options.biasInitializer);
      if (options.kernelRegularizer) linear.addRegularizer("weight", options.kernelRegularizer);
      if (options.biasRegularizer && linear.bias) linear.addRegularizer("bias", options.biasRegularizer);
      const act = activationModule(options.activation ?? "linear");
      return { modules: act ? [linear, act] : [linear], outputShape: [...inputShape.slice(0, -1), units] };
    },
  };
}

/**
 * Wraps an already-built module as a layer of {@link sequential}; its output shape is found by
 * running it once on zeros.
 */
export function layer(module: TensorModule): LayerSpec {
  return {
    build(inputShape) {
      return { modules: [module], outputShape: probeShape(module, inputShape) };
    },
  };
}

/** Options of {@link sequential}. */
export interface SequentialOptions {
  /** Shape of one sample, when the first layer does not give it. */
  readonly inputShape?: readonly number[];
}

/**
 * A `Sequential` made from Keras-style layer specs (or modules), with input shapes inferred.
 * Keras' `model.summary()` is `model.summary()`.
 *
 * @example
 * ```ts
 * const model = sequential([dense(4, { activation: "relu", inputShape: [2] }), dense(1, { activation: "sigmoid" })]);
 * console.log(model.summary().text);
 * ```
 */
export function sequential(
  items: readonly (LayerSpec | TensorModule)[],
  options: SequentialOptions = {},
): SequentialModel {
  return new SequentialModel(
    items.map((it) => (isSpec(it) ? it : layer(it))),
    options.inputShape ?? firstInputShape(items),
  );
}

/** The model {@link sequential} returns: a `Sequential` that knows its input shape and builds lazily if it does not. */
export class SequentialModel extends Sequential {
  #pending: LayerSpec[] | null;
  #inputShape: readonly number[] | undefined;

  constructor(specs: readonly LayerSpec[], inputShape: readonly number[] | undefined) {
    super();
    this.#pending = [...specs];
    this.#inputShape = inputShape;
    if (inputShape) this.build(inputShape);
  }

  /** Shape of one input sample (without the batch axis), once known. */
  get inputShape(): readonly number[] | undefined {
    return this.#inputShape;
  }

  /** Whether the layers have been made (they are made on the first call when no input shape was given). */
  get built(): boolean {
    return this.#pending === null;
  }

  /** Makes the layers for inputs of `inputShape` (without the batch axis). Called for you. */
  build(inputShape: readonly number[]): this {
    if (!this.#pending) return this;
    let shape = [...inputShape];
    for (const spec of this.#pending) {
      const { modules, outputShape } = spec.build(shape);
      for (const m of modules) this.append(m);
      shape = outputShape;
    }
    this.#pending = null;
    this.#inputShape = inputShape;
    return this;
  }

  protected override getConfig(): ModuleConfig {
    if (!this.built || !this.#inputShape) {
      throw new ConfigError(
        "toConfig: the SequentialModel has not been built yet: give the first layer an inputShape, or call the model once, before saving it",
      );
    }
    return {
      type: "SequentialModel",
      config: { inputShape: [...this.#inputShape], layers: this.layers.map((m) => m.toConfig()) },
    };
  }

  override forward(x: Tensor): Tensor {
    if (!this.built) this.build(x.shape.slice(1));
    return super.forward(x);
  }

  /** Keras' `model.summary()`: layers, output shapes, parameter counts. */
  summary(inputShape?: readonly number[]): SummaryInfo {
    const shape = inputShape ?? this.#inputShape;
    if (shape && !this.built) this.build(shape);
    return summary(this, shape);
  }
}

function isSpec(x: LayerSpec | TensorModule): x is LayerSpec {
  return typeof (x as LayerSpec).build === "function" && !("forward" in x);
}

function firstInputShape(items: readonly (LayerSpec | TensorModule)[]): readonly number[] | undefined {
  const first = items[0];
  return first && isSpec(first) ? first.inputShape : undefined;
}

function reinitialize(p: Parameter, name: InitializerName | undefined): void {
  if (!name) return;
  const init = initializer(name);
  noGrad(() => tidy(() => p.assign(init(p.shape))));
}

/** Output shape (without batch) of `module` on an input of `inputShape`, by running it once. */
export function probeShape(module: Module<[Tensor], unknown>, inputShape: readonly number[]): number[] {
  const training = module.modules().map((m) => [m, m.training] as const);
  module.eval();
  try {
    return noGrad(() =>
      tidy(() => {
        const out = module.call(zeros([1, ...inputShape]));
        if (!(out && typeof out === "object" && "shape" in out))
          throw new TensorkitError("layer: the module did not return a tensor");
        return (out as Tensor).shape.slice(1);
      }),
    );
  } finally {
    for (const [m, mode] of training) m.training = mode;
  }
}
