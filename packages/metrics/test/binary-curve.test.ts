import { describe, expect, it } from "vitest";
import { auc, resolvePosLabel, thresholdCounts } from "../src/binary-curve.js";

describe("thresholdCounts", () => {
  it("counts cumulatively at each distinct score, highest first", () => {
    // scores sorted: 0.9 (1), 0.5 (0), 0.5 (1), 0.2 (0) → thresholds 0.9, 0.5, 0.2
    const got = thresholdCounts([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.2], 1);
    expect(got).toEqual({ tps: [1, 2, 2], fps: [0, 1, 2], thresholds: [0.9, 0.5, 0.2] });
  });
});

describe("auc", () => {
  it("integrates by trapezoids in either direction", () => {
    expect(auc([0, 0.5, 1], [0, 0.75, 1])).toBeCloseTo(0.625, 15);
    expect(auc([1, 0.5, 0], [1, 0.75, 0])).toBeCloseTo(0.625, 15);
  });

  it("refuses non-monotonic x and mismatched lengths", () => {
    expect(() => auc([0, 1, 0.5], [0, 1, 1])).toThrow(/neither increasing nor decreasing/);
    expect(() => auc([0, 1], [0, 1, 1])).toThrow(/x has 2, y has 3/);
  });
});

describe("resolvePosLabel", () => {
  it("defaults to 1 for {0, 1} and {-1, 1}, else asks", () => {
    expect(resolvePosLabel([0, 1, 1], undefined, "op")).toBe(1);
    expect(resolvePosLabel([-1, 1], undefined, "op")).toBe(1);
    expect(resolvePosLabel([3, 4], 4, "op")).toBe(4);
    expect(() => resolvePosLabel([3, 4], undefined, "op")).toThrow(/\[3,4\]/);
  });
});
