import type { TypedArray, UnaryKernel } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import * as k from "../src/kernels/unary.js";
import { expectClose, LAYOUTS, layoutView, list, view } from "./helpers.js";

const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

function run(
  kernel: UnaryKernel<TypedArray>,
  values: number[],
  dtype: "float32" | "float64" | "int32" = "float64",
) {
  return kernel(view(values, [values.length], dtype));
}

describe("sign-and-magnitude kernels", () => {
  it("neg, abs on floats keep NaN and infinities", () => {
    expect(list(run(k.neg, [1.5, -2, 0, Inf, NaN_]))).toEqual([-1.5, 2, -0, -Inf, NaN_]);
    expect(list(run(k.abs, [1.5, -2, -0, -Inf, NaN_]))).toEqual([1.5, 2, 0, Inf, NaN_]);
  });

  it("neg and abs on int32 wrap at -2^31 like C and PyTorch", () => {
    const out = run(k.neg, [5, -7, 0, -2147483648, 2147483647], "int32");
    expect(out).toBeInstanceOf(Int32Array);
    expect(list(out)).toEqual([-5, 7, 0, -2147483648, -2147483647]);
    expect(list(run(k.abs, [-3, 4, -2147483648], "int32"))).toEqual([3, 4, -2147483648]);
  });

  it("sign gives -1, 0 or 1, NaN stays NaN, -0 gives 0", () => {
    const out = list(run(k.sign, [-3.5, 0, -0, 2e-300, Inf, -Inf, NaN_]));
    expect(out).toEqual([-1, 0, 0, 1, 1, -1, NaN_]);
    expect(Object.is(out[2], 0)).toBe(true);
    expect(list(run(k.sign, [-9, 0, 12], "int32"))).toEqual([-1, 0, 1]);
  });

  it("relu keeps NaN, zeroes negatives, works on int32", () => {
    expect(list(run(k.relu, [-1, 0, 2.5, NaN_, -Inf, Inf]))).toEqual([0, 0, 2.5, NaN_, 0, Inf]);
    expect(list(run(k.relu, [-4, 0, 3], "int32"))).toEqual([0, 0, 3]);
  });
});

describe("round", () => {
  it("rounds half to even, as NumPy and PyTorch", () => {
    const input = [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, 0.49999999999999994];
    const expected = [0, 2, 2, 4, -0, -2, -2, 2, 3, -3, 0];
    expect(list(run(k.round, input))).toEqual(expected);
  });
  it("leaves integers, huge values, infinities and NaN alone", () => {
    expect(list(run(k.round, [4503599627370497, -7, Inf, -Inf, NaN_]))).toEqual([
      4503599627370497,
      -7,
      Inf,
      -Inf,
      NaN_,
    ]);
  });
  it("works on float32 halves", () => {
    expect(list(run(k.round, [0.5, 1.5, 2.5, -3.5], "float32"))).toEqual([0, 2, 2, -4]);
  });
});

describe("floor and ceil", () => {
  it("go toward -Infinity and +Infinity", () => {
    expect(list(run(k.floor, [1.7, -1.2, -0.5, 3, NaN_, -Inf]))).toEqual([1, -2, -1, 3, NaN_, -Inf]);
    expect(list(run(k.ceil, [1.2, -1.7, -0.5, 3, NaN_, Inf]))).toEqual([2, -1, -0, 3, NaN_, Inf]);
  });
});

