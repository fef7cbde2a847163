import { describe, expect, it } from "vitest";
import { add, div, maximum, minimum, mul, pow, sub } from "../src/kernels/binary.js";
import { broadcastView, LAYOUTS, layoutView, list, randomValues, view } from "./helpers.js";

const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

describe("arithmetic", () => {
  it("add, sub, mul, div on float64", () => {
    const a = view([1, -2, 0.5, Inf, NaN_], [5], "float64");
    const b = view([2, 3, -0.25, 1, 1], [5], "float64");
    expect(list(add(a, b))).toEqual([3, 1, 0.25, Inf, NaN_]);
    expect(list(sub(a, b))).toEqual([-1, -5, 0.75, Inf, NaN_]);
    expect(list(mul(a, b))).toEqual([2, -6, -0.125, Inf, NaN_]);
    expect(list(div(a, b))).toEqual([0.5, -2 / 3, -2, Inf, NaN_]);
  });

  it("div follows IEEE for zero divisors", () => {
    const out = list(div(view([1, -1, 0], [3]), view([0, 0, 0], [3])));
    expect(out).toEqual([Inf, -Inf, NaN_]);
  });

  it("float32 results are rounded once to float32", () => {
    const a = view([0.1, 1e-8], [2], "float32");
    const b = view([0.2, 1], [2], "float32");
    const out = add(a, b);
    expect(out).toBeInstanceOf(Float32Array);
    expect(list(out)).toEqual([Math.fround(Math.fround(0.1) + Math.fround(0.2)), 1]);
  });

  it("int32 add and mul wrap around like C integers", () => {
    const a = view([2147483647, -2147483648, 65536, 123456789], [4], "int32");
    const b = view([1, -1, 65536, 987654321], [4], "int32");
    const s = add(a, b);
    expect(s).toBeInstanceOf(Int32Array);
    expect(list(s)).toEqual([-2147483648, 2147483647, 131072, 1111111110]);
    // 123456789 · 987654321 = 121932631112635269; mod 2^32 as a signed int32 is -67153019.
    expect(list(mul(a, b))).toEqual([2147483647, -2147483648, 0, -67153019]);
    expect(list(sub(view([-2147483648], [1], "int32"), view([1], [1], "int32")))).toEqual([2147483647]);
  });
});

describe("pow", () => {
  it("float: ordinary values and C's special cases", () => {
    const a = view([2, 4, -8, 1, 1, -1, NaN_, 0, 0], [9], "float64");
    const b = view([10, 0.5, 1 / 3, NaN_, Inf, -Inf, 0, -1, 0], [9], "float64");
    // (-8)^(1/3) is NaN for a real pow; 1^NaN = 1 and (-1)^±Inf = 1 in C (JS gives NaN); NaN^0 = 1; 0^-1 = Inf.
    expect(list(pow(a, b))).toEqual([1024, 2, NaN_, 1, 1, 1, 1, Inf, 1]);
  });

  it("int32: exact powers, wrap-around, negative exponents", () => {
    const a = view([3, 2, -2, 7, 1, -1, -1, 0, 5, 0], [10], "int32");
    const b = view([4, 31, 3, -1, -5, -3, -4, 0, 0, 3], [10], "int32");
    const out = pow(a, b);
    expect(out).toBeInstanceOf(Int32Array);
    expect(list(out)).toEqual([81, -2147483648, -8, 0, 1, -1, 1, 1, 1, 0]);
  });

  it("int32: a large power wraps modulo 2^32", () => {
    // 3^21 = 10460353203; mod 2^32 = 1870418611, which fits as a positive int32.
    expect(list(pow(view([3], [1], "int32"), view([21], [1], "int32")))).toEqual([1870418611]);
  });
});

describe("maximum and minimum", () => {
  it("propagate NaN from either side", () => {
    const a = view([1, NaN_, 3, -Inf, 5], [5]);
    const b = view([2, 5, NaN_, -1, 4], [5]);
    expect(list(maximum(a, b))).toEqual([2, NaN_, NaN_, -1, 5]);
    expect(list(minimum(a, b))).toEqual([1, NaN_, NaN_, -Inf, 4]);
    expect(list(maximum(view([NaN_], [1]), view([NaN_], [1])))).toEqual([NaN_]);
  });
  it("work on int32", () => {
    const a = view([1, -5, 7], [3], "int32");
    const b = view([2, -6, 7], [3], "int32");
    expect(list(maximum(a, b))).toEqual([2, -5, 7]);
    expect(list(minimum(a, b))).toEqual([1, -6, 7]);
  });
});

describe("layouts and broadcasting", () => {
  const av = randomValues(12, 1);
  const bv = randomValues(12, 2);
  for (const la of LAYOUTS) {
    for (const lb of LAYOUTS) {
      it(`add reads a ${la} and a ${lb} operand`, () => {
        const out = add(layoutView(av, [3, 4], "float32", la), layoutView(bv, [3, 4], "float32", lb));
        expect(list(out)).toEqual(av.map((v, i) => Math.fround(v + bv[i]!)));
      });
    }
  }

  it("broadcasts a bias row (stride 0 on the leading axis) and a column", () => {
    const x = view([1, 2, 3, 4, 5, 6], [2, 3]);
    const row = broadcastView([10, 20, 30], [3], [2, 3]);
    expect(list(add(x, row))).toEqual([11, 22, 33, 14, 25, 36]);
    const col = broadcastView([100, 200], [2, 1], [2, 3]);
    expect(list(mul(x, col))).toEqual([100, 200, 300, 800, 1000, 1200]);
  });

  it("broadcasts a scalar against a negative-stride operand", () => {
    const flipped = {
      storage: new Float32Array([1, 2, 3, 4]),
      dtype: "float32" as const,
      shape: [4],
      strides: [-1],
      offset: 3,
    };
    const two = broadcastView([2], [], [4]);
    expect(list(pow(flipped, two))).toEqual([16, 9, 4, 1]);
  });

  it("returns empty output for empty operands", () => {
    const e = {
      storage: new Float32Array(0),
      dtype: "float32" as const,
      shape: [2, 0],
      strides: [0, 1],
      offset: 0,
    };
    expect(add(e, e).length).toBe(0);
  });
});
