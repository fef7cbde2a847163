import { ones, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Flatten, Identity } from "../src/layers/flatten.js";
import { describeCases, layerCases } from "./layer-fixtures.js";

describe("Flatten and Identity against PyTorch", () => {
  describeCases([...layerCases("flatten"), ...layerCases("identity")], it);
});

describe("Flatten", () => {
  it("flattens startDim … endDim, every axis but the batch by default", () => {
    expect(tidy(() => new Flatten().call(ones([2, 3, 4, 5])).shape)).toEqual([2, 60]);
    expect(tidy(() => new Flatten(0, 1).call(ones([2, 3, 4])).shape)).toEqual([6, 4]);
    expect(tidy(() => new Flatten(-3, -2).call(ones([2, 3, 4, 5])).shape)).toEqual([2, 12, 5]);
    expect(new Flatten().outputShape([16, 5, 5])).toEqual([400]);
    expect(new Flatten().toString()).toBe("Flatten(startDim=1, endDim=-1)");
  });

  it("names the layer, the expected and the actual shape on a wrong input", () => {
    expect(() => new Flatten().call(ones([7]))).toThrow(
      "Flatten: expected input with at least 2 axes to flatten axes 1…-1, got [7]",
    );
    expect(() => new Flatten(1, 3).call(ones([2, 3, 4]))).toThrow("at least 4 axes");
  });
});

describe("Identity", () => {
  it("returns its input", () => {
    const x = ones([2]);
    expect(new Identity().call(x)).toBe(x);
    expect(new Identity().numParameters()).toBe(0);
  });
});
