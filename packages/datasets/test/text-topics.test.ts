import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { textTopics } from "../src/text-topics.js";

registerBackend("cpu", createCpuBackend);

describe("textTopics", () => {
  it("counts each document's words in x, over the vocabulary", () => {
    using d = textTopics({ nSamples: 40, seed: 2 });
    const v = d.vocabulary.length;
    expect(d.x.shape).toEqual([40, v]);
    expect(d.featureNames).toEqual(d.vocabulary);
    expect(d.classNames).toEqual(["sports", "cooking", "space", "finance"]);
    const x = d.x.toArray() as number[][];
    d.texts.forEach((text, i) => {
      const words = text.split(" ");
      expect(words.length).toBeGreaterThanOrEqual(8);
      expect(words.length).toBeLessThanOrEqual(16);
      const counts = new Array(v).fill(0);
      for (const w of words) counts[d.vocabulary.indexOf(w)]++;
      expect(x[i]).toEqual(counts);
    });
  });

  it("has rows of wordProbs summing to 1, and its topic words dominate each class", () => {
    using d = textTopics({ nSamples: 2000, seed: 3 });
    const p = d.wordProbs.toArray() as number[][];
    for (const row of p) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    // "orbit" is a space word: p = 0.5·0.9/12 in space, 0.5·0.1/3/12 elsewhere.
    const orbit = d.vocabulary.indexOf("orbit");
    expect(p[2]![orbit]).toBeCloseTo((0.5 * 0.9) / 12, 7);
    expect(p[0]![orbit]).toBeCloseTo((0.5 * 0.1) / 3 / 12, 7);
    // Empirical frequency of "orbit" in space documents matches.
    const x = d.x.toArray() as number[][];
    const y = [...d.y.dataSync()];
    let hits = 0;
    let words = 0;
    x.forEach((row, i) => {
      if (y[i] !== 2) return;
      hits += row[orbit]!;
      words += row.reduce((a, b) => a + b, 0);
    });
    expect(hits / words).toBeCloseTo((0.5 * 0.9) / 12, 2);
  });

  it("is deterministic for a seed", () => {
    using a = textTopics({ seed: 8 });
    using b = textTopics({ seed: 8 });
    expect(a.texts).toEqual(b.texts);
  });
});
