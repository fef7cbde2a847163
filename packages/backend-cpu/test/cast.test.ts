import { describe, expect, it } from "vitest";
import { cast } from "../src/kernels/cast.js";
import { LAYOUTS, layoutView, list, view } from "./helpers.js";

const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

describe("cast", () => {
  it("float → int32 truncates toward zero; NaN → 0; ±Inf and out-of-range clamp", () => {
    const x = view(
      [1.9, -1.9, 0.5, -0.5, NaN_, Inf, -Inf, 3e9, -3e9, 2147483647.5, -2147483648.7],
      [11],
      "float64",
    );
    const out = cast(x, "int32");
    expect(out).toBeInstanceOf(Int32Array);
    expect(list(out)).toEqual([
      1, -1, 0, 0, 0, 2147483647, -2147483648, 2147483647, -2147483648, 2147483647, -2147483648,
    ]);
  });

  it("float32 → int32 at the edges of float32", () => {
    // 2147483648 is a float32 value just past int32's maximum: it clamps rather than wrapping.
    expect(list(cast(view([2147483648, -2147483648, 16777217], [3], "float32"), "int32"))).toEqual([
      2147483647, -2147483648, 16777216,
    ]);
  });

  it("→ bool is x != 0, so NaN is true and -0 is false", () => {
    const out = cast(view([0, -0, 2.5, NaN_, -Inf], [5], "float32"), "bool");
    expect(out).toBeInstanceOf(Uint8Array);
    expect(list(out)).toEqual([0, 0, 1, 1, 1]);
    expect(list(cast(view([0, -7, 3], [3], "int32"), "bool"))).toEqual([0, 1, 1]);
  });

  it("float64 → float32 rounds to nearest, overflow goes to Infinity", () => {
    const out = cast(view([0.1, 1 + 2 ** -30, 1e39, -1e39, NaN_], [5], "float64"), "float32");
    expect(out).toBeInstanceOf(Float32Array);
    expect(list(out)).toEqual([Math.fround(0.1), 1, Inf, -Inf, NaN_]);
  });

  it("int32 and bool → floats are exact (large int32 rounds in float32)", () => {
    expect(list(cast(view([16777217, -3], [2], "int32"), "float64"))).toEqual([16777217, -3]);
    expect(list(cast(view([16777217], [1], "int32"), "float32"))).toEqual([16777216]);
    expect(list(cast(view([1, 0], [2], "bool"), "float32"))).toEqual([1, 0]);
    expect(list(cast(view([1, 0], [2], "bool"), "int32"))).toEqual([1, 0]);
  });

  it("to the same dtype is a fresh copy", () => {
    const x = view([1, 2], [2], "float32");
    const out = cast(x, "float32");
    expect(list(out)).toEqual([1, 2]);
    expect(out).not.toBe(x.storage);
  });

  for (const layout of LAYOUTS) {
    it(`reads a ${layout} view`, () => {
      const x = layoutView([1.5, -2.5, 3.9, -0.1, 0, 7], [2, 3], "float32", layout);
      expect(list(cast(x, "int32"))).toEqual([1, -2, 3, 0, 0, 7]);
    });
  }

  it("returns an empty array of the target type", () => {
    const out = cast(
      { storage: new Float32Array(0), dtype: "float32", shape: [0], strides: [1], offset: 0 },
      "int32",
    );
    expect(out).toBeInstanceOf(Int32Array);
    expect(out.length).toBe(0);
  });
});
