import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type FixtureTensor, fixture } from "../fixtures.js";
import type { ToleranceClass } from "../options.js";
import { fromFixture, LAYOUTS, laidOut, type Suite, values } from "../suite.js";

type Unary = (x: Tensor) => Tensor;

/** Every unary op of the API, with the tolerance class its result is compared with. */
const UNARY: Record<string, [Unary, ToleranceClass]> = {
  neg: [tk.neg, "exact"],
  abs: [tk.abs, "exact"],
  sign: [tk.sign, "exact"],
  exp: [tk.exp, "transcendental"],
  log: [tk.log, "transcendental"],
  log1p: [tk.log1p, "transcendental"],
  expm1: [tk.expm1, "transcendental"],
  sqrt: [tk.sqrt, "arithmetic"],
  rsqrt: [tk.rsqrt, "arithmetic"],
  square: [tk.square, "arithmetic"],
  reciprocal: [tk.reciprocal, "arithmetic"],
  sin: [tk.sin, "transcendental"],
  cos: [tk.cos, "transcendental"],
  tanh: [tk.tanh, "transcendental"],
  floor: [tk.floor, "exact"],
  ceil: [tk.ceil, "exact"],
  round: [tk.round, "exact"],
  isNaN: [tk.isNaN, "exact"],
  isFinite: [tk.isFinite, "exact"],
  sigmoid: [tk.sigmoid, "transcendental"],
  relu: [tk.relu, "exact"],
  leakyRelu: [(x) => tk.leakyRelu(x), "arithmetic"],
  "leakyRelu_0.2": [(x) => tk.leakyRelu(x, { negativeSlope: 0.2 }), "arithmetic"],
  elu: [(x) => tk.elu(x), "transcendental"],
  "elu_0.5": [(x) => tk.elu(x, { alpha: 0.5 }), "transcendental"],
  gelu: [(x) => tk.gelu(x), "transcendental"],
  gelu_tanh: [(x) => tk.gelu(x, { approximate: "tanh" }), "transcendental"],
  softplus: [(x) => tk.softplus(x), "transcendental"],
  softplus_2_5: [(x) => tk.softplus(x, { beta: 2, threshold: 5 }), "transcendental"],
};

/** erf-based ops: the contract asks erf for float32 precision only, so they are not checked in float64. */
const FLOAT32_PRECISION_ONLY = new Set(["gelu", "gelu_tanh"]);

type Binary = (a: Tensor, b: Tensor) => Tensor;
const BINARY: Record<string, [Binary, ToleranceClass]> = {
  add: [tk.add, "arithmetic"],
  sub: [tk.sub, "arithmetic"],
  mul: [tk.mul, "arithmetic"],
  div: [tk.div, "arithmetic"],
  pow: [tk.pow, "transcendental"],
  minimum: [tk.minimum, "exact"],
  maximum: [tk.maximum, "exact"],
  equal: [tk.equal, "exact"],
  notEqual: [tk.notEqual, "exact"],
  less: [tk.less, "exact"],
  lessEqual: [tk.lessEqual, "exact"],
  greater: [tk.greater, "exact"],
  greaterEqual: [tk.greaterEqual, "exact"],
};

interface UnaryCase {
  x: FixtureTensor;
  expected: Record<string, FixtureTensor>;
}
interface BinaryCase {
  a: FixtureTensor;
  b: FixtureTensor;
  expected: Record<string, FixtureTensor>;
}
interface ElementwiseFixture {
  unary_float32: UnaryCase;
  unary_float64: UnaryCase;
  unary_dense: UnaryCase;
  unary_int32: UnaryCase;
  binary_float32: BinaryCase;
  binary_float64: BinaryCase;
  binary_int32: BinaryCase;
  pow_int32: { a: FixtureTensor; b: FixtureTensor; expected: FixtureTensor };
  clamp: UnaryCase;
  erf: { x: FixtureTensor; expected: FixtureTensor };
}

const F = "elementwise";

