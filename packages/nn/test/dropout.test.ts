import { backward, requiresGrad } from "@tensorkit/autograd";
import { equal, Generator, manualSeed, mean, ones, randn, tidy, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Dropout } from "../src/layers/dropout.js";
import "./layer-fixtures.js";

describe("Dropout", () => {
  it("keeps each element with probability 1-p and scales survivors by 1/(1-p)", () => {
    manualSeed(11);
    for (const p of [0.1, 0.5, 0.8]) {
      const drop = new Dropout(p);
      const y = drop.call(ones([200, 250]));
      const values = y.dataSync() as Float32Array;
      const scale = Math.fround(1 / (1 - p));
      let kept = 0;
      let wrongScale = 0;
      for (const v of values) {
        if (v === 0) continue;
        kept++;
        if (v !== scale) wrongScale++;
      }
      expect(wrongScale).toBe(0);
      const rate = kept / values.length;
      // 50 000 Bernoulli draws: the standard error of the rate is ≤ 0.0023; allow 5 of them
      expect(Math.abs(rate - (1 - p))).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / values.length));
      // inverted dropout keeps the mean
      expect(tidy(() => mean(y).item())).toBeCloseTo(1, 1);
      y.dispose();
    }
  });

  it("passes the gradient through the same mask, scaled", () => {
    manualSeed(5);
    const x = requiresGrad(randn([30, 40]));
    const drop = new Dropout(0.3);
    const y = drop.call(x);
    backward(y, ones([30, 40]));
    const mask = tidy(() => equal(y, 0).dataSync() as Uint8Array);
    const g = x.grad!.dataSync() as Float32Array;
    expect(Array.from(g)).toEqual(Array.from(mask, (dropped) => (dropped ? 0 : Math.fround(1 / 0.7))));
  });

  it("is the identity in evaluation mode and for p = 0; p = 1 zeroes everything", () => {
    const x = randn([4, 5]);
    const drop = new Dropout(0.5);
    drop.eval();
    expect(drop.call(x)).toBe(x);
    expect(new Dropout(0).call(x)).toBe(x);
    expect(
      tidy(() => Array.from(new Dropout(1).call(x).dataSync() as Float32Array).every((v) => v === 0)),
    ).toBe(true);
  });

  it("repeats with the same seed or generator", () => {
    const a = new Dropout(0.5, { generator: new Generator(42) }).call(ones([64]));
    const b = new Dropout(0.5, { generator: new Generator(42) }).call(ones([64]));
    expect(a.toArray()).toEqual(b.toArray());
    expect(new Dropout(0.25).toString()).toBe("Dropout(p=0.25)");
  });

  it("rejects a probability outside [0, 1]", () => {
    expect(() => new Dropout(1.5)).toThrow(ValueError);
    expect(() => new Dropout(-0.1)).toThrow("Dropout: probability p must be between 0 and 1, got -0.1");
  });
});
