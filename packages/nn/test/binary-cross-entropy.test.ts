import { requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, sigmoid, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  BCELoss,
  BCEWithLogitsLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from "../src/losses/binary-cross-entropy.js";
import { checkLossCase, lossCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("binaryCrossEntropy", () => {
  for (const [name, c] of lossCases("binaryCrossEntropy")) {
    it(`equals PyTorch, value and input gradient: ${name}`, () => checkLossCase(c, binaryCrossEntropy));
  }

  it("passes PyTorch's gradient through an intermediate input: d/dz of bce(σ(z), y) is (σ(z) − y)/n", () => {
    const z = requiresGrad(tensor([-1, 0.5, 2]));
    const p = sigmoid(z);
    const loss = binaryCrossEntropy(p, tensor([0, 1, 1]));
    loss.backward();
    const s = Array.from(p.dataSync());
    const want = [s[0]! - 0, s[1]! - 1, s[2]! - 1].map((v) => v / 3);
    for (const [i, g] of Array.from(z.grad!.dataSync()).entries()) expect(g).toBeCloseTo(want[i]!, 6);
    for (const t of [z, p, loss]) t.dispose();
  });

  it("refuses inputs outside [0, 1] and targets of another shape", () => {
    expect(() => binaryCrossEntropy(tensor([0.5, 1.5]), tensor([0, 1]))).toThrow(
      "binaryCrossEntropy: input values must be probabilities in [0, 1], got 1.5 at flat index 1",
    );
    expect(() => binaryCrossEntropy(ones([4, 1]), ones([4]))).toThrow(
      "binaryCrossEntropy: expected target of the input's shape [4,1], got [4]",
    );
  });

  it("as a module, with the weight as a buffer", () => {
    const lossFn = new BCELoss({ weight: tensor([2, 1]), reduction: "sum" });
    expect(Object.keys(lossFn.stateDict())).toEqual(["weight"]);
    const y = lossFn.call(tensor([0.5, 0.5]), tensor([1, 0]));
    expect(y.item()).toBeCloseTo(3 * Math.LN2, 6);
    y.dispose();
    lossFn.dispose();
  });
});

describe("binaryCrossEntropyWithLogits", () => {
  for (const [name, c] of lossCases("binaryCrossEntropyWithLogits")) {
    it(`equals PyTorch, value and input gradient: ${name}`, () =>
      checkLossCase(c, binaryCrossEntropyWithLogits));
  }

  it("stays finite for logits far beyond float32's exp range", () => {
    const x = requiresGrad(tensor([1e4, -1e4, 1e4, -1e4]));
    const loss = binaryCrossEntropyWithLogits(x, tensor([1, 0, 0, 1]), { reduction: "none" });
    expect(Array.from(loss.dataSync())).toEqual([0, 0, 1e4, 1e4]);
    loss.sum().backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([0, 0, 1, -1]);
  });

  it("as a module, with weight and pos_weight buffers named as PyTorch", () => {
    const lossFn = new BCEWithLogitsLoss({ posWeight: tensor([3]) });
    expect(Object.keys(lossFn.stateDict())).toEqual(["pos_weight"]);
    const y = lossFn.call(tensor([0]), tensor([1]));
    expect(y.item()).toBeCloseTo(3 * Math.LN2, 6);
    y.dispose();
    lossFn.dispose();
  });
});
