import { gradCheck } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  concat,
  Generator,
  pad,
  randn,
  registerBackend,
  type Shape,
  setBackend,
  slice,
  split,
  stack,
  sum,
  type Tensor,
  tile,
  transpose,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");

const gen = new Generator(17);
const r = (shape: Shape): Tensor => randn(shape, { dtype: "float64", generator: gen });

function expectGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradCheck(f, inputs);
  report.maxRelError.forEach((e, i) => {
    expect(e, `input ${i}: worst relative error (element ${report.worstIndex[i]})`).toBeLessThan(1e-6);
  });
}

describe("concat and pad gradients", () => {
  it("concat along axis 1, one part empty along it", () =>
    expectGradients((a, b, c) => concat([a!, b!, c!], 1), [r([2, 3]), r([2, 0]), r([2, 2])]));
  it("concat along axis 0 of transposed and sliced parts", () =>
    expectGradients((a, b) => concat([transpose(a!), slice(b!, [[0, null, 2]])]), [r([3, 2]), r([5, 3])]));
  it("concat with a legacy empty [0] part", () =>
    expectGradients((a, b) => concat([a!, b!, a!], 0), [r([2, 2]), r([0])]));
  it("pad on several axes, asymmetric", () =>
    expectGradients(
      (x) =>
        pad(
          x!,
          [
            [1, 0],
            [2, 3],
          ],
          { value: 7 },
        ),
      [r([2, 3])],
    ));
  it("pad of a transposed input, leading axes only", () =>
    expectGradients((x) => pad(transpose(x!), [[0, 2]]), [r([3, 2, 2])]));
});

describe("compositions of recorded ops (no rule of their own)", () => {
  it("stack", () => expectGradients((a, b) => stack([a!, b!], 1), [r([2, 3]), r([2, 3])]));
  it("split", () => expectGradients((x) => sum(split(x!, 2, 1)[1]!, 0), [r([2, 5])]));
  it("tile", () => expectGradients((x) => tile(x!, [2, 1, 3]), [r([2, 2])]));
});
