import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { L1Loss, l1Loss } from "../src/losses/l1.js";
import { checkLossCase, lossCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("l1Loss", () => {
  for (const [name, c] of lossCases("l1Loss")) {
    it(`equals PyTorch, value and input gradient: ${name}`, () => checkLossCase(c, l1Loss));
  }

  it("refuses a target of another shape, naming both", () => {
    expect(() => l1Loss(ones([3, 1]), ones([3]))).toThrow(
      "l1Loss: expected target of the input's shape [3,1], got [3]",
    );
    expect(() => l1Loss(ones([3]), ones([3]), { reduction: "avg" as "sum" })).toThrow(
      "l1Loss: reduction must be 'mean', 'sum', 'none', got 'avg'",
    );
  });

  it("as a module", () => {
    const lossFn = new L1Loss({ reduction: "sum" });
    const y = lossFn.call(tensor([1, 2]), tensor([1, 2]));
    expect(y.item()).toBe(0);
    expect(lossFn.toString()).toMatch(/^L1Loss\(reduction='sum'/);
    y.dispose();
  });
});
