import { createCpuBackend } from "@tensorkit/backend-cpu";
import { dense, sequential } from "@tensorkit/nn";
import { manualSeed, memory, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { compile } from "../src/index.js";

registerBackend("cpu", createCpuBackend);

describe("compile/fit/evaluate/predict", () => {
  it("trains the seed's XOR network as Keras does and reports History", async () => {
    const before = memory().numTensors;
    manualSeed(2);
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[0], [1], [1], [0]]);
    const model = sequential([
      dense(4, { activation: "relu", inputShape: [2] }),
      dense(1, { activation: "sigmoid" }),
    ]);
    const trainer = compile(model, {
      optimizer: { name: "adam", lr: 0.05 },
      loss: "binaryCrossentropy",
      metrics: ["accuracy"],
    });
    const t0 = performance.now();
    const history = await trainer.fit(x, y, { epochs: 1000, verbose: 0 });
    console.log("xor fit ms", performance.now() - t0);
    expect(history.epoch).toHaveLength(1000);
    expect(history.history.loss!.at(-1)!).toBeLessThan(history.history.loss![0]!);
    expect(trainer.evaluate(x, y).accuracy).toBe(1);
    const p = trainer.predict(x);
    expect(Array.from(p.dataSync(), (v) => Math.round(v))).toEqual([0, 1, 1, 0]);
    p.dispose();
    model.dispose();
    trainer.optimizer.dispose();
    for (const t of [x, y]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });
});

describe("evaluate and predict", () => {
  it("leave the caller's tensors alone and report sparse categorical accuracy", async () => {
    manualSeed(0);
    const x = tensor([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const y = tensor(new Int32Array([0, 1, 2]));
    const model = sequential([dense(3, { activation: "softmax", inputShape: [2] })]);
    const trainer = compile(model, {
      optimizer: "sgd",
      loss: "sparseCategoricalCrossentropy",
      metrics: ["accuracy"],
    });
    const logs = trainer.evaluate(x, y);
    expect(Object.keys(logs)).toEqual(["loss", "accuracy"]);
    expect(y.isDisposed).toBe(false);
    expect(x.isDisposed).toBe(false);
    const p = trainer.predict(x);
    expect(p.shape).toEqual([3, 3]);
    for (const t of [p, x, y]) t.dispose();
    model.dispose();
  });
});

describe("regularisers in fit", () => {
  it("add the penalty to the loss, so a strong l2 shrinks the weights", async () => {
    const { l2 } = await import("@tensorkit/nn");
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const y = tensor([[1], [2], [3]]);
    const norms: number[] = [];
    for (const reg of [undefined, l2(10)]) {
      manualSeed(0);
      const model = sequential([dense(1, { inputShape: [2], ...(reg ? { kernelRegularizer: reg } : {}) })]);
      const trainer = compile(model, { optimizer: { name: "sgd", lr: 0.01 }, loss: "mse" });
      const history = await trainer.fit(x, y, { epochs: 50, verbose: 0 });
      // With the penalty, the reported loss includes λ·Σw² on top of the data loss.
      if (reg) expect(history.last("loss")!).toBeGreaterThan(trainer.evaluate(x, y).loss!);
      norms.push(model.parameters()[0]!.square().sum().item() as number);
      model.dispose();
      trainer.optimizer.dispose();
    }
    expect(norms[1]!).toBeLessThan(norms[0]! / 5); // measured: about 8× smaller
    for (const t of [x, y]) t.dispose();
  });
});

describe("unfreezing after compile", () => {
  /** Trains a 2-4-1 net one epoch with SGD; `unfreezeAfterCompile` freezes layer 0 before compile. */
  async function trainedWeights(unfreezeAfterCompile: boolean): Promise<number[][]> {
    manualSeed(7);
    const model = sequential([dense(4, { activation: "tanh", inputShape: [2] }), dense(1)]);
    const first = model.layers[0]!;
    if (unfreezeAfterCompile) first.trainable = false;
    const trainer = compile(model, { optimizer: { name: "sgd", lr: 0.1 }, loss: "meanSquaredError" });
    if (unfreezeAfterCompile) first.trainable = true;
    const x = tensor([
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[1], [2], [3]]);
    await trainer.fit(x, y, { epochs: 3, batchSize: 3, shuffle: false, verbose: 0 });
    const weights = model.parameters().map((p) => Array.from(p.dataSync()));
    model.dispose();
    trainer.optimizer.dispose();
    x.dispose();
    y.dispose();
    return weights;
  }

  it("trains layers unfrozen after compile exactly as if they had never been frozen (no recompile)", async () => {
    const reference = await trainedWeights(false);
    const unfrozen = await trainedWeights(true);
    expect(unfrozen).toEqual(reference);
  });
});
