import type { DType, Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import type { Suite } from "../suite.js";

const F = "creation";

export function creation(s: Suite): void {
  const ex = (t: Tensor, shape: number[], data: (number | boolean)[], dtype: DType, what = "") =>
    s.expectTensor(t, { shape, data, dtype }, "exact", what);

  describe("creation", () => {
    s.test(F, "tensor infers shape and dtype from nested arrays and typed arrays", () => {
      ex(
        tk.tensor([
          [1, 2],
          [3, 4],
        ]),
        [2, 2],
        [1, 2, 3, 4],
        "float32",
      );
      ex(tk.tensor([true, false]), [2], [1, 0], "bool");
      ex(tk.tensor([1.7, -2], "int32"), [2], [1, -2], "int32", "int32 truncates");
      ex(
        tk.tensor(Int32Array.from([1, 2, 3, 4, 5, 6]), { shape: [2, 3] }),
        [2, 3],
        [1, 2, 3, 4, 5, 6],
        "int32",
        "Int32Array",
      );
      ex(tk.tensor(Float32Array.from([0.5]), { shape: [] }), [], [0.5], "float32", "0-d");
      ex(tk.tensor(Uint8Array.from([1, 0]), { shape: [2] }), [2], [1, 0], "bool", "Uint8Array");
      ex(tk.tensor([]), [0], [], "float32", "empty");
      ex(tk.tensor([[], []]), [2, 0], [], "float32", "empty rows");
      ex(
        tk.tensor([Number.NaN, Number.POSITIVE_INFINITY, -0]),
        [3],
        [Number.NaN, Number.POSITIVE_INFINITY, 0],
        "float32",
      );
      ex(tk.tensor(3), [], [3], "float32", "number");
    });

    s.test(F, "tensor copies its input: changing the source array later changes nothing", () => {
      const src = Float32Array.from([1, 2, 3]);
      const t = tk.tensor(src, { shape: [3] });
      src[0] = 99;
      ex(t, [3], [1, 2, 3], "float32");
    });

    s.test(F, "scalar, zeros, ones, full in every dtype", () => {
      ex(tk.scalar(2.5), [], [2.5], "float32");
      ex(tk.scalar(true), [], [1], "bool");
      ex(tk.scalar(7, "int32"), [], [7], "int32");
      for (const dtype of ["float32", "int32", "bool"] as const) {
        ex(tk.zeros([2, 2], dtype), [2, 2], [0, 0, 0, 0], dtype, `zeros ${dtype}`);
        ex(tk.ones([3], dtype), [3], [1, 1, 1], dtype, `ones ${dtype}`);
        ex(tk.zeros([0, 5], dtype), [0, 5], [], dtype, `empty ${dtype}`);
      }
      ex(tk.full([2], 3.5), [2], [3.5, 3.5], "float32");
      ex(
        tk.full([2], Number.NEGATIVE_INFINITY),
        [2],
        [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
        "float32",
      );
      ex(tk.full([1, 2], true), [1, 2], [1, 1], "bool");
      ex(tk.full([2], 4, "int32"), [2], [4, 4], "int32");
    });

    s.test(F, "zerosLike, onesLike and fullLike keep shape and dtype unless told", () => {
      const x = tk.tensor([[1, 2, 3]], "int32");
      ex(tk.zerosLike(x), [1, 3], [0, 0, 0], "int32");
      ex(tk.onesLike(x, "float32"), [1, 3], [1, 1, 1], "float32");
      ex(tk.fullLike(x, 9), [1, 3], [9, 9, 9], "int32");
      ex(tk.fullLike(tk.transpose(x), 2), [3, 1], [2, 2, 2], "int32", "like a view");
    });

    s.test(F, "arange is int32 for integer arguments and float32 otherwise, as PyTorch", () => {
      ex(tk.arange(5), [5], [0, 1, 2, 3, 4], "int32");
      ex(tk.arange(1, 10, 3), [3], [1, 4, 7], "int32");
      ex(tk.arange(5, 0, -2), [3], [5, 3, 1], "int32", "negative step");
      ex(tk.arange(0, 1, 0.25), [4], [0, 0.25, 0.5, 0.75], "float32");
      ex(tk.arange(0), [0], [], "int32", "empty");
      ex(tk.arange(2, 2), [0], [], "int32", "start equals end");
      ex(tk.arange(2, 5, 1, "float32"), [3], [2, 3, 4], "float32", "explicit dtype");
      expect(tk.arange(0, 1, 0.1).shape).toEqual([10]);
      expect(tk.arange(-1.5, 1.5).shape).toEqual([3]);
    });

    s.test(F, "linspace includes both ends; one step gives the start; zero steps is empty", () => {
      ex(tk.linspace(0, 1, 5), [5], [0, 0.25, 0.5, 0.75, 1], "float32");
      ex(tk.linspace(-1, 1, 1), [1], [-1], "float32");
      ex(tk.linspace(0, 1, 0), [0], [], "float32");
      ex(tk.linspace(3, -3, 3), [3], [3, 0, -3], "float32", "decreasing");
      const many = Array.from(tk.linspace(0, 1, 11).dataSync());
      expect(many[10]).toBe(1);
      for (let i = 0; i <= 10; i++) expect(Math.abs(many[i]! - i / 10)).toBeLessThan(1e-7);
    });

    s.test(F, "eye, square and rectangular, in any dtype", () => {
      ex(tk.eye(3), [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1], "float32");
      ex(tk.eye(2, 3), [2, 3], [1, 0, 0, 0, 1, 0], "float32");
      ex(tk.eye(3, 2, "int32"), [3, 2], [1, 0, 0, 1, 0, 0], "int32");
      ex(tk.eye(0), [0, 0], [], "float32");
    });

    s.testDType(F, "float64 tensors hold float64 values", "float64", () => {
      ex(tk.tensor([0.1, 1e300], "float64"), [2], [0.1, 1e300], "float64");
      ex(tk.tensor(Float64Array.from([1 / 3]), { shape: [1] }), [1], [1 / 3], "float64");
      ex(tk.zeros([2], "float64"), [2], [0, 0], "float64");
    });
  });

  describe("dtypes", () => {
    s.test(F, "promotion between tensors: bool < int32 < float32", () => {
      const b = tk.tensor([true, false]);
      const i = tk.tensor([2, 3], "int32");
      const f = tk.tensor([0.5, 0.25]);
      ex(tk.add(i, b), [2], [3, 3], "int32", "int32 + bool");
      ex(tk.add(f, i), [2], [2.5, 3.25], "float32", "float32 + int32");
      ex(tk.mul(f, b), [2], [0.5, 0], "float32", "float32 * bool");
      ex(tk.maximum(i, f), [2], [2, 3], "float32", "maximum(int32, float32)");
      ex(tk.where(tk.tensor([true, false]), i, f), [2], [2, 0.25], "float32", "where(int32, float32)");
    });

    s.testDType(F, "promotion with float64: float64 wins", "float64", () => {
      const d = tk.tensor([0.1, 0.2], "float64");
      expect(tk.add(d, tk.tensor([1, 2])).dtype).toBe("float64");
      expect(tk.add(d, tk.tensor([1, 2], "int32")).dtype).toBe("float64");
      expect(tk.add(d, 0.5).dtype).toBe("float64");
      ex(tk.add(d, tk.tensor([true, false])), [2], [1.1, 0.2], "float64");
    });

    s.test(F, "promotion with JS numbers: a number does not widen a tensor of its own kind", () => {
      expect(tk.add(tk.tensor([1], "int32"), 2).dtype).toBe("int32");
      expect(tk.add(tk.tensor([1], "int32"), 2.5).dtype).toBe("float32");
      expect(tk.add(tk.tensor([1]), 2).dtype).toBe("float32");
      expect(tk.add(tk.tensor([true]), 2).dtype).toBe("int32");
      expect(tk.mul(tk.tensor([true]), 0.5).dtype).toBe("float32");
      ex(tk.add(tk.tensor([1, 2], "int32"), 2.5), [2], [3.5, 4.5], "float32");
    });

    s.test(F, "float-only ops, comparisons and logical ops choose their result dtype", () => {
      const i = tk.tensor([1, 2], "int32");
      expect(tk.div(i, i).dtype).toBe("float32");
      expect(tk.mean(i).dtype).toBe("float32");
      expect(tk.sigmoid(i).dtype).toBe("float32");
      expect(tk.equal(i, 1).dtype).toBe("bool");
      expect(tk.less(tk.tensor([0.5]), 1).dtype).toBe("bool");
      expect(tk.logicalAnd(i, i).dtype).toBe("bool");
      expect(tk.sum(tk.tensor([true])).dtype).toBe("int32");
      expect(tk.neg(i).dtype).toBe("int32");
      expect(tk.abs(i).dtype).toBe("int32");
      expect(tk.pow(i, 0.5).dtype).toBe("float32");
      expect(tk.argmax(tk.tensor([1, 2])).dtype).toBe("int32");
    });

    s.test(
      F,
      "cast float32 → int32 truncates toward zero; NaN gives 0; ±Infinity and out-of-range clamp",
      () => {
        const x = tk.tensor([
          1.7,
          -1.7,
          2.5,
          -0.5,
          Number.NaN,
          Number.POSITIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
          3e9,
          -3e9,
        ]);
        ex(
          tk.cast(x, "int32"),
          [9],
          [1, -1, 2, 0, 0, 2147483647, -2147483648, 2147483647, -2147483648],
          "int32",
        );
      },
    );

    s.test(F, "cast to bool: nonzero (NaN and ±Infinity included) is true", () => {
      ex(
        tk.cast(tk.tensor([0, -0, 0.5, Number.NaN, Number.NEGATIVE_INFINITY]), "bool"),
        [5],
        [0, 0, 1, 1, 1],
        "bool",
      );
      ex(tk.cast(tk.tensor([0, -3, 7], "int32"), "bool"), [3], [0, 1, 1], "bool");
    });

    s.test(F, "cast from bool and int32, and float32 rounding of large int32", () => {
      const b = tk.tensor([true, false]);
      ex(tk.cast(b, "float32"), [2], [1, 0], "float32");
      ex(tk.cast(b, "int32"), [2], [1, 0], "int32");
      ex(
        tk.cast(tk.tensor([16777217, -5], "int32"), "float32"),
        [2],
        [16777216, -5],
        "float32",
        "2^24 + 1 rounds",
      );
      ex(
        tk.cast(
          tk.transpose(
            tk.tensor([
              [1.5, 2.5],
              [-3.5, 4.5],
            ]),
          ),
          "int32",
        ),
        [2, 2],
        [1, -3, 2, 4],
        "int32",
        "view",
      );
      ex(tk.cast(tk.zeros([0]), "int32"), [0], [], "int32", "empty");
      ex(tk.tensor([1.5]).cast("float32"), [1], [1.5], "float32", "same dtype");
    });

    s.testDType(F, "cast between float32 and float64 rounds to nearest", "float64", () => {
      const d = tk.tensor(Float64Array.from([0.1, 1e300, -1e-300]), { shape: [3] });
      ex(tk.cast(d, "float32"), [3], [Math.fround(0.1), Number.POSITIVE_INFINITY, -0], "float32");
      ex(tk.cast(tk.tensor([0.1]), "float64"), [1], [Math.fround(0.1)], "float64");
    });

    s.test(F, "unknown dtypes throw a DTypeError", () => {
      expect(() => tk.zeros([2], "float16" as DType)).toThrow(tk.DTypeError);
      expect(() => tk.cast(tk.zeros([2]), "uint8" as DType)).toThrow(tk.DTypeError);
    });
  });
}
