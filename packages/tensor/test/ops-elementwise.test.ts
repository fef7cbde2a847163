import { describe, expect, it } from "vitest";
import {
  add,
  clamp,
  DTypeError,
  div,
  elu,
  equal,
  erf,
  exp,
  expm1,
  gelu,
  greater,
  greaterEqual,
  isFinite,
  isNaN,
  leakyRelu,
  less,
  lessEqual,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  maximum,
  minimum,
  mul,
  notEqual,
  pow,
  registerBackend,
  relu,
  round,
  rsqrt,
  ShapeError,
  setBackend,
  sigmoid,
  sign,
  softplus,
  sub,
  tanh,
  tensor,
  where,
  zeros,
} from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

const inf = Number.POSITIVE_INFINITY;

// The test backend has only the required kernels, so every optional one runs its composition.
// Registered at load: describe bodies build tensors while tests are collected.
registerBackend("test", createTestBackend);

/** Element-wise closeness in float32 terms; NaN must match NaN and infinities must be exact. */
function expectClose(got: ArrayLike<number>, want: readonly number[], rtol = 2e-6, atol = 1e-7): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = Math.fround(want[i]!); // the exact value as float32 (e.g. expm1(100) overflows to Infinity)
    if (Number.isNaN(w)) expect(g, `index ${i}`).toBeNaN();
    else if (!Number.isFinite(w)) expect(g, `index ${i}`).toBe(w);
    else
      expect(Math.abs(g - w), `index ${i}: got ${g}, want ${w}`).toBeLessThanOrEqual(
        atol + rtol * Math.abs(w),
      );
  }
}

const grid = [-inf, -100, -20, -3, -1, -0.5, -1e-6, 0, 1e-8, 1e-6, 0.5, 1, 3, 20, 100, inf, Number.NaN];

