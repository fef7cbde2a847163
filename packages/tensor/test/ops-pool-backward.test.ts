import { beforeEach, describe, expect, it } from "vitest";
import type { OptionalKernels, View } from "../src/backend/contract.js";
import type { TypedArray } from "../src/core/dtype.js";
import {
  avgPool2d,
  avgPool2dBackward,
  maxPool2d,
  maxPool2dBackward,
  registerBackend,
  ShapeError,
  tensor,
} from "../src/index.js";
import { fusedKernels } from "./helpers/fused-kernels.js";
import {
  compositionBackend,
  expectClose,
  kernelBackend,
  randomValues,
  storagesLeft,
  use,
} from "./helpers/harness.js";
import { at, coords, createTestBackend, store } from "./helpers/reference-backend.js";

interface PoolGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  k: [number, number];
  s: [number, number];
  /** top, bottom, left, right */
  p: [number, number, number, number];
  d: [number, number];
}

function outShape(g: PoolGeometry): [number, number, number, number] {
  return [
    g.n,
    g.c,
    Math.floor((g.h + g.p[0] + g.p[1] - g.d[0] * (g.k[0] - 1) - 1) / g.s[0]) + 1,
    Math.floor((g.w + g.p[2] + g.p[3] - g.d[1] * (g.k[1] - 1) - 1) / g.s[1]) + 1,
  ];
}

/** For every window: its output index and the flat input indices of its in-bounds taps, in tap order. */
function windows(g: PoolGeometry): { out: number; taps: number[] }[] {
  const [, , oh, ow] = outShape(g);
  const result: { out: number; taps: number[] }[] = [];
  for (let b = 0; b < g.n; b++)
    for (let c = 0; c < g.c; c++)
      for (let r = 0; r < oh; r++)
        for (let q = 0; q < ow; q++) {
          const taps: number[] = [];
          for (let i = 0; i < g.k[0]; i++)
            for (let j = 0; j < g.k[1]; j++) {
              const y = r * g.s[0] - g.p[0] + i * g.d[0];
              const z = q * g.s[1] - g.p[2] + j * g.d[1];
              if (y >= 0 && y < g.h && z >= 0 && z < g.w) taps.push(((b * g.c + c) * g.h + y) * g.w + z);
            }
          result.push({ out: ((b * g.c + c) * oh + r) * ow + q, taps });
        }
  return result;
}

/** dx by definition: each dy goes to the first tap holding the window's max (the first NaN if any). */
function naiveMaxGrad(x: number[], dy: number[], g: PoolGeometry): number[] {
  const dx = new Array<number>(x.length).fill(0);
  for (const { out, taps } of windows(g)) {
    const values = taps.map((t) => x[t]!);
    const firstNaN = values.findIndex(Number.isNaN);
    const winner = firstNaN >= 0 ? firstNaN : values.indexOf(Math.max(...values));
    dx[taps[winner]!]! += dy[out]!;
  }
  return dx;
}

/** dx by definition: each dy, divided by its window's divisor, goes to every in-bounds tap. */
function naiveAvgGrad(dy: number[], g: PoolGeometry, countIncludePad: boolean): number[] {
  const dx = new Array<number>(g.n * g.c * g.h * g.w).fill(0);
  for (const { out, taps } of windows(g)) {
    const divisor = countIncludePad ? g.k[0] * g.k[1] : taps.length;
    for (const t of taps) dx[t]! += dy[out]! / divisor;
  }
  return dx;
}

type PoolWindow = Parameters<NonNullable<OptionalKernels<TypedArray>["maxPool2d"]>>[1];
const geometryOf = (shape: readonly number[], o: PoolWindow): PoolGeometry => ({
  n: shape[0]!,
  c: shape[1]!,
  h: shape[2]!,
  w: shape[3]!,
  k: [o.kernel[0], o.kernel[1]],
  s: [o.stride[0], o.stride[1]],
  p: [o.padding[0], o.padding[1], o.padding[2], o.padding[3]],
  d: [o.dilation[0], o.dilation[1]],
});
const valuesOf = (v: View<TypedArray>): number[] => coords(v.shape).map((c) => at(v, c));

