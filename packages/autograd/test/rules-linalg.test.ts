import { enableGrad, grad, gradCheck } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  Generator,
  linear,
  matmul,
  mul,
  randn,
  registerBackend,
  type Shape,
  setBackend,
  slice,
  square,
  sum,
  type Tensor,
  tensor,
  transpose,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");

const gen = new Generator(7);
const r = (shape: Shape): Tensor => randn(shape, { dtype: "float64", generator: gen });

/** Analytic gradients of f agree with float64 central differences for every input. */
function expectGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradCheck(f, inputs);
  report.maxRelError.forEach((e, i) => {
    expect(e, `input ${i}: worst relative error (element ${report.worstIndex[i]})`).toBeLessThan(1e-6);
  });
}

describe("matmul gradients", () => {
  const cases: [string, Shape, Shape, { transposeA?: boolean; transposeB?: boolean }][] = [
    ["matrix · matrix", [3, 4], [4, 5], {}],
    ["transposeA", [4, 3], [4, 5], { transposeA: true }],
    ["transposeB", [3, 4], [5, 4], { transposeB: true }],
    ["both transposed", [4, 3], [5, 4], { transposeA: true, transposeB: true }],
    ["vector · vector", [4], [4], {}],
    ["matrix · vector", [3, 4], [4], {}],
    ["vector · matrix", [4], [4, 5], {}],
    [
      "transposed matrix · vector (the vector's flag is ignored)",
      [4, 3],
      [4],
      { transposeA: true, transposeB: true },
    ],
    ["vector · batched matrices", [4], [2, 4, 5], {}],
    ["batched matrices · vector", [2, 3, 4], [4], {}],
    ["batched · batched", [2, 3, 4], [2, 4, 5], {}],
    ["batched · matrix (b broadcast over the batch)", [2, 3, 4], [4, 5], {}],
    ["broadcast batch axes on both sides", [2, 1, 3, 4], [5, 4, 2], {}],
    [
      "broadcast batch axes, both transposed",
      [2, 1, 4, 3],
      [5, 2, 4],
      { transposeA: true, transposeB: true },
    ],
  ];
  for (const [name, sa, sb, options] of cases) {
    it(name, () => expectGradients((a, b) => matmul(a!, b!, options), [r(sa), r(sb)]));
  }

  it("non-contiguous operands (a transposed view, a strided slice)", () => {
    expectGradients((a, b) => matmul(transpose(a!), slice(b!, [[0, null, 2]])), [r([4, 3]), r([8, 5])]);
  });

  it("only the input that needs a gradient is differentiated", () => {
    const a = r([3, 4]);
    const b = r([4, 2]);
    const [ga] = grad((x: Tensor) => sum(matmul(x, b)))(a);
    // d/da sum(a·b) = 1·bᵀ: every row is the row sums of b.
    const rowSums = Array.from(sum(b, 1).dataSync());
    expect(ga!.shape).toEqual([3, 4]);
    const got = Array.from(ga!.dataSync());
    for (const [i, v] of got.entries()) expect(v).toBeCloseTo(rowSums[i % 4]!, 12);
  });

  it("gradients of gradients", () => {
    const loss = (a: Tensor, b: Tensor) => sum(square(matmul(a, b, { transposeB: true })));
    const c = r([3, 4]);
    // gradCheck evaluates f under noGrad; enableGrad lets the inner grad record its own forward.
    expectGradients((a, b) => sum(mul(enableGrad(() => grad(loss)(a!, b!))[0]!, c)), [r([3, 4]), r([5, 4])]);
  });
});

describe("linear gradients", () => {
  it("a batch of rows, with a bias", () => {
    const weights = r([3, 4]);
    expectGradients((x, w, b) => sum(mul(linear(x!, w!, b!), weights)), [r([3, 5]), r([4, 5]), r([4])]);
  });
  it("without a bias", () => {
    expectGradients((x, w) => sum(square(linear(x!, w!))), [r([2, 3]), r([4, 3])]);
  });
  it("a single vector, and a batch of sequences (leading axes summed for W and b)", () => {
    expectGradients((x, w, b) => sum(square(linear(x!, w!, b!))), [r([3]), r([2, 3]), r([2])]);
    expectGradients((x, w, b) => sum(square(linear(x!, w!, b!))), [r([2, 4, 3]), r([5, 3]), r([5])]);
  });
  it("dW = dyᵀ·x and db = Σ dy, by hand", () => {
    // L = sum(linear(x, W, b)): dy is all ones, so dW[j] = Σ_rows x and db[j] = rows.
    const x = tensor([
      [1, 2],
      [3, 5],
    ]);
    const [gw, gb] = grad((w: Tensor, b: Tensor) => sum(linear(x, w, b)))(tensor([[0, 0]]), tensor([0]));
    expect(gw!.toArray()).toEqual([[4, 7]]);
    expect(gb!.toArray()).toEqual([2]);
  });
  it("gradients of gradients", () => {
    const loss = (x: Tensor, w: Tensor, b: Tensor) => sum(square(linear(x, w, b)));
    const k = r([3, 4]);
    expectGradients(
      (x, w, b) => sum(mul(enableGrad(() => grad(loss)(x!, w!, b!))[1]!, k)),
      [r([2, 4]), r([3, 4]), r([3])],
    );
  });
});
