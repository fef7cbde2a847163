import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { KFold, StratifiedKFold } from "../src/split/kfold.js";
import { fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("splits.json");

function counts(y: readonly (string | number)[], idx: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of idx) out[String(y[i])] = (out[String(y[i])] ?? 0) + 1;
  return out;
}

describe("KFold", () => {
  for (const key of Object.keys(f.kfold))
    it(`unshuffled folds equal scikit-learn's indices (${key})`, () => {
      const c = f.kfold[key];
      const folds = new KFold({ nSplits: c.k }).split(c.n);
      expect(folds.map(([train, test]) => ({ train, test }))).toEqual(c.folds);
    });

  it("shuffled: folds of the same sizes covering every index once; same seed same folds, another seed others", () => {
    const a = new KFold({ nSplits: 3, shuffle: true, seed: 1 }).split(10);
    expect(a.map(([, test]) => test.length)).toEqual([4, 3, 3]);
    expect(a.flatMap(([, test]) => test).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [train, test] of a) expect([...train, ...test].sort((x, y) => x - y)).toHaveLength(10);
    expect(new KFold({ nSplits: 3, shuffle: true, seed: 1 }).split(10)).toEqual(a);
    expect(new KFold({ nSplits: 3, shuffle: true, seed: 2 }).split(10)).not.toEqual(a);
  });

  it("rejects bad nSplits, too few samples, and a seed without shuffle", () => {
    expect(() => new KFold({ nSplits: 1 })).toThrow(/at least 2/);
    expect(() => new KFold({ nSplits: 5 }).split(3)).toThrow(
      /nSplits=5 greater than the number of samples: n_samples=3/,
    );
    expect(() => new KFold({ seed: 0 })).toThrow(/no effect without shuffle/);
    const x = tensor([[1], [2], [3], [4]]);
    expect(new KFold({ nSplits: 2 }).split(x)).toEqual([
      [
        [2, 3],
        [0, 1],
      ],
      [
        [0, 1],
        [2, 3],
      ],
    ]);
    x.dispose();
  });
});

describe("StratifiedKFold", () => {
  for (const key of Object.keys(f.stratifiedKFold))
    it(`unshuffled folds equal scikit-learn's indices (${key})`, () => {
      const c = f.stratifiedKFold[key];
      const folds = new StratifiedKFold({ nSplits: c.k }).split(null, c.y);
      expect(folds.map(([train, test]) => ({ train, test }))).toEqual(c.folds);
    });

  for (const key of Object.keys(f.stratifiedKFoldShuffledCounts))
    it(`shuffled folds keep scikit-learn's class counts per fold (${key}); seeds are deterministic`, () => {
      const c = f.stratifiedKFold[key];
      for (const seed of [0, 1, 2]) {
        const folds = new StratifiedKFold({ nSplits: c.k, shuffle: true, seed }).split(null, c.y);
        expect(folds.map(([, test]) => counts(c.y, test))).toEqual(f.stratifiedKFoldShuffledCounts[key]);
      }
      const a = new StratifiedKFold({ nSplits: c.k, shuffle: true, seed: 5 }).split(null, c.y);
      expect(new StratifiedKFold({ nSplits: c.k, shuffle: true, seed: 5 }).split(null, c.y)).toEqual(a);
      expect(new StratifiedKFold({ nSplits: c.k, shuffle: true, seed: 6 }).split(null, c.y)).not.toEqual(a);
    });

  it("checks labels against x and class sizes", () => {
    expect(() => new StratifiedKFold({ nSplits: 2 }).split(3, [0, 1])).toThrow(
      /x has 3 rows but y has 2 labels/,
    );
    expect(() => new StratifiedKFold({ nSplits: 3 }).split(null, [0, 0, 1, 1])).toThrow(
      /number of members in each class/,
    );
    const y = tensor([0, 1, 0, 1]);
    expect(new StratifiedKFold({ nSplits: 2 }).split(null, y)).toHaveLength(2);
    y.dispose();
  });
});
