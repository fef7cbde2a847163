import { describe, expect, it } from "vitest";
import { equal, less } from "../src/kernels/compare.js";
import { broadcastView, LAYOUTS, layoutView, list, view } from "./helpers.js";

const NaN_ = Number.NaN;

describe("equal and less", () => {
  it("compare floats; NaN compares false with everything, itself included", () => {
    const a = view([1, 2, NaN_, -0, Number.NEGATIVE_INFINITY], [5]);
    const b = view([1, 3, NaN_, 0, -1e38], [5]);
    const eq = equal(a, b);
    expect(eq).toBeInstanceOf(Uint8Array);
    expect(list(eq)).toEqual([1, 0, 0, 1, 0]);
    expect(list(less(a, b))).toEqual([0, 1, 0, 0, 1]);
  });

  it("compare int32 and bool", () => {
    expect(list(less(view([-3, 5, 7], [3], "int32"), view([-2, 5, 6], [3], "int32")))).toEqual([1, 0, 0]);
    expect(list(equal(view([1, 0, 1, 0], [4], "bool"), view([1, 1, 0, 0], [4], "bool")))).toEqual([
      1, 0, 0, 1,
    ]);
    expect(list(less(view([0, 0, 1, 1], [4], "bool"), view([0, 1, 0, 1], [4], "bool")))).toEqual([
      0, 1, 0, 0,
    ]);
  });

  it("compare float64 values that differ below float32 precision", () => {
    expect(list(equal(view([1 + 2 ** -40], [1], "float64"), view([1], [1], "float64")))).toEqual([0]);
  });

  for (const layout of LAYOUTS) {
    it(`read a ${layout} operand against a broadcast one`, () => {
      const values = [1, 5, 3, 2, 8, 3];
      const a = layoutView(values, [2, 3], "int32", layout);
      const b = broadcastView([3], [], [2, 3], "int32");
      expect(list(less(a, b))).toEqual([1, 0, 0, 1, 0, 0]);
      expect(list(equal(a, b))).toEqual([0, 0, 1, 0, 0, 1]);
    });
  }
});
