import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type FixtureTensor, fixture } from "../fixtures.js";
import { fromFixture, LAYOUTS, laidOut, type Suite } from "../suite.js";

interface MatmulCase {
  a: FixtureTensor;
  b: FixtureTensor;
  transposeA: boolean;
  transposeB: boolean;
  expected: FixtureTensor;
  scale?: FixtureTensor;
}

const F = "linalg";

/** A deterministic pseudo-random float32 in [-1, 1) (a linear congruential sequence). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.fround(state / 2 ** 31 - 1);
  };
}

export function linalg(s: Suite): void {
  const fx = () => fixture<Record<string, MatmulCase>>("linalg.json");

  describe("matmul", () => {
    for (const name of Object.keys(fixture<Record<string, MatmulCase>>("linalg.json"))) {
      s.test(F, `matmul ${name} matches torch, on every operand layout`, () => {
        const c = fx()[name]!;
        const options = { transposeA: c.transposeA, transposeB: c.transposeB };
        for (const layout of LAYOUTS) {
          const got = tk.matmul(laidOut(c.a, layout), laidOut(c.b, layout), options);
          s.expectTensor(got, c.expected, "accumulate", layout, c.scale);
        }
      });
    }

    s.test(F, "matmul of a transposed view equals matmul with transposeA/transposeB", () => {
      const c = fx().transposeAB!;
      const viaViews = tk.matmul(tk.transpose(fromFixture(c.a)), tk.transpose(fromFixture(c.b)));
      s.expectTensor(viaViews, c.expected, "accumulate", "", c.scale);
      expect(
        tk.matmul(fromFixture(c.a), fromFixture(c.b), { transposeA: true, transposeB: true }).shape,
      ).toEqual(c.expected.shape);
    });

    s.test(
      F,
      "a 300×200 by 200×150 matmul matches a naive float64 JS triple loop",
      () => {
        const [m, k, n] = [300, 200, 150];
        const next = lcg(42);
        const a = Float32Array.from({ length: m * k }, next);
        const b = Float32Array.from({ length: k * n }, next);
        const want = new Array<number>(m * n).fill(0);
        const scale = new Array<number>(m * n).fill(0);
        for (let i = 0; i < m; i++) {
          for (let p = 0; p < k; p++) {
            const av = a[i * k + p]!;
            for (let j = 0; j < n; j++) {
              want[i * n + j]! += av * b[p * n + j]!;
              scale[i * n + j]! += Math.abs(av * b[p * n + j]!);
            }
          }
        }
        const got = tk.matmul(
          tk.tensor(a, { shape: [m, k], dtype: "float32" }),
          tk.tensor(b, { shape: [k, n], dtype: "float32" }),
        );
        s.expectTensor(got, { shape: [m, n], dtype: "float32", data: want }, "accumulate", "", scale);
      },
      120_000,
    );

    s.test(F, "an empty inner dimension gives zeros; empty outer dimensions give empty results", () => {
      s.expectTensor(
        tk.matmul(tk.ones([2, 0]), tk.ones([0, 3])),
        { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] },
        "exact",
      );
      s.expectTensor(tk.matmul(tk.ones([0, 4]), tk.ones([4, 3])), { shape: [0, 3], data: [] }, "exact");
      s.expectTensor(tk.matmul(tk.ones([0, 2, 4]), tk.ones([4, 3])), { shape: [0, 2, 3], data: [] }, "exact");
      s.expectTensor(tk.matmul(tk.ones([0]), tk.ones([0])), { shape: [], data: [0] }, "exact", "empty dot");
    });

    s.test(F, "matmul with broadcast (stride-0) batch operands", () => {
      const a = tk.expand(
        tk.tensor([
          [
            [1, 2],
            [3, 4],
          ],
        ]),
        [3, 2, 2],
      );
      const b = tk.tensor([
        [
          [1, 0],
          [0, 1],
        ],
        [
          [2, 0],
          [0, 2],
        ],
        [
          [0, 1],
          [1, 0],
        ],
      ]);
      s.expectTensor(
        tk.matmul(a, b),
        { shape: [3, 2, 2], data: [1, 2, 3, 4, 2, 4, 6, 8, 2, 1, 4, 3] },
        "exact",
      );
    });

    s.testDType(F, "matmul in float64", "float64", () => {
      const a = tk.tensor(Float64Array.from([0.1, 0.2, 0.3, 0.4]), { shape: [2, 2], dtype: "float64" });
      const got = tk.matmul(a, a);
      expect(got.dtype).toBe("float64");
      s.expectTensor(
        got,
        {
          shape: [2, 2],
          dtype: "float64",
          data: [0.1 * 0.1 + 0.2 * 0.3, 0.1 * 0.2 + 0.2 * 0.4, 0.3 * 0.1 + 0.4 * 0.3, 0.3 * 0.2 + 0.4 * 0.4],
        },
        "accumulate",
      );
    });

    s.test(F, "mismatched inner dimensions throw a ShapeError naming both shapes", () => {
      expect(() => tk.matmul(tk.zeros([2, 3]), tk.zeros([4, 5]))).toThrow(tk.ShapeError);
      expect(() => tk.matmul(tk.zeros([2, 3]), tk.zeros([4, 5]))).toThrow(
        /matmul.*\[2,3\].*\[4,5\]|matmul.*\[4,5\].*\[2,3\]/s,
      );
      expect(() => tk.matmul(tk.zeros([2, 2, 3]), tk.zeros([3, 3, 2]))).toThrow(tk.ShapeError);
      expect(() => tk.matmul(tk.zeros([3]), tk.zeros([4]))).toThrow(tk.ShapeError);
    });
  });
}
