import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { circles } from "../src/circles.js";

registerBackend("cpu", createCpuBackend);

describe("circles", () => {
  it("puts class 0 at radius 1 and class 1 at radius factor", () => {
    using d = circles({ nSamples: 60, factor: 0.3 });
    const x = d.x.toArray() as number[][];
    const y = [...d.y.dataSync()];
    expect(y.filter((v) => v === 1)).toHaveLength(30);
    for (const [i, [a, b]] of x.entries()) expect(Math.hypot(a!, b!)).toBeCloseTo(y[i] === 0 ? 1 : 0.3, 6);
  });

  it("spaces points evenly in angle, leaving out 2π (make_circles' endpoint=False)", () => {
    using d = circles({ nSamples: 8, shuffle: false });
    const x = d.x.toArray() as number[][];
    // 4 outer points at 0, π/2, π, 3π/2
    expect(x.slice(0, 4).map(([a, b]) => [Math.round(a!) + 0, Math.round(b!) + 0])).toEqual([
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
    ]);
  });

  it("is deterministic for a seed, and noisy radii average to the radius", () => {
    using a = circles({ nSamples: 2000, noise: 0.05, seed: 1 });
    using b = circles({ nSamples: 2000, noise: 0.05, seed: 1 });
    expect(a.x.toArray()).toEqual(b.x.toArray());
    const x = a.x.toArray() as number[][];
    const y = [...a.y.dataSync()];
    const outer = x.filter((_, i) => y[i] === 0).map(([p, q]) => Math.hypot(p!, q!));
    expect(outer.reduce((s, r) => s + r, 0) / outer.length).toBeCloseTo(1, 1);
  });

  it("refuses factor ≥ 1", () => {
    expect(() => circles({ factor: 1 })).toThrow(/factor must be in \[0, 1\)/);
  });
});
