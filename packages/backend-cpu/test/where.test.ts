import { describe, expect, it } from "vitest";
import { where } from "../src/kernels/where.js";
import { broadcastView, LAYOUTS, layoutView, list, view } from "./helpers.js";

describe("where", () => {
  it("picks a where cond is true, b elsewhere, NaN included", () => {
    const cond = view([1, 0, 1, 0], [4], "bool");
    const a = view([1, 2, Number.NaN, 4], [4]);
    const b = view([-1, Number.NaN, -3, -4], [4]);
    expect(list(where(cond, a, b))).toEqual([1, Number.NaN, Number.NaN, -4]);
  });

  it("keeps the dtype of a and b", () => {
    const out = where(view([0, 1], [2], "bool"), view([5, 6], [2], "int32"), view([7, 8], [2], "int32"));
    expect(out).toBeInstanceOf(Int32Array);
    expect(list(out)).toEqual([7, 6]);
    const bools = where(view([0, 1], [2], "bool"), view([1, 1], [2], "bool"), view([0, 0], [2], "bool"));
    expect(bools).toBeInstanceOf(Uint8Array);
    expect(list(bools)).toEqual([0, 1]);
  });

  for (const layout of LAYOUTS) {
    it(`reads a ${layout} cond with broadcast branches`, () => {
      const cond = layoutView([1, 0, 0, 1, 1, 0], [2, 3], "bool", layout);
      const a = broadcastView([10, 20, 30], [3], [2, 3]);
      const b = broadcastView([-1, -2], [2, 1], [2, 3]);
      expect(list(where(cond, a, b))).toEqual([10, -1, -1, 10, 20, -2]);
    });
  }

  it("returns empty output for an empty shape", () => {
    const e = { storage: new Uint8Array(0), dtype: "bool" as const, shape: [0], strides: [1], offset: 0 };
    const f = {
      storage: new Float32Array(0),
      dtype: "float32" as const,
      shape: [0],
      strides: [1],
      offset: 0,
    };
    expect(where(e, f, f).length).toBe(0);
  });
});
