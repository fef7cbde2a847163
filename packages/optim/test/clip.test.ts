import { requiresGrad } from "@tensorkit/autograd";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { clipGradNorm, clipGradValue } from "../src/index.js";
import { setUpBackends } from "./helpers.js";

setUpBackends();

/** Two parameters whose gradients are [3, 4] and [12] (set directly). */
function withGrads(a: number[], b: number[]) {
  const p = requiresGrad(tk.tensor([0, 0].slice(0, a.length)));
  const q = requiresGrad(tk.tensor(b.map(() => 0)));
  p.grad = tk.tensor(a);
  q.grad = tk.tensor(b);
  return [p, q] as const;
}

describe("clipGradNorm", () => {
  it("returns the total 2-norm and scales by maxNorm / (norm + 1e-6), as torch", () => {
    const [p, q] = withGrads([3, 4], [12]); // ‖[3, 4, 12]‖ = 13
    const norm = clipGradNorm([p, q], 6.5);
    expect(norm.item()).toBe(13);
    const coef = 6.5 / (13 + 1e-6);
    expect(Array.from(p.grad!.dataSync())).toEqual([
      Math.fround(3 * Math.fround(coef)),
      Math.fround(4 * Math.fround(coef)),
    ]);
    expect(q.grad!.dataSync()[0]).toBeCloseTo(12 * coef, 5);
  });

  it("leaves gradients under the bound unchanged (the coefficient clamps to 1)", () => {
    const [p, q] = withGrads([3, 4], [12]);
    expect(clipGradNorm([p, q], 100).item()).toBe(13);
    expect(Array.from(p.grad!.dataSync())).toEqual([3, 4]);
  });

  it("the infinity norm is the largest |g|; the 1-norm the sum; p = 3 the cube root of Σ|g|³", () => {
    let [p, q] = withGrads([3, -4], [-12]);
    expect(clipGradNorm([p, q], 1e9, { normType: Number.POSITIVE_INFINITY }).item()).toBe(12);
    [p, q] = withGrads([3, -4], [-12]);
    expect(clipGradNorm([p, q], 1e9, { normType: 1 }).item()).toBe(19);
    [p, q] = withGrads([3, -4], [-12]);
    expect(clipGradNorm([p, q], 1e9, { normType: 3 }).item()).toBeCloseTo((27 + 64 + 1728) ** (1 / 3), 4);
  });

  it("skips parameters without a gradient, returns 0 when none has one, and can refuse a non-finite norm", () => {
    const none = requiresGrad(tk.tensor([1]));
    expect(clipGradNorm([none], 1).item()).toBe(0);
    const [p] = withGrads([Number.POSITIVE_INFINITY, 1], [0]);
    expect(() => clipGradNorm([p, none], 1, { errorIfNonfinite: true })).toThrow(
      /total norm of order 2 of the gradients is Infinity/,
    );
    expect(() => clipGradNorm([p], 1, { normType: 0 })).toThrow(/normType must be > 0 or Infinity; got 0/);
  });
});

describe("clipGradValue", () => {
  it("clamps every gradient element to [-v, v]", () => {
    const [p, q] = withGrads([3, -4], [0.5]);
    clipGradValue([p, q], 1);
    expect(Array.from(p.grad!.dataSync())).toEqual([1, -1]);
    expect(Array.from(q.grad!.dataSync())).toEqual([0.5]);
    expect(() => clipGradValue([p], -1)).toThrow(/clipValue must be ≥ 0; got -1/);
  });
});
