import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  add,
  manualSeed,
  memory,
  randn,
  registerBackend,
  type Tensor,
  tensor,
  tidy,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import type { BUILTIN_MODULE_TYPES } from "../src/config-registry.js";
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  ConfigError,
  Conv1d,
  Conv2d,
  conv2d,
  Dropout,
  dense,
  ELU,
  Embedding,
  Flatten,
  flatten as flattenLayer,
  GELU,
  GRU,
  gru,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  LSTM,
  l1,
  l1l2,
  l2,
  lstm,
  MaxPool2d,
  Module,
  type ModuleConfig,
  ModuleDict,
  ModuleList,
  MultiheadAttention,
  maxPooling2d,
  moduleFromConfig,
  NeuMF,
  ReLU,
  RNN,
  registerModuleType,
  SequenceEncoder,
  Sequential,
  Sigmoid,
  Softmax,
  Softplus,
  sequential,
  simpleRnn,
  Tanh,
  TransformerEncoderLayer,
  unregisterModuleType,
} from "../src/index.js";

registerBackend("cpu", createCpuBackend);

type AnyModule = Module<never[], unknown>;
type Case = { make: () => AnyModule; input?: () => Tensor; prepare?: (m: AnyModule) => void };

const x =
  (...shape: number[]) =>
  () =>
    randn(shape);
const m = (module: unknown) => module as AnyModule;

/** One case per built-in type; the Record type makes the list complete. */
const CASES: Record<(typeof BUILTIN_MODULE_TYPES)[number], Case> = {
  Linear: {
    make: () => m(new Linear(3, 4, { bias: false }).addRegularizer("weight", l2(1e-3))),
    input: x(2, 3),
  },
  Conv1d: { make: () => m(new Conv1d(2, 4, 3, { padding: "same", groups: 2 })), input: x(2, 2, 8) },
  Conv2d: {
    make: () => m(new Conv2d(2, 4, [3, 2], { stride: [1, 2], padding: [1, 0], bias: false })),
    input: x(2, 2, 6, 6),
  },
  MaxPool2d: { make: () => m(new MaxPool2d(2, { stride: 1, padding: 1 })), input: x(1, 2, 5, 5) },
  AvgPool2d: {
    make: () => m(new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false })),
    input: x(1, 2, 5, 5),
  },
  AdaptiveAvgPool2d: { make: () => m(new AdaptiveAvgPool2d([3, null])), input: x(1, 2, 7, 5) },
  BatchNorm1d: {
    make: () => m(new BatchNorm1d(3, { momentum: null })),
    input: x(4, 3),
    // a training call moves the running statistics away from their initial values
    prepare: (mod) => tidy(() => void (mod as unknown as BatchNorm1d).call(randn([5, 3]))),
  },
  BatchNorm2d: {
    make: () => m(new BatchNorm2d(2, { eps: 1e-3, affine: false, momentum: 0.3 })),
    input: x(2, 2, 3, 3),
    prepare: (mod) => tidy(() => void (mod as unknown as BatchNorm2d).call(randn([3, 2, 3, 3]))),
  },
  LayerNorm: { make: () => m(new LayerNorm([2, 3], { bias: false, eps: 1e-4 })), input: x(4, 2, 3) },
  Dropout: { make: () => m(new Dropout(0.3)), input: x(4, 3) },
  Embedding: {
    make: () => m(new Embedding(10, 4, { paddingIdx: -1 })),
    input: () => tensor([[1, 9, 3]], { dtype: "int32" }),
  },
  Flatten: { make: () => m(new Flatten(0, 1)), input: x(2, 3, 4) },
  Identity: { make: () => m(new Identity()), input: x(2, 3) },
  ReLU: { make: () => m(new ReLU()), input: x(2, 3) },
  LeakyReLU: { make: () => m(new LeakyReLU(0.2)), input: x(2, 3) },
  ELU: { make: () => m(new ELU(0.5)), input: x(2, 3) },
  GELU: { make: () => m(new GELU("tanh")), input: x(2, 3) },
  Sigmoid: { make: () => m(new Sigmoid()), input: x(2, 3) },
  Tanh: { make: () => m(new Tanh()), input: x(2, 3) },
  Softmax: { make: () => m(new Softmax(0)), input: x(2, 3) },
  LogSoftmax: { make: () => m(new LogSoftmax(-1)), input: x(2, 3) },
  Softplus: { make: () => m(new Softplus(2, 10)), input: x(2, 3) },
  RNN: {
    make: () =>
      m(new RNN(3, 4, { numLayers: 2, bidirectional: true, nonlinearity: "relu", batchFirst: true })),
    input: x(2, 5, 3),
  },
  LSTM: { make: () => m(new LSTM(3, 4, { bias: false })), input: x(5, 2, 3) },
  GRU: { make: () => m(new GRU(3, 4, { batchFirst: true, numLayers: 2, dropout: 0.2 })), input: x(2, 5, 3) },
  RNNLastStep: {
    make: () => m(sequential([simpleRnn(4, { inputShape: [5, 3], activation: "relu" })]).at(0)),
    input: x(2, 5, 3),
  },
  LSTMLastStep: {
    make: () => m(sequential([lstm(4, { inputShape: [5, 3], bidirectional: true })]).at(0)),
    input: x(2, 5, 3),
  },
  GRULastStep: {
    make: () => m(sequential([gru(4, { inputShape: [5, 3], numLayers: 2 })]).at(0)),
    input: x(2, 5, 3),
  },
  SequenceEncoder: {
    make: () => m(new SequenceEncoder(9, 3, 4, { cell: "gru", bidirectional: true })),
    input: () =>
      tensor(
        [
          [3, 8, 1, 0],
          [5, 0, 0, 0],
        ],
        "int32",
      ),
  },
  NeuMF: {
    make: () => m(new NeuMF(5, 7, { gmfDim: 3, mlpLayers: [8, 4], dropout: 0.1 })),
    input: () =>
      tensor(
        [
          [0, 6],
          [4, 2],
        ],
        "int32",
      ),
  },
  MultiheadAttention: {
    make: () => m(new MultiheadAttention(8, 2, { batchFirst: true })),
    input: x(2, 3, 8),
  },
  TransformerEncoderLayer: {
    make: () =>
      m(
        new TransformerEncoderLayer(8, 2, {
          dimFeedforward: 16,
          activation: "gelu",
          normFirst: true,
          batchFirst: true,
          layerNormEps: 1e-6,
          dropout: 0.2,
        }),
      ),
    input: x(2, 3, 8),
  },
  Sequential: {
    make: () => m(new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2))),
    input: x(2, 3),
  },
  SequentialModel: {
    make: () =>
      m(
        sequential([
          conv2d(4, 3, {
            padding: "same",
            activation: "relu",
            inputShape: [1, 6, 6],
            kernelRegularizer: l1(1e-4),
          }),
          maxPooling2d(2),
          flattenLayer(),
          dense(3, { activation: "softmax", kernelRegularizer: l1l2(1e-5, 1e-4), biasRegularizer: l2(0.5) }),
        ]),
      ),
    input: x(2, 1, 6, 6),
  },
  ModuleList: { make: () => m(new ModuleList([new Linear(3, 3), new ReLU()])) },
  ModuleDict: { make: () => m(new ModuleDict({ a: new Linear(3, 2), b: new ELU(0.1) })) },
};

