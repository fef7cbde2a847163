import { beforeEach, describe, expect, it } from "vitest";
import { avgPool2d, maxPool2d, ShapeError, tensor, ValueError } from "../src/index.js";
import {
  compositionBackend,
  expectClose,
  kernelBackend,
  PATHS,
  randomValues,
  storagesLeft,
  use,
} from "./helpers/harness.js";

interface PoolGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  k: [number, number];
  s: [number, number];
  p: [number, number];
  d: [number, number];
}

/**
 * Explicit pooling loops: for every output position, the in-bounds window elements; `reduce`
 * gets them and the full window size.
 */
function naivePool(
  x: number[],
  g: PoolGeometry,
  reduce: (xs: number[], window: number) => number,
): { values: number[]; shape: number[] } {
  const oh = Math.floor((g.h + 2 * g.p[0] - g.d[0] * (g.k[0] - 1) - 1) / g.s[0]) + 1;
  const ow = Math.floor((g.w + 2 * g.p[1] - g.d[1] * (g.k[1] - 1) - 1) / g.s[1]) + 1;
  const out: number[] = [];
  for (let b = 0; b < g.n; b++) {
    for (let c = 0; c < g.c; c++) {
      for (let r = 0; r < oh; r++) {
        for (let q = 0; q < ow; q++) {
          const xs: number[] = [];
          for (let i = 0; i < g.k[0]; i++) {
            for (let j = 0; j < g.k[1]; j++) {
              const y = r * g.s[0] - g.p[0] + i * g.d[0];
              const z = q * g.s[1] - g.p[1] + j * g.d[1];
              if (y >= 0 && y < g.h && z >= 0 && z < g.w) xs.push(x[((b * g.c + c) * g.h + y) * g.w + z]!);
            }
          }
          out.push(reduce(xs, g.k[0] * g.k[1]));
        }
      }
    }
  }
  return { values: out, shape: [g.n, g.c, oh, ow] };
}

const maxOf = (xs: number[]): number => (xs.some(Number.isNaN) ? Number.NaN : Math.max(...xs));
const meanOver = (xs: number[], window: number): number => xs.reduce((a, b) => a + b, 0) / window;
const meanInside = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const base: PoolGeometry = { n: 2, c: 3, h: 7, w: 6, k: [2, 2], s: [2, 2], p: [0, 0], d: [1, 1] };

describe.each(PATHS)("maxPool2d (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  const check = (g: PoolGeometry, options: Parameters<typeof maxPool2d>[1], seed: number): void => {
    // float32 values, so that the max can be compared exactly
    const xs = randomValues(g.n * g.c * g.h * g.w, seed).map(Math.fround);
    const y = maxPool2d(tensor(xs, { shape: [g.n, g.c, g.h, g.w] }), options);
    const expected = naivePool(xs, g, maxOf);
    expect(y.shape).toEqual(expected.shape);
    expectClose(y.dataSync(), expected.values, 0);
  };

  it("computes a hand-checked 2×2 pool (stride defaults to the kernel size)", () => {
    const x = tensor([
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
          [13, 14, 15, 16],
        ],
      ],
    ]);
    expect(maxPool2d(x, { kernelSize: 2 }).toArray()).toEqual([
      [
        [
          [6, 8],
          [14, 16],
        ],
      ],
    ]);
  });

  it("matches the explicit loops (odd sizes floor)", () => check(base, { kernelSize: 2 }, 1));
  it("with stride and a rectangular kernel", () =>
    check({ ...base, k: [3, 2], s: [1, 2] }, { kernelSize: [3, 2], stride: [1, 2] }, 2));
  it("with padding (never picking the padding)", () => {
    check({ ...base, k: [3, 3], s: [1, 1], p: [1, 1] }, { kernelSize: 3, stride: 1, padding: 1 }, 3);
    // all-negative input: -Infinity padding, not zeros, so the max stays negative
    const y = maxPool2d(
      tensor([
        [
          [
            [-5, -6],
            [-7, -8],
          ],
        ],
      ]),
      { kernelSize: 2, stride: 1, padding: 1 },
    );
    expect(y.toArray()).toEqual([
      [
        [
          [-5, -5, -6],
          [-5, -5, -6],
          [-7, -7, -8],
        ],
      ],
    ]);
  });
  it("with dilation", () =>
    check(
      { ...base, h: 9, w: 8, k: [2, 3], s: [1, 2], p: [1, 1], d: [2, 2] },
      { kernelSize: [2, 3], stride: [1, 2], padding: 1, dilation: 2 },
      4,
    ));

  it("propagates NaN", () => {
    const y = maxPool2d(
      tensor([
        [
          [
            [1, Number.NaN],
            [3, 4],
          ],
        ],
      ]),
      { kernelSize: 2 },
    );
    expect(Number.isNaN(y.item() as number)).toBe(true);
  });

  it("accepts unbatched input and computes integers as float32", () => {
    const y = maxPool2d(
      tensor(
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
        "int32",
      ),
      { kernelSize: 2 },
    );
    expect(y.shape).toEqual([1, 1, 1]);
    expect(y.dtype).toBe("float32");
    expect(y.toArray()).toEqual([[[4]]]);
  });

  it("rejects padding above half the window, and windows larger than the input", () => {
    const x = tensor(randomValues(16), { shape: [1, 1, 4, 4] });
    expect(() => maxPool2d(x, { kernelSize: 2, padding: 2 })).toThrow(ValueError);
    expect(() => maxPool2d(x, { kernelSize: 3, padding: 2 })).toThrow(
      "maxPool2d: padding [2,2] must be at most half the window [3,3]",
    );
    // the dilated window counts: kernel 2, dilation 3 spans 4, so padding 2 is allowed
    expect(maxPool2d(x, { kernelSize: 2, padding: 2, dilation: 3, stride: 1 }).shape).toEqual([1, 1, 5, 5]);
    expect(() => maxPool2d(x, { kernelSize: 5 })).toThrow(ShapeError);
    expect(() => maxPool2d(x, { kernelSize: 5 })).toThrow("x is [1,1,4,4]");
    expect(() => maxPool2d(x, { kernelSize: 0 })).toThrow(ValueError);
    expect(() => maxPool2d(tensor([1, 2]), { kernelSize: 1 })).toThrow(
      "maxPool2d: x must be [N,C,H,W] or [C,H,W], got [2]",
    );
  });

  it("leaves only its output behind", () => {
    const x = tensor(randomValues(2 * 3 * 6 * 6), { shape: [2, 3, 6, 6] });
    const { result, left } = storagesLeft(backend, () =>
      x.maxPool2d({ kernelSize: 3, stride: 2, padding: 1 }),
    );
    expect(left).toBe(1);
    expect(result.shape).toEqual([2, 3, 3, 3]);
  });
});

