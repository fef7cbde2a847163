import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type FixtureTensor, fixture } from "../fixtures.js";
import { fromFixture, LAYOUTS, laidOut, type Suite } from "../suite.js";

type Pair = number | [number, number];
interface ConvOptions {
  stride?: Pair;
  padding?: Pair | "same" | "valid";
  dilation?: Pair;
  groups?: number;
}
interface ConvCase {
  x: FixtureTensor;
  w: FixtureTensor;
  options: ConvOptions;
  expected: FixtureTensor;
  scale: FixtureTensor;
}
interface ConvFixture {
  conv1d: Record<string, ConvCase>;
  conv2d: Record<string, ConvCase>;
}
interface PoolCase {
  x: FixtureTensor;
  options: { kernelSize: Pair; stride?: Pair; padding?: Pair; dilation?: Pair; countIncludePad?: boolean };
  expected: FixtureTensor;
}

const F = "conv";

export function conv(s: Suite): void {
  const fx = () => fixture<ConvFixture>("conv.json");
  const names = fixture<ConvFixture>("conv.json");

  describe("convolution", () => {
    for (const kind of ["conv1d", "conv2d"] as const) {
      for (const name of Object.keys(names[kind])) {
        s.test(F, `${kind} ${name} matches torch, on every input layout`, () => {
          const c = fx()[kind][name]!;
          const fn = kind === "conv1d" ? tk.conv1d : tk.conv2d;
          for (const layout of LAYOUTS) {
            const got = fn(laidOut(c.x, layout), laidOut(c.w, layout), c.options as never);
            s.expectTensor(got, c.expected, "accumulate", layout, c.scale);
          }
        });
      }
    }

    s.test(F, "conv2d propagates NaN and Infinity through the windows that contain them", () => {
      const x = tk.tensor([
        [
          [
            [1, 2, 3],
            [4, Number.NaN, 6],
            [7, 8, Number.POSITIVE_INFINITY],
          ],
        ],
      ]);
      const w = tk.ones([1, 1, 2, 2]);
      s.expectTensor(
        tk.conv2d(x, w),
        { shape: [1, 1, 2, 2], data: [Number.NaN, Number.NaN, Number.NaN, Number.NaN] },
        "exact",
      );
      const y = tk.tensor([
        [
          [
            [1, 2, 3],
            [4, 5, 6],
            [7, 8, Number.POSITIVE_INFINITY],
          ],
        ],
      ]);
      s.expectTensor(
        tk.conv2d(y, w),
        { shape: [1, 1, 2, 2], data: [12, 16, 24, Number.POSITIVE_INFINITY] },
        "exact",
      );
    });

    s.test(F, "a zero batch gives an empty result of the right shape", () => {
      expect(tk.conv2d(tk.zeros([0, 2, 5, 5]), tk.zeros([3, 2, 3, 3])).shape).toEqual([0, 3, 3, 3]);
      expect(tk.conv1d(tk.zeros([0, 2, 5]), tk.zeros([3, 2, 3]), { padding: 1 }).shape).toEqual([0, 3, 5]);
    });

    s.test(F, "channel mismatches throw a ShapeError; 'same' with a stride throws a ValueError", () => {
      expect(() => tk.conv2d(tk.zeros([1, 3, 5, 5]), tk.zeros([2, 4, 3, 3]))).toThrow(tk.ShapeError);
      expect(() => tk.conv2d(tk.zeros([1, 4, 5, 5]), tk.zeros([3, 2, 3, 3]), { groups: 2 })).toThrow(
        tk.ShapeError,
      );
      expect(() => tk.conv1d(tk.zeros([1, 3, 5]), tk.zeros([2, 2, 3]))).toThrow(tk.ShapeError);
      expect(() =>
        tk.conv2d(tk.zeros([1, 1, 5, 5]), tk.zeros([1, 1, 3, 3]), { padding: "same", stride: 2 }),
      ).toThrow(tk.ValueError);
    });
  });

  describe("pooling", () => {
    const pool = fixture<Record<string, PoolCase>>("pool.json");
    for (const name of Object.keys(pool)) {
      s.test(
        F,
        `${name.startsWith("max") ? "maxPool2d" : "avgPool2d"} ${name} matches torch, on every input layout`,
        () => {
          const c = fixture<Record<string, PoolCase>>("pool.json")[name]!;
          const isMax = name.startsWith("max");
          for (const layout of LAYOUTS) {
            const x = laidOut(c.x, layout);
            const got = isMax ? tk.maxPool2d(x, c.options as never) : tk.avgPool2d(x, c.options as never);
            s.expectTensor(got, c.expected, isMax ? "exact" : "accumulate", layout);
          }
        },
      );
    }

    s.test(F, "pooling accepts unbatched [C, H, W] input", () => {
      const c = fixture<Record<string, PoolCase>>("pool.json").max_k2!;
      const x = fromFixture(c.x);
      const first = tk.slice(x, [0]);
      const got = tk.maxPool2d(first, { kernelSize: 2 });
      const want = tk.slice(fromFixture(c.expected), [0]);
      s.expectTensor(
        got,
        { shape: want.shape, data: Array.from(want.dataSync() as ArrayLike<number>) },
        "exact",
      );
    });

    s.test(F, "padding larger than half the kernel throws a ValueError", () => {
      expect(() => tk.maxPool2d(tk.zeros([1, 1, 4, 4]), { kernelSize: 2, padding: 2 })).toThrow(
        tk.ValueError,
      );
      expect(() => tk.avgPool2d(tk.zeros([1, 1, 4, 4]), { kernelSize: 3, padding: 2 })).toThrow(
        tk.ValueError,
      );
    });
  });
}
