import { describe, expect, it } from "vitest";
import { gather } from "../src/kernels/gather.js";
import { LAYOUTS, layoutView, list, randomValues, rawView, view } from "./helpers.js";

/** Naive gather on row-major arrays: out[p] = x[p with p[axis] replaced by index[p]]. */
function naiveGather(
  x: number[],
  xShape: number[],
  index: number[],
  iShape: number[],
  axis: number,
): number[] {
  const out: number[] = [];
  const p = new Array<number>(iShape.length).fill(0);
  for (let i = 0; i < index.length; i++) {
    let off = 0;
    for (let d = 0; d < xShape.length; d++) off = off * xShape[d]! + (d === axis ? index[i]! : p[d]!);
    out.push(x[off]!);
    for (let d = iShape.length - 1; d >= 0; d--) {
      p[d]! += 1;
      if (p[d]! < iShape[d]!) break;
      p[d] = 0;
    }
  }
  return out;
}

describe("gather", () => {
  it("follows PyTorch's example: axis 1 picks within each row", () => {
    // torch.gather(torch.tensor([[1, 2], [3, 4]]), 1, torch.tensor([[0, 0], [1, 0]])) → [[1, 1], [4, 3]]
    const out = gather(view([1, 2, 3, 4], [2, 2]), view([0, 0, 1, 0], [2, 2], "int32"), 1);
    expect(list(out)).toEqual([1, 1, 4, 3]);
  });

  it("gathers along axis 0 with an index smaller than x on other axes", () => {
    const x = view([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]);
    const out = gather(x, view([2, 0, 1, 1], [2, 2], "int32"), 0);
    expect(list(out)).toEqual([7, 2, 4, 5]);
  });

  it("keeps the dtype of x", () => {
    expect(gather(view([5, 6], [2], "int32"), view([1, 1, 0], [3], "int32"), 0)).toBeInstanceOf(Int32Array);
    expect(list(gather(view([1, 0], [2], "bool"), view([1, 0], [2], "int32"), 0))).toEqual([0, 1]);
  });

  for (const layout of LAYOUTS) {
    it(`matches a naive gather on seeded [3,4,5] inputs with a ${layout} x and index, every axis`, () => {
      const xs = [3, 4, 5];
      const values = randomValues(60, 5);
      const x = layoutView(values, xs, "float32", layout);
      for (let axis = 0; axis < 3; axis++) {
        const iShape = [2, 3, 4];
        const idx = Array.from({ length: 24 }, (_, i) => (i * 7 + axis) % xs[axis]!);
        const index = layoutView(idx, iShape, "int32", layout);
        expect(list(gather(x, index, axis))).toEqual(naiveGather(values, xs, idx, iShape, axis));
      }
    });
  }

  it("reads a broadcast index and returns empty for an empty index", () => {
    const index = rawView(new Int32Array([2]), "int32", [2, 1], [0, 0]);
    expect(list(gather(view([1, 2, 3, 4, 5, 6], [2, 3]), index, 1))).toEqual([3, 6]);
    expect(gather(view([1, 2], [2]), rawView(new Int32Array(0), "int32", [0], [1]), 0).length).toBe(0);
  });
});