describe("transcendental kernels", () => {
  // Expected values: hand-known identities and exact-enough constants.
  it("exp, log, sqrt, sin, cos at known points", () => {
    expectClose(run(k.exp, [0, 1, -Inf, Inf, NaN_]), [1, Math.E, 0, Inf, NaN_], 1e-15);
    expectClose(run(k.log, [1, Math.E, 0, -1, Inf]), [0, 1, -Inf, NaN_, Inf], 1e-15);
    expectClose(run(k.sqrt, [4, 2, 0, -1, Inf]), [2, Math.SQRT2, 0, NaN_, Inf], 1e-15);
    expectClose(run(k.sin, [0, Math.PI / 2, Math.PI / 6, Inf]), [0, 1, 0.5, NaN_], 1e-15);
    expectClose(run(k.cos, [0, Math.PI, Math.PI / 3]), [1, -1, 0.5], 1e-15);
  });

  it("tanh and sigmoid saturate without NaN", () => {
    expectClose(run(k.tanh, [0, 1, -1000, 1000, NaN_]), [0, 0.7615941559557649, -1, 1, NaN_], 1e-15);
    expectClose(run(k.sigmoid, [0, 2, -1000, 1000, NaN_]), [0.5, 0.8807970779778823, 0, 1, NaN_], 1e-15);
    expect(list(run(k.sigmoid, [-1000, -Inf, Inf], "float32"))).toEqual([0, 0, 1]);
  });

  it("log1p and expm1 are accurate for tiny x", () => {
    // log1p(x) ≈ x - x²/2 and expm1(x) ≈ x + x²/2 for x = 1e-10: log(1 + x) would give 1.00000008e-10.
    expectClose(run(k.log1p, [1e-10, 0, -1]), [1e-10 - 5e-21, 0, -Inf], 1e-15);
    expectClose(run(k.expm1, [1e-10, 0, -Inf]), [1e-10 + 5e-21, 0, -1], 1e-15);
  });

  it("rsqrt is 1/sqrt(x)", () => {
    expectClose(run(k.rsqrt, [4, 0.25, 0, -1, Inf]), [0.5, 2, Inf, NaN_, 0], 1e-15);
  });

  it("erf matches reference values (Python's math.erf) to 1e-7 in float32", () => {
    const xs = [0, 0.1, 0.5, 1, -1, 2, 3.5, -6, 10, NaN_, Inf, -Inf];
    const expected = [
      0,
      0.1124629160182849,
      0.5204998778130465,
      0.8427007929497149,
      -0.8427007929497149,
      0.9953222650189527,
      0.9999992569016276,
      -1,
      1,
      NaN_,
      1,
      -1,
    ];
    const out = run(k.erf, xs, "float32");
    expect(out).toBeInstanceOf(Float32Array);
    expectClose(out, expected, 1e-7);
  });
});

describe("dtypes and rounding", () => {
  it("float32 results are the float32 rounding of the exact result", () => {
    const out = run(k.exp, [1, 0.1], "float32");
    expect(out).toBeInstanceOf(Float32Array);
    expect(list(out)).toEqual([Math.fround(Math.E), Math.fround(Math.exp(Math.fround(0.1)))]);
  });
  it("float64 stays float64", () => {
    expect(run(k.sqrt, [2], "float64")).toBeInstanceOf(Float64Array);
  });
});

describe("layouts", () => {
  const values = [-2.5, -1, 0, 0.5, 1.5, 3, -0.25, 7, 2.5, -3.5, 4, 0.75];
  for (const layout of LAYOUTS) {
    it(`reads a ${layout} [3,4] view through its strides`, () => {
      const x = layoutView(values, [3, 4], "float32", layout);
      expect(list(k.neg(x))).toEqual(values.map((v) => -v));
      expect(list(k.round(x))).toEqual([-2, -1, 0, 0, 2, 3, -0, 7, 2, -4, 4, 1]);
    });
  }

  it("broadcasts a stride-0 axis", () => {
    const x = {
      storage: new Float32Array([9, 1, 4]),
      dtype: "float32" as const,
      shape: [2, 3],
      strides: [0, 1],
      offset: 0,
    };
    expect(list(k.sqrt(x))).toEqual([3, 1, 2, 3, 1, 2]);
  });

  it("returns an empty array of the right type for an empty input, without reading", () => {
    const x = {
      storage: new Float64Array(0),
      dtype: "float64" as const,
      shape: [0, 3],
      strides: [3, 1],
      offset: 0,
    };
    const out = k.exp(x);
    expect(out).toBeInstanceOf(Float64Array);
    expect(out.length).toBe(0);
  });

  it("handles a scalar and never returns the input storage", () => {
    const x = view([2], [], "float32");
    const out = k.abs(x);
    expect(list(out)).toEqual([2]);
    expect(out).not.toBe(x.storage);
  });
});