/** Naive backward kernels, so the ops' kernel paths run too. */
const backwardKernels: Partial<OptionalKernels<TypedArray>> = {
  maxPool2dBackward: (dy, x, o) =>
    store(x.dtype, naiveMaxGrad(valuesOf(x), valuesOf(dy), geometryOf(x.shape, o))),
  avgPool2dBackward: (dy, o) =>
    store(dy.dtype, naiveAvgGrad(valuesOf(dy), geometryOf(o.inputShape, o), o.countIncludePad)),
};
const backwardKernelBackend = createTestBackend(
  { ...fusedKernels, ...backwardKernels },
  "test-pool-backward-kernels",
);
registerBackend(backwardKernelBackend.name, backwardKernelBackend);

const PATHS = [
  ["composition", compositionBackend],
  ["forward kernels, composed backward", kernelBackend],
  ["backward kernels", backwardKernelBackend],
] as const;

const base: PoolGeometry = { n: 2, c: 3, h: 7, w: 6, k: [2, 2], s: [2, 2], p: [0, 0, 0, 0], d: [1, 1] };

const CASES: [string, PoolGeometry][] = [
  ["2×2 windows, stride 2, an odd row never reached", base],
  ["overlapping 3×3 windows with padding 1", { ...base, k: [3, 3], s: [1, 1], p: [1, 1, 1, 1] }],
  ["3×3 windows, stride 2, padding 1", { ...base, k: [3, 3], s: [2, 2], p: [1, 1, 1, 1] }],
  ["asymmetric padding", { ...base, k: [3, 2], s: [2, 1], p: [1, 0, 0, 1] }],
  ["dilation 2 (max only)", { ...base, h: 9, w: 8, k: [2, 3], s: [1, 2], d: [2, 2] }],
];

const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