describe("binary arithmetic", () => {
  it("broadcasts [2,3] with [3] and [2,1]", () => {
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(add(a, tensor([10, 20, 30])).toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(sub(a, tensor([[1], [2]])).toArray()).toEqual([
      [0, 1, 2],
      [2, 3, 4],
    ]);
    expect(mul(a, 2).toArray()).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
    expect(div(a, 2).toArray()).toEqual([
      [0.5, 1, 1.5],
      [2, 2.5, 3],
    ]);
  });

  it("throws a ShapeError naming add, [2,3] and [4]", () => {
    let error: unknown;
    try {
      add(zeros([2, 3]), zeros([4]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).message).toContain("add");
    expect((error as Error).message).toContain("[2,3]");
    expect((error as Error).message).toContain("[4]");
  });

  it("promotes dtypes as PyTorch does", () => {
    const i = tensor([1, 2], "int32");
    expect(add(i, 1).dtype).toBe("int32");
    expect(add(i, 0.5).dtype).toBe("float32");
    expect(add(i, 0.5).toArray()).toEqual([1.5, 2.5]);
    expect(div(i, 2).dtype).toBe("float32"); // true division
    expect(div(i, 2).toArray()).toEqual([0.5, 1]);
    expect(add(tensor([true]), tensor([true])).toArray()).toEqual([2]);
    expect(add(i, tensor([0.5, 0.5])).dtype).toBe("float32");
    expect(pow(tensor([2, 3], "int32"), 2).toArray()).toEqual([4, 9]);
    expect(pow(tensor([2, 3], "int32"), 2).dtype).toBe("int32");
  });

  it("propagates NaN through maximum and minimum", () => {
    expect(maximum(tensor([1, Number.NaN, -inf]), tensor([2, 0, 0])).toArray()).toEqual([2, Number.NaN, 0]);
    expect(minimum(tensor([1, Number.NaN, inf]), 0).toArray()).toEqual([0, Number.NaN, 0]);
  });
});

describe("comparisons and logic", () => {
  const a = tensor([1, 2, Number.NaN, 3]);
  const b = tensor([2, 2, Number.NaN, 1]);
  it("compares with IEEE semantics for NaN", () => {
    expect(equal(a, b).toArray()).toEqual([false, true, false, false]);
    expect(notEqual(a, b).toArray()).toEqual([true, false, true, true]);
    expect(less(a, b).toArray()).toEqual([true, false, false, false]);
    expect(lessEqual(a, b).toArray()).toEqual([true, true, false, false]);
    expect(greater(a, b).toArray()).toEqual([false, false, false, true]);
    expect(greaterEqual(a, b).toArray()).toEqual([false, true, false, true]);
  });

  it("does logic on anything, reading nonzero as true", () => {
    const p = tensor([true, true, false, false]);
    const q = tensor([1, 0, 2, 0]);
    expect(logicalAnd(p, q).toArray()).toEqual([true, false, false, false]);
    expect(logicalOr(p, q).toArray()).toEqual([true, true, true, false]);
    expect(logicalXor(p, q).toArray()).toEqual([false, true, true, false]);
    expect(logicalNot(q).toArray()).toEqual([false, true, false, true]);
  });

  it("selects with where, broadcasting all three", () => {
    const out = where(tensor([[true], [false]]), tensor([1, 2, 3]), -1);
    expect(out.toArray()).toEqual([
      [1, 2, 3],
      [-1, -1, -1],
    ]);
    expect(out.dtype).toBe("float32");
  });

  it("finds NaN and infinities", () => {
    expect(isNaN(tensor([1, Number.NaN, inf])).toArray()).toEqual([false, true, false]);
    expect(isFinite(tensor([1, Number.NaN, inf, -inf])).toArray()).toEqual([true, false, false, false]);
    expect(isFinite(tensor([1], "int32")).toArray()).toEqual([true]);
  });
});

describe("unary math through reference compositions", () => {
  const x = tensor(grid);
  const f32 = (v: number) => Math.fround(v);
  it("tanh and sigmoid match Math in float32, including the limits", () => {
    expectClose(
      tanh(x).dataSync(),
      grid.map((v) => Math.tanh(f32(v))),
    );
    expectClose(
      sigmoid(x).dataSync(),
      grid.map((v) => 1 / (1 + Math.exp(-f32(v)))),
    );
  });

  it("log1p and expm1 stay accurate for tiny inputs", () => {
    expectClose(
      log1p(x).dataSync(),
      grid.map((v) => Math.log1p(f32(v))),
      4e-6,
      1e-12,
    );
    expectClose(
      expm1(x).dataSync(),
      grid.map((v) => Math.expm1(f32(v))),
      4e-6,
      1e-12,
    );
  });

  it("erf and gelu match the A&S bound", () => {
    // erf(x) at known points (Abramowitz & Stegun table 7.1)
    const e = erf(tensor([0, 0.5, 1, 2, -1, inf, Number.NaN])).dataSync();
    expectClose(e, [0, 0.5204998778, 0.8427007929, 0.995322265, -0.8427007929, 1, Number.NaN], 0, 3e-7);
    const g = gelu(tensor([-1, 0, 1, 3])).dataSync();
    // gelu(x) = x/2 (1 + erf(x/√2)); erf(1/√2) = 0.6826894921, erf(3/√2) = 0.9973002039
    const exact = [-0.5 * (1 - 0.6826894921), 0, 0.5 * (1 + 0.6826894921), 1.5 * (1 + 0.9973002039)];
    expectClose(g, exact, 1e-6, 3e-7);
    const gt = gelu(tensor([1]), { approximate: "tanh" }).item() as number;
    expect(gt).toBeCloseTo(0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (1 + 0.044715))), 6);
  });

  it("relu, leakyRelu, elu, softplus, sign, rsqrt, round", () => {
    expectClose(relu(tensor([-1, 0, 2, Number.NaN])).dataSync(), [0, 0, 2, Number.NaN]);
    expect(relu(tensor([-3, 4], "int32")).toArray()).toEqual([0, 4]);
    expectClose(leakyRelu(tensor([-2, 3]), { negativeSlope: 0.1 }).dataSync(), [-0.2, 3]);
    expectClose(elu(tensor([-1, 2])).dataSync(), [Math.expm1(-1), 2]);
    expectClose(softplus(tensor([-30, 0, 1, 30])).dataSync(), [
      Math.log1p(Math.exp(-30)),
      Math.LN2,
      Math.log1p(Math.E),
      30,
    ]);
    expectClose(sign(tensor([-2, 0, 3, Number.NaN])).dataSync(), [-1, 0, 1, Number.NaN]);
    expectClose(rsqrt(tensor([4, 0.25])).dataSync(), [0.5, 2]);
    expect(round(tensor([0.5, 1.5, 2.5, -0.5, -1.5])).toArray()).toEqual([0, 2, 2, -0, -2]);
    expect(exp(tensor([1], "int32")).dtype).toBe("float32");
  });

  it("clamps, keeping NaN", () => {
    expectClose(clamp(tensor([-2, 0.5, 2, Number.NaN]), { min: 0, max: 1 }).dataSync(), [
      0,
      0.5,
      1,
      Number.NaN,
    ]);
    expect(() => clamp(tensor([1]), {})).toThrow(/give at least one of min and max/);
  });

  it("names the dtype problem when a backend cannot store float64", async () => {
    registerBackend("narrow", () => ({ ...createTestBackend(), dtypes: ["float32", "int32", "bool"] }));
    await setBackend("narrow");
    expect(() => tensor([1], "float64")).toThrow(DTypeError);
    expect(() => tensor([1], "float64")).toThrow("tensor: backend 'narrow' does not support dtype float64");
    await setBackend("test");
  });
});
