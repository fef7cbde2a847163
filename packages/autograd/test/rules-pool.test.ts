import { enableGrad, grad, gradCheck } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  type AvgPool2dOptions,
  avgPool2d,
  Generator,
  type MaxPool2dOptions,
  maxPool2d,
  mul,
  permute,
  randn,
  registerBackend,
  type Shape,
  setBackend,
  square,
  sum,
  type Tensor,
} from "@tensorkit/tensor";
import { beforeEach, describe, expect, it } from "vitest";

// "cpu-composed" is the CPU backend without the pooling backward kernels: the reference compositions.
registerBackend("cpu", createCpuBackend);
registerBackend("cpu-composed", () => {
  const cpu = createCpuBackend();
  const { maxPool2dBackward: _m, avgPool2dBackward: _a, ...kernels } = cpu.kernels;
  return { ...cpu, name: "cpu-composed", kernels };
});

const gen = new Generator(5);
const r = (shape: Shape): Tensor => randn(shape, { dtype: "float64", generator: gen });

function expectGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradCheck(f, inputs);
  report.maxRelError.forEach((e, i) => {
    expect(e, `input ${i}: worst relative error (element ${report.worstIndex[i]})`).toBeLessThan(1e-6);
  });
}

describe.each(["cpu", "cpu-composed"])("pooling gradients (%s)", (backend) => {
  beforeEach(() => setBackend(backend));

  // Random normal inputs: ties within a window (where the max is not differentiable) have probability 0.
  const maxCases: [string, Shape, MaxPool2dOptions][] = [
    ["2×2 windows", [2, 3, 4, 6], { kernelSize: 2 }],
    ["odd size: a last row and column no window reads", [1, 2, 5, 5], { kernelSize: 2 }],
    ["overlapping 3×3 windows, padding 1", [1, 2, 5, 4], { kernelSize: 3, stride: 1, padding: 1 }],
    ["3×3, stride 2, padding 1", [2, 1, 7, 6], { kernelSize: 3, stride: 2, padding: 1 }],
    ["dilation 2", [1, 2, 7, 7], { kernelSize: [2, 3], stride: [1, 2], dilation: 2, padding: [1, 2] }],
  ];
  for (const [name, shape, options] of maxCases) {
    it(`maxPool2d: ${name}`, () => expectGradients((x) => maxPool2d(x!, options), [r(shape)]));
  }

  const avgCases: [string, Shape, AvgPool2dOptions][] = [
    ["2×2 windows", [2, 3, 4, 6], { kernelSize: 2 }],
    ["3×3, stride 2, padding 1, padding counted", [2, 1, 7, 6], { kernelSize: 3, stride: 2, padding: 1 }],
    [
      "3×3, stride 1, padding 1, padding not counted",
      [1, 2, 5, 4],
      { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false },
    ],
    [
      "[3, 2] windows, stride [2, 1], padding [1, 0]",
      [1, 2, 6, 5],
      { kernelSize: [3, 2], stride: [2, 1], padding: [1, 0] },
    ],
  ];
  for (const [name, shape, options] of avgCases) {
    it(`avgPool2d: ${name}`, () => expectGradients((x) => avgPool2d(x!, options), [r(shape)]));
  }

  it("of unbatched and permuted (non-contiguous) input", () => {
    expectGradients((x) => maxPool2d(permute(x!, [2, 0, 1]), { kernelSize: 2, padding: 1 }), [r([4, 5, 3])]);
    expectGradients(
      (x) =>
        avgPool2d(permute(x!, [2, 0, 1]), { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }),
      [r([5, 5, 2])],
    );
  });

  it("avgPool2d: gradients of gradients", () => {
    for (const countIncludePad of [true, false]) {
      const loss = (x: Tensor) =>
        sum(square(avgPool2d(mul(x, x), { kernelSize: 3, stride: 2, padding: 1, countIncludePad })));
      const c = r([1, 2, 5, 6]);
      // gradCheck evaluates f under noGrad; enableGrad lets the inner grad record its own forward.
      expectGradients((x) => sum(mul(enableGrad(() => grad(loss)(x!))[0]!, c)), [r([1, 2, 5, 6])]);
    }
  });

  it("maxPool2d: gradients of gradients are refused with a clear error", () => {
    const loss = (x: Tensor) => sum(square(maxPool2d(x, { kernelSize: 2 })));
    const x = r([1, 1, 4, 4]);
    expect(() => grad((y: Tensor) => sum(grad(loss)(y)[0]!))(x)).toThrow(
      /gradients of gradients through 'maxPool2d' are not supported/,
    );
  });
});
