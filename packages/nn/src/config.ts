import type { Tensor } from "@tensorkit/tensor";
import { SequentialModel } from "./builders.js";
import {
  type BuiltinModuleType,
  ConfigError,
  customModuleFactory,
  type JsonObject,
  type JsonValue,
  type ModuleConfig,
  type ModuleFactory,
  type RegularizerConfig,
} from "./config-registry.js";
import { ModuleDict, ModuleList, Sequential, type TensorModule } from "./containers.js";
import {
  ELU,
  GELU,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from "./layers/activation.js";
import { MultiheadAttention, TransformerEncoderLayer } from "./layers/attention.js";
import { BatchNorm1d, BatchNorm2d } from "./layers/batchnorm.js";
import { Conv1d, Conv2d } from "./layers/conv.js";
import { Dropout } from "./layers/dropout.js";
import { Embedding } from "./layers/embedding.js";
import { Flatten, Identity } from "./layers/flatten.js";
import { GRU } from "./layers/gru.js";
import { LayerNorm } from "./layers/layernorm.js";
import { Linear } from "./layers/linear.js";
import { LSTM } from "./layers/lstm.js";
import { NeuMF } from "./layers/ncf.js";
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from "./layers/pooling.js";
import type { RecurrentOptions } from "./layers/recurrent.js";
import { RNN } from "./layers/rnn.js";
import { SequenceEncoder } from "./layers/sequence-encoder.js";
import type { Module } from "./module.js";
import { regularizerFromConfig } from "./regularizers.js";
import { GRULastStep, LSTMLastStep, RNNLastStep } from "./rnn-builders.js";

type AnyModule = Module<never[], unknown>;

/** Reads typed fields of one config, naming the config's place in the tree when a field is wrong. */
class Fields {
  constructor(
    readonly c: JsonObject,
    readonly where: string,
  ) {}

  #fail(key: string, expected: string): never {
    throw new ConfigError(
      `moduleFromConfig: ${this.where}.config.${key} must be ${expected}, got ${JSON.stringify(this.c[key]) ?? "nothing"}`,
    );
  }

  num(key: string): number {
    const v = this.c[key];
    return typeof v === "number" ? v : this.#fail(key, "a number");
  }

  optNum(key: string): number | undefined {
    return this.c[key] === undefined ? undefined : this.num(key);
  }

  bool(key: string): boolean {
    const v = this.c[key];
    return typeof v === "boolean" ? v : this.#fail(key, "true or false");
  }

  str<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.c[key];
    return typeof v === "string" && (allowed as readonly string[]).includes(v)
      ? (v as T)
      : this.#fail(key, `one of ${allowed.map((a) => `'${a}'`).join(", ")}`);
  }

  nums(key: string): number[] {
    const v = this.c[key];
    return Array.isArray(v) && v.every((d) => typeof d === "number")
      ? [...(v as number[])]
      : this.#fail(key, "a list of numbers");
  }

  pair(key: string): [number, number] {
    const v = this.nums(key);
    return v.length === 2 ? [v[0]!, v[1]!] : this.#fail(key, "a pair of numbers");
  }

  nullableNum(key: string): number | null {
    return this.c[key] === null ? null : this.num(key);
  }

  list(key: string): JsonValue[] {
    const v = this.c[key];
    return Array.isArray(v) ? [...(v as JsonValue[])] : this.#fail(key, "a list of module configs");
  }

  record(key: string): JsonObject {
    const v = this.c[key];
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? (v as JsonObject)
      : this.#fail(key, "an object of module configs");
  }
}

function recurrentOptions(f: Fields): RecurrentOptions {
  return {
    numLayers: f.num("numLayers"),
    bias: f.bool("bias"),
    batchFirst: f.bool("batchFirst"),
    dropout: f.num("dropout"),
    bidirectional: f.bool("bidirectional"),
  };
}

type BuiltinFactory = (f: Fields, build: (c: JsonValue, where: string) => AnyModule) => AnyModule;

const asAny = (m: unknown) => m as AnyModule;
const rnnOptions = (f: Fields) => ({
  ...recurrentOptions(f),
  nonlinearity: f.str("nonlinearity", ["tanh", "relu"] as const),
});

