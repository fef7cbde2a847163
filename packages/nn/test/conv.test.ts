import { manualSeed, memory, ones, tidy, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Conv1d, Conv2d } from "../src/layers/conv.js";
import { describeCases, layerCases } from "./layer-fixtures.js";

describe("Conv2d and Conv1d against PyTorch", () => {
  describeCases([...layerCases("conv2d"), ...layerCases("conv1d")], it);
});

describe("Conv2d", () => {
  it("has PyTorch's parameter names, layouts and default initialisation U(±1/√fanIn)", () => {
    manualSeed(3);
    const conv = new Conv2d(8, 16, [3, 5], { groups: 2 });
    expect(conv.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ["weight", [16, 4, 3, 5]],
      ["bias", [16]],
    ]);
    const bound = 1 / Math.sqrt(4 * 3 * 5);
    const w = Array.from(conv.weight.dataSync() as Float32Array);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.95 * bound);
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.sqrt(variance)).toBeCloseTo(bound / Math.sqrt(3), 2);
    const b = Array.from(conv.bias!.dataSync() as Float32Array);
    expect(Math.max(...b.map(Math.abs))).toBeLessThanOrEqual(bound);
    conv.dispose();
  });

  it("computes output shapes for batched and unbatched input and frees its temporaries", () => {
    const conv = new Conv2d(3, 4, 3, { stride: 2, padding: 1 });
    const before = memory().numTensors;
    const y = tidy(() => conv.call(ones([2, 3, 9, 8])));
    expect(y.shape).toEqual([2, 4, 5, 4]);
    expect(conv.outputShape([3, 9, 8])).toEqual([4, 5, 4]);
    y.dispose();
    expect(memory().numTensors).toBe(before);
    expect(tidy(() => conv.call(ones([3, 9, 8])).shape)).toEqual([4, 5, 4]);
    expect(new Conv2d(1, 1, [2, 4], { padding: "same" }).outputShape([1, 5, 7])).toEqual([1, 5, 7]);
    expect(conv.toString()).toBe(
      "Conv2d(inChannels=3, outChannels=4, kernelSize=[3,3], stride=[2,2], padding=[1,1], bias=true)",
    );
    conv.dispose();
  });

  it("names the layer, the expected and the actual shape on a wrong input", () => {
    const conv = new Conv2d(3, 4, 3);
    expect(() => conv.call(ones([2, 4, 8, 8]))).toThrow(
      "Conv2d: expected input of shape [N, 3, H≥3, W≥3] or [3, H≥3, W≥3], got [2,4,8,8]",
    );
    expect(() => conv.call(ones([2, 3, 2, 8]))).toThrow("got [2,3,2,8]");
    expect(() => conv.call(ones([3, 8]))).toThrow("Conv2d: expected input of shape [N, 3, H≥3, W≥3]");
    const same = new Conv2d(3, 4, 3, { padding: "same" });
    expect(() => same.call(ones([1, 2, 5, 5]))).toThrow(
      "Conv2d: expected input of shape [N, 3, H, W] or [3, H, W], got [1,2,5,5]",
    );
    for (const m of [conv, same]) m.dispose();
  });

  it("rejects bad options as PyTorch does", () => {
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(
      "Conv2d: groups 2 must divide inChannels 3 and outChannels 4",
    );
    expect(() => new Conv2d(4, 4, 3, { padding: "same", stride: 2 })).toThrow(
      "Conv2d: padding 'same' needs stride 1, got stride [2,2]",
    );
    expect(() => new Conv2d(4, 4, 0)).toThrow(ValueError);
    expect(() => new Conv2d(0, 4, 3)).toThrow("Conv2d: inChannels must be a positive integer, got 0");
  });
});

describe("Conv1d", () => {
  it("has PyTorch's layout and no bias when asked", () => {
    const conv = new Conv1d(6, 3, 5, { groups: 3, bias: false });
    expect(conv.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([["weight", [3, 2, 5]]]);
    expect(conv.bias).toBeNull();
    expect(conv.outputShape([6, 20])).toEqual([3, 16]);
    expect(tidy(() => conv.call(ones([6, 20])).shape)).toEqual([3, 16]);
    expect(conv.toString()).toBe(
      "Conv1d(inChannels=6, outChannels=3, kernelSize=5, stride=1, padding=0, groups=3, bias=false)",
    );
    conv.dispose();
  });

  it("names the layer, the expected and the actual shape on a wrong input", () => {
    const conv = new Conv1d(2, 3, 4);
    expect(() => conv.call(ones([5, 3, 10]))).toThrow(
      "Conv1d: expected input of shape [N, 2, L≥4] or [2, L≥4], got [5,3,10]",
    );
    expect(() => conv.call(ones([5, 2, 3]))).toThrow("got [5,2,3]");
    expect(() => new Conv1d(2, 3, 4, { padding: "same", stride: 2 })).toThrow(
      "Conv1d: padding 'same' needs stride 1",
    );
    conv.dispose();
  });
});
