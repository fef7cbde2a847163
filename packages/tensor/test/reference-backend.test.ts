import { describe, expect, it } from "vitest";
import type { View } from "../src/backend/contract.js";
import type { DType, TypedArray } from "../src/core/dtype.js";
import { createTestBackend } from "./helpers/reference-backend.js";

/** The test backend checked on its own, kernel by kernel, against hand-computed values. */
const b = createTestBackend();
const k = b.kernels;

function view(
  values: number[],
  shape: number[],
  dtype: DType = "float32",
  strides?: number[],
  offset = 0,
): View<TypedArray> {
  const s = strides ?? shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  return { storage: k.write(Float64Array.from(values), dtype), dtype, shape, strides: s, offset };
}
const read = (s: TypedArray, dtype: DType = "float32"): number[] => Array.from(k.read(s, dtype, s.length));

describe("reference test backend", () => {
  it("reads views through strides, offsets, stride 0 and negative strides", () => {
    const v = view([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(read(k.copy({ ...v, shape: [3, 2], strides: [1, 3] }))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(read(k.copy({ ...v, shape: [2, 2], strides: [0, 1], offset: 4 }))).toEqual([5, 6, 5, 6]);
    expect(read(k.copy({ ...v, shape: [3], strides: [-1], offset: 2 }))).toEqual([3, 2, 1]);
  });

  it("casts as the contract says", () => {
    expect(read(k.cast(view([1.7, -1.7, Number.NaN, 1e10, -1e10], [5]), "int32"), "int32")).toEqual([
      1, -1, 0, 2147483647, -2147483648,
    ]);
    expect(read(k.cast(view([0, 2, Number.NaN], [3]), "bool"), "bool")).toEqual([0, 1, 1]);
  });

  it("computes element-wise math, comparisons and where", () => {
    expect(read(k.round(view([0.5, 1.5, 2.5, -0.5, -1.5], [5])))).toEqual([0, 2, 2, -0, -2]);
    expect(read(k.pow(view([2, -1, 2], [3], "int32"), view([10, -3, -1], [3], "int32")), "int32")).toEqual([
      1024, -1, 0,
    ]);
    expect(read(k.mul(view([65536], [1], "int32"), view([65536], [1], "int32")), "int32")).toEqual([0]); // wraps
    expect(read(k.maximum(view([1, Number.NaN], [2]), view([2, 0], [2])))).toEqual([2, Number.NaN]);
    expect(read(k.less(view([1, 2], [2]), view([2, 2], [2])), "bool")).toEqual([1, 0]);
    expect(read(k.where(view([1, 0], [2], "bool"), view([1, 2], [2]), view([3, 4], [2])))).toEqual([1, 4]);
  });

  it("reduces over axes, argmax taking the first max and the first NaN", () => {
    const v = view([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(read(k.sum(v, [0]))).toEqual([5, 7, 9]);
    expect(read(k.sum(v, [0, 1]))).toEqual([21]);
    expect(read(k.prod(v, [1]))).toEqual([6, 120]);
    expect(read(k.max({ ...v, shape: [3, 2], strides: [1, 3] }, [1]))).toEqual([4, 5, 6]);
    expect(read(k.argmax(view([1, 3, 3, Number.NaN, 0, Number.NaN], [2, 3]), 1), "int32")).toEqual([1, 0]);
  });

  it("concatenates, gathers and scatter-adds", () => {
    expect(read(k.concat([view([1, 2], [2, 1]), view([3, 4, 5, 6], [2, 2])], 1))).toEqual([1, 3, 4, 2, 5, 6]);
    const x = view([1, 2, 3, 4], [2, 2]);
    expect(read(k.gather(x, view([1, 0, 1, 1], [2, 2], "int32"), 1))).toEqual([2, 1, 4, 4]);
    expect(read(k.scatterAdd(x, view([1, 1], [1, 2], "int32"), view([10, 20], [1, 2]), 0))).toEqual([
      1, 2, 13, 24,
    ]);
  });

  it("counts live storages and refuses a double free", () => {
    const before = b.liveStorages;
    const s = k.fill(3, 7, "int32");
    expect(read(s, "int32")).toEqual([7, 7, 7]);
    expect(b.liveStorages).toBe(before + 1);
    k.free(s);
    expect(b.liveStorages).toBe(before);
    expect(() => k.free(s)).toThrow(/double free/);
  });
});
