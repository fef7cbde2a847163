import { enableGrad, grad, gradCheck } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  Generator,
  gather,
  indexSelect,
  mul,
  randn,
  registerBackend,
  type Shape,
  scatterAdd,
  setBackend,
  square,
  sum,
  type Tensor,
  tensor,
  transpose,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");

const gen = new Generator(13);
const r = (shape: Shape): Tensor => randn(shape, { dtype: "float64", generator: gen });

function expectGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradCheck(f, inputs);
  report.maxRelError.forEach((e, i) => {
    expect(e, `input ${i}: worst relative error (element ${report.worstIndex[i]})`).toBeLessThan(1e-6);
  });
}

describe("gather gradients", () => {
  it("along axis 1, with repeated indices (their gradients add up)", () => {
    const index = tensor(
      [
        [0, 0, 2],
        [1, 3, 1],
      ],
      "int32",
    );
    expectGradients((x) => gather(x!, 1, index), [r([2, 4])]);
  });
  it("along axis 0 of a transposed input, index smaller than x", () => {
    const index = tensor(
      [
        [2, 0],
        [2, 2],
      ],
      "int32",
    );
    expectGradients((x) => gather(transpose(x!), 0, index), [r([3, 3])]);
  });
  it("the gradient is dy scattered back, by hand", () => {
    const [g] = grad((x: Tensor) => sum(mul(gather(x, 0, [1, 1, 0]), tensor([1, 2, 4], "float64"))))(r([3]));
    expect(Array.from(g!.dataSync())).toEqual([4, 3, 0]);
  });
  it("gradients of gradients", () => {
    const index = tensor([[1, 0, 1]], "int32");
    const loss = (x: Tensor) => sum(square(gather(mul(x, x), 1, index)));
    const c = r([2, 2]);
    // gradCheck evaluates f under noGrad; enableGrad lets the inner grad record its own forward.
    expectGradients((x) => sum(mul(enableGrad(() => grad(loss)(x!))[0]!, c)), [r([2, 2])]);
  });
});

describe("scatterAdd gradients", () => {
  it("x and src, with repeated indices", () => {
    const index = tensor(
      [
        [0, 2, 0],
        [1, 1, 1],
      ],
      "int32",
    );
    expectGradients((x, src) => scatterAdd(x!, 1, index, src!), [r([2, 3]), r([2, 3])]);
  });
  it("src larger than index: the unused part of src gets 0", () => {
    const index = tensor([[3], [0]], "int32");
    expectGradients((x, src) => scatterAdd(x!, 1, index, src!), [r([2, 4]), r([3, 2])]);
    const [, gs] = grad((x: Tensor, s: Tensor) => sum(scatterAdd(x, 1, index, s)))(r([2, 4]), r([3, 2]));
    expect(Array.from(gs!.dataSync())).toEqual([1, 0, 1, 0, 0, 0]);
  });
  it("along axis 0, of a transposed x", () => {
    const index = tensor([[2, 0, 1]], "int32");
    expectGradients((x, src) => scatterAdd(transpose(x!), 0, index, src!), [r([3, 3]), r([1, 3])]);
  });
});

describe("indexSelect gradients", () => {
  it("negative and repeated indices along axis 0", () => {
    expectGradients((x) => indexSelect(x!, 0, [2, -1, 0, 2]), [r([4, 3])]);
  });
  it("along the last axis of a 3-D tensor", () => {
    expectGradients((x) => indexSelect(x!, -1, tensor([1, 1, 0], "int32")), [r([2, 3, 2])]);
  });
  it("gradients of gradients", () => {
    const loss = (x: Tensor) => sum(square(square(indexSelect(x, 1, [0, 0, 2]))));
    const c = r([2, 3]);
    expectGradients((x) => sum(mul(enableGrad(() => grad(loss)(x!))[0]!, c)), [r([2, 3])]);
  });
});
