import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { MSELoss, mseLoss } from "../src/losses/mse.js";
import { checkLossCase, lossCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("mseLoss", () => {
  for (const [name, c] of lossCases("mseLoss")) {
    it(`equals PyTorch, value and input gradient: ${name}`, () => checkLossCase(c, mseLoss));
  }

  it("refuses a target of another shape, naming both", () => {
    expect(() => mseLoss(ones([3, 1]), ones([3]))).toThrow(
      "mseLoss: expected target of the input's shape [3,1], got [3]",
    );
    expect(() => mseLoss(ones([3]), ones([3]), { reduction: "avg" as "sum" })).toThrow(
      "mseLoss: reduction must be 'mean', 'sum', 'none', got 'avg'",
    );
  });

  it("as a module", () => {
    const lossFn = new MSELoss({ reduction: "sum" });
    const y = lossFn.call(tensor([1, 2]), tensor([1, 2]));
    expect(y.item()).toBe(0);
    expect(lossFn.toString()).toMatch(/^MSELoss\(reduction='sum'/);
    y.dispose();
  });
});
