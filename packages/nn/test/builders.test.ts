import { noGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  greater,
  manualSeed,
  memory,
  mul,
  ones,
  registerBackend,
  sub,
  tensor,
  tidy,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  binaryCrossEntropy,
  dense,
  Linear,
  l2,
  ReLU,
  Sequential,
  Sigmoid,
  sequential,
  summary,
} from "../src/index.js";

registerBackend("cpu", createCpuBackend);

describe("Keras-style builders", () => {
  it("build the seed's network as PyTorch's nn.Sequential, with PyTorch's state-dict keys", () => {
    const model = sequential([
      dense(4, { activation: "relu", inputShape: [2] }),
      dense(1, { activation: "sigmoid" }),
    ]);
    expect(model.built).toBe(true);
    expect(model.layers.map((l) => l.constructor.name)).toEqual(["Linear", "ReLU", "Linear", "Sigmoid"]);
    expect(Object.entries(model.stateDict()).map(([k, t]) => [k, t.shape])).toEqual([
      ["0.weight", [4, 2]],
      ["0.bias", [4]],
      ["2.weight", [1, 4]],
      ["2.bias", [1]],
    ]);
    model.dispose();
  });

  it("infer input sizes lazily when no layer names the input shape", () => {
    const model = sequential([dense(8, { activation: "tanh" }), dense(3)]);
    expect(model.built).toBe(false);
    expect(model.parameters()).toHaveLength(0);
    const y = tidy(() => model.call(ones([5, 6])));
    expect(y.shape).toEqual([5, 3]);
    expect((model.at(0) as Linear).inFeatures).toBe(6);
    y.dispose();
    model.dispose();
  });

  it("summary() lists layers, output shapes and trainable and frozen counts, as Keras prints them", () => {
    const model = sequential([
      dense(4, { activation: "relu", inputShape: [2] }),
      dense(1, { activation: "sigmoid" }),
    ]);
    (model.at(0) as Linear).requiresGrad(false);
    const info = model.summary();
    expect(info.rows.map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      ["0", "Linear", [-1, 4], 12],
      ["1", "ReLU", [-1, 4], 0],
      ["2", "Linear", [-1, 1], 5],
      ["3", "Sigmoid", [-1, 1], 0],
    ]);
    expect([info.totalParams, info.trainableParams, info.frozenParams]).toEqual([17, 5, 12]);
    expect(info.text).toContain("0 (Linear)      [None, 4]       12");
    expect(info.text).toContain("Non-trainable params: 12");
    // A module built by hand gets the same table when given the input shape.
    const byHand = new Sequential(new Linear(2, 4), new ReLU(), new Linear(4, 1), new Sigmoid());
    expect(summary(byHand, [2]).rows.map((r) => r.outputShape)).toEqual([
      [-1, 4],
      [-1, 4],
      [-1, 1],
      [-1, 1],
    ]);
    for (const m of [model, byHand]) m.dispose();
  });

  it("adds kernel regularisers to regularizationLoss (λ·Σw², Keras' l2)", () => {
    const model = sequential([dense(2, { inputShape: [2], kernelRegularizer: l2(0.5) })]);
    const w = (model.at(0) as Linear).weight;
    noGrad(() =>
      w.assign(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    );
    const penalty = model.regularizationLoss()!;
    expect(penalty.item()).toBeCloseTo(0.5 * (1 + 4 + 9 + 16), 5);
    penalty.dispose();
    model.dispose();
  });

  it("train the seed's XOR network to accuracy 1.0 with plain gradient steps (fixed seed)", () => {
    const before = memory().numTensors;
    manualSeed(2);
    const model = sequential([
      dense(4, { activation: "relu", inputShape: [2] }),
      dense(1, { activation: "sigmoid" }),
    ]);
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[0], [1], [1], [0]]);
    for (let step = 0; step < 3000; step++) {
      tidy(() => {
        model.zeroGrad();
        binaryCrossEntropy(model.call(x), y).backward();
        noGrad(() => {
          for (const p of model.parameters()) p.assign(sub(p, mul(p.grad!, 0.5)));
        });
      });
    }
    const predicted = noGrad(() => tidy(() => greater(model.call(x), 0.5).toArray()));
    expect(predicted).toEqual([[false], [true], [true], [false]]);
    model.dispose();
    for (const t of [x, y]) t.dispose();
    expect(memory().numTensors).toBe(before);
  }, 60_000); // 3,000 steps: seconds on a busy shared machine
});
