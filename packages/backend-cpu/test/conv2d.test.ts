import type { Conv2dKernelOptions } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { conv2d } from "../src/kernels/conv2d.js";
import { expectClose, layoutView, list, randomValues, view } from "./helpers.js";

interface Case {
  x: [number, number, number, number];
  w: [number, number, number, number];
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

/** The naive 7-loop convolution, straight from the definition, on row-major arrays. */
function naiveConv(x: number[], w: number[], c: Case): { out: number[]; shape: number[] } {
  const [N, C, H, W] = c.x;
  const [O, Cg, KH, KW] = c.w;
  const { stride, padding, dilation, groups } = options(c);
  const [pt, pb, pl, pr] = padding;
  const OH = Math.floor((H + pt + pb - dilation[0] * (KH - 1) - 1) / stride[0]) + 1;
  const OW = Math.floor((W + pl + pr - dilation[1] * (KW - 1) - 1) / stride[1]) + 1;
  const Og = O / groups;
  const out: number[] = [];
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / Og);
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          let s = 0;
          for (let ci = 0; ci < Cg; ci++) {
            for (let kh = 0; kh < KH; kh++) {
              for (let kw = 0; kw < KW; kw++) {
                const ih = oh * stride[0] - pt + kh * dilation[0];
                const iw = ow * stride[1] - pl + kw * dilation[1];
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                const c_ = g * Cg + ci;
                s += x[((n * C + c_) * H + ih) * W + iw]! * w[((o * Cg + ci) * KH + kh) * KW + kw]!;
              }
            }
          }
          out.push(s);
        }
      }
    }
  }
  return { out, shape: [N, O, OH, OW] };
}

function check(
  c: Case,
  seed: number,
  layout: "contiguous" | "transposed" | "negative" | "gapped" = "contiguous",
) {
  const xv = randomValues(
    c.x.reduce((a, b) => a * b, 1),
    seed,
  );
  const wv = randomValues(
    c.w.reduce((a, b) => a * b, 1),
    seed + 1,
  );
  const got = conv2d(
    layoutView(xv, c.x, "float32", layout),
    layoutView(wv, c.w, "float32", layout),
    options(c),
  );
  const { out } = naiveConv(xv, wv, c);
  expect(got).toBeInstanceOf(Float32Array);
  expectClose(got, out, 1e-5);
}

describe("conv2d", () => {
  it("hand-computed 3×3 input, 2×2 kernel", () => {
    const x = view([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const w = view([1, 0, 0, -1], [1, 1, 2, 2]);
    // out[i][j] = x[i][j] - x[i+1][j+1] = -4 everywhere.
    expect(list(conv2d(x, w, options({ x: [1, 1, 3, 3], w: [1, 1, 2, 2] })))).toEqual([-4, -4, -4, -4]);
  });

  it("hand-computed zero padding of 1 with a ones kernel counts each 3×3 neighbourhood", () => {
    const x = view([1, 1, 1, 1], [1, 1, 2, 2]);
    const w = view(new Array(9).fill(1), [1, 1, 3, 3]);
    expect(list(conv2d(x, w, options({ x: [1, 1, 2, 2], w: [1, 1, 3, 3], padding: [1, 1, 1, 1] })))).toEqual([
      4, 4, 4, 4,
    ]);
  });

  const cases: [string, Case][] = [
    ["MNIST-like batch, padding 1", { x: [4, 1, 28, 28], w: [8, 1, 3, 3], padding: [1, 1, 1, 1] }],
    ["several channels, no padding", { x: [2, 3, 7, 9], w: [5, 3, 3, 2] }],
    ["stride 2", { x: [2, 3, 9, 8], w: [4, 3, 3, 3], stride: [2, 2], padding: [1, 1, 1, 1] }],
    ["unequal strides", { x: [1, 2, 10, 11], w: [3, 2, 2, 3], stride: [3, 2] }],
    ["asymmetric padding", { x: [2, 2, 6, 7], w: [3, 2, 3, 3], padding: [1, 0, 2, 1] }],
    ["padding larger than the kernel", { x: [1, 1, 3, 3], w: [2, 1, 2, 2], padding: [3, 2, 0, 4] }],
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
      "output wider than one packing block (im2col chunks split output rows)",
      { x: [1, 16, 32, 32], w: [4, 16, 3, 3], padding: [1, 1, 1, 1] },
    ],
  ];
  cases.forEach(([name, c], i) => {
    it(`matches the naive 7-loop convolution: ${name}`, () => check(c, 100 + i));
  });

  for (const layout of ["transposed", "negative", "gapped"] as const) {
    it(`reads ${layout} x and w through their strides`, () => {
      check(
        { x: [2, 4, 6, 5], w: [4, 2, 3, 2], groups: 2, stride: [2, 1], padding: [1, 2, 0, 1] },
        7,
        layout,
      );
    });
  }

  it("reads a batch-broadcast x (stride 0 on N)", () => {
    const xv = randomValues(2 * 5 * 5, 9);
    const wv = randomValues(3 * 2 * 3 * 3, 10);
    const base = view(xv, [1, 2, 5, 5]);
    const x = { ...base, shape: [3, 2, 5, 5], strides: [0, 25, 5, 1] };
    const got = conv2d(
      x,
      view(wv, [3, 2, 3, 3]),
      options({ x: [3, 2, 5, 5], w: [3, 2, 3, 3], padding: [1, 1, 1, 1] }),
    );
    const one = naiveConv(xv, wv, { x: [1, 2, 5, 5], w: [3, 2, 3, 3], padding: [1, 1, 1, 1] }).out;
    expectClose(got, [...one, ...one, ...one], 1e-5);
  });

  it("computes float64 in float64", () => {
    const c: Case = { x: [1, 2, 5, 5], w: [2, 2, 3, 3], padding: [1, 1, 1, 1] };
    const xv = Array.from({ length: 50 }, (_, i) => 1 + i * 1e-10);
    const wv = Array.from({ length: 36 }, (_, i) => 1 - i * 1e-10);
    const got = conv2d(view(xv, c.x, "float64"), view(wv, c.w, "float64"), options(c));
    expect(got).toBeInstanceOf(Float64Array);
    expectClose(got, naiveConv(xv, wv, c).out, 1e-15);
  });

  it("propagates NaN only to the outputs whose window sees it", () => {
    const x = view([Number.NaN, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 3, 3]);
    const w = view([1, 1, 1, 1], [1, 1, 2, 2]);
    expect(list(conv2d(x, w, options({ x: [1, 1, 3, 3], w: [1, 1, 2, 2] })))).toEqual([Number.NaN, 4, 4, 4]);
  });

  it("returns empty output for an empty batch or a kernel that never fits", () => {
    const w = view(randomValues(9, 1), [1, 1, 3, 3]);
    expect(conv2d(view([], [0, 1, 4, 4]), w, options({ x: [0, 1, 4, 4], w: [1, 1, 3, 3] })).length).toBe(0);
    expect(
      conv2d(view([1, 2, 3, 4], [1, 1, 2, 2]), w, options({ x: [1, 1, 2, 2], w: [1, 1, 3, 3] })).length,
    ).toBe(0);
  });
});
