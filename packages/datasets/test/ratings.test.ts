import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { ratings } from "../src/ratings.js";

registerBackend("cpu", createCpuBackend);

describe("ratings", () => {
  it("rates distinct (user, item) pairs with 1–5 stars near the latent model's score", () => {
    using d = ratings({ numUsers: 50, numItems: 40, rank: 3, density: 0.2, noise: 0, seed: 1 });
    expect(d.x.shape).toEqual([400, 2]);
    expect(d.x.dtype).toBe("int32");
    const x = d.x.toArray() as number[][];
    const y = [...d.y.dataSync()];
    const e = [...d.expected.dataSync()];
    expect(new Set(x.map(([u, i]) => `${u},${i}`)).size).toBe(400);
    const uf = d.userFactors.toArray() as number[][];
    const itf = d.itemFactors.toArray() as number[][];
    const ub = [...d.userBias.dataSync()];
    const ib = [...d.itemBias.dataSync()];
    x.forEach(([u, i], r) => {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(50);
      expect(i).toBeLessThan(40);
      const score = d.globalMean + ub[u!]! + ib[i!]! + uf[u!]!.reduce((s, f, k) => s + f * itf[i!]![k]!, 0);
      expect(e[r]).toBeCloseTo(score, 5);
      // noise 0: the stars are the rounded, clipped score
      expect(y[r]).toBe(Math.min(5, Math.max(1, Math.round(score))));
    });
  });

  it("is deterministic for a seed and uses every star", () => {
    using a = ratings({ seed: 4 });
    using b = ratings({ seed: 4 });
    expect(a.y.toArray()).toEqual(b.y.toArray());
    expect(new Set(a.y.dataSync())).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(a.x.shape).toEqual([2000, 2]);
  });
});
