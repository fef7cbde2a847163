import type { Conv2dKernelOptions } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { conv2d } from "../src/kernels/conv2d.js";
import { conv2dBackpropFilter, conv2dBackpropInput } from "../src/kernels/conv2d-backprop.js";
import { expectClose, type Layout, layoutView, randomValues, view } from "./helpers.js";

type Shape4 = [number, number, number, number];

interface Case {
  x: Shape4;
  w: Shape4;
  stride?: [number, number];
  padding?: [number, number, number, number];
  dilation?: [number, number];
  groups?: number;
}

function options(c: Case): Conv2dKernelOptions {
  return {
    kernel: [c.w[2], c.w[3]],
    stride: c.stride ?? [1, 1],
    padding: c.padding ?? [0, 0, 0, 0],
    dilation: c.dilation ?? [1, 1],
    groups: c.groups ?? 1,
  };
}

function outShape(c: Case): Shape4 {
  const { stride, padding, dilation } = options(c);
  const [N, , H, W] = c.x;
  const [O, , KH, KW] = c.w;
  return [
    N,
    O,
    Math.floor((H + padding[0] + padding[1] - dilation[0] * (KH - 1) - 1) / stride[0]) + 1,
    Math.floor((W + padding[2] + padding[3] - dilation[1] * (KW - 1) - 1) / stride[1]) + 1,
  ];
}

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/**
 * Every (input, weight, output) index triple the convolution multiplies, straight from the
 * definition; the gradients are sums over exactly these triples.
 */
function forEachProduct(c: Case, fn: (xi: number, wi: number, yi: number) => void): void {
  const [N, C, H, W] = c.x;
  const [O, Cg, KH, KW] = c.w;
  const { stride, padding, dilation, groups } = options(c);
  const [, , OH, OW] = outShape(c);
  const Og = O / groups;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++)
          for (let ci = 0; ci < Cg; ci++)
            for (let kh = 0; kh < KH; kh++)
              for (let kw = 0; kw < KW; kw++) {
                const ih = oh * stride[0] - padding[0] + kh * dilation[0];
                const iw = ow * stride[1] - padding[2] + kw * dilation[1];
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                const ch = Math.floor(o / Og) * Cg + ci;
                fn(
                  ((n * C + ch) * H + ih) * W + iw,
                  ((o * Cg + ci) * KH + kh) * KW + kw,
                  ((n * O + o) * OH + oh) * OW + ow,
                );
              }
}

function naiveInputGrad(dy: number[], w: number[], c: Case): number[] {
  const dx = new Array<number>(size(c.x)).fill(0);
  forEachProduct(c, (xi, wi, yi) => {
    dx[xi]! += dy[yi]! * w[wi]!;
  });
  return dx;
}

