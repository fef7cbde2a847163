import { beforeEach, describe, expect, it } from "vitest";
import type { OptionalKernels } from "../src/backend/contract.js";
import type { TypedArray } from "../src/core/dtype.js";
import {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  registerBackend,
  ShapeError,
  tensor,
  ValueError,
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

interface Geometry {
  n: number;
  c: number;
  h: number;
  w: number;
  o: number;
  kh: number;
  kw: number;
  stride: [number, number];
  /** top, bottom, left, right */
  pad: [number, number, number, number];
  dilation: [number, number];
  groups: number;
}

const outSize = (size: number, k: number, s: number, p0: number, p1: number, d: number): number =>
  Math.floor((size + p0 + p1 - d * (k - 1) - 1) / s) + 1;

function outShape(g: Geometry): [number, number, number, number] {
  return [
    g.n,
    g.o,
    outSize(g.h, g.kh, g.stride[0], g.pad[0], g.pad[1], g.dilation[0]),
    outSize(g.w, g.kw, g.stride[1], g.pad[2], g.pad[3], g.dilation[1]),
  ];
}

/**
 * Visits every (output, weight tap) pair of the convolution whose input position lies inside x:
 * `fn(xIndex, wIndex, yIndex)` with flat row-major indices. The gradients by definition are sums
 * over exactly these pairs.
 */
function forEachProduct(g: Geometry, fn: (xi: number, wi: number, yi: number) => void): void {
  const [, , oh, ow] = outShape(g);
  const cg = g.c / g.groups;
  const og = g.o / g.groups;
  for (let b = 0; b < g.n; b++)
    for (let f = 0; f < g.o; f++)
      for (let r = 0; r < oh; r++)
        for (let q = 0; q < ow; q++)
          for (let ci = 0; ci < cg; ci++)
            for (let i = 0; i < g.kh; i++)
              for (let j = 0; j < g.kw; j++) {
                const y = r * g.stride[0] - g.pad[0] + i * g.dilation[0];
                const z = q * g.stride[1] - g.pad[2] + j * g.dilation[1];
                if (y < 0 || y >= g.h || z < 0 || z >= g.w) continue;
                const c = Math.floor(f / og) * cg + ci;
                fn(
                  ((b * g.c + c) * g.h + y) * g.w + z,
                  ((f * cg + ci) * g.kh + i) * g.kw + j,
                  ((b * g.o + f) * oh + r) * ow + q,
                );
              }
}

/** dx[n,c,h,w] = Σ over the outputs whose window read (h, w) of dy · w. */
function naiveInputGrad(dy: number[], w: number[], g: Geometry): number[] {
  const dx = new Array<number>(g.n * g.c * g.h * g.w).fill(0);
  forEachProduct(g, (xi, wi, yi) => {
    dx[xi]! += dy[yi]! * w[wi]!;
  });
  return dx;
}

/** dw[o,c,i,j] = Σ over batch and output positions of dy · the input that tap read. */
function naiveFilterGrad(x: number[], dy: number[], g: Geometry): number[] {
  const dw = new Array<number>(g.o * (g.c / g.groups) * g.kh * g.kw).fill(0);
  forEachProduct(g, (xi, wi, yi) => {
    dw[wi]! += dy[yi]! * x[xi]!;
  });
  return dw;
}

function naiveConv(x: number[], w: number[], g: Geometry): number[] {
  const [n, o, oh, ow] = outShape(g);
  const y = new Array<number>(n * o * oh * ow).fill(0);
  forEachProduct(g, (xi, wi, yi) => {
    y[yi]! += x[xi]! * w[wi]!;
  });
  return y;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Naive backward kernels, so the ops' kernel paths run too. */
const backwardKernels: Partial<OptionalKernels<TypedArray>> = {
  conv2dBackpropInput: (dy, w, o) => {
    const g = geometryOf(o.inputShape, w.shape, o);
    const dyv = coords(dy.shape).map((c) => at(dy, c));
    const wv = coords(w.shape).map((c) => at(w, c));
    return store(dy.dtype, naiveInputGrad(dyv, wv, g));
  },
  conv2dBackpropFilter: (x, dy, o) => {
    const g = geometryOf(x.shape, o.filterShape, o);
    const xv = coords(x.shape).map((c) => at(x, c));
    const dyv = coords(dy.shape).map((c) => at(dy, c));
    return store(x.dtype, naiveFilterGrad(xv, dyv, g));
  },
};

function geometryOf(
  xShape: readonly number[],
  wShape: readonly number[],
  o: Parameters<NonNullable<OptionalKernels<TypedArray>["conv2d"]>>[2],
): Geometry {
  const [n, c, h, w] = xShape as [number, number, number, number];
  const [oc, , kh, kw] = wShape as [number, number, number, number];
  return {
    n,
    c,
    h,
    w,
    o: oc,
    kh,
    kw,
    stride: [o.stride[0], o.stride[1]],
    pad: [o.padding[0], o.padding[1], o.padding[2], o.padding[3]],
    dilation: [o.dilation[0], o.dilation[1]],
    groups: o.groups,
  };
}

const backwardKernelBackend = createTestBackend(
  { ...fusedKernels, ...backwardKernels },
  "test-conv-backward-kernels",
);
registerBackend(backwardKernelBackend.name, backwardKernelBackend);

const PATHS = [
  ["composition", compositionBackend],
  ["forward kernel, composed backward", kernelBackend],
  ["backward kernels", backwardKernelBackend],
] as const;

const base: Geometry = {
  n: 2,
  c: 3,
  h: 6,
  w: 5,
  o: 4,
  kh: 3,
  kw: 2,
  stride: [1, 1],
  pad: [0, 0, 0, 0],
  dilation: [1, 1],
  groups: 1,
};

const CASES: [string, Geometry][] = [
  ["no options", base],
  ["stride 2", { ...base, h: 7, stride: [2, 2] }],
  ["stride [2, 3] with rows and columns the forward never reaches", { ...base, h: 8, w: 9, stride: [2, 3] }],
  ["symmetric padding", { ...base, pad: [1, 1, 1, 1] }],
  ["asymmetric padding", { ...base, pad: [2, 0, 1, 3] }],
  ["padding wider than the kernel", { ...base, kh: 1, kw: 1, pad: [2, 3, 1, 2] }],
  [
    "stride larger than the kernel, over padding",
    { ...base, kh: 1, kw: 2, stride: [3, 4], pad: [2, 2, 1, 0] },
  ],
  ["dilation 2", { ...base, h: 8, w: 7, dilation: [2, 2] }],
  [
    "stride, padding and dilation",
    { ...base, h: 9, w: 8, stride: [2, 2], pad: [1, 1, 2, 2], dilation: [2, 1] },
  ],
  ["groups 2", { ...base, c: 4, o: 6, groups: 2, pad: [1, 1, 0, 0] }],
  ["depthwise", { ...base, c: 3, o: 6, groups: 3, pad: [1, 1, 1, 1], stride: [2, 1] }],
];

describe.each(PATHS)("conv2d backward ops (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  describe.each(CASES)("%s", (_label, g) => {
    const dyShape = outShape(g);
    const wShape = [g.o, g.c / g.groups, g.kh, g.kw];
    const xs = randomValues(g.n * g.c * g.h * g.w, 1);
    const ws = randomValues(
      wShape.reduce((p, d) => p * d, 1),
      2,
    );
    const dys = randomValues(
      dyShape.reduce((p, d) => p * d, 1),
      3,
    );
    const options = {
      stride: g.stride,
      padding: g.pad,
      dilation: g.dilation,
      groups: g.groups,
    };

    it("conv2dBackpropInput equals the gradient by definition", () => {
      const dx = conv2dBackpropInput(tensor(dys, { shape: dyShape }), tensor(ws, { shape: wShape }), {
        ...options,
        inputShape: [g.n, g.c, g.h, g.w],
      });
      expect(dx.shape).toEqual([g.n, g.c, g.h, g.w]);
      expect(dx.dtype).toBe("float32");
      expectClose(dx.dataSync(), naiveInputGrad(dys, ws, g), 1e-5);
    });

    it("conv2dBackpropFilter equals the gradient by definition", () => {
      const dw = conv2dBackpropFilter(
        tensor(xs, { shape: [g.n, g.c, g.h, g.w] }),
        tensor(dys, { shape: dyShape }),
        {
          ...options,
          filterShape: wShape,
        },
      );
      expect(dw.shape).toEqual(wShape);
      expectClose(dw.dataSync(), naiveFilterGrad(xs, dys, g), 1e-5);
    });

    it("satisfies ⟨conv2d(x, w), dy⟩ = ⟨x, dx⟩ = ⟨w, dw⟩", () => {
      const x = tensor(xs, { shape: [g.n, g.c, g.h, g.w], dtype: "float64" });
      const w = tensor(ws, { shape: wShape, dtype: "float64" });
      const dy = tensor(dys, { shape: dyShape, dtype: "float64" });
      const symmetric = g.pad[0] === g.pad[1] && g.pad[2] === g.pad[3];
      // conv2d itself takes symmetric padding only; otherwise the seven-loop forward stands in.
      const y = symmetric
        ? conv2d(x, w, { ...options, padding: [g.pad[0], g.pad[2]] }).dataSync()
        : naiveConv(xs, ws, g);
      const dx = conv2dBackpropInput(dy, w, { ...options, inputShape: x.shape });
      const dw = conv2dBackpropFilter(x, dy, { ...options, filterShape: w.shape });
      expect(dx.dtype).toBe("float64");
      expect(dw.dtype).toBe("float64");
      const reference = dot(y, dys);
      expect(dot(xs, dx.dataSync())).toBeCloseTo(reference, 10);
      expect(dot(ws, dw.dataSync())).toBeCloseTo(reference, 10);
    });

    it("frees every temporary", () => {
      const dy = tensor(dys, { shape: dyShape });
      const w = tensor(ws, { shape: wShape });
      const x = tensor(xs, { shape: [g.n, g.c, g.h, g.w] });
      const a = storagesLeft(backend, () => conv2dBackpropInput(dy, w, { ...options, inputShape: x.shape }));
      const b = storagesLeft(backend, () =>
        conv2dBackpropFilter(x, dy, { ...options, filterShape: w.shape }),
      );
      expect([a.left, b.left]).toEqual([1, 1]);
    });
  });

  it("reads strided (transposed) dy and w", () => {
    const g = { ...base, c: 2, o: 2, h: 4, w: 4, kh: 2, kw: 2, pad: [1, 1, 1, 1] as Geometry["pad"] };
    const dyShape = outShape(g);
    const dys = randomValues(
      dyShape.reduce((p, d) => p * d, 1),
      4,
    );
    const ws = randomValues(g.o * g.c * 4, 5);
    // Stored with H and W swapped, read back transposed: the same logical values.
    const swap = (v: number[], s: number[]): number[] => {
      const t = tensor(v, { shape: s });
      return t.transpose(2, 3).contiguous().dataSync() as unknown as number[];
    };
    const dyT = tensor(Array.from(swap(dys, dyShape)), {
      shape: [dyShape[0], dyShape[1], dyShape[3], dyShape[2]],
    }).transpose(2, 3);
    const wT = tensor(Array.from(swap(ws, [g.o, g.c, 2, 2])), { shape: [g.o, g.c, 2, 2] }).transpose(2, 3);
    const dx = conv2dBackpropInput(dyT, wT, { padding: 1, inputShape: [g.n, g.c, g.h, g.w] });
    expectClose(dx.dataSync(), naiveInputGrad(dys, ws, g), 1e-5);
  });

  it("accepts the forward's 'same' padding and computes integers as float32", () => {
    const g: Geometry = { ...base, kh: 3, kw: 2, pad: [1, 1, 0, 1] };
    const dyShape = outShape(g);
    const dys = randomValues(
      dyShape.reduce((p, d) => p * d, 1),
      6,
    ).map((v) => Math.round(v * 4));
    const ws = randomValues(g.o * g.c * g.kh * g.kw, 7).map((v) => Math.round(v * 4));
    const dx = conv2dBackpropInput(
      tensor(dys, { shape: dyShape, dtype: "int32" }),
      tensor(ws, { shape: [g.o, g.c, 3, 2], dtype: "int32" }),
      {
        padding: "same",
        inputShape: [g.n, g.c, g.h, g.w],
      },
    );
    expect(dx.dtype).toBe("float32");
    expectClose(dx.dataSync(), naiveInputGrad(dys, ws, g), 1e-6);
  });

  it("gives zeros for empty shapes", () => {
    const dx = conv2dBackpropInput(
      tensor([], { shape: [0, 2, 3, 3] }),
      tensor(randomValues(2 * 3 * 4, 1), { shape: [2, 3, 2, 2] }),
      {
        inputShape: [0, 3, 4, 4],
      },
    );
    expect(dx.shape).toEqual([0, 3, 4, 4]);
    const dw = conv2dBackpropFilter(
      tensor([], { shape: [0, 3, 4, 4] }),
      tensor([], { shape: [0, 2, 3, 3] }),
      {
        filterShape: [2, 3, 2, 2],
      },
    );
    expect(Array.from(dw.dataSync())).toEqual(new Array(24).fill(0));
  });

  it("rejects a dy that is not the forward output's shape, and bad options", () => {
    const w = tensor(randomValues(4 * 3 * 3 * 3, 1), { shape: [4, 3, 3, 3] });
    expect(() =>
      conv2dBackpropInput(tensor(randomValues(2 * 4 * 3 * 3, 1), { shape: [2, 4, 3, 3] }), w, {
        inputShape: [2, 3, 6, 6],
      }),
    ).toThrow(/conv2dBackpropInput: dy must have the forward output's shape \[2,4,4,4\]/);
    expect(() =>
      conv2dBackpropInput(tensor([], { shape: [0, 4, 4, 4] }), w, { inputShape: [2, 3, 6] }),
    ).toThrow(ValueError);
    expect(() =>
      conv2dBackpropFilter(tensor([], { shape: [0, 3, 6, 6] }), tensor([], { shape: [0, 4, 4, 4] }), {
        filterShape: [4, 3, 3, 3],
        groups: 2,
      }),
    ).toThrow(ShapeError);
    expect(() =>
      conv2dBackpropInput(tensor([], { shape: [0, 4, 4, 4] }), w, {
        inputShape: [0, 3, 6, 6],
        padding: [1, 1, -1, 0],
      }),
    ).toThrow(/padding \[top, bottom, left, right\] must be integers ≥ 0/);
  });
});
