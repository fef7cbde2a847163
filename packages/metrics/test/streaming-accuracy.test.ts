import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Accuracy } from "../src/streaming/accuracy.js";
import { batches, expectClose, fixture } from "./helpers.js";
import type { ClassificationFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const { cases } = fixture<ClassificationFixture>("classification.json");

describe("Accuracy (streaming)", () => {
  it("equals scikit-learn's accuracy over all batches", () => {
    const acc = new Accuracy();
    for (const c of cases) {
      acc.reset();
      for (const [t, p] of batches(c.yTrue, c.yPred, 7)) acc.update(t, p);
      expectClose(acc.compute(), c.accuracy, 1e-15, c.name);
    }
  });

  it("takes logits tensors, and refuses compute before any update", () => {
    const acc = new Accuracy();
    expect(() => acc.compute()).toThrow(/no samples seen/);
    const logits = tensor([
      [2, -1],
      [0.3, 0.9],
    ]);
    acc.update([0, 1], logits);
    acc.update([1], [0]);
    expect(acc.compute()).toBeCloseTo(2 / 3, 15);
    logits.dispose();
  });
});
