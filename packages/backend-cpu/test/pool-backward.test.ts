import type { Window2d } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { avgPool2d, maxPool2d } from "../src/kernels/pool.js";
import { avgPool2dBackward, maxPool2dBackward } from "../src/kernels/pool-backward.js";
import { expectClose, LAYOUTS, layoutView, list, randomValues, view } from "./helpers.js";

type Shape4 = [number, number, number, number];
const NEG = Number.NEGATIVE_INFINITY;

function win(k: [number, number], extra: Partial<Window2d> = {}): Window2d {
  return { kernel: k, stride: k, padding: [0, 0, 0, 0], dilation: [1, 1], ...extra };
}

function outShape(shape: Shape4, w: Window2d): Shape4 {
  const [N, C, H, W] = shape;
  const [pt, pb, pl, pr] = w.padding;
  return [
    N,
    C,
    Math.floor((H + pt + pb - w.dilation[0] * (w.kernel[0] - 1) - 1) / w.stride[0]) + 1,
    Math.floor((W + pl + pr - w.dilation[1] * (w.kernel[1] - 1) - 1) / w.stride[1]) + 1,
  ];
}

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Each window's output index and its in-bounds taps' input indices, in row-major tap order. */
function windows(shape: Shape4, w: Window2d): { out: number; taps: number[] }[] {
  const [N, C, H, W] = shape;
  const [, , OH, OW] = outShape(shape, w);
  const result: { out: number; taps: number[] }[] = [];
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          const taps: number[] = [];
          for (let kh = 0; kh < w.kernel[0]; kh++)
            for (let kw = 0; kw < w.kernel[1]; kw++) {
              const ih = oh * w.stride[0] - w.padding[0] + kh * w.dilation[0];
              const iw = ow * w.stride[1] - w.padding[2] + kw * w.dilation[1];
              if (ih >= 0 && ih < H && iw >= 0 && iw < W) taps.push(((n * C + c) * H + ih) * W + iw);
            }
          result.push({ out: ((n * C + c) * OH + oh) * OW + ow, taps });
        }
  return result;
}

/** By definition: dy goes to the first tap holding the window's max (the first NaN, if any). */
function naiveMaxGrad(x: number[], dy: number[], shape: Shape4, w: Window2d): number[] {
  const dx = new Array<number>(size(shape)).fill(0);
  for (const { out, taps } of windows(shape, w)) {
    const values = taps.map((t) => x[t]!);
    const firstNaN = values.findIndex(Number.isNaN);
    dx[taps[firstNaN >= 0 ? firstNaN : values.indexOf(Math.max(...values))]!]! += dy[out]!;
  }
  return dx;
}