describe.each(PATHS)("pooling backward ops (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  describe.each(CASES)("%s", (_label, g) => {
    const xShape = [g.n, g.c, g.h, g.w];
    const dyShape = outShape(g);
    const options = { kernelSize: g.k, stride: g.s, padding: g.p, dilation: g.d };
    // Values rounded to quarters: many ties, so "the first maximum" matters.
    const xs = randomValues(size(xShape), 1).map((v) => Math.round(v * 4) / 4);
    const dys = randomValues(size(dyShape), 2);

    it("maxPool2dBackward sends each gradient to the first maximum of its window", () => {
      const dx = maxPool2dBackward(tensor(dys, { shape: dyShape }), tensor(xs, { shape: xShape }), options);
      expect(dx.shape).toEqual(xShape);
      expectClose(dx.dataSync(), naiveMaxGrad(xs, dys, g), 1e-6);
    });

    // Average pooling has no dilation: those geometries get no average-pooling case at all.
    if (g.d[0] === 1 && g.d[1] === 1) {
      it.each([true, false])(
        "avgPool2dBackward spreads each gradient over its window (countIncludePad %s)",
        (countIncludePad) => {
          const dx = avgPool2dBackward(tensor(dys, { shape: dyShape }), {
            kernelSize: g.k,
            stride: g.s,
            padding: g.p,
            inputShape: xShape,
            countIncludePad,
          });
          expect(dx.shape).toEqual(xShape);
          expectClose(dx.dataSync(), naiveAvgGrad(dys, g, countIncludePad), 1e-6);
        },
      );
    }

    // The forward ops pad symmetrically: an asymmetric geometry has no forward to compare with.
    if (g.p[0] === g.p[1] && g.p[2] === g.p[3])
      it("satisfies ⟨pool(x), dy⟩ = ⟨x, dx⟩ against the forward ops", () => {
        const x = tensor(randomValues(size(xShape), 3), { shape: xShape, dtype: "float64" });
        const dy = tensor(dys, { shape: dyShape, dtype: "float64" });
        const forward = { kernelSize: g.k, stride: g.s, padding: [g.p[0], g.p[2]] as [number, number] };
        const yMax = maxPool2d(x, { ...forward, dilation: g.d });
        const dxMax = maxPool2dBackward(dy, x, options);
        expect(dxMax.dtype).toBe("float64");
        expect(dot(x.dataSync(), dxMax.dataSync())).toBeCloseTo(dot(yMax.dataSync(), dys), 10);
        if (g.d[0] !== 1 || g.d[1] !== 1) return;
        const yAvg = avgPool2d(x, forward);
        const dxAvg = avgPool2dBackward(dy, { ...forward, inputShape: xShape });
        expect(dot(x.dataSync(), dxAvg.dataSync())).toBeCloseTo(dot(yAvg.dataSync(), dys), 10);
      });

    it("frees every temporary", () => {
      const dy = tensor(dys, { shape: dyShape });
      const x = tensor(xs, { shape: xShape });
      const a = storagesLeft(backend, () => maxPool2dBackward(dy, x, options));
      expect(a.left).toBe(1);
      if (g.d[0] !== 1 || g.d[1] !== 1) return; // average pooling has no dilation
      const b = storagesLeft(backend, () =>
        avgPool2dBackward(dy, { kernelSize: g.k, stride: g.s, padding: g.p, inputShape: xShape }),
      );
      expect(b.left).toBe(1);
    });
  });

  it("counts NaN as the maximum (the first NaN) and sends an all -Infinity window's gradient inside", () => {
    const inf = Number.NEGATIVE_INFINITY;
    const nan = Number.NaN;
    const x = [1, nan, 3, nan, inf, inf, 2, inf, inf, inf, 5, 0, 4, 4, inf, inf];
    const g: PoolGeometry = { n: 1, c: 1, h: 4, w: 4, k: [2, 2], s: [1, 1], p: [1, 1, 1, 1], d: [1, 1] };
    const dyShape = outShape(g);
    const dys = randomValues(size(dyShape), 4);
    const dx = maxPool2dBackward(tensor(dys, { shape: dyShape }), tensor(x, { shape: [1, 1, 4, 4] }), {
      kernelSize: 2,
      stride: 1,
      padding: 1,
    });
    expectClose(dx.dataSync(), naiveMaxGrad(x, dys, g), 1e-6);
    // x[0][1] (a NaN) wins every window holding it: outputs [0][1], [0][2], [1][1], [1][2]
    // (output [r][q] covers rows r-1…r, columns q-1…q). Outputs [2][0] and [2][1] see only
    // -Infinity: their first in-bounds tap, x[1][0], gets their gradient.
    const grads = Array.from(dx.dataSync());
    expect(grads[1]).toBeCloseTo(dys[1]! + dys[2]! + dys[6]! + dys[7]!, 6);
    expect(grads[4]).toBeCloseTo(dys[10]! + dys[11]!, 6);
  });

  it("computes integer inputs as float32 and accepts unbatched-looking pairs of options", () => {
    const x = tensor(
      [
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ],
      "int32",
    );
    const dx = maxPool2dBackward(tensor([[[[5]]]], "int32"), x, { kernelSize: 2 });
    expect(dx.dtype).toBe("float32");
    expect(dx.toArray()).toEqual([
      [
        [
          [0, 0],
          [0, 5],
        ],
      ],
    ]);
    const da = avgPool2dBackward(tensor([[[[4]]]]), { kernelSize: [2, 2], inputShape: [1, 1, 2, 2] });
    expect(da.toArray()).toEqual([
      [
        [
          [1, 1],
          [1, 1],
        ],
      ],
    ]);
  });

  it("rejects a dy that is not the forward output's shape", () => {
    const x = tensor(randomValues(2 * 3 * 4 * 4, 1), { shape: [2, 3, 4, 4] });
    expect(() =>
      maxPool2dBackward(tensor(randomValues(2 * 3 * 3 * 3, 1), { shape: [2, 3, 3, 3] }), x, {
        kernelSize: 2,
      }),
    ).toThrow(/maxPool2dBackward: dy must have the forward output's shape \[2,3,2,2\]/);
    expect(() => avgPool2dBackward(tensor([1, 2]), { kernelSize: 2, inputShape: [1, 1, 2, 2] })).toThrow(
      ShapeError,
    );
  });
});
