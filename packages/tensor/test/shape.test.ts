import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "../src/core/errors.js";
import {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  isRowMajor,
  MAX_ELEMENTS,
  normalizeAxes,
  normalizeAxis,
  sizeOf,
  validateShape,
} from "../src/core/shape.js";

describe("shapes", () => {
  it("formats shapes without spaces", () => {
    expect(formatShape([2, 3])).toBe("[2,3]");
    expect(formatShape([])).toBe("[]");
  });

  it("computes sizes and row-major strides", () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([3, 0])).toBe(0);
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(contiguousStrides([])).toEqual([]);
  });

  it("broadcasts like NumPy", () => {
    expect(broadcastShapes("add", [2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes("add", [4, 1, 5], [3, 1])).toEqual([4, 3, 5]);
    expect(broadcastShapes("add", [], [2])).toEqual([2]);
    expect(broadcastShapes("add", [0, 1], [1, 4])).toEqual([0, 4]);
    expect(broadcastShapes("where", [1], [2, 1], [3])).toEqual([2, 3]);
  });

  it("names the op and both shapes when broadcasting fails", () => {
    expect(() => broadcastShapes("add", [2, 3], [4])).toThrow(ShapeError);
    expect(() => broadcastShapes("add", [2, 3], [4])).toThrow(
      /add: shapes \[2,3\] and \[4\] cannot be broadcast/,
    );
  });

  it("rejects negative, fractional and oversized shapes before allocating", () => {
    expect(() => validateShape([2, -1], "zeros")).toThrow(
      /zeros: shape \[2,-1\] has an invalid dimension -1/,
    );
    expect(() => validateShape([1.5], "zeros")).toThrow(ShapeError);
    expect(() => validateShape([MAX_ELEMENTS, 2], "zeros")).toThrow(/more than the limit/);
  });

  it("normalises axes and rejects out-of-range ones", () => {
    expect(normalizeAxis(-1, 3, "sum")).toBe(2);
    expect(() => normalizeAxis(3, 3, "sum")).toThrow(ValueError);
    expect(() => normalizeAxis(0, 0, "sum")).toThrow(/a scalar has no axes/);
    expect(normalizeAxes([-1, 0], 3, "sum")).toEqual([0, 2]);
    expect(normalizeAxes(undefined, 2, "sum")).toEqual([0, 1]);
    expect(() => normalizeAxes([1, -1], 2, "sum")).toThrow(/repeat an axis/);
  });

  it("recognises row-major layouts, ignoring size-1 axes", () => {
    expect(isRowMajor([2, 3], [3, 1])).toBe(true);
    expect(isRowMajor([2, 1, 3], [3, 99, 1])).toBe(true);
    expect(isRowMajor([2, 3], [1, 2])).toBe(false);
    expect(isRowMajor([2, 3], [0, 1])).toBe(false);
  });
});
