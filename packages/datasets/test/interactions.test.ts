import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { interactions } from "../src/interactions.js";

registerBackend("cpu", createCpuBackend);

describe("interactions", () => {
  it("lists perUser distinct items per user, grouped by user, with offsets to each user's rows", () => {
    using d = interactions({ numUsers: 40, numItems: 30, perUser: [5, 9], seed: 1 });
    const x = d.x.dataSync() as Int32Array;
    const n = d.x.shape[0]!;
    expect(d.x.shape).toEqual([n, 2]);
    expect(d.y.dataSync().every((v: number) => v === 1)).toBe(true);
    expect(d.offsets.length).toBe(41);
    expect(d.offsets[40]).toBe(n);
    for (let u = 0; u < 40; u++) {
      const rows = d.offsets[u + 1]! - d.offsets[u]!;
      expect(rows).toBeGreaterThanOrEqual(5);
      expect(rows).toBeLessThanOrEqual(9);
      const items = new Set<number>();
      for (let r = d.offsets[u]!; r < d.offsets[u + 1]!; r++) {
        expect(x[2 * r]).toBe(u);
        items.add(x[2 * r + 1]!);
      }
      expect(items.size).toBe(rows);
    }
  });

  it("is reproducible from its seed", () => {
    using a = interactions({ numUsers: 20, numItems: 15, perUser: [3, 5], seed: 7 });
    using b = interactions({ numUsers: 20, numItems: 15, perUser: [3, 5], seed: 7 });
    using c = interactions({ numUsers: 20, numItems: 15, perUser: [3, 5], seed: 8 });
    expect([...a.x.dataSync()]).toEqual([...b.x.dataSync()]);
    expect([...a.x.dataSync()]).not.toEqual([...c.x.dataSync()]);
  });

  it("draws the first choice from the softmax of the logits (popularity only, affinity 0)", () => {
    // With affinity 0 every user's logits are the item biases, so first choices over many users
    // are multinomial draws from softmax(itemBias).
    const users = 20000;
    using d = interactions({
      numUsers: users,
      numItems: 4,
      rank: 1,
      perUser: [1, 1],
      affinity: 0,
      popularity: 1,
      seed: 3,
    });
    const bias = [...(d.itemBias.dataSync() as Float32Array)];
    const z = bias.reduce((s, b) => s + Math.exp(b), 0);
    const x = d.x.dataSync() as Int32Array;
    const counts = [0, 0, 0, 0];
    for (let u = 0; u < users; u++) counts[x[2 * u + 1]!]!++;
    bias.forEach((b, i) => {
      const p = Math.exp(b) / z;
      // four standard errors of a binomial proportion
      expect(Math.abs(counts[i]! / users - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / users));
    });
  });

  it("makes users pick items that match their tastes (affinity > 0, no popularity)", () => {
    using d = interactions({
      numUsers: 200,
      numItems: 50,
      rank: 4,
      perUser: [10, 10],
      affinity: 3,
      popularity: 0,
      seed: 4,
    });
    const uf = d.userFactors.dataSync() as Float32Array;
    const vf = d.itemFactors.dataSync() as Float32Array;
    const x = d.x.dataSync() as Int32Array;
    const dot = (u: number, i: number) => {
      let s = 0;
      for (let f = 0; f < 4; f++) s += uf[u * 4 + f]! * vf[i * 4 + f]!;
      return s;
    };
    let chosen = 0;
    let all = 0;
    for (let r = 0; r < d.x.shape[0]!; r++) chosen += dot(x[2 * r]!, x[2 * r + 1]!);
    for (let u = 0; u < 200; u++) for (let i = 0; i < 50; i++) all += dot(u, i);
    // The chosen items' mean taste score is far above the mean over all pairs (which is ≈ 0).
    expect(chosen / d.x.shape[0]! - all / (200 * 50)).toBeGreaterThan(0.5);
  });

  it("rejects bad options, naming them", () => {
    expect(() => interactions({ numItems: 5, perUser: [2, 6] })).toThrow(
      /perUser must be integers \[min, max\] with 1 ≤ min ≤ max ≤ numItems \(5\)/,
    );
    expect(() => interactions({ affinity: -1 })).toThrow(/affinity must be a finite number ≥ 0/);
    expect(() => interactions({ numUsers: 0 })).toThrow(/numUsers must be an integer ≥ 1/);
  });
});
