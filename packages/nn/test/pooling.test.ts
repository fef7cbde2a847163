import { ones, tensor, tidy, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from "../src/layers/pooling.js";
import { describeCases, layerCases } from "./layer-fixtures.js";

describe("pooling layers against PyTorch", () => {
  describeCases(
    [...layerCases("maxpool2d"), ...layerCases("avgpool2d"), ...layerCases("adaptive_avgpool2d")],
    it,
  );
});

describe("MaxPool2d and AvgPool2d", () => {
  it("default the stride to the kernel size and report output shapes", () => {
    const pool = new MaxPool2d(2);
    expect(pool.stride).toEqual([2, 2]);
    expect(tidy(() => pool.call(ones([2, 3, 7, 8])).shape)).toEqual([2, 3, 3, 4]);
    expect(pool.outputShape([3, 7, 8])).toEqual([3, 3, 4]);
    expect(pool.toString()).toBe("MaxPool2d(kernelSize=[2,2], stride=[2,2], padding=[0,0])");
    const avg = new AvgPool2d([3, 1], { stride: 1, padding: [1, 0], countIncludePad: false });
    expect(tidy(() => avg.call(ones([3, 4, 4])).shape)).toEqual([3, 4, 4]);
    expect(avg.toString()).toBe(
      "AvgPool2d(kernelSize=[3,1], stride=[1,1], padding=[1,0], countIncludePad=false)",
    );
  });

  it("rejects padding above half the kernel, as PyTorch", () => {
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow(ValueError);
    expect(() => new AvgPool2d(3, { padding: 2 })).toThrow(
      "AvgPool2d: padding [2,2] must be at most half the kernel [3,3] (at most [1,1])",
    );
  });

  it("names the layer, the expected and the actual shape on a wrong input", () => {
    expect(() => new MaxPool2d(3).call(ones([2, 3, 2, 5]))).toThrow(
      "MaxPool2d: expected input of shape [N, C, H≥3, W≥3] or [C, H≥3, W≥3], got [2,3,2,5]",
    );
    expect(() => new AvgPool2d(2).call(ones([4, 4]))).toThrow(
      "AvgPool2d: expected input of shape [N, C, H≥2, W≥2] or [C, H≥2, W≥2], got [4,4]",
    );
    expect(() => new AdaptiveAvgPool2d(2).call(ones([1, 2, 3, 4, 5]))).toThrow(
      "AdaptiveAvgPool2d: expected input of shape [N, C, H, W] or [C, H, W], got [1,2,3,4,5]",
    );
  });
});

describe("AdaptiveAvgPool2d", () => {
  it("uses PyTorch's overlapping bins floor(i·in/out) … ceil((i+1)·in/out)", () => {
    // 5 → 3 bins: [0,2), [1,4), [3,5)
    const x = tensor([[[[1, 2, 3, 4, 5]]]]);
    const y = tidy(() => new AdaptiveAvgPool2d([1, 3]).call(x).toArray());
    expect(y).toEqual([[[[1.5, 3, 4.5]]]]);
  });

  it("keeps an axis given as null and reports its output shape", () => {
    const gap = new AdaptiveAvgPool2d([null, 1]);
    expect(gap.outputShape([3, 6, 5])).toEqual([3, 6, 1]);
    expect(tidy(() => gap.call(ones([2, 3, 6, 5])).shape)).toEqual([2, 3, 6, 1]);
    expect(gap.toString()).toBe("AdaptiveAvgPool2d(outputSize=[null,1])");
    expect(() => new AdaptiveAvgPool2d(0)).toThrow(
      "AdaptiveAvgPool2d: outputSize must be a positive integer",
    );
  });
});
