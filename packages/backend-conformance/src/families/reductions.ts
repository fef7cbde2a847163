import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type FixtureTensor, fixture } from "../fixtures.js";
import type { ToleranceClass } from "../options.js";
import { fromFixture, LAYOUTS, laidOut, type Suite, values, withShape } from "../suite.js";

type Axes = number | number[] | null;
type Reduce = (x: Tensor, axes: number | number[] | undefined, keepDims: boolean) => Tensor;

const opts = (keepDims: boolean) => ({ keepDims });

/** Every reduction of the API by the name the fixtures use, with its tolerance class. */
const REDUCTIONS: Record<string, [Reduce, ToleranceClass]> = {
  sum: [(x, a, k) => tk.sum(x, a, opts(k)), "accumulate"],
  mean: [(x, a, k) => tk.mean(x, a, opts(k)), "accumulate"],
  prod: [(x, a, k) => tk.prod(x, a, opts(k)), "accumulate"],
  max: [(x, a, k) => tk.max(x, a, opts(k)), "exact"],
  min: [(x, a, k) => tk.min(x, a, opts(k)), "exact"],
  logSumExp: [(x, a, k) => tk.logSumExp(x, a, opts(k)), "transcendental"],
  variance: [(x, a, k) => tk.variance(x, a, { keepDims: k }), "accumulate"],
  variance_c0: [(x, a, k) => tk.variance(x, a, { keepDims: k, correction: 0 }), "accumulate"],
  std: [(x, a, k) => tk.std(x, a, { keepDims: k }), "accumulate"],
  std_c0: [(x, a, k) => tk.std(x, a, { keepDims: k, correction: 0 }), "accumulate"],
  argmax: [(x, a, k) => tk.argmax(x, a as number | undefined, opts(k)), "exact"],
  argmin: [(x, a, k) => tk.argmin(x, a as number | undefined, opts(k)), "exact"],
  all: [(x, a, k) => tk.all(x, a, opts(k)), "exact"],
  any: [(x, a, k) => tk.any(x, a, opts(k)), "exact"],
};

interface Entry {
  axes: Axes;
  expected: FixtureTensor;
  scale?: FixtureTensor;
}
interface ReductionFixture {
  block: { x: FixtureTensor; expected: Record<string, Entry> };
  int32: { x: FixtureTensor; expected: Record<string, FixtureTensor> };
  special: { x: FixtureTensor; expected: Record<string, FixtureTensor> };
  logSumExp_extreme: { x: FixtureTensor; expected: FixtureTensor };
  variance_offset: { x: FixtureTensor; expected: Record<string, FixtureTensor> };
}

/** The shape a keepDims reduction has: the reduced axes kept with size 1. */
function keptShape(shape: readonly number[], axes: Axes): number[] {
  const list =
    axes === null
      ? shape.map((_, i) => i)
      : (typeof axes === "number" ? [axes] : axes).map((a) => (a + shape.length) % shape.length);
  return shape.map((d, i) => (list.includes(i) ? 1 : d));
}

/** `name/axes` → [op, axes]: `sum/0,2` is `sum` over `[0, 2]`. */
function parseKey(key: string): [string, number | number[] | undefined] {
  const [op, axes] = key.split("/") as [string, string];
  if (axes === "all") return [op, undefined];
  const list = axes.split(",").map(Number);
  return [op, list.length === 1 ? list[0]! : list];
}

const F = "reductions";

