import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  conv2d,
  Dropout,
  dense,
  ELU,
  Flatten,
  flatten,
  GELU,
  Identity,
  LeakyReLU,
  Linear,
  LogSoftmax,
  lstm,
  MaxPool2d,
  Module,
  maxPooling2d,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Softplus,
  sequential,
  Tanh,
} from "@tensorkit/nn";
import { manualSeed, randn, type Tensor, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { exportOnnx, OnnxExportError, registerOnnxConverter } from "../src/index.js";
import { expectSameOutputs, runOnnx } from "./ort.js";

/** Runs a few training-mode calls so BatchNorm's running statistics are not the initial 0 and 1. */
function warmUp(model: Module, shape: number[]): void {
  model.train();
  for (let i = 0; i < 3; i++) tidy(() => model.call(randn(shape).mul(1.5).add(0.3)));
  model.eval();
}

function mlp(): Sequential {
  manualSeed(1);
  return new Sequential(
    new Linear(6, 16),
    new ReLU(),
    new Dropout(0.3),
    new Linear(16, 16),
    new Tanh(),
    new Linear(16, 12),
    new Sigmoid(),
    new Linear(12, 12),
    new LeakyReLU(0.2),
    new ELU(0.7),
    new Softplus(),
    new GELU(),
    new Linear(12, 4),
    new Softmax(-1),
  );
}

function cnn(): Sequential {
  manualSeed(2);
  const model = new Sequential(
    new Conv2d(3, 8, 3, { padding: 1 }),
    new BatchNorm2d(8),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(8, 8, 4, { padding: "same", groups: 2 }), // even kernel: the extra padding goes at the end
    new Conv2d(8, 6, 3, { stride: 2, dilation: 2, padding: [2, 1] }), // 8×8 → 4×3
    new AvgPool2d(3, { stride: 1, padding: 1, countIncludePad: false }),
    new MaxPool2d(3, { stride: 1, padding: 1 }),
    new AdaptiveAvgPool2d([2, 1]), // 4×3 → 2×1: equal bins
    new Flatten(),
    new Linear(12, 10),
    new LogSoftmax(1),
  );
  warmUp(model, [4, 3, 16, 16]);
  return model;
}

describe("exportOnnx, run in onnxruntime-node 1.30", () => {
  it("an MLP with every supported activation and dropout: outputs within 1e-4, any batch size", async () => {
    const model = mlp();
    const bytes = exportOnnx(model, { inputShape: [6] });
    manualSeed(10);
    for (const batch of [5, 1, 33]) await expectSameOutputs(model, bytes, randn([batch, 6]).mul(2));
    model.dispose();
  });

  it("a CNN with BatchNorm, grouped/dilated/strided/'same' convolutions and every pooling: within 1e-4", async () => {
    const model = cnn();
    const bytes = exportOnnx(model, { inputShape: [3, 16, 16] });
    manualSeed(11);
    const max = await expectSameOutputs(model, bytes, randn([4, 3, 16, 16]));
    expect(max).toBeLessThan(1e-4);
    model.dispose();
  });

  it("a Keras-style sequential([...]) takes its input shape from the model", async () => {
    manualSeed(3);
    const model = sequential([
      conv2d(4, 3, { inputShape: [1, 12, 12], activation: "relu" }),
      maxPooling2d(2),
      flatten(),
      dense(16, { activation: "tanh" }),
      dense(3, { activation: "softmax" }),
    ]);
    const bytes = exportOnnx(model);
    manualSeed(12);
    await expectSameOutputs(model, bytes, randn([3, 1, 12, 12]));
    model.dispose();
  });

  it("nested Sequentials, Linear on 3-D input (MatMul + Add), Conv1d, BatchNorm1d, Flatten as Reshape", async () => {
    manualSeed(4);
    const model = new Sequential(
      new Sequential(new Conv1d(3, 5, 3, { padding: "same" }), new BatchNorm1d(5), new ReLU()),
      new Conv1d(5, 4, 2, { stride: 2, bias: false }),
      new Identity(),
      new Linear(4, 6), // on [batch, 4, 4]: the last axis
      new Flatten(1, 2),
      new BatchNorm1d(24, { affine: false }),
      new Linear(24, 2, { bias: false }),
    );
    warmUp(model, [6, 3, 8]);
    const bytes = exportOnnx(model, { inputShape: [3, 8] });
    manualSeed(13);
    await expectSameOutputs(model, bytes, randn([2, 3, 8]));
    const reshaped = new Sequential(new Flatten(1, 2)); // not to the last axis: Reshape with 0 for the batch
    await expectSameOutputs(reshaped, exportOnnx(reshaped, { inputShape: [2, 3, 4] }), randn([3, 2, 3, 4]));
    model.dispose();
  });

  for (const opset of [13, 17, 20, 21])
    it(`GELU (exact and tanh) at opset ${opset}: ${opset >= 20 ? "the Gelu op" : "composed of Erf / Tanh"}`, async () => {
      const model = new Sequential(new GELU(), new GELU("tanh"), new Softplus(2), new Softmax(0));
      const bytes = exportOnnx(model, { inputShape: [7], opset });
      manualSeed(14);
      await expectSameOutputs(model, bytes, randn([4, 7]).mul(3));
    });

  it("a fixed batch size, custom input/output names, and a model that is one layer", async () => {
    manualSeed(5);
    const layer = new Linear(3, 2);
    const bytes = exportOnnx(layer, {
      inputShape: [3],
      batchSize: 2,
      inputName: "features",
      outputName: "logits",
    });
    const x = randn([2, 3]);
    const got = await runOnnx(bytes, x, { input: "features", output: "logits" });
    const want = tidy(() => layer.call(x));
    expect(got.dims).toEqual([2, 2]);
    for (const [i, w] of Array.from(want.dataSync() as ArrayLike<number>).entries())
      expect(Math.abs(got.data[i]! - w)).toBeLessThan(1e-5);
    await expect(runOnnx(bytes, randn([3, 3]), { input: "features", output: "logits" })).rejects.toThrow(
      /dimension|Got: 3/i,
    );
  });

  it("an empty Sequential is the identity; the same model gives the same bytes", async () => {
    const bytes = exportOnnx(new Sequential(), { inputShape: [2] });
    const got = await runOnnx(bytes, randn([1, 2]));
    expect(got.dims).toEqual([1, 2]);
    const a = mlp();
    expect(exportOnnx(a, { inputShape: [6] })).toEqual(exportOnnx(a, { inputShape: [6] }));
  });

  it("registerOnnxConverter exports a layer of your own", async () => {
    class Swish extends Module {
      forward(x: Tensor): Tensor {
        return tidy(() => x.mul(x.sigmoid()));
      }
    }
    const model = new Sequential(new Linear(3, 3), new Swish());
    expect(() => exportOnnx(model, { inputShape: [3] })).toThrow(/layer '1' \(Swish\) is not supported/);
    registerOnnxConverter(Swish, (_layer, ctx) => {
      const s = ctx.graph.node(ctx.path, "Sigmoid", [ctx.input]);
      return { output: ctx.graph.node(ctx.path, "Mul", [ctx.input, s]), shape: ctx.shape };
    });
    await expectSameOutputs(model, exportOnnx(model, { inputShape: [3] }), randn([2, 3]));
  });
});

describe("exportOnnx refuses what it cannot export, naming the layer", () => {
  const fails = (model: Module, options: Parameters<typeof exportOnnx>[1], message: RegExp) => {
    let error: unknown;
    try {
      exportOnnx(model, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OnnxExportError);
    expect((error as Error).message).toMatch(message);
    return error as OnnxExportError;
  };

  it("an unsupported layer (an LSTM) deep in the model", () => {
    const model = new Sequential(
      new Linear(2, 2),
      new Sequential(new ReLU(), sequential([lstm(4, { inputShape: [3, 2] })])),
    );
    const e = fails(
      model,
      { inputShape: [2] },
      /^exportOnnx: layer '1\.1\.0' \(LSTMLastStep\) is not supported: ONNX export handles Sequential models of Linear, Conv2d, .*Softmax/,
    );
    expect(e.path).toBe("1.1.0");
  });

  it("a Keras-style model whose layers are not built yet", () => {
    const model = sequential([dense(3), dense(2)]);
    fails(model, { inputShape: [4] }, /the model has no layers yet: .*call it once/);
  });

  it("a model that is not a Sequential", () => {
    class Net extends Module {
      fc = new Linear(2, 2);
      forward(x: Tensor): Tensor {
        return this.fc.call(x);
      }
    }
    fails(new Net(), { inputShape: [2] }, /the model \(Net\) is not supported/);
  });

  it("an input shape the layers do not accept", () => {
    fails(
      mlp(),
      { inputShape: [5] },
      /layer '0' \(Linear\) with input \[batch,5\]: expects 6 features on the last axis/,
    );
    fails(
      cnn(),
      { inputShape: [1, 16, 16] },
      /layer '0' \(Conv2d\) with input \[batch,1,16,16\]: expects 3 channels/,
    );
    fails(
      cnn(),
      { inputShape: [3, 1, 1] },
      /layer '3' \(MaxPool2d\) with input \[batch,8,1,1\]: the window does not fit/,
    );
    fails(
      new Sequential(new AdaptiveAvgPool2d(3)),
      { inputShape: [1, 4, 4] },
      /output 3×3 does not divide the input 4×4/,
    );
    fails(new Sequential(new Flatten(0)), { inputShape: [4] }, /would merge the batch axis/);
  });

  it("BatchNorm without running statistics, bad options", () => {
    fails(
      new Sequential(new BatchNorm1d(3, { trackRunningStats: false })),
      { inputShape: [3] },
      /has no running statistics/,
    );
    fails(mlp(), { inputShape: [6], opset: 12 }, /opset must be an integer from 13 to 21, got 12/);
    fails(mlp(), {}, /needs the shape of one input sample/);
    fails(mlp(), { inputShape: [0] }, /inputShape must be positive integers/);
    fails(mlp(), { inputShape: [6], batchSize: 1.5 }, /batchSize must be a positive integer/);
    fails(mlp(), { inputShape: [6], inputName: "x", outputName: "x" }, /must differ/);
  });
});
