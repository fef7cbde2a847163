import { requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, tensor, zeros } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { CrossEntropyLoss, crossEntropy } from "../src/losses/cross-entropy.js";
import { checkLossCase, lossCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("crossEntropy", () => {
  for (const [name, c] of lossCases("crossEntropy")) {
    it(`equals PyTorch, value and input gradient: ${name}`, () => checkLossCase(c, crossEntropy));
  }

  it("stays finite on logits of ±1e4", () => {
    const x = requiresGrad(
      tensor([
        [1e4, -1e4],
        [-1e4, 1e4],
      ]),
    );
    const loss = crossEntropy(x, tensor([1, 1], "int32"));
    expect(loss.item()).toBe(1e4);
    loss.backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([0.5, -0.5, 0, 0]);
  });

  it("names the expected and actual target shapes, and refuses out-of-range classes", () => {
    expect(() => crossEntropy(ones([4, 3]), zeros([4, 1], "int32"))).toThrow(
      "crossEntropy: expected target of shape [4] (class indices) or [4,3] (probabilities) for input [4,3], got [4,1]",
    );
    expect(() => crossEntropy(ones([2, 3]), tensor([0, 3], "int32"))).toThrow(
      "crossEntropy: target 3 at flat index 1 is out of range for 3 classes (ignoreIndex is -100)",
    );
    expect(() => crossEntropy(ones([2, 3]), tensor([0, 1]))).toThrow(
      "crossEntropy: class targets must be an int32 tensor, got float32",
    );
    expect(() => crossEntropy(ones([2, 3]), tensor([0, 1], "int32"), { weight: ones([2]) })).toThrow(
      "crossEntropy: expected weight of shape [3] (one per class), got [2]",
    );
    expect(() => crossEntropy(ones([2, 3]), tensor([0, 1], "int32"), { labelSmoothing: 1.5 })).toThrow(
      "crossEntropy: labelSmoothing must be in [0, 1], got 1.5",
    );
  });

  it("gives NaN for a mean over no targets, as PyTorch (0/0)", () => {
    const loss = crossEntropy(ones([2, 3]), tensor([-100, -100], "int32"));
    expect(loss.item()).toBeNaN();
  });

  it("as a module, with the weight as a buffer", () => {
    const lossFn = new CrossEntropyLoss({ weight: tensor([1, 2, 3]), labelSmoothing: 0.1 });
    expect(Object.keys(lossFn.stateDict())).toEqual(["weight"]);
    expect(lossFn.toString()).toBe(
      "CrossEntropyLoss(reduction='mean', ignoreIndex=-100, labelSmoothing=0.1)",
    );
    const y = lossFn.call(zeros([2, 3]), tensor([0, 2], "int32"));
    expect(y.item()).toBeCloseTo(Math.log(3), 5); // uniform logits: every term is log 3
    y.dispose();
    lossFn.dispose();
  });
});