function naiveFilterGrad(x: number[], dy: number[], c: Case): number[] {
  const dw = new Array<number>(size(c.w)).fill(0);
  forEachProduct(c, (xi, wi, yi) => {
    dw[wi]! += dy[yi]! * x[xi]!;
  });
  return dw;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

function check(c: Case, seed: number, layout: Layout = "contiguous"): void {
  const dyShape = outShape(c);
  const xv = randomValues(size(c.x), seed);
  const wv = randomValues(size(c.w), seed + 1);
  const dyv = randomValues(size(dyShape), seed + 2);
  const dx = conv2dBackpropInput(
    layoutView(dyv, dyShape, "float32", layout),
    layoutView(wv, c.w, "float32", layout),
    {
      ...options(c),
      inputShape: c.x,
    },
  );
  expect(dx).toBeInstanceOf(Float32Array);
  expectClose(dx, naiveInputGrad(dyv, wv, c), 1e-5);
  const dw = conv2dBackpropFilter(
    layoutView(xv, c.x, "float32", layout),
    layoutView(dyv, dyShape, "float32", layout),
    {
      ...options(c),
      filterShape: c.w,
    },
  );
  expect(dw).toBeInstanceOf(Float32Array);
  expectClose(dw, naiveFilterGrad(xv, dyv, c), 1e-5);
}

const cases: [string, Case][] = [
  ["MNIST-like batch, padding 1", { x: [4, 1, 28, 28], w: [8, 1, 3, 3], padding: [1, 1, 1, 1] }],
  ["several channels, no padding", { x: [2, 3, 7, 9], w: [5, 3, 3, 2] }],
  ["stride 2", { x: [2, 3, 9, 8], w: [4, 3, 3, 3], stride: [2, 2], padding: [1, 1, 1, 1] }],
  ["stride 2 with a last row and column never read", { x: [2, 3, 8, 10], w: [4, 3, 3, 3], stride: [2, 2] }],
  ["unequal strides", { x: [1, 2, 10, 11], w: [3, 2, 2, 3], stride: [3, 2] }],
  ["asymmetric padding", { x: [2, 2, 6, 7], w: [3, 2, 3, 3], padding: [1, 0, 2, 1] }],
  ["padding larger than the kernel", { x: [1, 1, 3, 3], w: [2, 1, 2, 2], padding: [3, 2, 0, 4] }],
  [
    "stride larger than the kernel over padding",
    { x: [2, 2, 5, 5], w: [2, 2, 1, 2], stride: [3, 4], padding: [2, 2, 1, 0] },
  ],
  ["dilation 2", { x: [2, 2, 9, 9], w: [3, 2, 3, 3], dilation: [2, 2], padding: [2, 2, 2, 2] }],
  [
    "dilation with stride",
    { x: [1, 3, 11, 10], w: [2, 3, 2, 3], dilation: [2, 3], stride: [2, 1], padding: [0, 1, 1, 0] },
  ],
  ["groups 2", { x: [2, 4, 6, 6], w: [6, 2, 3, 3], groups: 2, padding: [1, 1, 1, 1] }],
  ["depthwise", { x: [2, 5, 7, 6], w: [5, 1, 3, 3], groups: 5, padding: [1, 1, 1, 1] }],
  [
    "depthwise with multiplier 2 and stride 2",
    { x: [1, 3, 8, 8], w: [6, 1, 3, 3], groups: 3, stride: [2, 2] },
  ],
  ["1×1 kernel", { x: [2, 6, 5, 5], w: [4, 6, 1, 1] }],
  [
    "many output pixels and filters (several gemm blocks)",
    { x: [1, 16, 32, 32], w: [12, 16, 3, 3], padding: [1, 1, 1, 1] },
  ],
];

describe("conv2dBackpropInput and conv2dBackpropFilter", () => {
  it("hand-computed: a 2×2 kernel over a 3×3 input, dy all ones", () => {
    // Each input position receives the sum of the kernel taps that read it.
    const w = view([1, 2, 3, 4], [1, 1, 2, 2]);
    const dx = conv2dBackpropInput(view([1, 1, 1, 1], [1, 1, 2, 2]), w, {
      ...options({ x: [1, 1, 3, 3], w: [1, 1, 2, 2] }),
      inputShape: [1, 1, 3, 3],
    });
    expect(Array.from(dx)).toEqual([1, 3, 2, 4, 10, 6, 3, 7, 4]);
    // dw[i][j] = Σ of the 2×2 block of x starting at (i, j).
    const dw = conv2dBackpropFilter(
      view([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]),
      view([1, 1, 1, 1], [1, 1, 2, 2]),
      {
        ...options({ x: [1, 1, 3, 3], w: [1, 1, 2, 2] }),
        filterShape: [1, 1, 2, 2],
      },
    );
    expect(Array.from(dw)).toEqual([12, 16, 24, 28]);
  });

  cases.forEach(([name, c], i) => {
    it(`match the gradients by definition: ${name}`, () => check(c, 200 + 3 * i));
  });

  for (const layout of ["offset", "transposed", "negative", "gapped"] as const) {
    it(`read ${layout} inputs through their strides`, () =>
      check(
        { x: [2, 4, 6, 5], w: [4, 2, 3, 2], groups: 2, stride: [2, 1], padding: [1, 2, 0, 1] },
        7,
        layout,
      ));
  }

  it("satisfy ⟨conv2d(x, w), dy⟩ = ⟨x, dx⟩ = ⟨w, dw⟩ in float64", () => {
    const c: Case = {
      x: [3, 4, 11, 9],
      w: [6, 2, 3, 2],
      stride: [2, 3],
      padding: [2, 1, 0, 1],
      dilation: [2, 1],
      groups: 2,
    };
    const dyShape = outShape(c);
    const xv = randomValues(size(c.x), 31);
    const wv = randomValues(size(c.w), 32);
    const dyv = randomValues(size(dyShape), 33);
    const y = conv2d(view(xv, c.x, "float64"), view(wv, c.w, "float64"), options(c));
    const dx = conv2dBackpropInput(view(dyv, dyShape, "float64"), view(wv, c.w, "float64"), {
      ...options(c),
      inputShape: c.x,
    });
    const dw = conv2dBackpropFilter(view(xv, c.x, "float64"), view(dyv, dyShape, "float64"), {
      ...options(c),
      filterShape: c.w,
    });
    expect(dx).toBeInstanceOf(Float64Array);
    expect(dw).toBeInstanceOf(Float64Array);
    const reference = dot(y, dyv);
    expect(Math.abs(dot(xv, dx) - reference)).toBeLessThan(1e-12 * (1 + Math.abs(reference)));
    expect(Math.abs(dot(wv, dw) - reference)).toBeLessThan(1e-12 * (1 + Math.abs(reference)));
  });

  it("give zeros for an empty batch and for empty channels", () => {
    const c: Case = { x: [0, 2, 4, 4], w: [3, 2, 3, 3] };
    const dx = conv2dBackpropInput(view([], [0, 3, 2, 2]), view(randomValues(54, 1), c.w), {
      ...options(c),
      inputShape: c.x,
    });
    expect(dx.length).toBe(0);
    const dw = conv2dBackpropFilter(view([], c.x), view([], [0, 3, 2, 2]), {
      ...options(c),
      filterShape: c.w,
    });
    expect(Array.from(dw)).toEqual(new Array(54).fill(0));
  });
});