describe.each(PATHS)("avgPool2d (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  const check = (
    g: PoolGeometry,
    options: Parameters<typeof avgPool2d>[1],
    reduce: (xs: number[], window: number) => number,
    seed: number,
  ): void => {
    const xs = randomValues(g.n * g.c * g.h * g.w, seed);
    const y = avgPool2d(tensor(xs, { shape: [g.n, g.c, g.h, g.w] }), options);
    const expected = naivePool(xs, g, reduce);
    expect(y.shape).toEqual(expected.shape);
    expectClose(y.dataSync(), expected.values);
  };

  it("computes a hand-checked 2×2 average", () => {
    const x = tensor([
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      ],
    ]);
    expect(avgPool2d(x, { kernelSize: 2 }).toArray()).toEqual([[[[3.5, 5.5]]]]);
  });

  it("matches the explicit loops", () => check(base, { kernelSize: 2 }, meanOver, 5));
  it("with stride and a rectangular kernel", () =>
    check({ ...base, k: [3, 2], s: [2, 1] }, { kernelSize: [3, 2], stride: [2, 1] }, meanOver, 6));
  it("counts the padding by default (as PyTorch)", () =>
    check(
      { ...base, k: [3, 3], s: [2, 1], p: [1, 1] },
      { kernelSize: 3, stride: [2, 1], padding: 1 },
      meanOver,
      7,
    ));
  it("divides by the in-bounds count with countIncludePad: false", () => {
    check(
      { ...base, k: [3, 3], s: [2, 1], p: [1, 1] },
      { kernelSize: 3, stride: [2, 1], padding: 1, countIncludePad: false },
      meanInside,
      8,
    );
    const y = avgPool2d(
      tensor([
        [
          [
            [4, 8],
            [12, 16],
          ],
        ],
      ]),
      { kernelSize: 2, stride: 1, padding: 1, countIncludePad: false },
    );
    expect(y.toArray()).toEqual([
      [
        [
          [4, 6, 8],
          [8, 10, 12],
          [12, 14, 16],
        ],
      ],
    ]);
  });

  it("keeps float64 and accepts unbatched input", () => {
    const y = avgPool2d(
      tensor(
        [
          [
            [0.1, 0.2],
            [0.3, 0.4],
          ],
        ],
        "float64",
      ),
      { kernelSize: 2 },
    );
    expect(y.dtype).toBe("float64");
    expect(y.shape).toEqual([1, 1, 1]);
    expect(y.item()).toBeCloseTo(0.25, 15);
  });

  it("rejects padding above half the kernel", () => {
    const x = tensor(randomValues(16), { shape: [1, 1, 4, 4] });
    expect(() => avgPool2d(x, { kernelSize: [2, 4], padding: [1, 3] })).toThrow(
      "avgPool2d: padding [1,3] must be at most half the window [2,4]",
    );
  });

  it("leaves only its output behind", () => {
    const x = tensor(randomValues(2 * 3 * 6 * 6), { shape: [2, 3, 6, 6] });
    for (const countIncludePad of [true, false]) {
      const { result, left } = storagesLeft(backend, () =>
        avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad }),
      );
      expect(left).toBe(1);
      result.dispose();
    }
  });
});

describe("pooling: fused kernels and compositions agree", () => {
  it("on padded, strided, dilated windows", async () => {
    const xs = randomValues(2 * 3 * 9 * 8, 40);
    const results: number[][] = [];
    for (const b of [compositionBackend, kernelBackend]) {
      await use(b);
      const x = tensor(xs, { shape: [2, 3, 9, 8] });
      results.push([
        ...maxPool2d(x, { kernelSize: [3, 2], stride: [2, 1], padding: 1, dilation: [1, 2] }).dataSync(),
        ...avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }).dataSync(),
        ...avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }).dataSync(),
      ]);
    }
    expectClose(results[0]!, results[1]!, 1e-6);
  });
});
