import { describe, expect, it } from "vitest";
import { copy, copyInto } from "../src/kernels/copy.js";
import { LAYOUTS, layoutView, list, rawView } from "./helpers.js";

describe("copy", () => {
  const values = Array.from({ length: 24 }, (_, i) => i - 7);
  for (const layout of LAYOUTS) {
    for (const dtype of ["float32", "int32", "bool", "float64"] as const) {
      it(`materialises a ${layout} ${dtype} [2,3,4] view in row-major order`, () => {
        const vals = dtype === "bool" ? values.map((v) => (v > 0 ? 1 : 0)) : values;
        const x = layoutView(vals, [2, 3, 4], dtype, layout);
        const out = copy(x);
        expect(out.constructor).toBe(x.storage.constructor);
        expect(list(out)).toEqual(vals);
        expect(out).not.toBe(x.storage);
      });
    }
  }

  it("copies a slice of a larger storage (offset, stride 1) without its surroundings", () => {
    const x = rawView(new Float32Array([9, 9, 1, 2, 3, 9]), "float32", [3], [1], 2);
    expect(list(copy(x))).toEqual([1, 2, 3]);
  });

  it("materialises a broadcast (stride 0) view", () => {
    const x = rawView(new Int32Array([4, 5]), "int32", [3, 2], [0, 1]);
    expect(list(copy(x))).toEqual([4, 5, 4, 5, 4, 5]);
  });

  it("materialises a single-axis flip and a step-2 slice", () => {
    expect(list(copy(rawView(new Float64Array([1, 2, 3, 4, 5]), "float64", [3], [-2], 4)))).toEqual([
      5, 3, 1,
    ]);
  });

  it("copies a scalar and an empty view", () => {
    expect(list(copy(rawView(new Float32Array([1, 2, 3]), "float32", [], [], 1)))).toEqual([2]);
    expect(copy(rawView(new Float32Array(4), "float32", [0, 4], [4, 1])).length).toBe(0);
  });
});

describe("copyInto", () => {
  it("writes a view into a strided destination", () => {
    const dst = new Float32Array(6);
    copyInto(rawView(new Float32Array([1, 2, 3]), "float32", [3], [1]), dst, { strides: [2], offset: 1 });
    expect(list(dst)).toEqual([0, 1, 0, 2, 0, 3]);
  });
});
