import { describe, expect, it } from "vitest";
import { erf } from "../src/math/erf.js";

/**
 * Independent truth: erf(x) = 2/√π ∫₀ˣ e^(-t²) dt by composite Simpson's rule with 20 000
 * intervals (error far below 1e-13 for |x| ≤ 6), plus reference values from Python's math.erf.
 */
function simpsonErf(x: number): number {
  const n = 20000;
  const h = x / n;
  let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * Math.exp(-(i * h) * (i * h));
  return ((s * h) / 3) * (2 / Math.sqrt(Math.PI));
}

describe("erf", () => {
  it("matches Python's math.erf at known points to 1e-14", () => {
    const cases: [number, number][] = [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [2.5, 0.999593047982555],
      [3, 0.9999779095030014],
      [-0.3, -0.3286267594591274],
      [1e-10, 1.1283791670955126e-10],
    ];
    for (const [x, e] of cases) expect(Math.abs(erf(x) - e)).toBeLessThan(1e-14);
  });

  it("matches Simpson integration on a grid across both regimes, to 1e-13", () => {
    for (let x = -6; x <= 6; x += 0.173) {
      expect(Math.abs(erf(x) - simpsonErf(x))).toBeLessThan(1e-13);
    }
  });

  it("is continuous where it switches from the series to the continued fraction", () => {
    const below = erf(2.5 - 1e-12);
    const at = erf(2.5);
    expect(Math.abs(at - below)).toBeLessThan(1e-14);
  });

  it("is odd, saturates to ±1 and keeps NaN", () => {
    expect(erf(-1.3)).toBe(-erf(1.3));
    expect(erf(0)).toBe(0);
    expect(erf(7)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
  });
});
