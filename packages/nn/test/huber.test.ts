import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { HuberLoss, huberLoss } from "../src/losses/huber.js";
import { checkLossCase, lossCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("huberLoss", () => {
  for (const [name, c] of lossCases("huberLoss")) {
    it(`equals PyTorch, value and input gradient: ${name}`, () => checkLossCase(c, huberLoss));
  }

  it("refuses a target of another shape, naming both", () => {
    expect(() => huberLoss(ones([3, 1]), ones([3]))).toThrow(
      "huberLoss: expected target of the input's shape [3,1], got [3]",
    );
    expect(() => huberLoss(ones([3]), ones([3]), { reduction: "avg" as "sum" })).toThrow(
      "huberLoss: reduction must be 'mean', 'sum', 'none', got 'avg'",
    );
  });

  it("as a module", () => {
    const lossFn = new HuberLoss({ reduction: "sum" });
    const y = lossFn.call(tensor([1, 2]), tensor([1, 2]));
    expect(y.item()).toBe(0);
    expect(lossFn.toString()).toMatch(/^HuberLoss\(reduction='sum'/);
    y.dispose();
  });
});
