import { ones, tensor, tidy, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { LayerNorm } from "../src/layers/layernorm.js";
import { describeCases, layerCases } from "./layer-fixtures.js";

describe("LayerNorm against PyTorch", () => {
  describeCases(layerCases("layernorm"), it);
});

describe("LayerNorm", () => {
  it("has PyTorch's parameters and normalises each sample over the trailing axes", () => {
    const ln = new LayerNorm([2, 2]);
    expect(ln.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ["weight", [2, 2]],
      ["bias", [2, 2]],
    ]);
    const y = tidy(
      () =>
        ln
          .call(
            tensor([
              [
                [1, 2],
                [3, 4],
              ],
            ]),
          )
          .toArray() as number[][][],
    );
    const s = Math.sqrt(1.25 + 1e-5);
    expect(y[0]!.flat()).toEqual([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s].map((v) => expect.closeTo(v, 6)));
    expect(new LayerNorm(4, { elementwiseAffine: false }).numParameters()).toBe(0);
    expect(new LayerNorm(4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(["weight"]);
    expect(ln.toString()).toBe("LayerNorm(normalizedShape=[2,2], eps=0.00001, elementwiseAffine=true)");
    ln.dispose();
  });

  it("names the layer, the expected and the actual shape on a wrong input", () => {
    expect(() => new LayerNorm([3, 4]).call(ones([2, 4, 3]))).toThrow(
      "LayerNorm: expected input of shape [..., 3, 4], got [2,4,3]",
    );
    expect(() => new LayerNorm([3, 4]).call(ones([4]))).toThrow("got [4]");
    expect(() => new LayerNorm([])).toThrow(ValueError);
  });
});
