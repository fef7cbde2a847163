import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { mnist } from "../src/mnist.js";

registerBackend("cpu", createCpuBackend);

/** Samples per digit in the mnist package's src/digits/*.json (784 values each). */
const PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

function rawDigits(digit: number): number[] {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`mnist/src/digits/${digit}.json`);
  return (JSON.parse(readFileSync(path, "utf8")) as { data: number[] }).data;
}

describe("mnist", () => {
  it("gives 8,000 train and 2,000 test digits, NCHW float32 in [0, 1], int32 labels", async () => {
    using train = await mnist();
    using test = await mnist({ split: "test" });
    expect(train.x.shape).toEqual([8000, 1, 28, 28]);
    expect(test.x.shape).toEqual([2000, 1, 28, 28]);
    expect(train.x.dtype).toBe("float32");
    expect(train.y.dtype).toBe("int32");
    const px = train.x.dataSync();
    let min = 1;
    let max = 0;
    for (const v of px) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
  });

  it("splits the package's 10,000 digits without overlap, each digit's count preserved", async () => {
    using train = await mnist({ split: "train" });
    using test = await mnist({ split: "test" });
    const seen = new Set<string>();
    const hist = new Array(10).fill(0);
    for (const d of [train, test]) {
      const y = d.y.dataSync();
      for (let i = 0; i < y.length; i++) {
        seen.add(`${y[i]}:${d.sourceIndex[i]}`);
        hist[y[i]!]++;
      }
    }
    expect(seen.size).toBe(10000);
    expect(hist).toEqual(PACKAGE_COUNTS);
    // The training split is a random 80 %: every digit within a few points of 80 % of its count.
    const trainHist = new Array(10).fill(0);
    for (const v of train.y.dataSync()) trainHist[v]++;
    trainHist.forEach((c, d) => {
      expect(c / PACKAGE_COUNTS[d]!).toBeGreaterThan(0.75);
      expect(c / PACKAGE_COUNTS[d]!).toBeLessThan(0.85);
    });
  });

  it("holds the package's raw pixel values for the digits it names", async () => {
    using d = await mnist({ split: "test", size: 50 });
    const x = d.x.dataSync();
    const y = d.y.dataSync();
    for (const i of [0, 7, 23, 49]) {
      const raw = rawDigits(y[i]!);
      const k = d.sourceIndex[i]!;
      const expected = raw.slice(k * 784, (k + 1) * 784).map(Math.fround);
      expect([...x.subarray(i * 784, (i + 1) * 784)]).toEqual(expected);
    }
  });

  it("is the same on every call, and size takes a prefix", async () => {
    using a = await mnist({ size: 100 });
    using b = await mnist({ size: 300 });
    expect([...a.y.dataSync()]).toEqual([...b.y.dataSync()].slice(0, 100));
    expect([...a.sourceIndex]).toEqual([...b.sourceIndex].slice(0, 100));
    using all = await mnist({ split: "all", size: 10 });
    expect(all.x.shape).toEqual([10, 1, 28, 28]);
  });

  it("refuses a size beyond the split and an unknown split", async () => {
    await expect(mnist({ split: "test", size: 2001 })).rejects.toThrow(
      /size must be an integer in \[0, 2000\]/,
    );
    await expect(mnist({ split: "validation" as "test" })).rejects.toThrow(/split must be/);
  });
});
