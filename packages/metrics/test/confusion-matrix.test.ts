import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { confusionMatrix } from "../src/confusion-matrix.js";
import { expectClose, fixture } from "./helpers.js";
import type { ClassificationFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const { cases } = fixture<ClassificationFixture>("classification.json");

describe("confusionMatrix equals scikit-learn", () => {
  for (const c of cases) {
    it(`${c.name}: raw and normalised by true, pred, all`, () => {
      for (const [norm, expected] of Object.entries(c.confusionMatrix)) {
        const options = {
          ...(c.labels === null ? {} : { labels: c.labels }),
          ...(norm === "None" ? {} : { normalize: norm as "true" | "pred" | "all" }),
        };
        if ("error" in expected) {
          expect(() => confusionMatrix(c.yTrue, c.yPred, options)).toThrow(ValueError);
          continue;
        }
        expectClose(confusionMatrix(c.yTrue, c.yPred, options), expected, 1e-15, `${c.name} ${norm}`);
      }
    });
  }
});

describe("confusionMatrix", () => {
  it("reads int32 tensors and [n, k] scores", () => {
    const yTrue = tensor(new Int32Array([2, 0, 2, 2, 0, 1]));
    const yPred = tensor([
      [1, 0, 0],
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 1],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(confusionMatrix(yTrue, yPred)).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it("rows of a class never seen are 0 when normalised by true (0/0 → 0)", () => {
    expect(confusionMatrix([0, 0, 1], [0, 1, 1], { labels: [0, 1, 2], normalize: "true" })).toEqual([
      [0.5, 0.5, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it("names both lengths when they differ", () => {
    expect(() => confusionMatrix([0, 1], [0, 1, 1])).toThrow(ShapeError);
  });

  it("refuses an empty labels list", () => {
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [] })).toThrow(/at least one label/);
  });
});
