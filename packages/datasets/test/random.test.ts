import { Generator } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { checkCount, permutation, reorderRows } from "../src/random.js";

describe("random helpers", () => {
  it("permutation holds each index once and depends on the seed", () => {
    const p = permutation(1000, new Generator(1));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...permutation(1000, new Generator(1))]).toEqual([...p]);
    expect([...permutation(1000, new Generator(2))]).not.toEqual([...p]);
  });

  it("reorderRows moves whole rows", () => {
    expect([...reorderRows(Float64Array.from([1, 2, 3, 4, 5, 6]), 2, Int32Array.from([2, 0, 1]))]).toEqual([
      5, 6, 1, 2, 3, 4,
    ]);
  });

  it("checkCount names the option", () => {
    expect(() => checkCount(1.5, "nSamples", "moons")).toThrow(
      "moons: nSamples must be an integer ≥ 1, got 1.5",
    );
  });
});
