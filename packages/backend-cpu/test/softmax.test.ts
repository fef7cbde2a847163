import { describe, expect, it } from "vitest";
import { logSoftmax, softmax } from "../src/kernels/softmax.js";
import { expectClose, LAYOUTS, layoutView, list, randomValues, view } from "./helpers.js";

const NaN_ = Number.NaN;
const NEG = Number.NEGATIVE_INFINITY;

/** Naive softmax of every line along `axis` of a row-major array, in doubles. */
function naive(values: number[], shape: number[], axis: number, log: boolean): number[] {
  const out = new Array<number>(values.length);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis]!;
  const outer = values.length / (inner * n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const idx = (j: number) => (o * n + j) * inner + i;
      let m = NEG;
      for (let j = 0; j < n; j++) m = Math.max(m, values[idx(j)]!);
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.exp(values[idx(j)]! - m);
      for (let j = 0; j < n; j++) {
        out[idx(j)] = log ? values[idx(j)]! - m - Math.log(s) : Math.exp(values[idx(j)]! - m) / s;
      }
    }
  }
  return out;
}

describe("softmax", () => {
  it("hand-computed: equal logits share evenly, ln 3 apart gives 1:3", () => {
    expectClose(softmax(view([2, 2, 2, 2], [4], "float64"), 0), [0.25, 0.25, 0.25, 0.25], 1e-15);
    expectClose(softmax(view([0, Math.log(3)], [2], "float64"), 0), [0.25, 0.75], 1e-15);
  });

  it("subtracts the max: huge logits do not overflow", () => {
    const out = softmax(view([1000, 1000, -1000], [3], "float32"), 0);
    expect(out).toBeInstanceOf(Float32Array);
    expect(list(out)).toEqual([0.5, 0.5, 0]);
  });

  it("gives 0 for -Infinity logits and NaN for a line with a NaN", () => {
    expect(list(softmax(view([NEG, 0, NEG], [3]), 0))).toEqual([0, 1, 0]);
    expect(list(softmax(view([1, NaN_, 2, 3, 4, 5], [2, 3]), 1)).slice(0, 3)).toEqual([NaN_, NaN_, NaN_]);
  });

  for (const layout of LAYOUTS) {
    it(`matches a naive softmax along every axis of a ${layout} [2,3,4] view`, () => {
      const values = randomValues(24, 13).map((v) => v * 5);
      for (let axis = 0; axis < 3; axis++) {
        expectClose(
          softmax(layoutView(values, [2, 3, 4], "float64", layout), axis),
          naive(values, [2, 3, 4], axis, false),
          1e-14,
        );
      }
    });
  }

  it("handles size-1 axes and empty tensors", () => {
    expect(list(softmax(view([7, -3], [2, 1]), 1))).toEqual([1, 1]);
    expect(softmax(view([], [0, 3]), 1).length).toBe(0);
    expect(softmax(view([], [3, 0]), 1).length).toBe(0);
  });
});

describe("logSoftmax", () => {
  it("stays finite where log(softmax) would underflow to -Infinity", () => {
    const out = list(logSoftmax(view([0, -200], [2], "float32"), 0));
    expect(out[0]).toBeCloseTo(0, 6);
    expect(out[1]).toBeCloseTo(-200, 4);
    expect(list(softmax(view([0, -200], [2], "float32"), 0))[1]).toBe(0);
  });

  it("hand-computed: log(1/4) for four equal logits", () => {
    expectClose(logSoftmax(view([3, 3, 3, 3], [4], "float64"), 0), new Array(4).fill(-Math.log(4)), 1e-15);
  });

  it("gives -Infinity for -Infinity logits and NaN for a line with a NaN", () => {
    expect(list(logSoftmax(view([NEG, 0], [2]), 0))).toEqual([NEG, 0]);
    expect(list(logSoftmax(view([NaN_, 0], [2]), 0))).toEqual([NaN_, NaN_]);
  });

  for (const layout of LAYOUTS) {
    it(`matches a naive log-softmax along every axis of a ${layout} [3,2,5] view`, () => {
      const values = randomValues(30, 29).map((v) => v * 30);
      for (let axis = 0; axis < 3; axis++) {
        expectClose(
          logSoftmax(layoutView(values, [3, 2, 5], "float32", layout), axis),
          naive(values, [3, 2, 5], axis, true),
          1e-6,
        );
      }
    });
  }
});
