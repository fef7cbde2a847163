import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { moons } from "../src/moons.js";

registerBackend("cpu", createCpuBackend);

describe("moons", () => {
  it("puts class 0 on the upper unit half circle at (0, 0) and class 1 on the lower one at (1, 0.5)", () => {
    using d = moons({ nSamples: 101 });
    expect(d.x.shape).toEqual([101, 2]);
    expect(d.x.dtype).toBe("float32");
    expect(d.y.dtype).toBe("int32");
    const x = d.x.toArray() as number[][];
    const y = [...d.y.dataSync()];
    expect(y.filter((v) => v === 0)).toHaveLength(50); // ⌊101/2⌋ outer, as make_moons
    for (let i = 0; i < 101; i++) {
      const [a, b] = x[i]!;
      const [cx, cy] = y[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(a! - cx, b! - cy)).toBeCloseTo(1, 6);
      if (y[i] === 0) expect(b!).toBeGreaterThanOrEqual(-1e-7);
      else expect(b!).toBeLessThanOrEqual(0.5 + 1e-7);
    }
    // The ends of the arcs: (1, 0) and (-1, 0) for the outer moon, (0, 0.5) and (2, 0.5) for the inner.
    const has = (p: number[]) =>
      x.some((q) => Math.abs(q[0]! - p[0]!) < 1e-6 && Math.abs(q[1]! - p[1]!) < 1e-6);
    expect(has([1, 0]) && has([-1, 0]) && has([0, 0.5]) && has([2, 0.5])).toBe(true);
  });

  it("is the same for a seed, different for another; noise moves points off the arcs", () => {
    using a = moons({ noise: 0.1, seed: 5 });
    using b = moons({ noise: 0.1, seed: 5 });
    using c = moons({ noise: 0.1, seed: 6 });
    expect(a.x.toArray()).toEqual(b.x.toArray());
    expect(a.x.toArray()).not.toEqual(c.x.toArray());
  });

  it("refuses negative noise", () => {
    expect(() => moons({ noise: -1 })).toThrow(/noise must be/);
  });
});
