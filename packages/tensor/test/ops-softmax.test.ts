import { beforeEach, describe, expect, it } from "vitest";
import { logSoftmax, softmax, tensor, ValueError } from "../src/index.js";
import {
  compositionBackend,
  expectClose,
  kernelBackend,
  PATHS,
  randomValues,
  storagesLeft,
  use,
} from "./helpers/harness.js";

/** Softmax of each run of `n` consecutive values (the last axis), by the textbook formula in float64. */
function naiveSoftmaxRows(xs: number[], n: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < xs.length; r += n) {
    const row = xs.slice(r, r + n);
    const e = row.map(Math.exp);
    const s = e.reduce((p, q) => p + q, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

describe.each(PATHS)("softmax and logSoftmax (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  it("match the textbook formula along the last axis", () => {
    const xs = randomValues(4 * 5, 3).map((v) => v * 4);
    const x = tensor(xs, { shape: [4, 5] });
    const expected = naiveSoftmaxRows(xs, 5);
    expectClose(softmax(x).dataSync(), expected);
    expectClose(logSoftmax(x).dataSync(), expected.map(Math.log));
    expectClose(x.softmax(1).dataSync(), expected);
    expectClose(x.logSoftmax(-1).dataSync(), expected.map(Math.log));
  });

  it("work along any axis", () => {
    const xs = randomValues(2 * 3 * 4, 4); // [2,3,4]; softmax over axis 1
    const x = tensor(xs, { shape: [2, 3, 4] });
    const got = softmax(x, 1).dataSync();
    const gotLog = logSoftmax(x, -2).dataSync();
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 4; k++) {
        const column = [0, 1, 2].map((j) => xs[i * 12 + j * 4 + k]!);
        const expected = naiveSoftmaxRows(column, 3);
        expectClose(
          [0, 1, 2].map((j) => got[i * 12 + j * 4 + k]!),
          expected,
        );
        expectClose(
          [0, 1, 2].map((j) => gotLog[i * 12 + j * 4 + k]!),
          expected.map(Math.log),
        );
      }
    }
  });

  it("do not overflow on large inputs (the max is subtracted)", () => {
    const y = softmax(tensor([1000, 1001, 1002]));
    expectClose(y.dataSync(), naiveSoftmaxRows([0, 1, 2], 3));
    const l = logSoftmax(tensor([0, 1000]));
    expectClose(l.dataSync(), [-1000, 0]);
    expect(Array.from(l.dataSync()).every(Number.isFinite)).toBe(true);
    // -Infinity entries get probability 0
    expectClose(softmax(tensor([Number.NEGATIVE_INFINITY, 0])).dataSync(), [0, 1]);
  });

  it("compute integer inputs in float32 and keep float64", () => {
    const y = softmax(tensor([[1, 1]], "int32"));
    expect(y.dtype).toBe("float32");
    expect(y.toArray()).toEqual([[0.5, 0.5]]);
    const d = logSoftmax(tensor([0, Math.log(3)], "float64"));
    expect(d.dtype).toBe("float64");
    expectClose(d.dataSync(), [Math.log(0.25), Math.log(0.75)], 1e-12);
  });

  it("handle scalars, empty tensors and bad axes", () => {
    expect(softmax(tensor(3)).item()).toBe(1);
    expect(logSoftmax(tensor(3)).item()).toBe(0);
    expect(softmax(tensor(new Float32Array(0), { shape: [2, 0] })).shape).toEqual([2, 0]);
    expect(() => softmax(tensor([1, 2]), 1)).toThrow(ValueError);
    expect(() => softmax(tensor([1, 2]), 1)).toThrow("softmax: axis 1 is out of range");
  });

  it("leave only their output behind", () => {
    const x = tensor(randomValues(12), { shape: [3, 4] });
    for (const f of [softmax, logSoftmax]) {
      const { result, left } = storagesLeft(backend, () => f(x, 0));
      expect(left).toBe(1);
      result.dispose();
    }
  });
});

describe("softmax: fused kernel and composition agree", () => {
  it("on random data", async () => {
    const xs = randomValues(3 * 7, 11).map((v) => v * 10);
    const results: number[][] = [];
    for (const b of [compositionBackend, kernelBackend]) {
      await use(b);
      const x = tensor(xs, { shape: [3, 7] });
      results.push([...softmax(x, 0).dataSync(), ...logSoftmax(x).dataSync()]);
    }
    expectClose(results[0]!, results[1]!, 1e-6);
  });
});
