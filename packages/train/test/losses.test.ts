import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { resolveLoss } from "../src/index.js";

registerBackend("cpu", createCpuBackend);

describe("losses by Keras name", () => {
  it("binaryCrossentropy is Keras' formula on probabilities clipped to [1e-7, 1 − 1e-7]", () => {
    const bce = resolveLoss("binaryCrossentropy");
    const loss = bce(tensor([[0.9], [0.2]]), tensor([[1], [0]]));
    expect(loss.item()).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 6);
    // exactly 0 and 1 are clipped, so the loss is finite; in float32 the bounds are fround(1e-7)
    // and fround(1 − 1e-7) = 1 − 2⁻²³, as in Keras
    const clipped = bce(tensor([[0], [1]]), tensor([[1], [0]]));
    const want = (-Math.log(Math.fround(1e-7)) - Math.log(1 - Math.fround(1 - 1e-7))) / 2;
    expect(clipped.item()).toBeCloseTo(want, 3);
  });

  it("sparseCategoricalCrossentropy takes probabilities and class indices", () => {
    const scce = resolveLoss("sparseCategoricalCrossentropy");
    const loss = scce(
      tensor([
        [0.7, 0.2, 0.1],
        [0.1, 0.1, 0.8],
      ]),
      tensor(new Int32Array([0, 2])),
    );
    expect(loss.item()).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8)) / 2, 6);
  });

  it("names the known losses when given an unknown one", () => {
    expect(() => resolveLoss("hinge" as never)).toThrow(
      /unknown loss 'hinge'; known losses: binaryCrossentropy/,
    );
  });
});
