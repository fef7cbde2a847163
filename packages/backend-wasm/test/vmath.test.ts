import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend, type WasmBackend } from "../src/index.js";
import { readAll, view } from "./helpers.js";

// float32 exp, sigmoid and tanh on contiguous rows run four lanes at a time (assembly/vmath.ts),
// with fused multiply-adds in the relaxed-SIMD build and separate ones in the plain build: both
// are tested. Truth: the same functions in float64 (JavaScript's Math), rounded; the error is
// counted in units in the last place of the float32 result.

/** The spacing of float32 values at |v| (subnormal spacing below the smallest normal). */
function ulp(v: number): number {
  const a = Math.abs(Math.fround(v));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

const FUNCTIONS = {
  exp: Math.exp,
  sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
} as const;

describe.each([
  ["relaxed SIMD", true],
  ["plain SIMD", false],
])("vector exp, sigmoid and tanh (float32, %s build)", (_, relaxedSimd) => {
  let b: WasmBackend;
  beforeAll(async () => {
    b = await createWasmBackend({ threads: 1, relaxedSimd });
    expect(b.flavour).toBe(relaxedSimd ? "relaxed-simd" : "simd");
  });

  function run(name: keyof typeof FUNCTIONS, xs: Float32Array): number[] {
    const x = view(b.kernels.write(xs, "float32"), "float32", [xs.length], [1]);
    return readAll(b, b.kernels[name]!(x), "float32", xs.length);
  }

  // 200,003 points over [-87, 87] (the vector range), plus the lanes around zero
  const xs = Float32Array.from({ length: 200_003 }, (_, i) => -87 + (174 * i) / 200_002);
  for (const [name, f] of Object.entries(FUNCTIONS) as [keyof typeof FUNCTIONS, (x: number) => number][]) {
    it(`${name} is within 3 ulp of the float64 function over [-87, 87]`, () => {
      const got = run(name, xs);
      let worst = 0;
      for (let i = 0; i < xs.length; i++) {
        const want = f(xs[i]!);
        worst = Math.max(worst, Math.abs(got[i]! - want) / ulp(want));
      }
      expect(worst).toBeLessThan(3);
    });
  }

  it("keeps tanh accurate near zero, odd, and signed at zero", () => {
    const xs = Float32Array.of(1e-30, -1e-8, 1e-4, -0.3, 0.6249, -0.6251, 0, -0);
    const got = run("tanh", xs);
    for (let i = 0; i < xs.length - 2; i++) {
      expect(Math.abs(got[i]! - Math.tanh(xs[i]!))).toBeLessThanOrEqual(2 * ulp(Math.tanh(xs[i]!)));
    }
    expect(Object.is(got[6], 0)).toBe(true);
    expect(Object.is(got[7], -0)).toBe(true);
  });

  it("gives the scalar results at the edges: overflow, underflow, infinities, NaN (in any lane)", () => {
    // each edge value sits among ordinary ones, so its vector of four takes the scalar path
    const edges = [88.8, -104, 1000, -1000, Infinity, -Infinity, NaN, 20, -20];
    const xs = Float32Array.from(edges.flatMap((e) => [0.5, e, -0.25, 1]));
    const exp = run("exp", xs);
    const sigmoid = run("sigmoid", xs);
    const tanh = run("tanh", xs);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      for (const [got, f] of [
        [exp, Math.exp],
        [sigmoid, FUNCTIONS.sigmoid],
        [tanh, Math.tanh],
      ] as const) {
        const want = Math.fround(f(x));
        if (Number.isNaN(want)) expect(got[i]).toBeNaN();
        else if (!Number.isFinite(want)) expect(got[i]).toBe(want);
        else expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(3 * ulp(want));
      }
    }
  });
});
