import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type FixtureTensor, fixture } from "../fixtures.js";
import { fromFixture, LAYOUTS, laidOut, type Suite } from "../suite.js";

interface Case {
  x: FixtureTensor;
  axis: number;
  index: FixtureTensor;
  src?: FixtureTensor;
  expected: FixtureTensor;
}
interface IndexingFixture {
  gather: Record<string, Case>;
  scatterAdd: Record<string, Case>;
  indexSelect: Record<string, Case>;
  oneHot: { indices: FixtureTensor; numClasses: number; expected: FixtureTensor };
}

const F = "indexing";

export function indexing(s: Suite): void {
  const fx = () => fixture<IndexingFixture>("indexing.json");
  const names = fixture<IndexingFixture>("indexing.json");

  describe("indexing", () => {
    for (const name of Object.keys(names.gather)) {
      s.test(F, `gather ${name} matches torch, on every layout of input and index`, () => {
        const c = fx().gather[name]!;
        for (const layout of LAYOUTS) {
          s.expectTensor(
            tk.gather(laidOut(c.x, layout), c.axis, laidOut(c.index, layout)),
            c.expected,
            "exact",
            layout,
          );
        }
      });
    }
    for (const name of Object.keys(names.scatterAdd)) {
      s.test(F, `scatterAdd ${name} matches torch (duplicate indices accumulate), out of place`, () => {
        const c = fx().scatterAdd[name]!;
        for (const layout of LAYOUTS) {
          const x = laidOut(c.x, layout);
          const before = Array.from(x.dataSync() as ArrayLike<number>);
          const got = tk.scatterAdd(x, c.axis, laidOut(c.index, layout), laidOut(c.src!, layout));
          s.expectTensor(got, c.expected, c.x.dtype === "int32" ? "exact" : "arithmetic", layout);
          expect(Array.from(x.dataSync() as ArrayLike<number>), "the input is unchanged").toEqual(before);
        }
      });
    }
    for (const name of Object.keys(names.indexSelect)) {
      s.test(F, `indexSelect ${name} matches torch`, () => {
        const c = fx().indexSelect[name]!;
        for (const layout of LAYOUTS) {
          s.expectTensor(
            tk.indexSelect(laidOut(c.x, layout), c.axis, fromFixture(c.index)),
            c.expected,
            "exact",
            layout,
          );
        }
      });
    }

    s.test(
      F,
      "indexSelect accepts negative indices and nested arrays; an empty index gives an empty axis",
      () => {
        const x = tk.tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]);
        s.expectTensor(
          tk.indexSelect(x, 1, tk.tensor([-1, 0], "int32")),
          { shape: [2, 2], data: [3, 1, 6, 4] },
          "exact",
        );
        s.expectTensor(
          tk.indexSelect(x, 0, [1, 1, 0]),
          { shape: [3, 3], data: [4, 5, 6, 4, 5, 6, 1, 2, 3] },
          "exact",
        );
        s.expectTensor(tk.indexSelect(x, 0, tk.zeros([0], "int32")), { shape: [0, 3], data: [] }, "exact");
      },
    );

    s.test(F, "gather and scatterAdd of int32 and bool values, and of empty indices", () => {
      const x = tk.tensor(
        [
          [1, 2],
          [3, 4],
        ],
        "int32",
      );
      s.expectTensor(
        tk.gather(
          x,
          1,
          tk.tensor(
            [
              [1, 1],
              [0, 1],
            ],
            "int32",
          ),
        ),
        { shape: [2, 2], dtype: "int32", data: [2, 2, 3, 4] },
        "exact",
      );
      const b = tk.tensor([
        [true, false],
        [false, true],
      ]);
      s.expectTensor(tk.gather(b, 0, [[1, 0]]), { shape: [1, 2], dtype: "bool", data: [0, 0] }, "exact");
      s.expectTensor(
        tk.gather(x, 0, tk.zeros([0, 2], "int32")),
        { shape: [0, 2], dtype: "int32", data: [] },
        "exact",
      );
      const e = tk.scatterAdd(x, 0, tk.zeros([0, 2], "int32"), tk.zeros([0, 2], "int32"));
      s.expectTensor(e, { shape: [2, 2], dtype: "int32", data: [1, 2, 3, 4] }, "exact");
    });

    s.test(F, "scatterAdd propagates NaN and ±Infinity from src", () => {
      const got = tk.scatterAdd(
        tk.zeros([3]),
        0,
        [0, 0, 1, 2, 2],
        tk.tensor([
          1,
          Number.NaN,
          Number.POSITIVE_INFINITY,
          Number.POSITIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
        ]),
      );
      s.expectTensor(got, { shape: [3], data: [Number.NaN, Number.POSITIVE_INFINITY, Number.NaN] }, "exact");
    });

    s.test(F, "oneHot gives int32 rows, for any index shape", () => {
      const c = fx().oneHot;
      s.expectTensor(tk.oneHot(fromFixture(c.indices), c.numClasses), c.expected, "exact");
      s.expectTensor(
        tk.oneHot(tk.tensor([2, 0], "int32"), 3),
        { shape: [2, 3], dtype: "int32", data: [0, 0, 1, 1, 0, 0] },
        "exact",
      );
      s.expectTensor(
        tk.oneHot(tk.zeros([0], "int32"), 3),
        { shape: [0, 3], dtype: "int32", data: [] },
        "exact",
      );
    });

    s.test(F, "out-of-range and negative indices throw an IndexError naming the value", () => {
      const x = tk.tensor([
        [1, 2],
        [3, 4],
      ]);
      expect(() =>
        tk.gather(
          x,
          1,
          tk.tensor(
            [
              [0, 2],
              [0, 0],
            ],
            "int32",
          ),
        ),
      ).toThrow(tk.IndexError);
      expect(() =>
        tk.gather(
          x,
          1,
          tk.tensor(
            [
              [0, -1],
              [0, 0],
            ],
            "int32",
          ),
        ),
      ).toThrow(/-1/);
      expect(() =>
        tk.gather(
          x,
          1,
          tk.tensor(
            [
              [0, -1],
              [0, 0],
            ],
            "int32",
          ),
        ),
      ).toThrow(tk.IndexError);
      expect(() => tk.scatterAdd(x, 0, tk.tensor([[5, 0]], "int32"), tk.tensor([[1, 1]]))).toThrow(
        tk.IndexError,
      );
      expect(() => tk.indexSelect(x, 0, tk.tensor([2], "int32"))).toThrow(tk.IndexError);
      expect(() => tk.indexSelect(x, 0, tk.tensor([-3], "int32"))).toThrow(tk.IndexError);
      expect(() => tk.oneHot(tk.tensor([3], "int32"), 3)).toThrow(tk.IndexError);
    });
  });
}
