import { describe, expect, it } from "vitest";
import { max, min, prod, sum } from "../src/kernels/reduce.js";
import { expectClose, LAYOUTS, layoutView, list, randomValues, rawView, view } from "./helpers.js";

const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

/** Naive reduction of a logical row-major array over `axes`, by explicit index arithmetic. */
function naiveReduce(
  values: number[],
  shape: number[],
  axes: number[],
  init: number,
  f: (acc: number, v: number) => number,
): number[] {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const outSize = outShape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(outSize).fill(init);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) if (!axes.includes(d)) o = o * shape[d]! + index[d]!;
    out[o] = f(out[o]!, values[i]!);
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]! += 1;
      if (index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

describe("sum", () => {
  it("sums over one axis, several axes and all axes", () => {
    const x = view([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(list(sum(x, [0]))).toEqual([5, 7, 9]);
    expect(list(sum(x, [1]))).toEqual([6, 15]);
    expect(list(sum(x, [0, 1]))).toEqual([21]);
  });

  it("an empty reduction is 0; reducing an empty kept axis gives an empty output", () => {
    const empty = rawView(new Float32Array(0), "float32", [3, 0], [0, 1]);
    expect(list(sum(empty, [1]))).toEqual([0, 0, 0]);
    expect(sum(empty, [0]).length).toBe(0);
  });

  it("accumulates float32 in float64: 2^24 + 1 + 1 … does not stall", () => {
    // In float32 arithmetic 16777216 + 1 = 16777216, so a float32 accumulator would return 16777216.
    const values = [16777216, ...new Array<number>(100).fill(1)];
    const out = sum(view(values, [values.length], "float32"), [0]);
    expect(out).toBeInstanceOf(Float32Array);
    expect(list(out)).toEqual([16777316]);
  });

  it("propagates NaN and infinities", () => {
    // Column 0 is 1 + Inf - Inf = NaN; column 1 holds a NaN.
    expect(list(sum(view([1, NaN_, Inf, 2, -Inf, 1], [3, 2]), [0]))).toEqual([NaN_, NaN_]);
    expect(list(sum(view([1, Inf, 2, 3], [2, 2]), [1]))).toEqual([Inf, 5]);
  });

  it("wraps int32 sums like C integers", () => {
    const out = sum(view([2147483647, 1, 5], [3], "int32"), [0]);
    expect(out).toBeInstanceOf(Int32Array);
    expect(list(out)).toEqual([-2147483643]);
  });

  it("matches a naive reduction on seeded rank-4 inputs in every layout and axis set", () => {
    const shape = [2, 3, 4, 5];
    const values = randomValues(120, 7);
    const axisSets = [[0], [1], [3], [0, 2], [1, 3], [0, 1, 2, 3], [1, 2]];
    for (const layout of LAYOUTS) {
      const x = layoutView(values, shape, "float64", layout);
      for (const axes of axisSets) {
        expectClose(
          sum(x, axes),
          naiveReduce(values, shape, axes, 0, (a, v) => a + v),
          1e-12,
        );
      }
    }
  });
});

describe("prod", () => {
  it("multiplies; an empty reduction is 1", () => {
    expect(list(prod(view([1, 2, 3, 4], [2, 2]), [1]))).toEqual([2, 12]);
    expect(list(prod(rawView(new Float32Array(0), "float32", [2, 0], [0, 1]), [1]))).toEqual([1, 1]);
  });

  it("wraps int32 products", () => {
    // 65536 · 65536 = 2^32 ≡ 0; 3 · -5 · 7 = -105.
    expect(list(prod(view([65536, 65536, 3, -5], [2, 2], "int32"), [1]))).toEqual([0, -15]);
    expect(list(prod(view([3, -5, 7], [3], "int32"), [0]))).toEqual([-105]);
  });

  it("matches a naive product on a negative-stride view", () => {
    const values = randomValues(24, 3);
    const x = layoutView(values, [2, 3, 4], "float64", "negative");
    expectClose(
      prod(x, [1]),
      naiveReduce(values, [2, 3, 4], [1], 1, (a, v) => a * v),
      1e-12,
    );
  });
});

describe("max and min", () => {
  it("find extremes over axes", () => {
    const x = view([3, -1, 7, 0, 5, -8], [2, 3]);
    expect(list(max(x, [1]))).toEqual([7, 5]);
    expect(list(min(x, [0]))).toEqual([0, -1, -8]);
    expect(list(max(x, [0, 1]))).toEqual([7]);
  });

  it("propagate NaN wherever it sits on the line", () => {
    const x = view([NaN_, 1, 2, 1, NaN_, 2, 1, 2, NaN_, 1, 2, 3], [4, 3]);
    expect(list(max(x, [1]))).toEqual([NaN_, NaN_, NaN_, 3]);
    expect(list(min(x, [1]))).toEqual([NaN_, NaN_, NaN_, 1]);
  });

  it("handle infinities and int32", () => {
    expect(list(max(view([-Inf, -Inf], [2]), [0]))).toEqual([-Inf]);
    expect(list(min(view([Inf, 4], [2]), [0]))).toEqual([4]);
    const out = max(view([-2147483648, -5], [2], "int32"), [0]);
    expect(out).toBeInstanceOf(Int32Array);
    expect(list(out)).toEqual([-5]);
    expect(list(min(view([2147483647, -2147483648], [2], "int32"), [0]))).toEqual([-2147483648]);
  });

  it("match a naive reduction on a transposed view", () => {
    const values = randomValues(60, 11);
    const x = layoutView(values, [3, 4, 5], "float32", "transposed");
    expect(list(max(x, [0, 2]))).toEqual(naiveReduce(values, [3, 4, 5], [0, 2], -Inf, Math.max));
    expect(list(min(x, [1]))).toEqual(naiveReduce(values, [3, 4, 5], [1], Inf, Math.min));
  });

  it("read a broadcast axis", () => {
    const x = rawView(new Float32Array([4, 9, 1]), "float32", [5, 3], [0, 1]);
    expect(list(max(x, [0]))).toEqual([4, 9, 1]);
  });
});
