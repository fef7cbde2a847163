import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { logLoss } from "../src/log-loss.js";
import { expectClose, fixture } from "./helpers.js";
import type { RankingFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const { logLoss: cases } = fixture<RankingFixture>("ranking.json");

describe("logLoss equals scikit-learn", () => {
  for (const c of cases) {
    it(`${c.name} (${c.dtype})`, () => {
      const labels = c.labels === null ? {} : { labels: c.labels };
      // A float32 case goes in as a float32 tensor: clipping then uses float32's epsilon, as NumPy.
      const prob =
        c.dtype === "float32" ? tensor(c.yProb as number[], "float32") : (c.yProb as number[] | number[][]);
      // scikit-learn sums float32 input in float32; tensorkit in float64.
      const rtol = c.dtype === "float32" ? 1e-6 : 1e-12;
      expectClose(logLoss(c.yTrue, prob, labels), c.value, rtol, `${c.name} mean`);
      expectClose(logLoss(c.yTrue, prob, { ...labels, normalize: false }), c.sum, rtol, `${c.name} sum`);
      expect(Number.isFinite(logLoss(c.yTrue, prob, labels))).toBe(true);
    });
  }
});

describe("logLoss", () => {
  it("fromLogits applies softmax (2-D) and sigmoid (1-D) first", () => {
    const c = cases.find((x) => x.name === "multiclass")!;
    const probs = c.yProb as number[][];
    const logits = probs.map((row) => row.map((p) => Math.log(p) + 3)); // softmax(log p + 3) = p
    expectClose(logLoss(c.yTrue, logits, { fromLogits: true }), c.value, 1e-12);
    const b = cases.find((x) => x.name === "binary_1d")!;
    const p = (b.yProb as number[]).map((v) => Math.min(Math.max(v, 1e-6), 1 - 1e-6));
    const z = p.map((v) => Math.log(v / (1 - v)));
    expectClose(logLoss(b.yTrue, z, { fromLogits: true }), logLoss(b.yTrue, p), 1e-9);
  });

  it("refuses probabilities outside [0, 1] and a single class", () => {
    expect(() => logLoss([0, 1], [0.5, 1.5])).toThrow(/1.5 at flat index 1/);
    expect(() => logLoss([4, 4], [0.5, 0.6])).toThrow(/pass labels/);
    expect(() => logLoss([0, 1], [-0.1, 0.5])).toThrow(ValueError);
  });

  it("names both lengths when they differ", () => {
    expect(() => logLoss([0, 1, 1], [0.5, 0.6])).toThrow(ShapeError);
    expect(() => logLoss([0, 1, 1], [0.5, 0.6])).toThrow(/yTrue has 3 samples.*yProb has 2/);
  });
});
