import { describe, expect, it } from "vitest";
import {
  all,
  any,
  argmax,
  argmin,
  logSumExp,
  max,
  mean,
  min,
  prod,
  registerBackend,
  std,
  sum,
  tensor,
  transpose,
  ValueError,
  variance,
  zeros,
} from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

const inf = Number.POSITIVE_INFINITY;

// Registered at load: describe bodies build tensors while tests are collected.
registerBackend("test", createTestBackend);

describe("reductions", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it("sums over all axes, one axis or several, with keepDims", () => {
    expect(sum(x).item()).toBe(21);
    expect(sum(x, 0).toArray()).toEqual([5, 7, 9]);
    expect(sum(x, -1).toArray()).toEqual([6, 15]);
    expect(sum(x, 1, { keepDims: true }).shape).toEqual([2, 1]);
    expect(sum(x, [0, 1], { keepDims: true }).toArray()).toEqual([[21]]);
    expect(sum(transpose(x), 0).toArray()).toEqual([6, 15]); // non-contiguous input
    expect(sum(zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
    expect(sum(tensor([true, true, false])).dtype).toBe("int32");
    expect(sum(tensor([true, true, false])).item()).toBe(2);
  });

  it("averages in float; the mean of nothing is NaN", () => {
    expect(mean(x, 0).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(mean(tensor([1, 2], "int32")).dtype).toBe("float32");
    expect(mean(zeros([0])).item()).toBeNaN();
  });

  it("finds extremes, propagating NaN, and refuses empty axes", () => {
    expect(max(x, 1).toArray()).toEqual([3, 6]);
    expect(min(x, 0).toArray()).toEqual([1, 2, 3]);
    expect(max(tensor([1, Number.NaN, 3])).item()).toBeNaN();
    expect(min(tensor([1, Number.NaN, -inf])).item()).toBeNaN();
    expect(max(tensor([-inf, -inf])).item()).toBe(-inf);
    expect(() => max(zeros([2, 0]), 1)).toThrow(ValueError);
    expect(() => max(zeros([2, 0]), 1)).toThrow(
      /max: cannot reduce an empty axis of a tensor of shape \[2,0\]/,
    );
    expect(max(tensor([true, false])).toArray()).toBe(true);
  });

  it("gives the first index of an extreme, flattened when no axis is given", () => {
    expect(
      argmax(
        tensor([
          [1, 9, 9],
          [7, 2, 7],
        ]),
        1,
      ).toArray(),
    ).toEqual([1, 0]);
    expect(
      argmin(
        tensor([
          [1, 9, 1],
          [7, 2, 2],
        ]),
        1,
      ).toArray(),
    ).toEqual([0, 1]);
    expect(
      argmax(
        tensor([
          [1, 2],
          [9, 3],
        ]),
      ).item(),
    ).toBe(2);
    expect(argmax(tensor([1, Number.NaN, 3])).item()).toBe(1); // NaN is the max, as in PyTorch
    expect(argmax(x, 1, { keepDims: true }).shape).toEqual([2, 1]);
    expect(argmax(x).dtype).toBe("int32");
  });

  it("multiplies, and tests all/any with empty identities", () => {
    expect(prod(x, 1).toArray()).toEqual([6, 120]);
    expect(prod(zeros([0])).item()).toBe(1);
    expect(
      all(
        tensor([
          [1, 0],
          [2, 3],
        ]),
        1,
      ).toArray(),
    ).toEqual([false, true]);
    expect(
      any(
        tensor([
          [0, 0],
          [0, 3],
        ]),
        1,
      ).toArray(),
    ).toEqual([false, true]);
    expect(all(zeros([0])).item()).toBe(true);
    expect(any(zeros([0])).item()).toBe(false);
  });

  it("computes logSumExp without overflow", () => {
    // log(e^1000 + e^1000) = 1000 + log 2; a naive float32 sum would be Infinity
    expect(logSumExp(tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 3);
    expect(
      logSumExp(
        tensor([
          [0, 0],
          [-inf, -inf],
        ]),
        1,
      ).toArray(),
    ).toEqual([Math.fround(Math.LN2), -inf]);
    expect(logSumExp(tensor([inf, 1])).item()).toBe(inf);
  });

  it("computes variance and std with Bessel's correction by default", () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: population variance 4, sample variance 32/7
    const v = tensor([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(variance(v).item()).toBeCloseTo(32 / 7, 5);
    expect(variance(v, 0, { correction: 0 }).item()).toBeCloseTo(4, 5);
    expect(std(v, 0, { correction: 0 }).item()).toBeCloseTo(2, 5);
    expect(variance(x, 1, { keepDims: true }).toArray()).toEqual([[1], [1]]);
  });
});

describe("min and argmin without their optional kernels", () => {
  it("handle the most negative int32 (whose negation overflows)", () => {
    const x = tensor(new Int32Array([-2147483648, 5, 2147483647]));
    expect(min(x).item()).toBe(-2147483648);
    expect(argmin(x).item()).toBe(0);
    expect(max(x).item()).toBe(2147483647);
  });
});
