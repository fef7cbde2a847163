import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { KLDivLoss, klDiv } from "../src/losses/kl-div.js";
import { checkLossCase, lossCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("klDiv", () => {
  for (const [name, c] of lossCases("klDiv")) {
    it(`equals PyTorch, value and input gradient: ${name}`, () => checkLossCase(c, klDiv));
  }

  it("checks reduction and shapes", () => {
    expect(() => klDiv(ones([2, 3]), ones([2, 3]), { reduction: "avg" as "sum" })).toThrow(
      "klDiv: reduction must be 'batchmean', 'mean', 'sum', 'none', got 'avg'",
    );
    expect(() => klDiv(ones([2, 3]), ones([3]))).toThrow(
      "klDiv: expected target of the input's shape [2,3], got [3]",
    );
  });

  it("as a module: zero for identical distributions", () => {
    const lossFn = new KLDivLoss({ reduction: "batchmean" });
    const p = tensor([[0.25, 0.75]]);
    const y = lossFn.call(p.log(), p);
    expect(Math.abs(y.item() as number)).toBeLessThan(1e-7);
    for (const t of [p, y]) t.dispose();
  });
});
