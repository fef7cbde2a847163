import { describe, expect, it } from "vitest";
import { ValueError } from "../src/core/errors.js";
import { Generator } from "../src/core/random.js";

describe("Generator", () => {
  it("repeats its sequence for the same seed and differs for another", () => {
    const a = new Generator(42);
    const b = new Generator(42);
    const c = new Generator(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
    a.manualSeed(42);
    expect(a.nextUint32()).toBe(sa[0]);
  });

  it("draws uniform floats in [0, 1) with the right moments", () => {
    const g = new Generator(1);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = g.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    expect(outside).toBe(0);
    const mean = s / n;
    // mean 1/2 and variance 1/12; the standard error of the mean is ~0.0009
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it("draws standard normals with mean 0 and variance 1", () => {
    const g = new Generator(2);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = g.nextNormal();
      s += z;
      s2 += z * z;
      if (Math.abs(z) > 2) beyond2++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.015);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
    // P(|Z| > 2) = 0.0455 for a standard normal
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.004);
  });

  it("draws integers below n without bias", () => {
    const g = new Generator(3);
    const counts = new Array(3).fill(0);
    for (let i = 0; i < 30_000; i++) counts[g.nextBelow(3)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it("rejects a non-finite seed", () => {
    expect(() => new Generator(Number.NaN)).toThrow(ValueError);
  });

  it("getState/setState continue the same sequence on another generator, through JSON, spare normal included", () => {
    const a = new Generator(5);
    a.nextNormal(); // leaves the second value of a Box–Muller pair pending
    const saved = JSON.parse(JSON.stringify(a.getState()));
    expect(saved.spareNormal).not.toBeNull();
    const next = [a.nextNormal(), a.nextUint32(), a.nextFloat()];
    const b = new Generator(999).setState(saved);
    expect([b.nextNormal(), b.nextUint32(), b.nextFloat()]).toEqual(next);
    // the state is a copy: drawing from a later does not change what was saved
    expect(new Generator(1).setState(saved).nextNormal()).toBe(next[0]);
  });

  it("setState rejects malformed states by name", () => {
    const g = new Generator(1);
    for (const bad of [
      null,
      {},
      { s: [1, 2, 3], spareNormal: null },
      { s: [0, 0, 0, 0], spareNormal: null },
      { s: [1, 2, 3, 2 ** 32], spareNormal: null },
      { s: [1, 2, 3, 4], spareNormal: "x" },
    ])
      expect(() => g.setState(bad as never)).toThrow(/Generator\.setState: expected/);
  });
});
