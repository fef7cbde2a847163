import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { trainTestSplit } from "../src/split/split.js";
import { Table } from "../src/table.js";
import { fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("splits.json");
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function counts(labels: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of labels) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

describe("trainTestSplit", () => {
  for (const c of f.trainTestSplitSizes)
    it(`sizes equal scikit-learn's: n=${c.n} ${JSON.stringify(c.options)}`, () => {
      const [train, test] = trainTestSplit([range(c.n)], {
        ...(c.options.test_size === undefined ? {} : { testSize: c.options.test_size }),
        ...(c.options.train_size === undefined ? {} : { trainSize: c.options.train_size }),
        seed: 0,
      });
      expect([train.length, test.length]).toEqual([c.train, c.test]);
      expect(new Set([...train, ...test]).size).toBe(c.train + c.test);
    });

  it("unshuffled equals scikit-learn's indices", () => {
    const [train, test] = trainTestSplit([range(10)], { testSize: 0.3, shuffle: false });
    expect({ train, test }).toEqual(f.trainTestSplitUnshuffled);
  });

  for (const c of f.stratified)
    it(`stratify keeps scikit-learn's class counts: ${JSON.stringify(c.options)}`, () => {
      const y: number[] = f.y;
      for (const seed of [0, 1, 7]) {
        const [, , yTrain, yTest] = trainTestSplit([range(y.length), y], {
          ...(c.options.test_size === undefined ? {} : { testSize: c.options.test_size }),
          ...(c.options.train_size === undefined ? {} : { trainSize: c.options.train_size }),
          stratify: y,
          seed,
        });
        expect(counts(yTrain)).toEqual(c.train);
        expect(counts(yTest)).toEqual(c.test);
      }
    });

  it("the same seed gives the same split, another seed another; rows stay aligned", () => {
    const x = range(20).map((i) => i * 10);
    const y = range(20);
    const a = trainTestSplit([x, y], { seed: 3 });
    expect(trainTestSplit([x, y], { seed: 3 })).toEqual(a);
    expect(trainTestSplit([x, y], { seed: 4 })[1]).not.toEqual(a[1]);
    expect(a[0].map((v) => v / 10)).toEqual(a[2]);
    expect(a[1].map((v) => v / 10)).toEqual(a[3]);
  });

  it("splits tensors and Tables with the same rows, leaving no tensor behind", () => {
    const before = memory().numTensors;
    const x = tensor(range(8).map((i) => [i, -i]));
    const t = Table.fromColumns({ id: range(8) });
    const [xTrain, xTest, tTrain, tTest] = trainTestSplit([x, t], { testSize: 0.25, seed: 1 });
    expect(xTrain.shape).toEqual([6, 2]);
    expect(xTest.shape).toEqual([2, 2]);
    expect((xTest.toArray() as number[][]).map((r) => r[0])).toEqual(tTest.column("id"));
    expect(tTrain.numRows).toBe(6);
    for (const v of [x, xTrain, xTest]) v.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("refuses bad sizes, mismatched lengths, stratify without shuffle, and singleton classes", () => {
    expect(() => trainTestSplit([range(10)], { testSize: 1.5 })).toThrow(
      /testSize=1.5 should be a fraction in \(0, 1\) or a count in \[1, 9\]/,
    );
    expect(() => trainTestSplit([range(10)], { testSize: 0.6, trainSize: 0.6 })).toThrow(/more than 1/);
    expect(() => trainTestSplit([range(10), range(9)])).toThrow(/input 0 has 10, input 1 has 9/);
    expect(() => trainTestSplit([range(4)], { stratify: [0, 0, 1, 1], shuffle: false })).toThrow(
      /needs shuffle/,
    );
    expect(() => trainTestSplit([range(5)], { stratify: [0, 0, 0, 0, 1] })).toThrow(/only 1 member/);
    expect(() => trainTestSplit([range(1)])).toThrow(/train set would be empty|should be/);
  });
});
