import { enableGrad, grad, gradCheck } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  Generator,
  logSoftmax,
  mul,
  randn,
  registerBackend,
  type Shape,
  setBackend,
  slice,
  softmax,
  sum,
  type Tensor,
  transpose,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");

const gen = new Generator(11);
const r = (shape: Shape): Tensor => randn(shape, { dtype: "float64", generator: gen });

function expectGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradCheck(f, inputs);
  report.maxRelError.forEach((e, i) => {
    expect(e, `input ${i}: worst relative error (element ${report.worstIndex[i]})`).toBeLessThan(1e-6);
  });
}

describe.each([
  ["softmax", softmax],
  ["logSoftmax", logSoftmax],
] as const)("%s gradients", (_, op) => {
  it("along the last axis", () => expectGradients((x) => op(x!), [r([3, 5])]));
  it("along the first axis", () => expectGradients((x) => op(x!, 0), [r([4, 3])]));
  it("along a middle axis, as a negative axis", () => expectGradients((x) => op(x!, -2), [r([2, 3, 4])]));
  it("of a transposed, strided input", () =>
    expectGradients((x) => op(slice(transpose(x!), [null, [0, null, 2]]), 1), [r([6, 3])]));
  it("of large logits (the max is subtracted)", () => expectGradients((x) => op(mul(x!, 50)), [r([2, 4])]));
  it("of a scalar (constant output: zero gradient)", () => {
    const [g] = grad((x: Tensor) => sum(op(x)))(r([]));
    expect(g!.item()).toBe(0);
  });
  it("gradients of gradients", () => {
    const c = r([3, 4]);
    const loss = (x: Tensor) => sum(mul(op(x), op(x)));
    // gradCheck evaluates f under noGrad; enableGrad lets the inner grad record its own forward.
    expectGradients((x) => sum(mul(enableGrad(() => grad(loss)(x!))[0]!, c)), [r([3, 4])]);
  });
});
