import { describe, expect, it } from "vitest";
import { scatterAdd } from "../src/kernels/scatter-add.js";
import { expectClose, LAYOUTS, layoutView, list, randomValues, rawView, view } from "./helpers.js";

/** Naive out-of-place scatter_add on row-major arrays. */
function naiveScatterAdd(
  x: number[],
  xShape: number[],
  index: number[],
  src: number[],
  iShape: number[],
  axis: number,
): number[] {
  const out = [...x];
  const p = new Array<number>(iShape.length).fill(0);
  for (let i = 0; i < index.length; i++) {
    let off = 0;
    for (let d = 0; d < xShape.length; d++) off = off * xShape[d]! + (d === axis ? index[i]! : p[d]!);
    out[off]! += src[i]!;
    for (let d = iShape.length - 1; d >= 0; d--) {
      p[d]! += 1;
      if (p[d]! < iShape[d]!) break;
      p[d] = 0;
    }
  }
  return out;
}

describe("scatterAdd", () => {
  it("adds src into x at the indexed positions along axis 0, duplicates accumulating", () => {
    // x zeros [3], index [0, 2, 0, 0], src [1, 2, 3, 4] → [8, 0, 2]
    const out = scatterAdd(
      view([0, 0, 0], [3]),
      view([0, 2, 0, 0], [4], "int32"),
      view([1, 2, 3, 4], [4]),
      0,
    );
    expect(list(out)).toEqual([8, 0, 2]);
  });

  it("follows PyTorch along axis 1 and leaves x untouched", () => {
    const x = view([1, 1, 1, 1, 1, 1], [2, 3]);
    const out = scatterAdd(x, view([2, 2, 0, 1], [2, 2], "int32"), view([10, 20, 30, 40], [2, 2]), 1);
    expect(list(out)).toEqual([1, 1, 31, 31, 41, 1]);
    expect(list(x.storage)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("keeps int32 and saturates bool", () => {
    const ints = scatterAdd(
      view([5, 5], [2], "int32"),
      view([1, 1], [2], "int32"),
      view([2, 3], [2], "int32"),
      0,
    );
    expect(ints).toBeInstanceOf(Int32Array);
    expect(list(ints)).toEqual([5, 10]);
    const bools = scatterAdd(
      view([0, 1, 0], [3], "bool"),
      view([1, 1, 0], [3], "int32"),
      view([1, 1, 0], [3], "bool"),
      0,
    );
    expect(list(bools)).toEqual([0, 1, 0]);
  });

  for (const layout of LAYOUTS) {
    it(`matches a naive scatter-add with ${layout} x, index and src on every axis`, () => {
      const xs = [3, 4, 5];
      const xv = randomValues(60, 21);
      const x = layoutView(xv, xs, "float64", layout);
      for (let axis = 0; axis < 3; axis++) {
        const iShape = [2, 3, 4];
        const idx = Array.from({ length: 24 }, (_, i) => (i * 5 + 1) % xs[axis]!);
        const sv = randomValues(24, 30 + axis);
        const out = scatterAdd(
          x,
          layoutView(idx, iShape, "int32", layout),
          layoutView(sv, iShape, "float64", layout),
          axis,
        );
        expectClose(out, naiveScatterAdd(xv, xs, idx, sv, iShape, axis), 1e-15);
      }
    });
  }

  it("with an empty index returns a copy of x", () => {
    const x = view([1, 2], [2]);
    const e = rawView(new Int32Array(0), "int32", [0], [1]);
    const out = scatterAdd(x, e, rawView(new Float32Array(0), "float32", [0], [1]), 0);
    expect(list(out)).toEqual([1, 2]);
    expect(out).not.toBe(x.storage);
  });
});