export function reductions(s: Suite): void {
  const fx = () => fixture<ReductionFixture>("reductions.json");

  describe("reductions", () => {
    for (const key of Object.keys(fixture<ReductionFixture>("reductions.json").block.expected)) {
      s.test(F, `${key} matches torch, with and without keepDims, on every layout`, () => {
        const c = fx().block;
        const entry = c.expected[key]!;
        const [op, axes] = parseKey(key);
        const [fn, cls] = REDUCTIONS[op]!;
        const input =
          op === "all" || op === "any"
            ? (l: (typeof LAYOUTS)[number]) => tk.greater(laidOut(c.x, l), 0.5)
            : (l: (typeof LAYOUTS)[number]) => laidOut(c.x, l);
        for (const layout of LAYOUTS) {
          s.expectTensor(fn(input(layout), axes, false), entry.expected, cls, layout, entry.scale);
        }
        const kept = fn(input("contiguous"), axes, true);
        s.expectTensor(
          kept,
          withShape(entry.expected, keptShape(c.x.shape, entry.axes)),
          cls,
          "keepDims",
          entry.scale,
        );
      });
    }

    for (const [key, want] of Object.entries(fixture<ReductionFixture>("reductions.json").int32.expected)) {
      s.test(F, `${key} of int32 stays int32 and matches torch`, () => {
        const [op, axes] = parseKey(key);
        s.expectTensor(REDUCTIONS[op]![0](fromFixture(fx().int32.x), axes, false), want, "exact");
      });
    }

    for (const [key, want] of Object.entries(fixture<ReductionFixture>("reductions.json").special.expected)) {
      s.test(F, `${key} propagates NaN and handles ±Infinity as torch`, () => {
        const [op, axes] = parseKey(key);
        const [fn, cls] = REDUCTIONS[op]!;
        s.expectTensor(fn(fromFixture(fx().special.x), axes, false), want, cls);
      });
    }

    s.test(F, "logSumExp subtracts the max: huge, tiny and all -Infinity rows", () => {
      const c = fx().logSumExp_extreme;
      s.expectTensor(tk.logSumExp(fromFixture(c.x), 1), c.expected, "transcendental");
    });

    s.test(F, "variance and std of values far from zero (no one-pass cancellation)", () => {
      const c = fx().variance_offset;
      s.expectTensor(tk.variance(fromFixture(c.x), 1), c.expected.variance!, "accumulate");
      s.expectTensor(tk.var_(fromFixture(c.x), 1), c.expected.variance!, "accumulate", "var_");
      s.expectTensor(tk.std(fromFixture(c.x), 1), c.expected.std!, "accumulate");
    });

    s.test(
      F,
      "a 1000×37 sum matches a float64 JS loop, over each axis and all",
      () => {
        const rows = 1000;
        const cols = 37;
        const data = Array.from({ length: rows * cols }, (_, i) =>
          Math.fround(((i * 7919) % 2003) / 1001 - 1),
        );
        const x = tk.tensor(Float32Array.from(data), { shape: [rows, cols], dtype: "float32" });
        const colSum = new Array<number>(cols).fill(0);
        const colAbs = new Array<number>(cols).fill(0);
        const rowSum = new Array<number>(rows).fill(0);
        const rowAbs = new Array<number>(rows).fill(0);
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            const v = data[r * cols + c]!;
            colSum[c]! += v;
            colAbs[c]! += Math.abs(v);
            rowSum[r]! += v;
            rowAbs[r]! += Math.abs(v);
          }
        }
        const total = rowSum.reduce((a, b) => a + b, 0);
        const totalAbs = rowAbs.reduce((a, b) => a + b, 0);
        s.expectTensor(tk.sum(x, 0), { shape: [cols], data: colSum }, "accumulate", "axis 0", colAbs);
        s.expectTensor(tk.sum(x, 1), { shape: [rows], data: rowSum }, "accumulate", "axis 1", rowAbs);
        s.expectTensor(tk.sum(x), { shape: [], data: [total] }, "accumulate", "all", [totalAbs]);
        s.expectTensor(
          tk.sum(tk.transpose(x), 1),
          { shape: [cols], data: colSum },
          "accumulate",
          "transposed",
          colAbs,
        );
        s.expectTensor(
          tk.mean(x, 0),
          { shape: [cols], data: colSum.map((v) => v / rows) },
          "accumulate",
          "mean",
          colAbs.map((v) => v / rows),
        );
        const mx = new Array<number>(cols).fill(Number.NEGATIVE_INFINITY);
        data.forEach((v, i) => {
          mx[i % cols] = Math.max(mx[i % cols]!, v);
        });
        s.expectTensor(tk.max(x, 0), { shape: [cols], data: mx }, "exact", "max");
      },
      60_000,
    );

    s.test(
      F,
      "reductions over empty axes give the identity: sum 0, prod 1, mean NaN, all true, any false",
      () => {
        const e = tk.zeros([0, 3]);
        s.expectTensor(tk.sum(e, 0), { shape: [3], dtype: "float32", data: [0, 0, 0] }, "exact", "sum");
        s.expectTensor(tk.prod(e, 0), { shape: [3], dtype: "float32", data: [1, 1, 1] }, "exact", "prod");
        s.expectTensor(
          tk.mean(e, 0),
          { shape: [3], dtype: "float32", data: [Number.NaN, Number.NaN, Number.NaN] },
          "exact",
          "mean",
        );
        s.expectTensor(tk.sum(e), { shape: [], dtype: "float32", data: [0] }, "exact", "sum all");
        s.expectTensor(
          tk.sum(e, 1),
          { shape: [0], dtype: "float32", data: [] },
          "exact",
          "sum of a non-empty axis",
        );
        s.expectTensor(
          tk.sum(e, 0, { keepDims: true }),
          { shape: [1, 3], dtype: "float32", data: [0, 0, 0] },
          "exact",
          "keepDims",
        );
        s.expectTensor(
          tk.all(tk.zeros([0], "bool")),
          { shape: [], dtype: "bool", data: [1] },
          "exact",
          "all",
        );
        s.expectTensor(
          tk.any(tk.zeros([0], "bool")),
          { shape: [], dtype: "bool", data: [0] },
          "exact",
          "any",
        );
        s.expectTensor(
          tk.sum(tk.zeros([2, 0], "int32"), 1),
          { shape: [2], dtype: "int32", data: [0, 0] },
          "exact",
          "int32",
        );
      },
    );

    s.test(F, "max and min of an empty axis throw a ValueError", () => {
      expect(() => tk.max(tk.zeros([0, 3]), 0)).toThrow(tk.ValueError);
      expect(() => tk.min(tk.zeros([0, 3]), 0)).toThrow(tk.ValueError);
      expect(() => tk.max(tk.zeros([0]))).toThrow(tk.ValueError);
    });

    s.test(
      F,
      "argmax and argmin give the first index on ties; without an axis they index the flattened tensor",
      () => {
        s.expectTensor(tk.argmax(tk.tensor([1, 3, 3, 2])), { shape: [], dtype: "int32", data: [1] }, "exact");
        s.expectTensor(tk.argmin(tk.tensor([2, 0, 5, 0])), { shape: [], dtype: "int32", data: [1] }, "exact");
        // flattened in the logical (row-major) order, even for a transposed view
        const t = tk.transpose(
          tk.tensor([
            [1, 9, 3],
            [4, 5, 6],
          ]),
        ); // [[1,4],[9,5],[3,6]]
        s.expectTensor(tk.argmax(t), { shape: [], dtype: "int32", data: [2] }, "exact", "transposed");
        s.expectTensor(
          tk.argmax(t, 1),
          { shape: [3], dtype: "int32", data: [1, 0, 1] },
          "exact",
          "transposed axis 1",
        );
        s.expectTensor(
          tk.argmax(t, 0, { keepDims: true }),
          { shape: [1, 2], dtype: "int32", data: [1, 2] },
          "exact",
          "keepDims",
        );
        s.expectTensor(
          tk.argmax(
            tk.tensor([
              [5, 5],
              [5, 5],
            ]),
            0,
          ),
          { shape: [2], dtype: "int32", data: [0, 0] },
          "exact",
        );
      },
    );

    s.test(F, "size-1 axes, negative axes and axis lists", () => {
      const x = tk.tensor([[[1, 2, 3]], [[4, 5, 6]]]); // [2,1,3]
      s.expectTensor(tk.sum(x, 1), { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, "exact", "size-1 axis");
      s.expectTensor(tk.sum(x, -1), { shape: [2, 1], data: [6, 15] }, "exact", "axis -1");
      s.expectTensor(tk.sum(x, [-3, -1]), { shape: [1], data: [21] }, "exact", "axes [-3,-1]");
      s.expectTensor(
        tk.max(x, [0, 2], { keepDims: true }),
        { shape: [1, 1, 1], data: [6] },
        "exact",
        "max keepDims",
      );
      s.expectTensor(tk.sum(tk.scalar(4)), { shape: [], data: [4] }, "exact", "scalar");
      s.expectTensor(
        tk.prod(tk.expand(tk.tensor([[2], [3]]), [2, 3]), 1),
        { shape: [2], data: [8, 27] },
        "exact",
        "broadcast view",
      );
    });

    s.test(
      F,
      "dtypes of reductions: bool sums to int32, int32 sums stay int32, mean and variance give float32",
      () => {
        const b = tk.tensor([
          [true, false, true],
          [true, true, true],
        ]);
        s.expectTensor(tk.sum(b, 1), { shape: [2], dtype: "int32", data: [2, 3] }, "exact", "sum(bool)");
        s.expectTensor(tk.prod(b, 1), { shape: [2], dtype: "int32", data: [0, 1] }, "exact", "prod(bool)");
        s.expectTensor(
          tk.sum(tk.tensor([1, 2, 3], "int32")),
          { shape: [], dtype: "int32", data: [6] },
          "exact",
        );
        s.expectTensor(
          tk.mean(tk.tensor([1, 2], "int32")),
          { shape: [], dtype: "float32", data: [1.5] },
          "exact",
        );
        s.expectTensor(
          tk.variance(tk.tensor([1, 2, 3, 4], "int32")),
          { shape: [], dtype: "float32", data: [5 / 3] },
          "accumulate",
        );
        s.expectTensor(tk.all(b, 1), { shape: [2], dtype: "bool", data: [0, 1] }, "exact");
        s.expectTensor(
          tk.any(tk.tensor([0, 0, 2], "int32")),
          { shape: [], dtype: "bool", data: [1] },
          "exact",
        );
      },
    );

    s.test(
      F,
      "variance with one element and correction 1 is NaN (division by zero degrees of freedom)",
      () => {
        s.expectTensor(tk.variance(tk.tensor([3])), { shape: [], data: [Number.NaN] }, "exact");
        s.expectTensor(
          tk.variance(tk.tensor([3]), undefined, { correction: 0 }),
          { shape: [], data: [0] },
          "exact",
        );
      },
    );

    s.testDType(F, "float64 sums keep float64 precision", "float64", () => {
      const x = tk.tensor(Float64Array.from([1e16, 1, -1e16, 1]), { shape: [4], dtype: "float64" });
      const got = tk.sum(x);
      expect(got.dtype).toBe("float64");
      // 1e16 + 1 is exact in float64 only up to rounding: any order gives 0, 1 or 2; float32 would give 0 or garbage
      expect([0, 1, 2]).toContain(got.item());
      const y = tk.tensor(Float64Array.from([0.1, 0.2, 0.3]), { shape: [3], dtype: "float64" });
      s.expectTensor(tk.sum(y), { shape: [], dtype: "float64", data: [0.1 + 0.2 + 0.3] }, "accumulate");
      expect(Math.abs((tk.mean(y).item() as number) - 0.2)).toBeLessThan(1e-15);
    });

    s.test(F, "reductions of a large contiguous float32 tensor agree across methods", () => {
      const x = tk.reshape(tk.arange(0, 3000), [30, 100]).cast("float32");
      // sum 0..2999 = 4498500, exact in float32 when summed in any order? no: use the bound
      s.expectTensor(tk.sum(x), { shape: [], data: [4498500] }, "accumulate", "", [4498500]);
      expect(values(tk.max(x))).toEqual([2999]);
      expect(values(tk.argmax(x))).toEqual([2999]);
    });
  });
}
