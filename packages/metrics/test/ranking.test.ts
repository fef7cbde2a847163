import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Generator, registerBackend, ShapeError, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { leaveOneOutScores } from "../src/ranking.js";

registerBackend("cpu", createCpuBackend);

describe("leaveOneOutScores", () => {
  it("matches hand-computed hit rate and NDCG", () => {
    // ranks of the held-out item: 0, 2, 1, 4 → with k = 3 hits are the first three.
    const scores = [
      [0.9, 0.1, 0.5, 0.3, 0.2],
      [0.5, 0.8, 0.7, 0.1, 0.0],
      [0.6, 0.1, 0.2, 0.9, 0.3],
      [0.0, 0.1, 0.2, 0.3, 0.4],
    ];
    const { hitRate, ndcg } = leaveOneOutScores(scores, { k: 3 });
    expect(hitRate).toBeCloseTo(3 / 4, 12);
    expect(ndcg).toBeCloseTo((1 + 1 / Math.log2(4) + 1 / Math.log2(3)) / 4, 12);
  });

  it("equals a sort-based ranking on random scores (HR@10, NDCG@10 over 99 negatives)", () => {
    const g = new Generator(3);
    const rows = Array.from({ length: 200 }, () => Array.from({ length: 100 }, () => g.nextDouble()));
    let hits = 0;
    let gain = 0;
    for (const row of rows) {
      const order = row.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
      const rank = order.findIndex(([, i]) => i === 0);
      if (rank < 10) {
        hits++;
        gain += Math.log(2) / Math.log(rank + 2);
      }
    }
    const got = leaveOneOutScores(tensor(rows), { k: 10 });
    // float32 storage of the tensor can only merge near-ties; none at this spacing.
    expect(got.hitRate).toBeCloseTo(hits / 200, 12);
    expect(got.ndcg).toBeCloseTo(gain / 200, 10);
  });

  it("counts ties in favour of the held-out item and defaults to k = 10", () => {
    expect(leaveOneOutScores([[1, 1, 1, 1]], { k: 1 })).toEqual({ hitRate: 1, ndcg: 1 });
    const eleven = [Array.from({ length: 12 }, (_, i) => (i === 0 ? 0 : 1))];
    expect(leaveOneOutScores(eleven).hitRate).toBe(0);
  });

  it("rejects a bad shape, k or a NaN held-out score, naming it", () => {
    expect(() => leaveOneOutScores([0.5, 0.2])).toThrow(ShapeError);
    expect(() => leaveOneOutScores([[0.5, 0.2]], { k: 0 })).toThrow(/k must be a positive integer, got 0/);
    expect(() => leaveOneOutScores([[0.5], [Number.NaN]])).toThrow(/held-out score of row 1 is NaN/);
    expect(() => leaveOneOutScores(tensor(new Float32Array(0), { shape: [0, 3] }))).toThrow(ValueError);
  });
});