/** By definition: dy / divisor goes to every in-bounds tap. */
function naiveAvgGrad(dy: number[], shape: Shape4, w: Window2d, includePad: boolean): number[] {
  const dx = new Array<number>(size(shape)).fill(0);
  for (const { out, taps } of windows(shape, w)) {
    for (const t of taps) dx[t]! += dy[out]! / (includePad ? w.kernel[0] * w.kernel[1] : taps.length);
  }
  return dx;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

const cases: [string, Shape4, Window2d][] = [
  ["2×2, stride 2", [2, 3, 8, 8], win([2, 2])],
  ["2×2, stride 2, odd size (last row and column never read)", [1, 2, 7, 9], win([2, 2])],
  [
    "overlapping 3×3, stride 1, padding 1",
    [2, 2, 6, 5],
    win([3, 3], { stride: [1, 1], padding: [1, 1, 1, 1] }),
  ],
  ["3×3, stride 2, padding 1", [1, 3, 9, 8], win([3, 3], { stride: [2, 2], padding: [1, 1, 1, 1] })],
  ["asymmetric window and padding", [2, 1, 7, 6], win([3, 2], { stride: [2, 1], padding: [1, 0, 0, 1] })],
];

describe("maxPool2dBackward", () => {
  it("hand-computed: the gradient lands on each window's max", () => {
    const x = view([1, 2, 3, 4, 8, 6, 7, 5, 9, 10, 11, 12, 13, 16, 15, 14], [1, 1, 4, 4]);
    expect(list(maxPool2dBackward(view([1, 2, 3, 4], [1, 1, 2, 2]), x, win([2, 2])))).toEqual([
      0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 3, 4, 0,
    ]);
  });

  cases.forEach(([name, shape, w], i) => {
    it(`matches the gradient by definition, with ties: ${name}`, () => {
      // Rounded to quarters: many ties, so "the first maximum" is exercised.
      const xv = randomValues(size(shape), 300 + i).map((v) => Math.round(v * 4) / 4);
      const dyShape = outShape(shape, w);
      const dyv = randomValues(size(dyShape), 400 + i);
      expectClose(
        maxPool2dBackward(view(dyv, dyShape), view(xv, shape), w),
        naiveMaxGrad(xv, dyv, shape, w),
        1e-6,
      );
    });
  });

  it("with dilation", () => {
    const shape: Shape4 = [1, 2, 9, 8];
    const w = win([2, 3], { stride: [1, 2], dilation: [2, 2], padding: [1, 1, 2, 2] });
    const xv = randomValues(size(shape), 5).map((v) => Math.round(v * 4) / 4);
    const dyv = randomValues(size(outShape(shape, w)), 6);
    expectClose(
      maxPool2dBackward(view(dyv, outShape(shape, w)), view(xv, shape), w),
      naiveMaxGrad(xv, dyv, shape, w),
      1e-6,
    );
  });

  it("counts the first NaN as the max and sends an all -Infinity window's gradient to its first in-bounds tap", () => {
    const x = [1, Number.NaN, Number.NaN, 3, NEG, NEG, NEG, NEG, 2];
    const w = win([2, 2], { stride: [1, 1], padding: [1, 1, 1, 1] });
    const dyv = randomValues(16, 7);
    const dx = maxPool2dBackward(view(dyv, [1, 1, 4, 4]), view(x, [1, 1, 3, 3]), w);
    expectClose(dx, naiveMaxGrad(x, dyv, [1, 1, 3, 3], w), 1e-6);
    // x[0][2] (the second NaN) only wins the windows that do not also hold x[0][1].
    expect(dx[2]).toBeCloseTo(dyv[3]! + dyv[7]!, 6);
  });

  for (const layout of LAYOUTS) {
    it(`reads ${layout} dy and x through their strides`, () => {
      const shape: Shape4 = [2, 3, 5, 6];
      const w = win([3, 2], { stride: [2, 2], padding: [1, 1, 0, 0] });
      const xv = randomValues(size(shape), 8);
      const dyv = randomValues(size(outShape(shape, w)), 9);
      const dx = maxPool2dBackward(
        layoutView(dyv, outShape(shape, w), "float32", layout),
        layoutView(xv, shape, "float32", layout),
        w,
      );
      expectClose(dx, naiveMaxGrad(xv, dyv, shape, w), 1e-6);
    });
  }

  it("satisfies ⟨maxPool2d(x), dy⟩ = ⟨x, dx⟩ in float64", () => {
    const shape: Shape4 = [2, 3, 9, 7];
    const w = win([3, 3], { stride: [2, 1], padding: [1, 1, 1, 1], dilation: [1, 2] });
    const xv = randomValues(size(shape), 10);
    const dyv = randomValues(size(outShape(shape, w)), 11);
    const y = maxPool2d(view(xv, shape, "float64"), w);
    const dx = maxPool2dBackward(view(dyv, outShape(shape, w), "float64"), view(xv, shape, "float64"), w);
    expect(dx).toBeInstanceOf(Float64Array);
    expect(dot(xv, dx)).toBeCloseTo(dot(y, dyv), 12);
  });
});

describe("avgPool2dBackward", () => {
  it("hand-computed: a 2×2 window shares its gradient in quarters", () => {
    const dx = avgPool2dBackward(view([4, 8], [1, 1, 1, 2]), {
      ...win([2, 2]),
      countIncludePad: true,
      inputShape: [1, 1, 2, 4],
    });
    expect(list(dx)).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
  });

  for (const includePad of [true, false]) {
    cases.forEach(([name, shape, w], i) => {
      it(`matches the gradient by definition (countIncludePad ${includePad}): ${name}`, () => {
        const dyShape = outShape(shape, w);
        const dyv = randomValues(size(dyShape), 500 + i);
        const dx = avgPool2dBackward(view(dyv, dyShape), {
          ...w,
          countIncludePad: includePad,
          inputShape: shape,
        });
        expectClose(dx, naiveAvgGrad(dyv, shape, w, includePad), 1e-6);
      });
    });
  }

  for (const layout of LAYOUTS) {
    it(`reads a ${layout} dy through its strides`, () => {
      const shape: Shape4 = [2, 2, 6, 5];
      const w = win([3, 3], { stride: [1, 2], padding: [1, 1, 1, 1] });
      const dyv = randomValues(size(outShape(shape, w)), 12);
      const dx = avgPool2dBackward(layoutView(dyv, outShape(shape, w), "float32", layout), {
        ...w,
        countIncludePad: false,
        inputShape: shape,
      });
      expectClose(dx, naiveAvgGrad(dyv, shape, w, false), 1e-6);
    });
  }

  it("satisfies ⟨avgPool2d(x), dy⟩ = ⟨x, dx⟩ in float64", () => {
    const shape: Shape4 = [2, 3, 9, 7];
    for (const countIncludePad of [true, false]) {
      const w = { ...win([3, 2], { stride: [2, 1], padding: [1, 1, 1, 1] }), countIncludePad };
      const xv = randomValues(size(shape), 13);
      const dyv = randomValues(size(outShape(shape, w)), 14);
      const y = avgPool2d(view(xv, shape, "float64"), w);
      const dx = avgPool2dBackward(view(dyv, outShape(shape, w), "float64"), { ...w, inputShape: shape });
      expect(dx).toBeInstanceOf(Float64Array);
      expect(dot(xv, dx)).toBeCloseTo(dot(y, dyv), 12);
    }
  });
});
