import { beforeEach, describe, expect, it } from "vitest";
import { clippedBinaryCrossEntropy, DTypeError, ShapeError, tensor, ValueError } from "../src/index.js";
import { expectClose, PATHS, use } from "./helpers/harness.js";

describe.each(PATHS)("clippedBinaryCrossEntropy (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  const p = () => tensor([[0.9], [0.2], [0.6]]);
  const y = () => tensor([[1], [0], [0.25]]);
  // −(y·ln p + (1−y)·ln(1−p)) per element, soft target included
  const perElement = [-Math.log(0.9), -Math.log(0.8), -(0.25 * Math.log(0.6) + 0.75 * Math.log(0.4))];

  it("is −(y·log p + (1−y)·log(1−p)), reduced by mean, sum or none", () => {
    const mean = perElement.reduce((a, b) => a + b) / 3;
    expect(clippedBinaryCrossEntropy(p(), y()).item()).toBeCloseTo(mean, 6);
    expect(clippedBinaryCrossEntropy(p(), y(), { reduction: "sum" }).item()).toBeCloseTo(mean * 3, 5);
    const none = clippedBinaryCrossEntropy(p(), y(), { reduction: "none" });
    expect(none.shape).toEqual([3, 1]);
    expectClose(none.dataSync(), perElement);
  });

  it("clips probabilities of exactly 0 and 1 to [ε, 1 − ε], so the loss stays finite", () => {
    const loss = clippedBinaryCrossEntropy(tensor([0, 1]), tensor([1, 0]), {
      epsilon: 1e-3,
      reduction: "none",
    });
    expectClose(loss.dataSync(), [-Math.log(Math.fround(1e-3)), -Math.log(1 - Math.fround(1 - 1e-3))], 1e-4);
    // ε = 0 is allowed: the logs are then infinite, as the unclipped formula says
    expect(clippedBinaryCrossEntropy(tensor([0]), tensor([1]), { epsilon: 0 }).item()).toBe(Infinity);
  });

  it("refuses mismatched shapes, non-float tensors and bad options", () => {
    expect(() => clippedBinaryCrossEntropy(tensor([[0.5], [0.5]]), tensor([1, 0]))).toThrow(ShapeError);
    expect(() => clippedBinaryCrossEntropy(tensor([[0.5], [0.5]]), tensor([1, 0]))).toThrow(
      "clippedBinaryCrossEntropy: probabilities [2,1] and targets [2] must have one shape",
    );
    expect(() => clippedBinaryCrossEntropy(tensor([0.5]), tensor(new Int32Array([1])))).toThrow(DTypeError);
    expect(() => clippedBinaryCrossEntropy(tensor([0.5]), tensor([1]), { epsilon: 0.5 })).toThrow(ValueError);
    expect(() =>
      clippedBinaryCrossEntropy(tensor([0.5]), tensor([1]), { reduction: "max" as never }),
    ).toThrow("reduction must be 'mean', 'sum' or 'none', got 'max'");
  });
});
