import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend, type WasmBackend } from "../src/index.js";
import { readAll, view } from "./helpers.js";

// The erf kernel (assembly/erf.ts) against libm's erf at points of both of its regimes.

let b: WasmBackend;
beforeAll(async () => {
  b = await createWasmBackend();
});

describe("erf", () => {
  // Python's math.erf (C99 erf from the platform libm), rounded to 16 digits
  const cases: [number, number][] = [
    [0, 0],
    [0.001, 0.0011283787909692365],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [-1.5, -0.9661051464753108],
    [2, 0.9953222650189527],
    [2.49, 0.9995707121322661],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
    [-4, -0.9999999845827421],
    [6.5, 1],
  ];
  it("matches libm's erf in float64 to 1e-14, and in float32 to the nearest float", () => {
    const xs = cases.map(([x]) => x);
    const x64 = view(b.kernels.write(Float64Array.from(xs), "float64"), "float64", [xs.length], [1]);
    const got = readAll(b, b.kernels.erf!(x64), "float64", xs.length);
    for (const [i, [, want]] of cases.entries()) expect(Math.abs(got[i]! - want)).toBeLessThan(1e-14);
    // float32: the float64 value rounded once, at inputs that are float32 already (0.5, 1, 2, …)
    const exact = cases.filter(([x]) => Math.fround(x) === x);
    const x32 = view(
      b.kernels.write(Float32Array.from(exact.map(([x]) => x)), "float32"),
      "float32",
      [exact.length],
      [1],
    );
    expect(readAll(b, b.kernels.erf!(x32), "float32", exact.length)).toEqual(
      exact.map(([, w]) => Math.fround(w)),
    );
  });
  it("is odd, saturates at ±1 and keeps NaN", () => {
    const x = view(
      b.kernels.write(Float32Array.of(-Infinity, Infinity, Number.NaN, -0.5), "float32"),
      "float32",
      [4],
      [1],
    );
    const got = readAll(b, b.kernels.erf!(x), "float32", 4);
    expect(got.slice(0, 2)).toEqual([-1, 1]);
    expect(Number.isNaN(got[2]!)).toBe(true);
    expect(got[3]).toBe(Math.fround(-0.5204998778130465));
  });
});
