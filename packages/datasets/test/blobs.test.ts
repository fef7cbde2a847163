import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { blobs } from "../src/blobs.js";

registerBackend("cpu", createCpuBackend);

describe("blobs", () => {
  it("draws each cluster around its centre with the given spread", () => {
    using d = blobs({ nSamples: 3001, centers: 3, nFeatures: 2, clusterStd: 0.5, seed: 2 });
    expect(d.x.shape).toEqual([3001, 2]);
    expect(d.centers.shape).toEqual([3, 2]);
    const x = d.x.toArray() as number[][];
    const y = [...d.y.dataSync()];
    const centers = d.centers.toArray() as number[][];
    expect([0, 1, 2].map((c) => y.filter((v) => v === c).length)).toEqual([1001, 1000, 1000]);
    for (const [c, center] of centers.entries()) {
      expect(center.every((v) => v >= -10 && v <= 10)).toBe(true);
      const pts = x.filter((_, i) => y[i] === c);
      for (let j = 0; j < 2; j++) {
        const mean = pts.reduce((s, p) => s + p[j]!, 0) / pts.length;
        const sd = Math.sqrt(pts.reduce((s, p) => s + (p[j]! - mean) ** 2, 0) / pts.length);
        expect(Math.abs(mean - center[j]!)).toBeLessThan(0.06); // 4 standard errors (0.5/√1000)
        expect(sd).toBeGreaterThan(0.45);
        expect(sd).toBeLessThan(0.55);
      }
    }
  });

  it("takes explicit centres and is deterministic for a seed", () => {
    using a = blobs({
      centers: [
        [0, 0, 0],
        [5, 5, 5],
      ],
      clusterStd: 0,
      seed: 3,
    });
    using b = blobs({
      centers: [
        [0, 0, 0],
        [5, 5, 5],
      ],
      clusterStd: 0,
      seed: 3,
    });
    expect(a.x.toArray()).toEqual(b.x.toArray());
    const x = a.x.toArray() as number[][];
    const y = [...a.y.dataSync()];
    for (const [i, p] of x.entries()) expect(p).toEqual(y[i] === 0 ? [0, 0, 0] : [5, 5, 5]);
  });

  it("refuses ragged centres", () => {
    expect(() => blobs({ centers: [[0, 0], [1]] })).toThrow(/equal length/);
  });
});