export function elementwise(s: Suite): void {
  const fx = () => fixture<ElementwiseFixture>("elementwise.json");

  describe("unary", () => {
    for (const [op, [fn, cls]] of Object.entries(UNARY)) {
      s.test(F, `${op} matches torch on the special-value grid (NaN, ±Infinity, tiny, huge)`, () => {
        const c = fx().unary_float32;
        s.expectTensor(fn(fromFixture(c.x)), c.expected[op]!, cls);
      });
      s.test(F, `${op} reads non-contiguous inputs (transposed, flipped, strided)`, () => {
        const c = fx().unary_dense;
        for (const layout of LAYOUTS) s.expectTensor(fn(laidOut(c.x, layout)), c.expected[op]!, cls, layout);
      });
      s.test(F, `${op} of an empty tensor is empty`, () => {
        const got = fn(tk.zeros([0, 3]));
        expect(got.shape).toEqual([0, 3]);
        expect(values(got)).toEqual([]);
      });
      if (!FLOAT32_PRECISION_ONLY.has(op)) {
        s.testDType(F, `${op} in float64 matches torch`, "float64", () => {
          const c = fx().unary_float64;
          s.expectTensor(fn(fromFixture(c.x)), c.expected[op]!, cls);
        });
      }
    }

    for (const op of ["neg", "abs", "sign", "square", "relu"]) {
      s.test(F, `${op} of int32 stays int32 (with wrap-around at the int32 limits)`, () => {
        const c = fx().unary_int32;
        s.expectTensor(UNARY[op]![0](fromFixture(c.x)), c.expected[op]!, "exact");
      });
    }

    s.test(F, "float-only ops turn int32 and bool inputs into float32", () => {
      const i = tk.tensor([0, 1, 4], "int32");
      for (const op of [
        "exp",
        "log",
        "sqrt",
        "sin",
        "sigmoid",
        "tanh",
        "reciprocal",
        "rsqrt",
        "log1p",
        "expm1",
      ]) {
        expect(UNARY[op]![0](i).dtype, op).toBe("float32");
      }
      s.expectTensor(tk.sqrt(i), { shape: [3], dtype: "float32", data: [0, 1, 2] }, "arithmetic", "sqrt");
      s.expectTensor(
        tk.exp(tk.tensor([true, false])),
        { shape: [2], dtype: "float32", data: [Math.E, 1] },
        "transcendental",
      );
    });

    s.test(F, "isNaN and isFinite return bool for every dtype", () => {
      s.expectTensor(
        tk.isNaN(tk.tensor([1, -2], "int32")),
        { shape: [2], dtype: "bool", data: [0, 0] },
        "exact",
      );
      s.expectTensor(
        tk.isFinite(tk.tensor([1, -2], "int32")),
        { shape: [2], dtype: "bool", data: [1, 1] },
        "exact",
      );
    });

    s.test(F, "log1p and expm1 keep full relative accuracy for tiny x (log(1 + x) would give 0)", () => {
      const x = tk.tensor([1e-10, -1e-10, 1e-20, 3e-8]);
      const tiny = { rtol: 1e-5, atol: 0 };
      const log1p = values(tk.log1p(x));
      const expm1 = values(tk.expm1(x));
      const want = [1e-10, -1e-10, 1e-20, 3e-8].map(Math.fround);
      for (let i = 0; i < 4; i++) {
        expect(Math.abs(log1p[i]! - want[i]!), `log1p(${want[i]})`).toBeLessThanOrEqual(
          tiny.rtol * Math.abs(want[i]!),
        );
        expect(Math.abs(expm1[i]! - want[i]!), `expm1(${want[i]})`).toBeLessThanOrEqual(
          tiny.rtol * Math.abs(want[i]!),
        );
      }
    });
  });

  describe("binary", () => {
    for (const [op, [fn, cls]] of Object.entries(BINARY)) {
      s.test(F, `${op} matches torch on every pair of the special-value grid`, () => {
        const c = fx().binary_float32;
        s.expectTensor(fn(fromFixture(c.a), fromFixture(c.b)), c.expected[op]!, cls);
      });
      s.test(F, `${op} reads non-contiguous operands`, () => {
        const c = fx().binary_float32;
        for (const la of LAYOUTS) {
          const lb = LAYOUTS[(LAYOUTS.indexOf(la) + 1) % LAYOUTS.length]!;
          s.expectTensor(fn(laidOut(c.a, la), laidOut(c.b, lb)), c.expected[op]!, cls, `${la} ${op} ${lb}`);
        }
      });
      s.testDType(F, `${op} in float64 matches torch`, "float64", () => {
        const c = fx().binary_float64;
        s.expectTensor(fn(fromFixture(c.a), fromFixture(c.b)), c.expected[op]!, cls);
      });
      if (op !== "div" && op !== "pow") {
        s.test(F, `${op} of int32 matches torch (add, sub, mul wrap around)`, () => {
          const c = fx().binary_int32;
          s.expectTensor(fn(fromFixture(c.a), fromFixture(c.b)), c.expected[op]!, cls);
        });
      }
      s.test(F, `${op} broadcasts size-1 axes and empty axes`, () => {
        // [2,1,3] with [4,1] → [2,4,3], checked against a JS loop
        const a = [1.5, -2, 0, 3, 0.25, -1];
        const b = [2, -0.5, 4, 1];
        const got = fn(tk.tensor(a, "float32").reshape([2, 1, 3]), tk.tensor(b).reshape([4, 1]));
        expect(got.shape).toEqual([2, 4, 3]);
        const ref = fn(
          tk
            .tensor(Array.from({ length: 24 }, (_, i) => a[Math.floor(i / 12) * 3 + (i % 3)]!))
            .reshape([2, 4, 3]),
          tk.tensor(Array.from({ length: 24 }, (_, i) => b[Math.floor(i / 3) % 4]!)).reshape([2, 4, 3]),
        );
        s.expectTensor(got, { shape: [2, 4, 3], data: values(ref) }, "exact", "broadcast vs materialised");
        expect(fn(tk.zeros([0, 3]), tk.ones([3])).shape).toEqual([0, 3]);
        expect(fn(tk.zeros([2, 0]), tk.ones([2, 1])).shape).toEqual([2, 0]);
        expect(fn(tk.zeros([0]), tk.ones([1])).shape).toEqual([0]);
        expect(fn(tk.scalar(2), tk.ones([1, 1])).shape).toEqual([1, 1]);
      });
    }

    s.test(F, "add, sub, mul and div broadcast against hand-computed values", () => {
      const a = tk.tensor([[1], [2], [3]]);
      const b = tk.tensor([10, 20]);
      s.expectTensor(tk.add(a, b), { shape: [3, 2], data: [11, 21, 12, 22, 13, 23] }, "exact");
      s.expectTensor(tk.sub(a, b), { shape: [3, 2], data: [-9, -19, -8, -18, -7, -17] }, "exact");
      s.expectTensor(tk.mul(a, b), { shape: [3, 2], data: [10, 20, 20, 40, 30, 60] }, "exact");
      s.expectTensor(
        tk.div(b, a),
        { shape: [3, 2], data: [10, 20, 5, 10, 10 / 3, 20 / 3].map(Math.fround) },
        "arithmetic",
      );
      // an expanded (stride-0) view as an operand
      const e = tk.expand(tk.tensor([[1], [2]]), [2, 3]);
      s.expectTensor(
        tk.mul(
          e,
          tk.tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
        { shape: [2, 3], data: [1, 2, 3, 8, 10, 12] },
        "exact",
      );
    });

    s.test(F, "int32 division is true division into float32", () => {
      const got = tk.div(tk.tensor([7, -7, 1, 0], "int32"), tk.tensor([2, 2, 0, 0], "int32"));
      s.expectTensor(
        got,
        { shape: [4], dtype: "float32", data: [3.5, -3.5, Infinity, Number.NaN] },
        "arithmetic",
      );
    });

    s.test(F, "int32 pow matches torch; negative exponents give 0 unless the base is ±1", () => {
      const c = fx().pow_int32;
      s.expectTensor(tk.pow(fromFixture(c.a), fromFixture(c.b)), c.expected, "exact");
      const neg = tk.pow(tk.tensor([2, 1, -1, -1, 5], "int32"), tk.tensor([-1, -3, -3, -2, -2], "int32"));
      s.expectTensor(neg, { shape: [5], dtype: "int32", data: [0, 1, -1, 1, 0] }, "exact");
    });

    s.test(F, "numbers as operands: scalars broadcast and keep the tensor's dtype", () => {
      s.expectTensor(
        tk.add(tk.tensor([1, 2], "int32"), 3),
        { shape: [2], dtype: "int32", data: [4, 5] },
        "exact",
      );
      s.expectTensor(
        tk.mul(tk.tensor([1, 2], "int32"), 0.5),
        { shape: [2], dtype: "float32", data: [0.5, 1] },
        "exact",
      );
      s.expectTensor(tk.sub(10, tk.tensor([1, 2])), { shape: [2], dtype: "float32", data: [9, 8] }, "exact");
      s.expectTensor(
        tk.tensor([1, 4]).pow(2),
        { shape: [2], dtype: "float32", data: [1, 16] },
        "transcendental",
      );
      s.expectTensor(
        tk.tensor([1, 2]).add(tk.tensor([3, 4])),
        { shape: [2], dtype: "float32", data: [4, 6] },
        "exact",
      );
    });
  });

  describe("logical and selection", () => {
    s.test(F, "logicalAnd/Or/Xor/Not over the full bool truth table", () => {
      const a = tk.tensor([true, true, false, false]);
      const b = tk.tensor([true, false, true, false]);
      s.expectTensor(tk.logicalAnd(a, b), { shape: [4], dtype: "bool", data: [1, 0, 0, 0] }, "exact");
      s.expectTensor(tk.logicalOr(a, b), { shape: [4], dtype: "bool", data: [1, 1, 1, 0] }, "exact");
      s.expectTensor(tk.logicalXor(a, b), { shape: [4], dtype: "bool", data: [0, 1, 1, 0] }, "exact");
      s.expectTensor(tk.logicalNot(a), { shape: [4], dtype: "bool", data: [0, 0, 1, 1] }, "exact");
    });

    s.test(F, "logical ops treat any nonzero number (NaN included) as true, as torch", () => {
      const a = tk.tensor([0, 2, Number.NaN, -0.5, 0]);
      const b = tk.tensor([1, 0, 1, Number.POSITIVE_INFINITY, 0]);
      s.expectTensor(tk.logicalAnd(a, b), { shape: [5], dtype: "bool", data: [0, 0, 1, 1, 0] }, "exact");
      s.expectTensor(tk.logicalOr(a, b), { shape: [5], dtype: "bool", data: [1, 1, 1, 1, 0] }, "exact");
      s.expectTensor(
        tk.logicalNot(tk.tensor([0, 3, -1], "int32")),
        { shape: [3], dtype: "bool", data: [1, 0, 0] },
        "exact",
      );
    });

    s.test(F, "logical ops broadcast and read non-contiguous inputs", () => {
      const a = tk.transpose(
        tk.tensor([
          [true, false],
          [true, true],
        ]),
      );
      s.expectTensor(
        tk.logicalAnd(a, tk.tensor([true, false])),
        { shape: [2, 2], dtype: "bool", data: [1, 0, 0, 0] },
        "exact",
      );
      expect(tk.logicalOr(tk.zeros([0, 2], "bool"), tk.tensor([true, false])).shape).toEqual([0, 2]);
    });

    for (const dtype of ["float32", "int32", "bool"] as const) {
      s.test(F, `where selects ${dtype} values with broadcasting`, () => {
        const cond = tk.tensor([[true], [false]]);
        const a = dtype === "bool" ? tk.tensor([true, true, false]) : tk.tensor([1, 2, 3], dtype);
        const b = dtype === "bool" ? tk.tensor(false) : tk.cast(tk.tensor(-1), dtype);
        const got = tk.where(cond, a, b);
        const want = dtype === "bool" ? [1, 1, 0, 0, 0, 0] : [1, 2, 3, -1, -1, -1];
        s.expectTensor(got, { shape: [2, 3], dtype, data: want }, "exact");
      });
    }

    s.test(F, "where keeps NaN and ±Infinity of the chosen side and accepts number operands", () => {
      const cond = tk.tensor([true, false, true, false]);
      const a = tk.tensor([Number.NaN, Number.NaN, Number.POSITIVE_INFINITY, 1]);
      const got = tk.where(cond, a, tk.tensor([0, Number.NEGATIVE_INFINITY, 0, Number.NaN]));
      s.expectTensor(
        got,
        { shape: [4], data: [Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN] },
        "exact",
      );
      s.expectTensor(tk.where(tk.tensor([true, false]), 1, 0), { shape: [2], data: [1, 0] }, "exact");
    });

    s.test(F, "where reads non-contiguous condition and operands; empty in, empty out", () => {
      const cond = tk.flip(tk.tensor([true, false, false]), [0]);
      const a = tk.slice(tk.tensor([1, 0, 2, 0, 3]), [[0, 5, 2]]);
      s.expectTensor(tk.where(cond, a, tk.tensor([9, 9, 9])), { shape: [3], data: [9, 9, 3] }, "exact");
      expect(tk.where(tk.zeros([0], "bool"), tk.zeros([0]), 1).shape).toEqual([0]);
    });

    for (const key of ["min_max", "min", "max"] as const) {
      s.test(F, `clamp (${key.replace("_", " and ")}) matches torch, NaN stays NaN`, () => {
        const c = fx().clamp;
        const x = fromFixture(c.x);
        const opts = key === "min_max" ? { min: -1, max: 2.5 } : key === "min" ? { min: -1 } : { max: 2.5 };
        s.expectTensor(tk.clamp(x, opts), c.expected[key]!, "exact");
      });
    }

    s.test(F, "clamp of int32 stays int32", () => {
      s.expectTensor(
        tk.clamp(tk.tensor([-5, 0, 5], "int32"), { min: -1, max: 2 }),
        { shape: [3], dtype: "int32", data: [-1, 0, 2] },
        "exact",
      );
    });
  });
}
