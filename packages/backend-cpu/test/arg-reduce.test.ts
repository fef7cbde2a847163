import { describe, expect, it } from "vitest";
import { argmax, argmin } from "../src/kernels/arg-reduce.js";
import { LAYOUTS, layoutView, list, rawView, view } from "./helpers.js";

const NaN_ = Number.NaN;

describe("argmax and argmin", () => {
  it("return int32 indices along an axis", () => {
    const x = view([3, 9, 2, 7, 1, 8], [2, 3]);
    const a = argmax(x, 1);
    expect(a).toBeInstanceOf(Int32Array);
    expect(list(a)).toEqual([1, 2]);
    expect(list(argmax(x, 0))).toEqual([1, 0, 1]);
    expect(list(argmin(x, 1))).toEqual([2, 1]);
    expect(list(argmin(x, 0))).toEqual([0, 1, 0]);
  });

  it("break ties with the first index", () => {
    expect(list(argmax(view([5, 1, 5, 5], [4]), 0))).toEqual([0]);
    expect(list(argmin(view([2, 0, 0, 2], [4]), 0))).toEqual([1]);
    expect(list(argmax(view([-1, 4, 4, 2, 4], [5], "int32"), 0))).toEqual([1]);
  });

  it("return the index of the first NaN if the line has one", () => {
    expect(list(argmax(view([1, NaN_, 9, NaN_], [4]), 0))).toEqual([1]);
    expect(list(argmin(view([NaN_, -9, NaN_], [3]), 0))).toEqual([0]);
    expect(list(argmax(view([Number.POSITIVE_INFINITY, 2, NaN_], [3]), 0))).toEqual([2]);
  });

  it("handle -Infinity lines and single elements", () => {
    expect(list(argmax(view([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY], [2]), 0))).toEqual([0]);
    expect(list(argmin(view([4], [1]), 0))).toEqual([0]);
  });

  for (const layout of LAYOUTS) {
    it(`read a ${layout} [2,3,2] view along the middle axis`, () => {
      const values = [1, 6, 5, 2, 5, 6, 0, -1, 0, -3, -2, -3];
      const x = layoutView(values, [2, 3, 2], "float32", layout);
      expect(list(argmax(x, 1))).toEqual([1, 0, 0, 0]);
      expect(list(argmin(x, 1))).toEqual([0, 1, 2, 1]);
    });
  }

  it("give an empty output when another axis is empty", () => {
    expect(argmax(rawView(new Float32Array(0), "float32", [0, 3], [3, 1]), 1).length).toBe(0);
  });
});