/** One factory per built-in type; the type makes the table complete. */
const BUILTIN: Record<BuiltinModuleType, BuiltinFactory> = {
  Linear: (f) => asAny(new Linear(f.num("inFeatures"), f.num("outFeatures"), { bias: f.bool("bias") })),
  Conv1d: (f) => {
    const p = f.c.padding;
    return asAny(
      new Conv1d(f.num("inChannels"), f.num("outChannels"), f.num("kernelSize"), {
        stride: f.num("stride"),
        padding: typeof p === "string" ? f.str("padding", ["valid", "same"] as const) : f.num("padding"),
        dilation: f.num("dilation"),
        groups: f.num("groups"),
        bias: f.bool("bias"),
      }),
    );
  },
  Conv2d: (f) => {
    const p = f.c.padding;
    return asAny(
      new Conv2d(f.num("inChannels"), f.num("outChannels"), f.pair("kernelSize"), {
        stride: f.pair("stride"),
        padding: typeof p === "string" ? f.str("padding", ["valid", "same"] as const) : f.pair("padding"),
        dilation: f.pair("dilation"),
        groups: f.num("groups"),
        bias: f.bool("bias"),
      }),
    );
  },
  MaxPool2d: (f) =>
    asAny(
      new MaxPool2d(f.pair("kernelSize"), {
        stride: f.pair("stride"),
        padding: f.pair("padding"),
        dilation: f.pair("dilation"),
      }),
    ),
  AvgPool2d: (f) =>
    asAny(
      new AvgPool2d(f.pair("kernelSize"), {
        stride: f.pair("stride"),
        padding: f.pair("padding"),
        countIncludePad: f.bool("countIncludePad"),
      }),
    ),
  AdaptiveAvgPool2d: (f) => {
    const v = f.c.outputSize;
    const ok = Array.isArray(v) && v.length === 2 && v.every((d) => d === null || typeof d === "number");
    if (!ok) f.num("outputSize"); // throws, naming the field
    return asAny(new AdaptiveAvgPool2d(v as [number | null, number | null]));
  },
  BatchNorm1d: (f) => asAny(new BatchNorm1d(f.num("numFeatures"), batchNormOptions(f))),
  BatchNorm2d: (f) => asAny(new BatchNorm2d(f.num("numFeatures"), batchNormOptions(f))),
  LayerNorm: (f) =>
    asAny(
      new LayerNorm(f.nums("normalizedShape"), {
        eps: f.num("eps"),
        elementwiseAffine: f.bool("elementwiseAffine"),
        bias: f.bool("bias"),
      }),
    ),
  Dropout: (f) => asAny(new Dropout(f.num("p"))),
  Embedding: (f) => {
    const pad = f.nullableNum("paddingIdx");
    return asAny(
      new Embedding(f.num("numEmbeddings"), f.num("embeddingDim"), pad === null ? {} : { paddingIdx: pad }),
    );
  },
  Flatten: (f) => asAny(new Flatten(f.num("startDim"), f.num("endDim"))),
  Identity: () => asAny(new Identity()),
  ReLU: () => asAny(new ReLU()),
  LeakyReLU: (f) => asAny(new LeakyReLU(f.num("negativeSlope"))),
  ELU: (f) => asAny(new ELU(f.num("alpha"))),
  GELU: (f) => asAny(new GELU(f.str("approximate", ["none", "tanh"] as const))),
  Sigmoid: () => asAny(new Sigmoid()),
  Tanh: () => asAny(new Tanh()),
  Softmax: (f) => asAny(new Softmax(f.num("axis"))),
  LogSoftmax: (f) => asAny(new LogSoftmax(f.num("axis"))),
  Softplus: (f) => asAny(new Softplus(f.num("beta"), f.num("threshold"))),
  RNN: (f) => asAny(new RNN(f.num("inputSize"), f.num("hiddenSize"), rnnOptions(f))),
  LSTM: (f) => asAny(new LSTM(f.num("inputSize"), f.num("hiddenSize"), recurrentOptions(f))),
  GRU: (f) => asAny(new GRU(f.num("inputSize"), f.num("hiddenSize"), recurrentOptions(f))),
  RNNLastStep: (f) => asAny(new RNNLastStep(f.num("inputSize"), f.num("hiddenSize"), rnnOptions(f))),
  LSTMLastStep: (f) => asAny(new LSTMLastStep(f.num("inputSize"), f.num("hiddenSize"), recurrentOptions(f))),
  GRULastStep: (f) => asAny(new GRULastStep(f.num("inputSize"), f.num("hiddenSize"), recurrentOptions(f))),
  SequenceEncoder: (f) =>
    asAny(
      new SequenceEncoder(f.num("vocabularySize"), f.num("embeddingDim"), f.num("hiddenSize"), {
        cell: f.str("cell", ["lstm", "gru"] as const),
        bidirectional: f.bool("bidirectional"),
        numLayers: f.num("numLayers"),
        dropout: f.num("dropout"),
      }),
    ),
  NeuMF: (f) =>
    asAny(
      new NeuMF(f.num("numUsers"), f.num("numItems"), {
        gmfDim: f.num("gmfDim"),
        mlpLayers: f.nums("mlpLayers"),
        dropout: f.num("dropout"),
      }),
    ),
  MultiheadAttention: (f) =>
    asAny(
      new MultiheadAttention(f.num("embedDim"), f.num("numHeads"), {
        dropout: f.num("dropout"),
        bias: f.bool("bias"),
        batchFirst: f.bool("batchFirst"),
      }),
    ),
  TransformerEncoderLayer: (f) =>
    asAny(
      new TransformerEncoderLayer(f.num("dModel"), f.num("nhead"), {
        dimFeedforward: f.num("dimFeedforward"),
        dropout: f.num("dropout"),
        activation: f.str("activation", ["relu", "gelu"] as const),
        layerNormEps: f.num("layerNormEps"),
        batchFirst: f.bool("batchFirst"),
        normFirst: f.bool("normFirst"),
        bias: f.bool("bias"),
      }),
    ),
  Sequential: (f, build) =>
    asAny(new Sequential(...f.list("layers").map((c, i) => build(c, `${f.where}.layers[${i}]`) as never))),
  SequentialModel: (f, build) => {
    const model = new SequentialModel([], f.nums("inputShape"));
    f.list("layers").forEach((c, i) => {
      model.append(build(c, `${f.where}.layers[${i}]`) as unknown as TensorModule);
    });
    return asAny(model);
  },
  ModuleList: (f, build) =>
    asAny(new ModuleList(f.list("modules").map((c, i) => build(c, `${f.where}.modules[${i}]`)))),
  ModuleDict: (f, build) => {
    const modules: Record<string, AnyModule> = {};
    for (const [name, c] of Object.entries(f.record("modules")))
      modules[name] = build(c, `${f.where}.modules.${name}`);
    return asAny(new ModuleDict(modules));
  },
};

