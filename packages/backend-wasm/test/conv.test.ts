import type { Conv2dKernelOptions, DType } from "@tensorkit/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend, type WasmBackend } from "../src/index.js";
import { contiguousStrides, readAll, values, view } from "./helpers.js";

// conv2d and its gradients against the textbook sums, written here as direct loops in float64,
// and the two gradients against the forward through the adjoint identities
// <conv(x, w), dy> = <x, backpropInput(dy, w)> = <w, backpropFilter(x, dy)>.

let b: WasmBackend;
beforeAll(async () => {
  b = await createWasmBackend();
});

type Shape4 = [number, number, number, number];
interface Case {
  name: string;
  x: Shape4;
  w: Shape4;
  o: Conv2dKernelOptions;
}
const opts = (o: Partial<Conv2dKernelOptions> & { kernel: [number, number] }): Conv2dKernelOptions => ({
  stride: [1, 1],
  padding: [0, 0, 0, 0],
  dilation: [1, 1],
  groups: 1,
  ...o,
});
const CASES: Case[] = [
  {
    name: "3×3, padding 1",
    x: [2, 3, 7, 6],
    w: [4, 3, 3, 3],
    o: opts({ kernel: [3, 3], padding: [1, 1, 1, 1] }),
  },
  {
    name: "stride 2, asymmetric padding, dilation [2, 1]",
    x: [2, 2, 9, 8],
    w: [3, 2, 3, 2],
    o: opts({ kernel: [3, 2], stride: [2, 3], padding: [2, 0, 1, 3], dilation: [2, 1] }),
  },
  {
    name: "groups 2",
    x: [1, 4, 5, 5],
    w: [6, 2, 2, 3],
    o: opts({ kernel: [2, 3], groups: 2, padding: [0, 1, 1, 0] }),
  },
  { name: "1×1 kernel, many output pixels", x: [1, 5, 20, 20], w: [9, 5, 1, 1], o: opts({ kernel: [1, 1] }) },
  {
    name: "kernel wider than the padded input reaches only the padding",
    x: [1, 1, 2, 2],
    w: [2, 1, 3, 3],
    o: opts({ kernel: [3, 3], padding: [1, 1, 1, 1] }),
  },
];

const out = ([N, , H, W]: Shape4, [O, , KH, KW]: Shape4, o: Conv2dKernelOptions): Shape4 => [
  N,
  O,
  Math.floor((H + o.padding[0] + o.padding[1] - o.dilation[0] * (KH - 1) - 1) / o.stride[0]) + 1,
  Math.floor((W + o.padding[2] + o.padding[3] - o.dilation[1] * (KW - 1) - 1) / o.stride[1]) + 1,
];

/** y[n,o,p,q] = Σ x[n, g·Cg + c, p·sh - top + i·dh, q·sw - left + j·dw] · w[o,c,i,j], as defined. */
function naiveConv(x: number[], xs: Shape4, w: number[], ws: Shape4, o: Conv2dKernelOptions): number[] {
  const [N, C, H, W] = xs;
  const [O, Cg, KH, KW] = ws;
  const [, , OH, OW] = out(xs, ws, o);
  const Og = O / o.groups;
  const y: number[] = [];
  for (let n = 0; n < N; n++)
    for (let oc = 0; oc < O; oc++)
      for (let p = 0; p < OH; p++)
        for (let q = 0; q < OW; q++) {
          let acc = 0;
          const g = Math.floor(oc / Og);
          for (let c = 0; c < Cg; c++)
            for (let i = 0; i < KH; i++)
              for (let j = 0; j < KW; j++) {
                const h = p * o.stride[0] - o.padding[0] + i * o.dilation[0];
                const v = q * o.stride[1] - o.padding[2] + j * o.dilation[1];
                if (h < 0 || h >= H || v < 0 || v >= W) continue;
                acc += x[((n * C + g * Cg + c) * H + h) * W + v]! * w[((oc * Cg + c) * KH + i) * KW + j]!;
              }
          y.push(acc);
        }
  return y;
}

const maxError = (got: readonly number[], want: readonly number[]) => {
  expect(got.length).toBe(want.length);
  return got.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i]!)), 0);
};
/** d f / d v[k] by central differences (step 1e-6: f is linear in v[k], so only rounding remains). */
function centralDifference(f: (v: number[]) => number, v: readonly number[], k: number): number {
  const plus = [...v];
  const minus = [...v];
  plus[k]! += 1e-6;
  minus[k]! -= 1e-6;
  return (f(plus) - f(minus)) / 2e-6;
}
const dot = (a: readonly number[], c: readonly number[]) => a.reduce((s, v, i) => s + v * c[i]!, 0);
const size = (s: readonly number[]) => s.reduce((p, q) => p * q, 1);

