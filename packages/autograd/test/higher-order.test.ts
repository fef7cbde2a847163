import { grad, gradients, requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { expectClose, liveCounts } from "./helpers.js";

tk.registerBackend("cpu", createCpuBackend);
await tk.setBackend("cpu");

// Second (and third) derivatives against hand derivations, in float64 so that the comparison can
// be tight.
const f64 = (v: number[], shape = [v.length]) => tk.tensor(Float64Array.from(v), { shape, dtype: "float64" });
const X = [-1.5, -0.25, 0.5, 2];

/** d/dx of a scalar function, as a function (grad of grad composes). */
const d = (f: (x: Tensor) => Tensor) => (x: Tensor) => grad(f)(x)[0]!;

describe("gradients of gradients (element-wise)", () => {
  it("d²/dx² sum(x³) = 6x", () => {
    const x = f64(X);
    const d2 = d((y) => tk.sum(d((z) => tk.sum(tk.mul(tk.mul(z, z), z)))(y)))(x);
    expectClose(d2, { shape: [4], data: X.map((v) => 6 * v) }, "d²", 1e-12, 1e-12);
  });

  it("d²/dx² sum(pow(x, 3)) = 6x, and the third derivative is 6", () => {
    const x = f64([0.5, 1.5, 2]);
    const f = (z: Tensor) => tk.sum(tk.pow(z, 3));
    const d2 = d((y) => tk.sum(d(f)(y)))(x);
    expectClose(d2, { shape: [3], data: [3, 9, 12] }, "d²", 1e-12, 1e-12);
    const d3 = d((w) => tk.sum(d((y) => tk.sum(d(f)(y)))(w)))(x);
    expectClose(d3, { shape: [3], data: [6, 6, 6] }, "d³", 1e-12, 1e-12);
  });

  it("sin'' = -sin, exp(2x)'' = 4·exp(2x), tanh'' = -2·tanh·(1 - tanh²)", () => {
    const x = f64(X);
    const second = (f: (z: Tensor) => Tensor) => d((y) => tk.sum(d((z) => tk.sum(f(z)))(y)))(x);
    expectClose(second(tk.sin), { shape: [4], data: X.map((v) => -Math.sin(v)) }, "sin''", 1e-12, 1e-12);
    expectClose(
      second((z) => tk.exp(tk.mul(z, 2))),
      { shape: [4], data: X.map((v) => 4 * Math.exp(2 * v)) },
      "exp(2x)''",
      1e-12,
      1e-12,
    );
    expectClose(
      second(tk.tanh),
      { shape: [4], data: X.map((v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)) },
      "tanh''",
      1e-12,
      1e-12,
    );
  });

  it("mixed partials of sum(x²·y): d/dy sum(df/dx) = 2x and d/dx sum(df/dx) = 2y", () => {
    const x = f64([1, -2]);
    const y = f64([3, 0.5]);
    const f = (a: Tensor, b: Tensor) => tk.sum(tk.mul(tk.mul(a, a), b));
    const [dxx, dxy] = grad((a: Tensor, b: Tensor) => tk.sum(grad(f)(a, b)[0]!))(x, y);
    expectClose(dxx!, { shape: [2], data: [6, 1] }, "d/dx sum(2xy)", 1e-12, 1e-12);
    expectClose(dxy!, { shape: [2], data: [2, -4] }, "d/dy sum(2xy)", 1e-12, 1e-12);
  });

  it("backward with createGraph leaves a .grad that can be differentiated (via gradients)", () => {
    const x = requiresGrad(f64([1, 2]));
    const loss = tk.sum(tk.mul(tk.mul(x, x), x));
    // first derivative 3x², recorded; then d/dx sum(3x² · v) = 6x·v
    const [g] = gradients([loss], [x], undefined, { createGraph: true });
    expect(g!.requiresGrad).toBe(true);
    expectClose(g!, { shape: [2], data: [3, 12] }, "3x²", 1e-12, 1e-12);
    const [hv] = gradients([tk.sum(tk.mul(g!, f64([1, -1])))], [x]);
    expectClose(hv!, { shape: [2], data: [6, -12] }, "6x·v", 1e-12, 1e-12);
  });
});

describe("gradients of gradients (matmul)", () => {
  // A is 3×2; f(x) = sum((Ax)²) = xᵀAᵀAx, ∇f = 2AᵀAx, Hessian 2AᵀA: H·v = 2AᵀA·v for any x.
  const A = [
    [1, 2],
    [-1, 0.5],
    [3, -2],
  ];
  const AtA = [
    [1 * 1 + 1 + 9, 2 - 0.5 - 6],
    [2 - 0.5 - 6, 4 + 0.25 + 4],
  ]; // [[11, -4.5], [-4.5, 8.25]]

  it("Hessian-vector product of sum((Ax)²) = 2AᵀA·v", () => {
    const a = f64(A.flat(), [3, 2]);
    const x = f64([0.3, -0.7]);
    const v = f64([1, 2]);
    const f = (z: Tensor) => tk.sum(tk.square(tk.matmul(a, z)));
    const hvp = grad((z: Tensor) => tk.sum(tk.mul(grad(f)(z)[0]!, v)))(x)[0]!;
    const want = [2 * (AtA[0]![0]! * 1 + AtA[0]![1]! * 2), 2 * (AtA[1]![0]! * 1 + AtA[1]![1]! * 2)]; // [4, 24]
    expectClose(hvp, { shape: [2], data: want }, "H·v", 1e-12, 1e-12);
    // and the gradient itself: 2AᵀA·x
    const g = grad(f)(x)[0]!;
    expectClose(
      g,
      { shape: [2], data: [2 * (11 * 0.3 + 4.5 * 0.7), 2 * (-4.5 * 0.3 - 8.25 * 0.7)] },
      "2AᵀAx",
      1e-12,
      1e-12,
    );
  });

  it("second derivative through matmul with respect to the matrix: d/dW <∇_W sum((XW)²), V> = 2XᵀX·V", () => {
    const xm = f64(A.flat(), [3, 2]); // X = A: XᵀX = AtA
    const w = f64([0.5, -1, 2, 0.25], [2, 2]);
    const v = f64([1, 0, -1, 2], [2, 2]);
    const f = (m: Tensor) => tk.sum(tk.square(tk.matmul(xm, m)));
    const hv = grad((m: Tensor) => tk.sum(tk.mul(grad(f)(m)[0]!, v)))(w)[0]!;
    // 2·AtA·V, V = [[1, 0], [-1, 2]]
    const want = [
      2 * (11 * 1 + -4.5 * -1),
      2 * (11 * 0 + -4.5 * 2),
      2 * (-4.5 * 1 + 8.25 * -1),
      2 * (-4.5 * 0 + 8.25 * 2),
    ];
    expectClose(hv, { shape: [2, 2], data: want }, "2XᵀX·V", 1e-12, 1e-12);
  });

  it("second-order computations free everything they recorded", () => {
    const a = f64(A.flat(), [3, 2]);
    const x = f64([0.3, -0.7]);
    const before = liveCounts();
    tk.tidy(() => {
      const f = (z: Tensor) => tk.sum(tk.square(tk.matmul(a, z)));
      grad((z: Tensor) => tk.sum(grad(f)(z)[0]!))(x);
    });
    expect(liveCounts()).toEqual(before);
  });
});
