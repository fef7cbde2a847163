import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Generator, matmul, registerBackend, type Tensor, tidy, transpose } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Linear } from "../src/index.js";
import {
  calculateGain,
  constant,
  fans,
  initializer,
  kaimingNormal,
  kaimingUniform,
  orthogonal,
  xavierNormal,
  xavierUniform,
} from "../src/init.js";

registerBackend("cpu", createCpuBackend);

function stats(t: Tensor): { min: number; max: number; mean: number; std: number } {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { min: Math.min(...v), max: Math.max(...v), mean, std };
}

describe("initialisers (torch.nn.init)", () => {
  it("compute PyTorch's gains and fans", () => {
    expect(calculateGain("relu")).toBeCloseTo(Math.SQRT2, 12);
    expect(calculateGain("tanh")).toBeCloseTo(5 / 3, 12);
    expect(calculateGain("leaky_relu", 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 12);
    expect(calculateGain("selu")).toBe(0.75);
    expect(fans([64, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 1600 });
    expect(() => fans([3])).toThrow(/at least 2 dimensions/);
  });

  it("draw Xavier and Kaiming samples with the documented bounds and spreads", () => {
    const g = new Generator(0);
    const xu = stats(xavierUniform([200, 300], { generator: g }));
    const bound = Math.sqrt(6 / 500);
    expect(xu.min).toBeGreaterThanOrEqual(-bound);
    expect(xu.max).toBeLessThanOrEqual(bound);
    expect(xu.std).toBeCloseTo(bound / Math.sqrt(3), 3); // std of U(-b, b) is b/√3
    expect(stats(xavierNormal([200, 300], { generator: g })).std).toBeCloseTo(Math.sqrt(2 / 500), 3);
    const ku = stats(kaimingUniform([200, 300], { nonlinearity: "relu", generator: g }));
    expect(ku.max).toBeLessThanOrEqual(Math.sqrt(6 / 300));
    expect(ku.std).toBeCloseTo(Math.sqrt(2 / 300), 3);
    expect(
      stats(kaimingNormal([200, 300], { mode: "fanOut", nonlinearity: "relu", generator: g })).std,
    ).toBeCloseTo(Math.sqrt(2 / 200), 3);
    expect(stats(constant([3], 0.25))).toEqual({ min: 0.25, max: 0.25, mean: 0.25, std: 0 });
    expect(stats(initializer("ones")([2, 2])).mean).toBe(1);
  });

  it("makes orthogonal matrices (W Wᵀ = I for wide, Wᵀ W = I for tall), scaled by the gain", () => {
    for (const shape of [
      [4, 4],
      [3, 6],
      [6, 3],
    ] as const) {
      const w = orthogonal([...shape], { gain: 2 });
      const [r, c] = shape;
      const gram = tidy(() => (r <= c ? matmul(w, transpose(w)) : matmul(transpose(w), w)));
      const n = Math.min(r, c);
      const values = gram.dataSync();
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) expect(values[i * n + j]).toBeCloseTo(i === j ? 4 : 0, 5);
    }
  });

  it("initialises Linear as PyTorch does: weight and bias in U(±1/√in)", () => {
    const fc = new Linear(400, 50);
    const bound = 1 / 20;
    const w = stats(fc.weight);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(w.std).toBeCloseTo(bound / Math.sqrt(3), 3);
    expect(stats(fc.bias!).max).toBeLessThanOrEqual(bound);
    fc.dispose();
  });
});