/** Stores `data` (row-major `shape`) with its two last axes swapped in memory, viewed back as `shape`. */
function transposedView(data: number[], shape: Shape4, dtype: DType) {
  const [A, B, H, W] = shape;
  const stored: number[] = new Array(data.length);
  for (let a = 0; a < A; a++)
    for (let c = 0; c < B; c++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++)
          stored[((a * B + c) * W + w) * H + h] = data[((a * B + c) * H + h) * W + w]!;
  const arr = dtype === "float64" ? Float64Array.from(stored) : Float32Array.from(stored);
  return view(b.kernels.write(arr, dtype), dtype, shape, [B * H * W, H * W, 1, H]);
}
function denseView(data: number[], shape: Shape4, dtype: DType) {
  const arr = dtype === "float64" ? Float64Array.from(data) : Float32Array.from(data);
  return view(b.kernels.write(arr, dtype), dtype, shape, contiguousStrides(shape));
}

describe("conv2d", () => {
  for (const c of CASES) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${c.name} (${dtype}): forward equals the direct sum, on a dense and a transposed input`, () => {
        const xv = values(size(c.x), 3).map(dtype === "float32" ? Math.fround : (v) => v);
        const wv = values(size(c.w), 4).map(dtype === "float32" ? Math.fround : (v) => v);
        const want = naiveConv(xv, c.x, wv, c.w, c.o);
        const tol = dtype === "float64" ? 1e-12 : 1e-5;
        for (const x of [denseView(xv, c.x, dtype), transposedView(xv, c.x, dtype)]) {
          const got = readAll(
            b,
            b.kernels.conv2d!(x, transposedView(wv, c.w, dtype), c.o),
            dtype,
            want.length,
          );
          expect(maxError(got, want)).toBeLessThan(tol);
        }
      });
    }

    it(`${c.name}: both gradients satisfy the adjoint identities with the forward (float64)`, () => {
      const ys = out(c.x, c.w, c.o);
      const xv = values(size(c.x), 5);
      const wv = values(size(c.w), 6);
      const dyv = values(size(ys), 7);
      const y = naiveConv(xv, c.x, wv, c.w, c.o);
      const dx = readAll(
        b,
        b.kernels.conv2dBackpropInput!(transposedView(dyv, ys, "float64"), denseView(wv, c.w, "float64"), {
          ...c.o,
          inputShape: c.x,
        }),
        "float64",
        size(c.x),
      );
      const dw = readAll(
        b,
        b.kernels.conv2dBackpropFilter!(
          transposedView(xv, c.x, "float64"),
          transposedView(dyv, ys, "float64"),
          {
            ...c.o,
            filterShape: c.w,
          },
        ),
        "float64",
        size(c.w),
      );
      const inner = dot(y, dyv);
      expect(dot(xv, dx)).toBeCloseTo(inner, 10);
      expect(dot(wv, dw)).toBeCloseTo(inner, 10);
      // and element by element: dx[k] is the derivative of <y, dy> in x[k], which the identity
      // alone would not pin down; check a few by central differences of the direct sum
      const objective = (xs: number[], ws: number[]) => dot(naiveConv(xs, c.x, ws, c.w, c.o), dyv);
      for (const k of [0, Math.floor(size(c.x) / 2), size(c.x) - 1])
        expect(dx[k]).toBeCloseTo(
          centralDifference((v) => objective(v, wv), xv, k),
          6,
        );
      for (const k of [0, size(c.w) - 1])
        expect(dw[k]).toBeCloseTo(
          centralDifference((v) => objective(xv, v), wv, k),
          6,
        );
    });
  }

  it("a zero-size batch gives empty results and zero filter gradients", () => {
    const o = opts({ kernel: [3, 3] });
    const x = view(b.kernels.write(new Float32Array(0), "float32"), "float32", [0, 2, 5, 5], [50, 25, 5, 1]);
    const w = denseView(values(36, 1), [2, 2, 3, 3], "float32");
    const dy = view(b.kernels.write(new Float32Array(0), "float32"), "float32", [0, 2, 3, 3], [18, 9, 3, 1]);
    expect(readAll(b, b.kernels.conv2d!(x, w, o), "float32", 0)).toEqual([]);
    expect(
      readAll(b, b.kernels.conv2dBackpropFilter!(x, dy, { ...o, filterShape: [2, 2, 3, 3] }), "float32", 36),
    ).toEqual(new Array(36).fill(0));
  });
});

describe("convolutions split over threads by batch item", () => {
  // 8 × 12 × 24·24 × 27 ≈ 1.5 million multiply-adds: above the threshold, so the batch is split
  const xs: Shape4 = [8, 6, 24, 24];
  const ws: Shape4 = [12, 3, 3, 3];
  const o = opts({ kernel: [3, 3], padding: [1, 1, 1, 1], groups: 2 });
  const ys = out(xs, ws, o);
  const xv = values(size(xs), 21);
  const wv = values(size(ws), 22);
  const dyv = values(size(ys), 23);
  const backends: WasmBackend[] = [];
  beforeAll(async () => {
    for (const threads of [1, 2, 3]) backends.push(await createWasmBackend({ threads }));
  });

  /** The three kernels on one backend, in float64; x read through a strided (non-contiguous) view. */
  function runAll(on: WasmBackend, batch = xs[0]) {
    const x4: Shape4 = [batch, xs[1], xs[2], xs[3]];
    const y4: Shape4 = [batch, ys[1], ys[2], ys[3]];
    const x = view(
      on.kernels.write(Float64Array.from(xv.slice(0, size(x4))), "float64"),
      "float64",
      x4,
      contiguousStrides(x4),
    );
    // every other channel of a doubled buffer: a view whose batch stride is not C·H·W
    const doubled = new Float64Array(2 * size(x4));
    for (let n = 0; n < batch; n++)
      doubled.set(xv.slice(n * size(xs.slice(1)), (n + 1) * size(xs.slice(1))), 2 * n * size(xs.slice(1)));
    const xStrided = view(on.kernels.write(doubled, "float64"), "float64", x4, [
      2 * size(xs.slice(1)),
      xs[2] * xs[3],
      xs[3],
      1,
    ]);
    const w = view(on.kernels.write(Float64Array.from(wv), "float64"), "float64", ws, contiguousStrides(ws));
    const dy = view(
      on.kernels.write(Float64Array.from(dyv.slice(0, size(y4))), "float64"),
      "float64",
      y4,
      contiguousStrides(y4),
    );
    const before = on.threadRounds;
    const result = {
      y: readAll(on, on.kernels.conv2d!(xStrided, w, o), "float64", size(y4)),
      dx: readAll(on, on.kernels.conv2dBackpropInput!(dy, w, { ...o, inputShape: x4 }), "float64", size(x4)),
      dw: readAll(
        on,
        on.kernels.conv2dBackpropFilter!(x, dy, { ...o, filterShape: ws }),
        "float64",
        size(ws),
      ),
    };
    return { ...result, rounds: on.threadRounds - before };
  }

  it("forward, input and filter gradients on 2 and 3 threads match 1 thread and the direct sums", () => {
    const [one, two, three] = backends.map((on) => runAll(on));
    expect(one!.rounds).toBe(0);
    // one round per kernel: each was split
    expect([two!.rounds, three!.rounds]).toEqual([3, 3]);
    // forward and input gradient: each item's sums are the same on any thread, so bit for bit
    for (const r of [two!, three!]) {
      expect(r.y).toEqual(one!.y);
      expect(r.dx).toEqual(one!.dx);
      // the filter gradient adds the threads' partial sums: the same value up to rounding
      expect(maxError(r.dw, one!.dw)).toBeLessThan(1e-12);
    }
    expect(maxError(one!.y, naiveConv(xv, xs, wv, ws, o))).toBeLessThan(1e-12);
    const inner = dot(one!.y, dyv);
    expect(dot(xv, three!.dx)).toBeCloseTo(inner, 9);
    expect(dot(wv, three!.dw)).toBeCloseTo(inner, 9);
  });

  it("a batch under the threshold, or of one item, stays on the calling thread", () => {
    const [one, , three] = backends;
    // 3 items are 0.56 million multiply-adds: under the threshold
    const small = runAll(three!, 3);
    expect(small.rounds).toBe(0);
    const single = runAll(three!, 1);
    expect(single.rounds).toBe(0);
    expect(single.y).toEqual(runAll(one!, 1).y);
  });
});
