import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { regression } from "../src/regression.js";

registerBackend("cpu", createCpuBackend);

describe("regression", () => {
  it("satisfies y = x·coef + bias without noise, with nInformative non-zero coefficients in [0, 100)", () => {
    using d = regression({ nSamples: 50, nFeatures: 8, nInformative: 3, bias: 2.5, seed: 4 });
    expect(d.x.shape).toEqual([50, 8]);
    expect(d.y.shape).toEqual([50]);
    const x = d.x.toArray() as number[][];
    const y = [...d.y.dataSync()];
    const coef = [...d.coef.dataSync()];
    expect(coef.filter((c) => c !== 0)).toHaveLength(3);
    expect(coef.every((c) => c >= 0 && c < 100)).toBe(true);
    x.forEach((row, i) => {
      const s = row.reduce((acc, v, j) => acc + v * coef[j]!, 2.5);
      expect(Math.abs(s - y[i]!)).toBeLessThanOrEqual(Math.abs(s) * 2 ** -23);
    });
  });

  it("gives [n, t] targets for several outputs, noise of the requested size, and is deterministic", () => {
    using d = regression({ nSamples: 4000, nFeatures: 4, nInformative: 4, nTargets: 2, noise: 3, seed: 1 });
    using again = regression({
      nSamples: 4000,
      nFeatures: 4,
      nInformative: 4,
      nTargets: 2,
      noise: 3,
      seed: 1,
    });
    expect(d.y.toArray()).toEqual(again.y.toArray());
    expect(d.coef.shape).toEqual([4, 2]);
    const x = d.x.toArray() as number[][];
    const y = d.y.toArray() as number[][];
    const coef = d.coef.toArray() as number[][];
    let ss = 0;
    x.forEach((row, i) => {
      const r = y[i]![1]! - row.reduce((acc, v, j) => acc + v * coef[j]![1]!, 0);
      ss += r * r;
    });
    expect(Math.sqrt(ss / 4000)).toBeGreaterThan(2.8);
    expect(Math.sqrt(ss / 4000)).toBeLessThan(3.2);
  });
});
