import type { Window2d } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { avgPool2d, maxPool2d } from "../src/kernels/pool.js";
import { expectClose, LAYOUTS, layoutView, list, randomValues, view } from "./helpers.js";

const NaN_ = Number.NaN;
const NEG = Number.NEGATIVE_INFINITY;

function win(k: [number, number], extra: Partial<Window2d> = {}): Window2d {
  return { kernel: k, stride: k, padding: [0, 0, 0, 0], dilation: [1, 1], ...extra };
}

/** Naive pooling: per window, collect the in-bounds taps and the full tap count. */
function naivePool(
  x: number[],
  shape: number[],
  w: Window2d,
  reduce: (taps: number[], total: number) => number,
): number[] {
  const [N, C, H, W] = shape as [number, number, number, number];
  const [KH, KW] = w.kernel;
  const [pt, pb, pl, pr] = w.padding;
  const OH = Math.floor((H + pt + pb - w.dilation[0] * (KH - 1) - 1) / w.stride[0]) + 1;
  const OW = Math.floor((W + pl + pr - w.dilation[1] * (KW - 1) - 1) / w.stride[1]) + 1;
  const out: number[] = [];
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          const taps: number[] = [];
          for (let kh = 0; kh < KH; kh++) {
            for (let kw = 0; kw < KW; kw++) {
              const ih = oh * w.stride[0] - pt + kh * w.dilation[0];
              const iw = ow * w.stride[1] - pl + kw * w.dilation[1];
              if (ih >= 0 && ih < H && iw >= 0 && iw < W) taps.push(x[((n * C + c) * H + ih) * W + iw]!);
            }
          }
          out.push(reduce(taps, KH * KW));
        }
      }
    }
  }
  return out;
}

const naiveMax = (taps: number[]) => (taps.some(Number.isNaN) ? NaN_ : Math.max(NEG, ...taps));
const sumOf = (taps: number[]) => taps.reduce((a, b) => a + b, 0);

describe("maxPool2d", () => {
  it("hand-computed 2×2 pooling of a 4×4 input", () => {
    const x = view([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 1, 4, 4]);
    expect(list(maxPool2d(x, win([2, 2])))).toEqual([6, 8, 14, 16]);
  });

  it("pads with -Infinity: all-negative inputs are not lifted to 0", () => {
    const x = view([-5, -6, -7, -8], [1, 1, 2, 2]);
    const out = maxPool2d(x, win([2, 2], { stride: [1, 1], padding: [1, 0, 1, 0] }));
    expect(list(out)).toEqual([-5, -5, -5, -5]);
  });

  it("propagates NaN in a window", () => {
    const x = view([1, NaN_, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
    expect(list(maxPool2d(x, win([2, 2])))).toEqual([NaN_, 8]);
    const nanFirst = view([NaN_, 9, 9, 9], [1, 1, 2, 2]);
    expect(list(maxPool2d(nanFirst, win([2, 2])))).toEqual([NaN_]);
  });

  const cases: [string, Window2d][] = [
    ["3×3 stride 2 padding 1", win([3, 3], { stride: [2, 2], padding: [1, 1, 1, 1] })],
    ["asymmetric padding", win([2, 3], { stride: [1, 2], padding: [0, 1, 2, 0] })],
    ["dilation 2", win([2, 2], { stride: [1, 1], dilation: [2, 2], padding: [1, 1, 1, 1] })],
  ];
  for (const [name, w] of cases) {
    for (const layout of LAYOUTS) {
      it(`matches a naive max pool: ${name}, ${layout} input`, () => {
        const shape = [2, 3, 7, 6];
        const values = randomValues(2 * 3 * 7 * 6, 17);
        expect(list(maxPool2d(layoutView(values, shape, "float32", layout), w))).toEqual(
          naivePool(values, shape, w, naiveMax),
        );
      });
    }
  }

  it("returns empty output for an empty batch", () => {
    expect(maxPool2d(view([], [0, 2, 4, 4]), win([2, 2])).length).toBe(0);
  });
});

describe("avgPool2d", () => {
  it("hand-computed 2×2 average", () => {
    const x = view([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 1, 4, 4]);
    expect(list(avgPool2d(x, { ...win([2, 2]), countIncludePad: true }))).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  it("countIncludePad divides padded windows by the full size, else by the in-bounds count", () => {
    const x = view([4, 8, 12, 16], [1, 1, 2, 2]);
    const w = win([2, 2], { stride: [1, 1], padding: [1, 0, 1, 0] });
    // Windows (top-left at -1,-1 … 0,0): sums 4, 12, 16, 40 over 1, 2, 2, 4 in-bounds taps.
    expect(list(avgPool2d(x, { ...w, countIncludePad: true }))).toEqual([1, 3, 4, 10]);
    expect(list(avgPool2d(x, { ...w, countIncludePad: false }))).toEqual([4, 6, 8, 10]);
  });

  for (const countIncludePad of [true, false]) {
    for (const layout of ["contiguous", "transposed", "negative"] as const) {
      it(`matches a naive average, 3×3 stride 2 padding 1, countIncludePad=${countIncludePad}, ${layout}`, () => {
        const shape = [2, 2, 7, 8];
        const values = randomValues(2 * 2 * 7 * 8, 23);
        const w = win([3, 3], { stride: [2, 2], padding: [1, 1, 1, 1] });
        const expected = naivePool(
          values,
          shape,
          w,
          (taps, total) => sumOf(taps) / (countIncludePad ? total : taps.length),
        );
        expectClose(
          avgPool2d(layoutView(values, shape, "float64", layout), { ...w, countIncludePad }),
          expected,
          1e-15,
        );
      });
    }
  }

  it("gives 0, not 0/0, for a window entirely in the padding", () => {
    const x = view([5], [1, 1, 1, 1]);
    const w = win([1, 1], { stride: [1, 1], padding: [1, 0, 0, 0] });
    expect(list(avgPool2d(x, { ...w, countIncludePad: false }))).toEqual([0, 5]);
    expect(list(avgPool2d(x, { ...w, countIncludePad: true }))).toEqual([0, 5]);
    expect(list(maxPool2d(x, w))).toEqual([NEG, 5]);
  });

  it("propagates NaN and keeps float32", () => {
    const out = avgPool2d(view([1, NaN_, 3, 4], [1, 1, 2, 2]), { ...win([2, 2]), countIncludePad: true });
    expect(out).toBeInstanceOf(Float32Array);
    expect(list(out)).toEqual([NaN_]);
  });
});
