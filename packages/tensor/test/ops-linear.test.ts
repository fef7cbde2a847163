import { beforeEach, describe, expect, it } from "vitest";
import { linear, ShapeError, tensor, transpose } from "../src/index.js";
import { expectClose, PATHS, randomValues, storagesLeft, use } from "./helpers/harness.js";

/** x [n, k] · w [m, k]ᵀ + b [m], by loops. */
function naiveLinear(
  x: number[],
  w: number[],
  b: number[] | null,
  n: number,
  k: number,
  m: number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = b ? b[j]! : 0;
      for (let p = 0; p < k; p++) s += x[i * k + p]! * w[j * k + p]!;
      out.push(s);
    }
  return out;
}

describe.each(PATHS)("linear (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  it("computes a hand-checked x·Wᵀ + b", () => {
    // rows of x: [1, 2] and [3, 4]; W = [[1, 0], [1, 1], [0, 2]]; b = [10, 20, 30]
    const y = linear(
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([
        [1, 0],
        [1, 1],
        [0, 2],
      ]),
      tensor([10, 20, 30]),
    );
    expect(y.shape).toEqual([2, 3]);
    expect(y.toArray()).toEqual([
      [11, 23, 34],
      [13, 27, 38],
    ]);
  });

  it("matches the loops with and without a bias, and frees what it made", () => {
    const x = randomValues(5 * 3, 1);
    const w = randomValues(4 * 3, 2);
    const b = randomValues(4, 3);
    const [tx, tw, tb] = [tensor(x, { shape: [5, 3] }), tensor(w, { shape: [4, 3] }), tensor(b)];
    const { result, left } = storagesLeft(backend, () => linear(tx, tw, tb));
    expect(left).toBe(1);
    expectClose(result.dataSync(), naiveLinear(x, w, b, 5, 3, 4));
    expectClose(linear(tx, tw).dataSync(), naiveLinear(x, w, null, 5, 3, 4));
    expectClose(linear(tx, tw, null).dataSync(), naiveLinear(x, w, null, 5, 3, 4));
  });

  it("maps the last axis of any rank (a vector, a batch of sequences)", () => {
    const w = randomValues(2 * 3, 4);
    const b = [0.5, -0.5];
    const x = randomValues(2 * 4 * 3, 5);
    const y = linear(tensor(x, { shape: [2, 4, 3] }), tensor(w, { shape: [2, 3] }), tensor(b));
    expect(y.shape).toEqual([2, 4, 2]);
    expectClose(y.dataSync(), naiveLinear(x, w, b, 8, 3, 2));
    const v = linear(tensor(x.slice(0, 3)), tensor(w, { shape: [2, 3] }), tensor(b));
    expect(v.shape).toEqual([2]);
    expectClose(v.dataSync(), naiveLinear(x.slice(0, 3), w, b, 1, 3, 2));
  });

  it("reads non-contiguous operands (a transposed weight) and computes int32 input in float32", () => {
    const w = randomValues(3 * 2, 6);
    const x = [1, 2, 3, -1, 0, 4];
    // wt is W [2, 3] stored transposed: a [3, 2] tensor seen through transpose().
    const wStored = [w[0]!, w[3]!, w[1]!, w[4]!, w[2]!, w[5]!];
    const y = linear(
      tensor(new Int32Array(x), { shape: [2, 3] }),
      transpose(tensor(wStored, { shape: [3, 2] })),
    );
    expect(y.dtype).toBe("float32");
    expectClose(y.dataSync(), naiveLinear(x, w, null, 2, 3, 2));
  });

  it("names the shapes when they do not fit", () => {
    const w = tensor(randomValues(6), { shape: [2, 3] });
    expect(() => linear(tensor(randomValues(8), { shape: [2, 4] }), w)).toThrow(ShapeError);
    expect(() => linear(tensor(randomValues(8), { shape: [2, 4] }), w)).toThrow(
      "linear: x must be [..., 3] to match weight [out, in]: x is [2,4], weight [2,3]",
    );
    expect(() => linear(tensor(randomValues(6), { shape: [2, 3] }), w, tensor([1, 2, 3]))).toThrow(
      "linear: bias must be [2] (one per output): x is [2,3], weight [2,3], bias [3]",
    );
    expect(() => linear(tensor(randomValues(3)), tensor(randomValues(3)))).toThrow(
      "linear: weight must be [out, in]",
    );
  });
});
