import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type Suite, values } from "../suite.js";

const F = "random";

function moments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

export function random(s: Suite): void {
  describe("random", () => {
    s.test(F, "the same manualSeed gives the same values; another seed gives others", () => {
      tk.manualSeed(123);
      const a = values(tk.rand([500]));
      const b = values(tk.randn([3, 7]));
      tk.manualSeed(123);
      expect(values(tk.rand([500]))).toEqual(a);
      expect(values(tk.randn([3, 7]))).toEqual(b);
      tk.manualSeed(124);
      expect(values(tk.rand([500]))).not.toEqual(a);
    });

    s.test(F, "an explicit Generator is independent of the default one", () => {
      const g1 = new tk.Generator(5);
      const g2 = new tk.Generator(5);
      tk.manualSeed(1);
      const x = values(tk.rand([50], { generator: g1 }));
      tk.rand([10]); // draws from the default generator only
      expect(values(tk.rand([50], { generator: g2 }))).toEqual(x);
    });

    s.test(F, "rand is uniform in [0, 1): mean ≈ 1/2, variance ≈ 1/12 over 10k draws", () => {
      tk.manualSeed(0);
      const xs = values(tk.rand([10000]));
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThan(1);
      const m = moments(xs);
      expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.02);
      expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(0.005);
    });

    s.test(F, "randn is standard normal: mean ≈ 0, variance ≈ 1 over 10k draws", () => {
      tk.manualSeed(0);
      const xs = values(tk.randn([100, 100]));
      expect(xs.every(Number.isFinite)).toBe(true);
      const m = moments(xs);
      expect(Math.abs(m.mean)).toBeLessThan(0.05);
      expect(Math.abs(m.variance - 1)).toBeLessThan(0.05);
    });

    s.test(F, "randint gives int32 values in [low, high), each of them", () => {
      tk.manualSeed(0);
      const t = tk.randint(-2, 3, [2000]);
      expect(t.dtype).toBe("int32");
      expect(new Set(values(t))).toEqual(new Set([-2, -1, 0, 1, 2]));
    });

    s.test(F, "bernoulli: p 0 and 1 are exact; p 0.3 has mean ≈ 0.3", () => {
      tk.manualSeed(0);
      expect(values(tk.bernoulli(tk.tensor([0, 1, 0, 1])))).toEqual([0, 1, 0, 1]);
      const xs = values(tk.bernoulli(0.3, { shape: [10000] }));
      expect(xs.every((v) => v === 0 || v === 1)).toBe(true);
      expect(Math.abs(moments(xs).mean - 0.3)).toBeLessThan(0.02);
    });

    s.test(F, "randperm is a permutation; multinomial draws only categories of nonzero weight", () => {
      tk.manualSeed(0);
      const p = values(tk.randperm(50));
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(values(tk.multinomial(tk.tensor([0, 1, 0]), 5, { replacement: true }))).toEqual([1, 1, 1, 1, 1]);
      const draw = values(tk.multinomial(tk.tensor([0.2, 0, 0.5, 0.3]), 3));
      expect([...draw].sort()).toEqual([0, 2, 3]);
    });

    s.test(F, "randLike and randnLike follow the shape (and float dtype) of their argument", () => {
      expect(tk.randLike(tk.zeros([2, 3])).shape).toEqual([2, 3]);
      expect(tk.randnLike(tk.zeros([4])).shape).toEqual([4]);
      expect(tk.rand([0, 3]).shape).toEqual([0, 3]);
    });
  });
}