function roundTrip(original: AnyModule): AnyModule {
  const json = JSON.stringify(original.toConfig());
  const copy = moduleFromConfig<AnyModule>(JSON.parse(json) as ModuleConfig);
  copy.loadStateDict(original.stateDict());
  return copy;
}

function output(mod: AnyModule, input: Tensor): number[] {
  return tidy(() => {
    const y = (mod as unknown as Module<[Tensor], Tensor>).call(input);
    return Array.from(y.dataSync() as ArrayLike<number>);
  });
}

describe("toConfig / moduleFromConfig", () => {
  for (const [type, c] of Object.entries(CASES)) {
    it(`round-trips ${type}: same config, same state-dict keys, same outputs`, () => {
      const before = memory().numTensors;
      manualSeed(7);
      const original = c.make();
      c.prepare?.(original);
      const config = original.toConfig();
      expect(config.type).toBe(type);
      const copy = roundTrip(original);
      expect(copy.constructor).toBe(original.constructor);
      expect(copy.toConfig()).toEqual(config);
      expect(Object.keys(copy.stateDict())).toEqual(Object.keys(original.stateDict()));
      if (c.input) {
        const input = c.input();
        original.eval();
        copy.eval();
        expect(output(copy, input)).toEqual(output(original, input));
        input.dispose();
      } else {
        for (const [name, child] of original.namedChildren()) {
          expect(
            copy
              .namedChildren()
              .find(([n]) => n === name)?.[1]
              .toConfig(),
          ).toEqual(child.toConfig());
        }
      }
      const penalties = [original, copy].map((mod) =>
        tidy(() => {
          const p = mod.regularizationLoss();
          return p === null ? null : (p.item() as number);
        }),
      );
      expect(penalties[1]).toBe(penalties[0]);
      original.dispose();
      copy.dispose();
      expect(memory().numTensors).toBe(before);
    });
  }

  it("writes regularisers by parameter name and reads them back", () => {
    const lin = new Linear(2, 3).addRegularizer("weight", l1l2(0.1, 0.2)).addRegularizer("bias", l1(0.3));
    expect(lin.toConfig()).toEqual({
      type: "Linear",
      config: { inFeatures: 2, outFeatures: 3, bias: true },
      regularizers: [
        { param: "weight", regularizer: { type: "l1l2", l1: 0.1, l2: 0.2 } },
        { param: "bias", regularizer: { type: "l1", l1: 0.3 } },
      ],
    });
    lin.dispose();
  });

  it("refuses an unregistered module of your own, saying how to register it", () => {
    class Net extends Module {
      fc = new Linear(2, 2);
      forward(t: Tensor): Tensor {
        return this.fc.call(t);
      }
    }
    const net = new Net();
    expect(() => net.toConfig()).toThrow(ConfigError);
    expect(() => net.toConfig()).toThrow(/Net.*registerModuleType\("Net"/);
    // inside a container too: the container's config needs its children's
    const seq = new Sequential(new Linear(2, 2), net);
    expect(() => seq.toConfig()).toThrow(/registerModuleType\("Net"/);
    seq.dispose();
  });

  it("refuses a subclass of a layer that does not describe itself (it would load as its parent)", () => {
    class Doubled extends Linear {
      override forward(t: Tensor): Tensor {
        return tidy(() => add(super.forward(t), super.forward(t)));
      }
    }
    const d = new Doubled(2, 2);
    expect(() => d.toConfig()).toThrow(/Doubled cannot describe its architecture/);
    d.dispose();
  });

  it("saves and loads a registered module of your own, with built-in children", () => {
    class Residual extends Module {
      readonly fc: Linear;
      constructor(readonly width: number) {
        super();
        this.fc = new Linear(width, width);
      }
      forward(t: Tensor): Tensor {
        return tidy(() => add(t, this.fc.call(t)));
      }
      protected override getConfig(): ModuleConfig {
        return { type: "Residual", config: { width: this.width } };
      }
    }
    const model = new Sequential(new Residual(3), new ReLU());
    expect(() => model.toConfig()).toThrow(/'Residual', which is not registered/);
    registerModuleType("Residual", (c) => new Residual(c.width as number) as unknown as AnyModule);
    try {
      const copy = roundTrip(model as unknown as AnyModule) as unknown as Sequential;
      expect(copy.at(0)).toBeInstanceOf(Residual);
      const input = randn([2, 3]);
      expect(output(copy as unknown as AnyModule, input)).toEqual(
        output(model as unknown as AnyModule, input),
      );
      input.dispose();
      copy.dispose();
    } finally {
      unregisterModuleType("Residual");
      model.dispose();
    }
    expect(() => registerModuleType("Linear", () => new Identity() as unknown as AnyModule)).toThrow(
      /built-in/,
    );
  });

  it("refuses a plain-function regulariser, which cannot be saved", () => {
    const lin = new Linear(2, 2).addRegularizer("weight", (w) => w.sum());
    expect(() => lin.toConfig()).toThrow(/regulariser on 'weight' of Linear is a plain function/);
    lin.dispose();
  });

  it("refuses an unbuilt SequentialModel", () => {
    const model = sequential([dense(2)]);
    expect(() => model.toConfig()).toThrow(/has not been built yet/);
  });

  it("names the place and the field of a bad config", () => {
    expect(() => moduleFromConfig({ type: "Conv3d", config: {} })).toThrow(
      /config has the unknown module type 'Conv3d': register it with registerModuleType/,
    );
    expect(() =>
      moduleFromConfig({
        type: "Sequential",
        config: {
          layers: [
            { type: "ReLU", config: {} },
            { type: "Linear", config: { inFeatures: "2" } },
          ],
        },
      }),
    ).toThrow(/config \(Sequential\)\.layers\[1\] \(Linear\)\.config\.inFeatures must be a number, got "2"/);
    expect(() =>
      moduleFromConfig({
        type: "Linear",
        config: { inFeatures: 2, outFeatures: 2, bias: true },
        regularizers: [{ param: "weight", regularizer: { type: "l3", l3: 1 } as never }],
      }),
    ).toThrow(/regularizers\[0\]\.regularizer must be/);
    expect(() => moduleFromConfig("{not json")).toThrow(/not valid JSON/);
  });
});
