import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { NLLLoss, nllLoss } from "../src/losses/nll.js";
import { checkLossCase, lossCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("nllLoss", () => {
  for (const [name, c] of lossCases("nllLoss")) {
    it(`equals PyTorch, value and input gradient: ${name}`, () => checkLossCase(c, nllLoss));
  }

  it("names both shapes on a wrong target", () => {
    expect(() => nllLoss(ones([2, 3, 4]), ones([2, 3], "int32"))).toThrow(
      "nllLoss: expected target of shape [2,4] for input [2,3,4], got [2,3]",
    );
  });

  it("as a module: ignoreIndex may be a real class", () => {
    const lossFn = new NLLLoss({ ignoreIndex: 0, reduction: "sum" });
    const y = lossFn.call(
      tensor([
        [-1, -2],
        [-3, -4],
      ]),
      tensor([0, 1], "int32"),
    );
    expect(y.item()).toBe(4);
    y.dispose();
    lossFn.dispose();
  });
});
