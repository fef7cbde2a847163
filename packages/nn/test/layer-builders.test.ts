import { ones, ShapeError, tensor, tidy, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { dense, layer, sequential } from "../src/builders.js";
import {
  averagePooling2d,
  batchNormalization,
  conv1d,
  conv2d,
  dropout,
  embedding,
  flatten,
  globalAveragePooling2d,
  layerNormalization,
  maxPooling2d,
} from "../src/layer-builders.js";
import { ReLU } from "../src/layers/activation.js";
import { BatchNorm1d, type BatchNorm2d } from "../src/layers/batchnorm.js";
import type { Conv1d, Conv2d } from "../src/layers/conv.js";
import type { Embedding } from "../src/layers/embedding.js";
import type { LayerNorm } from "../src/layers/layernorm.js";
import { type AvgPool2d, MaxPool2d } from "../src/layers/pooling.js";
import { l2 } from "../src/regularizers.js";
import "./layer-fixtures.js";

describe("Keras-style layer builders", () => {
  it("infer every input shape of a small CNN, with PyTorch's module names", () => {
    const model = sequential([
      conv2d(8, 3, { padding: "same", activation: "relu", inputShape: [1, 28, 28] }),
      maxPooling2d(2),
      conv2d(16, [3, 3], { strides: 2 }),
      batchNormalization(),
      dropout(0.25),
      flatten(),
      dense(10),
    ]);
    expect(model.layers.map((m) => m.constructor.name)).toEqual([
      "Conv2d",
      "ReLU",
      "MaxPool2d",
      "Conv2d",
      "BatchNorm2d",
      "Dropout",
      "Flatten",
      "Linear",
    ]);
    const s = model.summary();
    expect(s.rows.map((r) => r.outputShape)).toEqual([
      [-1, 8, 28, 28],
      [-1, 8, 28, 28],
      [-1, 8, 14, 14],
      [-1, 16, 6, 6],
      [-1, 16, 6, 6],
      [-1, 16, 6, 6],
      [-1, 576],
      [-1, 10],
    ]);
    expect(s.totalParams).toBe(8 * 9 + 8 + 16 * 8 * 9 + 16 + 32 + 576 * 10 + 10);
    expect(Object.keys(model.stateDict())).toContain("4.running_var");
    expect(tidy(() => model.call(ones([2, 1, 28, 28])).shape)).toEqual([2, 10]);
    model.dispose();
  });

  it("match the shapes the layers produce for every option", () => {
    const cases: [ReturnType<typeof conv2d>, number[]][] = [
      [conv2d(4, [3, 2], { strides: [2, 1], dilationRate: [1, 2], useBias: false }), [3, 11, 9]],
      [conv2d(4, 3, { strides: 2, padding: "same" }), [3, 11, 9]],
      [conv2d(6, 3, { groups: 3 }), [3, 7, 7]],
      [conv1d(5, 3, { strides: 2, padding: "same" }), [2, 9]],
      [conv1d(5, 4, { dilationRate: 2 }), [2, 12]],
      [maxPooling2d([2, 3], { strides: 1 }), [2, 5, 6]],
      [maxPooling2d(3, { strides: 1, padding: "same" }), [2, 5, 6]],
      [averagePooling2d(2, { strides: 2, padding: "same" }), [2, 6, 8]],
      [globalAveragePooling2d(), [7, 5, 6]],
      [layerNormalization({ axis: [-2, -1] }), [3, 4, 5]],
      [batchNormalization(), [6]],
      [batchNormalization(), [6, 10]],
    ];
    for (const [spec, input] of cases) {
      const { modules, outputShape } = spec.build(input);
      const model = sequential(modules);
      const real = tidy(() => model.call(ones([2, ...input])).shape.slice(1));
      expect(outputShape, `${modules.map((m) => m.toString()).join(" → ")} on [${input}]`).toEqual(real);
      model.dispose();
    }
  });

  it("turn Keras options into the PyTorch layers' options", () => {
    const conv = conv2d(4, 3, { strides: 2, padding: "same" }).build([3, 11, 9]).modules[0] as Conv2d;
    expect(conv.padding).toEqual([1, 1]); // ⌈11/2⌉ = 6 outputs need 2 rows of padding in all
    const c1 = conv1d(2, 3, { padding: "same" }).build([1, 5]).modules[0] as Conv1d;
    expect(c1.padding).toBe("same");
    const avg = averagePooling2d(2, { strides: 2, padding: "same" }).build([2, 6, 8]).modules[0] as AvgPool2d;
    expect(avg.countIncludePad).toBe(false);
    expect(maxPooling2d().build([1, 4, 4]).modules[0]).toBeInstanceOf(MaxPool2d);
    const bn = batchNormalization({ momentum: 0.99, epsilon: 1e-3 }).build([4, 5, 5])
      .modules[0] as BatchNorm2d;
    expect([bn.momentum, bn.eps]).toEqual([expect.closeTo(0.01, 12), 1e-3]);
    expect(batchNormalization().build([4]).modules[0]).toBeInstanceOf(BatchNorm1d);
    const ln = layerNormalization().build([3, 7]).modules[0] as LayerNorm;
    expect(ln.normalizedShape).toEqual([7]);
    const emb = embedding(100, 8, { paddingIdx: 0 }).build([12]);
    expect(emb.outputShape).toEqual([12, 8]);
    expect((emb.modules[0] as Embedding).paddingIdx).toBe(0);
    const ones8 = embedding(5, 3, { paddingIdx: 2, embeddingsInitializer: "ones" }).build([4])
      .modules[0] as Embedding;
    expect(ones8.weight.toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [0, 0, 0],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const regularised = conv2d(2, 3, { kernelRegularizer: l2(0.1), kernelInitializer: "zeros" }).build([
      1, 5, 5,
    ]);
    const reg = regularised.modules[0]!;
    expect((reg as Conv2d).weight.toArray()).toEqual(
      Array.from({ length: 2 }, () => [
        [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
      ]),
    );
    expect(reg.regularizationLoss()!.item()).toBe(0);
  });

  it("run an embedding model end to end, summary included", () => {
    const model = sequential([
      embedding(20, 4, { inputShape: [6] }),
      flatten(),
      dense(1, { activation: "sigmoid" }),
    ]);
    expect(model.summary().rows.map((r) => r.outputShape)).toEqual([
      [-1, 6, 4],
      [-1, 24],
      [-1, 1],
      [-1, 1],
    ]);
    const y = tidy(() => model.call(tensor([[1, 2, 3, 4, 5, 19]], "int32")));
    expect(y.shape).toEqual([1, 1]);
    model.dispose();
  });

  it("name the builder and the shape when a shape does not fit", () => {
    expect(() => sequential([conv2d(4, 3, { inputShape: [28, 28] })])).toThrow(
      "conv2d: expected an input shape [C, H, W] (channels first, without the batch axis), got [28,28]",
    );
    expect(() => sequential([conv2d(4, 5, { inputShape: [1, 3, 3] })])).toThrow(ShapeError);
    expect(() => sequential([conv1d(4, 3, { inputShape: [3, 8, 8] })])).toThrow(
      "conv1d: expected an input shape [C, L]",
    );
    expect(() => sequential([maxPooling2d(2, { padding: "same", inputShape: [1, 7, 7] })])).toThrow(
      ValueError,
    );
    expect(() => sequential([layerNormalization({ axis: 0, inputShape: [3, 4] })])).toThrow(
      "layerNormalization: axis 0 must name the trailing axes of a sample of shape [3,4]",
    );
    expect(() => sequential([batchNormalization({ inputShape: [1, 2, 3, 4] })])).toThrow(
      "batchNormalization: expected an input shape [C], [C, L] or [C, H, W], got [1,2,3,4]",
    );
  });

  it("mix with modules wrapped by layer()", () => {
    const model = sequential([
      conv2d(2, 3, { inputShape: [1, 6, 6] }),
      layer(new ReLU()),
      globalAveragePooling2d(),
    ]);
    expect(tidy(() => model.call(ones([3, 1, 6, 6])).shape)).toEqual([3, 2]);
    model.dispose();
  });
});
