import { requiresGrad } from "@tensorkit/autograd";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { l1Penalty, l2Penalty } from "../src/index.js";
import { setUpBackends } from "./helpers.js";

setUpBackends();

describe("l1Penalty and l2Penalty", () => {
  it("l1: lambda·Σ|w| with gradient lambda·sign(w)", () => {
    const a = requiresGrad(tk.tensor([1, -2]));
    const b = requiresGrad(tk.tensor([[3], [-0.5]]));
    const pen = l1Penalty([a, b], 0.5);
    expect(pen.item()).toBe(3.25);
    pen.backward();
    expect(Array.from(a.grad!.dataSync())).toEqual([0.5, -0.5]);
    expect(Array.from(b.grad!.dataSync())).toEqual([0.5, -0.5]);
  });

  it("l2: lambda·Σw² with gradient 2·lambda·w, added to a loss", () => {
    const w = requiresGrad(tk.tensor([1, -2, 3]));
    const loss = tk.add(tk.sum(w), l2Penalty([w], 0.1));
    expect(loss.item()).toBeCloseTo(2 + 1.4, 6);
    loss.backward();
    const g = Array.from(w.grad!.dataSync());
    for (const [i, want] of [1 + 0.2, 1 - 0.4, 1 + 0.6].entries()) expect(g[i]).toBeCloseTo(want, 6);
  });

  it("rejects a negative lambda and gives 0 for no parameters", () => {
    expect(() => l2Penalty([], -1)).toThrow(/l2Penalty: lambda must be a finite number ≥ 0; got -1/);
    expect(l1Penalty([], 1).item()).toBe(0);
  });
});
