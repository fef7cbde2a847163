import { describe, expect, it } from "vitest";
import { concat } from "../src/kernels/concat.js";
import { layoutView, list, rawView, view } from "./helpers.js";

describe("concat", () => {
  it("joins along the first axis", () => {
    const out = concat([view([1, 2, 3, 4], [2, 2]), view([5, 6], [1, 2])], 0);
    expect(list(out)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("joins along the last axis", () => {
    const out = concat([view([1, 2, 3, 4], [2, 2]), view([5, 6], [2, 1]), view([7, 8, 9, 10], [2, 2])], 1);
    expect(list(out)).toEqual([1, 2, 5, 7, 8, 3, 4, 6, 9, 10]);
  });

  it("joins along a middle axis, mixing layouts and keeping the dtype", () => {
    // a [2,1,2] transposed storage, b [2,2,2] with negative strides.
    const a = layoutView([1, 2, 3, 4], [2, 1, 2], "int32", "transposed");
    const b = layoutView([10, 11, 12, 13, 14, 15, 16, 17], [2, 2, 2], "int32", "negative");
    const out = concat([a, b], 1);
    expect(out).toBeInstanceOf(Int32Array);
    expect(list(out)).toEqual([1, 2, 10, 11, 12, 13, 3, 4, 14, 15, 16, 17]);
  });

  it("accepts empty inputs and broadcast inputs", () => {
    const empty = rawView(new Float32Array(0), "float32", [0, 3], [3, 1]);
    const bcast = rawView(new Float32Array([7, 8, 9]), "float32", [2, 3], [0, 1]);
    expect(list(concat([empty, bcast, empty], 0))).toEqual([7, 8, 9, 7, 8, 9]);
    expect(concat([empty, empty], 0).length).toBe(0);
  });

  it("joins bools", () => {
    const out = concat([view([1, 0], [2], "bool"), view([1], [1], "bool")], 0);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(list(out)).toEqual([1, 0, 1]);
  });
});
