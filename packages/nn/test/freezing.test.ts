import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, ones, registerBackend, sum, tensor, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  parameterLayers,
  ReLU,
  Sequential,
  summary,
  unfreezeTop,
} from "../src/index.js";

registerBackend("cpu", createCpuBackend);

function mlp(): Sequential {
  return new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
}

describe("trainable / requiresGrad(false)", () => {
  it("freezes one submodule: its parameters get no gradient, the others do", () => {
    const model = mlp();
    model.at(0).trainable = false;
    expect([model.at(0).trainable, model.at(2).trainable, model.trainable]).toEqual([false, true, true]);
    tidy(() => sum(model.call(ones([2, 3]))).backward());
    const grads = model.namedParameters().map(([n, p]) => [n, p.requiresGrad, p.grad !== null]);
    expect(grads).toEqual([
      ["0.weight", false, false],
      ["0.bias", false, false],
      ["2.weight", true, true],
      ["2.bias", true, true],
    ]);
    model.zeroGrad();
    model.dispose();
  });

  it("requiresGrad(false) is trainable = false on the whole tree, and freezing drops stale gradients", () => {
    const model = mlp();
    tidy(() => sum(model.call(ones([2, 3]))).backward());
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
    model.requiresGrad(false);
    expect(model.modules().map((m) => m.trainable)).toEqual([false, false, false, false]);
    // A stale .grad on a frozen weight would let an optimiser still move it.
    expect(model.parameters().map((p) => [p.requiresGrad, p.grad])).toEqual([
      [false, null],
      [false, null],
      [false, null],
      [false, null],
    ]);
    model.trainable = true;
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
    model.dispose();
  });

  it("summary() counts frozen parameters and marks each layer Y, N or -", () => {
    const model = mlp();
    model.at(0).trainable = false;
    const info = summary(model, [3]);
    expect([info.totalParams, info.trainableParams, info.frozenParams]).toEqual([26, 10, 16]);
    expect(info.rows.map((r) => [r.name, r.params, r.trainableParams])).toEqual([
      ["0", 16, 0],
      ["1", 0, 0],
      ["2", 10, 10],
    ]);
    const lines = info.text.split("\n");
    expect(lines.find((l) => l.startsWith("Layer (type)"))).toMatch(/Param #\s+Trainable$/);
    expect(lines.find((l) => l.startsWith("0 (Linear)"))).toMatch(/16\s+N$/);
    expect(lines.find((l) => l.startsWith("1 (ReLU)"))).toMatch(/0\s+-$/);
    expect(lines.find((l) => l.startsWith("2 (Linear)"))).toMatch(/10\s+Y$/);
    // Nothing frozen: Keras' plain table, no Trainable column.
    model.trainable = true;
    const header = summary(model, [3])
      .text.split("\n")
      .find((l) => l.startsWith("Layer (type)"));
    expect(header).toMatch(/Param #$/);
    model.dispose();
  });
});

describe("frozen BatchNorm (Keras 2 semantics)", () => {
  /** BatchNorm1d(1) with running mean 1, running variance 4, weight 2, bias 0.5. */
  function preset(): BatchNorm1d {
    const bn = new BatchNorm1d(1);
    bn.loadStateDict({
      weight: tensor([2]),
      bias: tensor([0.5]),
      running_mean: tensor([1]),
      running_var: tensor([4]),
      num_batches_tracked: tensor(Int32Array.from([7]), { shape: [] }),
    });
    return bn;
  }

  it("normalises with its running statistics in training mode and leaves them untouched", () => {
    const bn = preset();
    bn.trainable = false;
    bn.train();
    const y = tidy(() => bn.call(tensor([[3], [5]])).toArray() as number[][]);
    // (x − 1) / √(4 + 1e-5) · 2 + 0.5, by hand: the batch's own mean (4) and variance (1) are ignored.
    const s = Math.sqrt(4 + 1e-5);
    expect(y[0]![0]).toBeCloseTo((2 / s) * 2 + 0.5, 5);
    expect(y[1]![0]).toBeCloseTo((4 / s) * 2 + 0.5, 5);
    expect(bn.runningMean!.toArray()).toEqual([1]);
    expect(bn.runningVar!.toArray()).toEqual([4]);
    expect(bn.numBatchesTracked!.item()).toBe(7);
    bn.dispose();
  });

  it("a BatchNorm frozen through an ancestor does too; a trainable one uses the batch and updates", () => {
    const frozen = new Sequential(preset());
    frozen.requiresGrad(false).train();
    const trainable = preset().train();
    const [a, b] = tidy(() => [
      frozen.call(tensor([[3], [5]])).toArray() as number[][],
      trainable.call(tensor([[3], [5]])).toArray() as number[][],
    ]);
    expect(a[0]![0]).toBeCloseTo((2 / Math.sqrt(4 + 1e-5)) * 2 + 0.5, 5);
    // Batch mean 4, biased variance 1: (3 − 4) / √(1 + 1e-5) · 2 + 0.5 ≈ −1.5.
    expect(b[0]![0]).toBeCloseTo(-1.5, 4);
    expect(b[1]![0]).toBeCloseTo(2.5, 4);
    // running ← 0.9 · 1 + 0.1 · 4 = 1.3; var ← 0.9 · 4 + 0.1 · 2 (unbiased) = 3.8
    expect(trainable.runningMean!.item()).toBeCloseTo(1.3, 6);
    expect(trainable.runningVar!.item()).toBeCloseTo(3.8, 6);
    expect((frozen.at(0) as BatchNorm1d).runningMean!.item()).toBe(1);
    for (const m of [frozen, trainable]) m.dispose();
  });
});

describe("unfreezeTop and parameterLayers", () => {
  function convNet(): Sequential {
    return new Sequential(
      new Conv2d(1, 2, 3),
      new BatchNorm2d(2),
      new ReLU(),
      new Flatten(),
      new Linear(8, 4),
      new ReLU(),
      new Linear(4, 3),
    );
  }

  it("lists the layers that hold parameters in forward order", () => {
    const model = convNet();
    expect(parameterLayers(model).map(([n, m]) => [n, m.constructor.name])).toEqual([
      ["0", "Conv2d"],
      ["1", "BatchNorm2d"],
      ["4", "Linear"],
      ["6", "Linear"],
    ]);
    model.dispose();
  });

  it("unfreezes the top N layers, leaving BatchNorm frozen unless asked", () => {
    const model = convNet();
    model.trainable = false;
    expect(unfreezeTop(model, 2, { exclude: [model.at(-1) as never] })).toEqual(["0", "4"]);
    expect(
      model
        .modules()
        .filter((m) => m.trainable)
        .map((m) => m.constructor.name),
    ).toEqual(["Conv2d", "Linear"]);
    model.trainable = false;
    expect(unfreezeTop(model, 3, { keepBatchNormFrozen: false })).toEqual(["1", "4", "6"]);
    expect(unfreezeTop(model, 0)).toEqual([]);
    expect(() => unfreezeTop(model, 4)).toThrow(
      "unfreezeTop: n must be an integer in [0, 3] (the layers with parameters, BatchNorm left out), got 4",
    );
    expect(() => unfreezeTop(model, 1.5)).toThrow("got 1.5");
    model.dispose();
    expect(memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});
