import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { spirals } from "../src/spirals.js";

registerBackend("cpu", createCpuBackend);

describe("spirals", () => {
  it("runs each arm from the origin to the unit circle, arms rotated by 2π/k", () => {
    using d = spirals({ nSamples: 30, nClasses: 3, shuffle: false });
    const x = d.x.toArray() as number[][];
    expect([...d.y.dataSync()]).toEqual([...Array(10).fill(0), ...Array(10).fill(1), ...Array(10).fill(2)]);
    for (let c = 0; c < 3; c++) {
      const start = x[c * 10]!;
      const end = x[c * 10 + 9]!;
      expect(Math.hypot(start[0]!, start[1]!)).toBeCloseTo(0, 7);
      expect(Math.hypot(end[0]!, end[1]!)).toBeCloseTo(1, 6);
      // one full turn ends where it started in angle: 2πc/3
      expect(Math.atan2(end[1]!, end[0]!)).toBeCloseTo(
        Math.atan2(Math.sin((2 * Math.PI * c) / 3), Math.cos((2 * Math.PI * c) / 3)),
        5,
      );
    }
  });

  it("is deterministic for a seed", () => {
    using a = spirals({ noise: 0.05, seed: 9 });
    using b = spirals({ noise: 0.05, seed: 9 });
    expect(a.x.toArray()).toEqual(b.x.toArray());
    expect(a.x.shape).toEqual([300, 2]);
  });
});
