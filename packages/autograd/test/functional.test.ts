import { grad, gradients, requiresGrad, valueAndGrad, vjp } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { expectClose, values } from "./helpers.js";

tk.registerBackend("cpu", createCpuBackend);
await tk.setBackend("cpu");

describe("grad, valueAndGrad, vjp, gradients", () => {
  it("grad differentiates with respect to every argument and leaves .grad alone", () => {
    const x = requiresGrad(tk.tensor([1, 2, 3]));
    const y = tk.tensor([4, 5, 6]);
    const [dx, dy] = grad((a: Tensor, b: Tensor) => tk.sum(tk.mul(a, b)))(x, y);
    expect(values(dx!)).toEqual([4, 5, 6]);
    expect(values(dy!)).toEqual([1, 2, 3]);
    expect(x.grad).toBeNull();
    expect(y.grad).toBeNull();
  });

  it("valueAndGrad returns f's value with the gradients", () => {
    const x = tk.tensor([0.5, -2]);
    const { value, grads } = valueAndGrad((a: Tensor) => tk.sum(tk.exp(a)))(x);
    expectClose(value, { shape: [], data: [Math.exp(0.5) + Math.exp(-2)] }, "value");
    expectClose(grads[0]!, { shape: [2], data: [Math.exp(0.5), Math.exp(-2)] }, "grad");
  });

  it("vjp of a non-scalar function with a cotangent", () => {
    const x = tk.tensor([1, 2, 3]);
    // f(x) = x², cotangent c: cᵀ·diag(2x)
    const { value, grads } = vjp((a: Tensor) => tk.mul(a, a), [x], tk.tensor([1, -1, 0.5]));
    expect(values(value)).toEqual([1, 4, 9]);
    expect(values(grads[0]!)).toEqual([2, -4, 3]);
    expect(() => vjp((a: Tensor) => tk.mul(a, a), [x], tk.tensor([1, 2]))).toThrow(
      /\[2\].*\[3\]|\[3\].*\[2\]/,
    );
  });

  it("grad of an input the output does not depend on is an error naming the input; allowUnused gives null", () => {
    const f = (a: Tensor, _b: Tensor) => tk.sum(tk.square(a));
    expect(() => grad(f)(tk.tensor([1]), tk.tensor([2]))).toThrow(/input 1/);
    expect(() => grad(f)(tk.tensor([1]), tk.tensor([2]))).toThrow(/depend|not on the path/);
    const [da, db] = grad(f, { allowUnused: true })(tk.tensor([3]), tk.tensor([2]));
    expect(values(da!)).toEqual([6]);
    expect(db).toBeNull();
  });

  it("grad of a non-scalar function points to vjp", () => {
    expect(() => grad((a: Tensor) => tk.mul(a, 2))(tk.tensor([1, 2]))).toThrow(/one-element|vjp/);
  });

  it("gradients reaches intermediate tensors as well as leaves", () => {
    const x = requiresGrad(tk.tensor([1, 2]));
    const h = tk.mul(x, 3);
    const loss = tk.sum(tk.square(h));
    // d loss / d h = 2h = 6x; d loss / d x = 18x
    const [dh, dx] = gradients([loss], [h, x]);
    expect(values(dh!)).toEqual([6, 12]);
    expect(values(dx!)).toEqual([18, 36]);
    expect(x.grad).toBeNull();
  });
});