function batchNormOptions(f: Fields) {
  return {
    eps: f.num("eps"),
    momentum: f.nullableNum("momentum"),
    affine: f.bool("affine"),
    trackRunningStats: f.bool("trackRunningStats"),
  };
}

function readRegularizer(v: unknown, where: string): RegularizerConfig {
  const r = v as Partial<Record<"type" | "l1" | "l2", unknown>> | null;
  const ok =
    r !== null &&
    typeof r === "object" &&
    ((r.type === "l1" && typeof r.l1 === "number") ||
      (r.type === "l2" && typeof r.l2 === "number") ||
      (r.type === "l1l2" && typeof r.l1 === "number" && typeof r.l2 === "number"));
  if (!ok)
    throw new ConfigError(
      `moduleFromConfig: ${where} must be { type: 'l1' | 'l2' | 'l1l2', l1?, l2? }, got ${JSON.stringify(v)}`,
    );
  return r as RegularizerConfig;
}

function build(value: unknown, where: string): AnyModule {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ConfigError(
      `moduleFromConfig: ${where} must be a module config { type, config }, got ${JSON.stringify(value)}`,
    );
  const { type, config, regularizers } = value as Partial<Record<keyof ModuleConfig, unknown>>;
  if (typeof type !== "string")
    throw new ConfigError(`moduleFromConfig: ${where}.type must be a string, got ${JSON.stringify(type)}`);
  const cfg = (config ?? {}) as JsonObject;
  if (typeof cfg !== "object" || cfg === null || Array.isArray(cfg))
    throw new ConfigError(
      `moduleFromConfig: ${where}.config must be an object, got ${JSON.stringify(config)}`,
    );
  const place = `${where} (${type})`;
  let module: AnyModule;
  const builtin = Object.hasOwn(BUILTIN, type) ? BUILTIN[type as BuiltinModuleType] : undefined;
  if (builtin) {
    module = builtin(new Fields(cfg, place), build);
  } else {
    const factory: ModuleFactory | undefined = customModuleFactory(type);
    if (!factory)
      throw new ConfigError(
        `moduleFromConfig: ${where} has the unknown module type '${type}': register it with registerModuleType("${type}", factory) before loading`,
      );
    module = factory(cfg, (c) => build(c, `${place}.child`));
  }
  if (regularizers !== undefined) {
    if (!Array.isArray(regularizers))
      throw new ConfigError(`moduleFromConfig: ${place}.regularizers must be a list`);
    regularizers.forEach((r: unknown, i) => {
      const entry = r as { param?: unknown; regularizer?: unknown } | null;
      if (typeof entry?.param !== "string")
        throw new ConfigError(`moduleFromConfig: ${place}.regularizers[${i}].param must be a parameter name`);
      module.addRegularizer(
        entry.param,
        regularizerFromConfig(readRegularizer(entry.regularizer, `${place}.regularizers[${i}].regularizer`)),
      );
    });
  }
  return module;
}

/**
 * Makes a module from the architecture {@link Module.toConfig} wrote (Keras'
 * `model_from_config`): the same layers with fresh weights — load the state dict for those.
 * Built-in layers are known; a type of your own must be registered with
 * `registerModuleType(name, factory)`.
 *
 * @example
 * ```ts
 * const copy = moduleFromConfig(model.toConfig());
 * copy.loadStateDict(model.stateDict());
 * ```
 */
export function moduleFromConfig<M = Module<[Tensor], Tensor>>(config: ModuleConfig | string): M {
  let value: unknown = config;
  if (typeof config === "string") {
    try {
      value = JSON.parse(config);
    } catch (e) {
      throw new ConfigError(`moduleFromConfig: the config is not valid JSON (${(e as Error).message})`);
    }
  }
  return build(value, "config") as unknown as M;
}
