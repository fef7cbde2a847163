import { enableGrad, grad, gradCheck } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  type Conv2dOptions,
  conv1d,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  Generator,
  mul,
  permute,
  randn,
  registerBackend,
  type Shape,
  setBackend,
  slice,
  square,
  sum,
  type Tensor,
} from "@tensorkit/tensor";
import { beforeEach, describe, expect, it } from "vitest";

// The CPU backend runs conv2d's backward ops as kernels; "cpu-composed" is the same backend
// without them, so the reference compositions (themselves built on conv2d) are checked too.
registerBackend("cpu", createCpuBackend);
registerBackend("cpu-composed", () => {
  const cpu = createCpuBackend();
  const { conv2dBackpropInput: _i, conv2dBackpropFilter: _f, ...kernels } = cpu.kernels;
  return { ...cpu, name: "cpu-composed", kernels };
});

const gen = new Generator(3);
const r = (shape: Shape): Tensor => randn(shape, { dtype: "float64", generator: gen });

/**
 * Analytic gradients agree with float64 central differences for every input. Convolutions are
 * bilinear, so central differences have no truncation error and a larger step than the default
 * only shrinks the rounding error (sums of ~100 products make 1e-6 steps read ~1e-6 noise).
 */
function expectGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], eps = 1e-4): void {
  const report = gradCheck(f, inputs, { eps });
  report.maxRelError.forEach((e, i) => {
    expect(e, `input ${i}: worst relative error (element ${report.worstIndex[i]})`).toBeLessThan(1e-6);
  });
}

const CASES: [string, Shape, Shape, Conv2dOptions][] = [
  ["no options", [2, 3, 5, 5], [4, 3, 3, 3], {}],
  ["padding 1", [2, 3, 5, 4], [2, 3, 3, 3], { padding: 1 }],
  ["stride 2, with a last row and column the forward never reads", [1, 2, 6, 6], [3, 2, 3, 3], { stride: 2 }],
  ["stride [2, 1] and padding [1, 2]", [2, 2, 7, 5], [2, 2, 3, 2], { stride: [2, 1], padding: [1, 2] }],
  ["'same' with an even kernel (asymmetric padding)", [1, 2, 5, 6], [2, 2, 2, 4], { padding: "same" }],
  ["dilation 2", [1, 2, 7, 7], [2, 2, 3, 3], { dilation: 2, padding: 1 }],
  ["groups 2", [2, 4, 5, 5], [4, 2, 3, 3], { groups: 2, padding: 1 }],
  ["depthwise with multiplier 2", [1, 3, 5, 5], [6, 1, 3, 3], { groups: 3, stride: 2, padding: 1 }],
];

describe.each(["cpu", "cpu-composed"])("conv2d gradients (%s)", (backend) => {
  beforeEach(() => setBackend(backend));

  for (const [name, xs, ws, options] of CASES) {
    it(name, () => expectGradients((x, w) => conv2d(x!, w!, options), [r(xs), r(ws)]));
  }

  it("of unbatched input [C, H, W]", () =>
    expectGradients((x, w) => conv2d(x!, w!, { padding: 1 }), [r([2, 4, 4]), r([3, 2, 3, 3])]));

  it("of a permuted, sliced (non-contiguous) input", () =>
    expectGradients(
      (x, w) => conv2d(slice(permute(x!, [0, 3, 1, 2]), [null, null, [0, null, 2]]), w!, { padding: 1 }),
      [r([2, 8, 5, 3]), r([2, 3, 3, 3])],
    ));

  it("of conv1d (recorded as conv2d through views)", () =>
    expectGradients(
      (x, w) => conv1d(x!, w!, { stride: 2, padding: 1, dilation: 2 }),
      [r([2, 3, 9]), r([4, 3, 3])],
    ));

  it("of the backward ops themselves", () => {
    const options = { stride: [2, 1], padding: [1, 0, 2, 1], dilation: [1, 2], groups: 2 } as const;
    const inputShape = [2, 4, 6, 5];
    const filterShape = [4, 2, 2, 2];
    // Output: H = floor((6 + 1 + 0 - 1·1 - 1) / 2) + 1 = 3, W = floor((5 + 2 + 1 - 2·1 - 1) / 1) + 1 = 6.
    const dyShape = [2, 4, 3, 6];
    expectGradients(
      (dy, w) => conv2dBackpropInput(dy!, w!, { ...options, inputShape }),
      [r(dyShape), r(filterShape)],
    );
    expectGradients(
      (x, dy) => conv2dBackpropFilter(x!, dy!, { ...options, filterShape }),
      [r(inputShape), r(dyShape)],
    );
  });

  it("gradients of gradients (the backward ops' rules)", () => {
    const loss = (x: Tensor, w: Tensor) =>
      sum(square(conv2d(x, w, { stride: 2, padding: "valid", groups: 2 })));
    const c = r([2, 4, 5, 5]);
    const d = r([4, 2, 3, 3]);
    // gradCheck evaluates f under noGrad; enableGrad lets the inner grad record its own forward.
    expectGradients(
      (x, w) => {
        const [gx, gw] = enableGrad(() => grad(loss)(x!, w!));
        return sum(mul(gx!, c)).add(sum(mul(gw!, d)));
      },
      [r([2, 4, 5, 5]), r([4, 2, 3, 3])],
      1e-5, // cubic in w: a smaller step keeps the truncation error down
    );
  });

  it("gradients of gradients with asymmetric padding", () => {
    const loss = (x: Tensor, w: Tensor) => sum(square(conv2d(x, w, { padding: "same" })));
    const c = r([1, 2, 4, 5]);
    expectGradients(
      (x, w) => sum(mul(enableGrad(() => grad(loss)(x!, w!))[0]!, c)),
      [r([1, 2, 4, 5]), r([2, 2, 2, 2])],
      1e-5,
    );
  });
});
