import type { DType, Window2d } from "@tensorkit/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend, type WasmBackend } from "../src/index.js";
import { readAll, values, view } from "./helpers.js";

// Pooling and its gradients against direct loops written from the definitions, on an input
// stored transposed (read through strides), including the NaN, -Infinity and tie rules.

let b: WasmBackend;
beforeAll(async () => {
  b = await createWasmBackend();
});

type Shape4 = [number, number, number, number];
const win = (o: Partial<Window2d> & { kernel: [number, number] }): Window2d => ({
  stride: o.kernel,
  padding: [0, 0, 0, 0],
  dilation: [1, 1],
  ...o,
});

/** [N, C, H, W] data stored with H and W swapped, viewed back as [N, C, H, W]. */
function transposed(data: number[], [N, C, H, W]: Shape4, dtype: DType = "float64") {
  const stored = dtype === "float64" ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let nc = 0; nc < N * C; nc++)
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++) stored[nc * H * W + w * H + h] = data[nc * H * W + h * W + w]!;
  return view(b.kernels.write(stored, dtype), dtype, [N, C, H, W], [C * H * W, H * W, 1, H]);
}
/** [N, C, H, W] data stored row-major. */
function dense(data: number[], [N, C, H, W]: Shape4, dtype: DType = "float64") {
  const stored = dtype === "float64" ? Float64Array.from(data) : Float32Array.from(data);
  return view(b.kernels.write(stored, dtype), dtype, [N, C, H, W], [C * H * W, H * W, W, 1]);
}

/** The in-bounds taps (flat h·W + w) of each output window, in row-major tap order. */
function windows([, , H, W]: Shape4, o: Window2d): number[][][] {
  const [KH, KW] = o.kernel;
  const OH = Math.floor((H + o.padding[0] + o.padding[1] - o.dilation[0] * (KH - 1) - 1) / o.stride[0]) + 1;
  const OW = Math.floor((W + o.padding[2] + o.padding[3] - o.dilation[1] * (KW - 1) - 1) / o.stride[1]) + 1;
  const rows: number[][][] = [];
  for (let p = 0; p < OH; p++) {
    const row: number[][] = [];
    for (let q = 0; q < OW; q++) {
      const taps: number[] = [];
      for (let i = 0; i < KH; i++)
        for (let j = 0; j < KW; j++) {
          const h = p * o.stride[0] - o.padding[0] + i * o.dilation[0];
          const w = q * o.stride[1] - o.padding[2] + j * o.dilation[1];
          if (h >= 0 && h < H && w >= 0 && w < W) taps.push(h * W + w);
        }
      row.push(taps);
    }
    rows.push(row);
  }
  return rows;
}

/** Calls `fn` for every window of every (n, c) plane: the plane's first input index, the window's taps, its output index. */
function eachWindow(
  shape: Shape4,
  o: Window2d,
  fn: (plane: number, taps: number[], out: number) => void,
): void {
  const [N, C, H, W] = shape;
  const wins = windows(shape, o);
  let out = 0;
  for (let nc = 0; nc < N * C; nc++)
    for (const row of wins) for (const taps of row) fn(nc * H * W, taps, out++);
}

const CASES: [string, Shape4, Window2d][] = [
  ["kernel 2", [2, 3, 6, 5], win({ kernel: [2, 2] })],
  // wide rows: four windows per SIMD step, a scalar tail, and an odd column and row left out
  ["kernel 2 on wide rows", [2, 2, 7, 23], win({ kernel: [2, 2] })],
  [
    "kernel 3 stride 2 padding 1",
    [1, 2, 7, 7],
    win({ kernel: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1] }),
  ],
  [
    "kernel [2, 3] stride 1 dilation [1, 2], uneven padding",
    [1, 1, 5, 8],
    win({ kernel: [2, 3], stride: [1, 1], dilation: [1, 2], padding: [1, 0, 0, 1] }),
  ],
];

describe("maxPool2d and its gradient", () => {
  for (const [name, shape, o] of CASES) {
    for (const [dtype, layout] of [
      ["float64", transposed],
      ["float32", transposed],
      ["float32", dense],
    ] as const)
      it(`${name} (${dtype}, ${layout.name} input): max and first-argmax routing equal a direct loop`, () => {
        const [N, C, H, W] = shape;
        // few distinct values, so windows tie and the first maximum must win; then a NaN and
        // -Infinity in places (the first NaN takes the gradient; -Infinity never wins)
        const data = values(N * C * H * W, 8).map((v) => Math.round(v * 3) + 0);
        for (let i = 5; i < data.length; i += 17) data[i] = Number.NaN;
        for (let i = 11; i < data.length; i += 13) data[i] = -Infinity;
        const x = layout(data, shape, dtype);
        const round = dtype === "float32" ? Math.fround : (v: number) => v;
        const wins = windows(shape, o);
        const [OH, OW] = [wins.length, wins[0]!.length];
        const dyv = values(N * C * OH * OW, 9).map(round);
        const dy = dense(dyv, [N, C, OH, OW], dtype);
        const wantY: number[] = [];
        const wantDx = new Array<number>(N * C * H * W).fill(0);
        eachWindow(shape, o, (plane, taps, out) => {
          const vals = taps.map((t) => data[plane + t]!);
          const m = Math.max(...vals); // NaN if the window holds one
          const first = Number.isNaN(m) ? vals.findIndex(Number.isNaN) : vals.indexOf(m);
          wantY.push(taps.length ? m : -Infinity);
          if (taps.length) wantDx[plane + taps[first]!]! += dyv[out]!;
        });
        expect(readAll(b, b.kernels.maxPool2d!(x, o), dtype, wantY.length)).toEqual(wantY);
        const dx = readAll(b, b.kernels.maxPool2dBackward!(dy, x, o), dtype, wantDx.length);
        // overlapping windows add several dy into one position: float32 rounds each addition
        const tol = dtype === "float32" ? 1e-6 : 1e-14;
        for (const [i, v] of dx.entries())
          expect(Math.abs(v - wantDx[i]!), `dx[${i}]`).toBeLessThanOrEqual(tol);
      });
  }

  it("NaN is the maximum (the first NaN takes the gradient); an all -Infinity window routes to its first tap", () => {
    const data = [1, Number.NaN, Number.NaN, 2, -Infinity, -Infinity, -Infinity, -Infinity];
    const x = view(
      b.kernels.write(Float32Array.from(data), "float32"),
      "float32",
      [1, 2, 2, 2],
      [8, 4, 2, 1],
    );
    const o = win({ kernel: [2, 2] });
    const y = readAll(b, b.kernels.maxPool2d!(x, o), "float32", 2);
    expect(y).toEqual([Number.NaN, -Infinity]);
    const dy = view(b.kernels.write(Float32Array.of(5, 7), "float32"), "float32", [1, 2, 1, 1], [2, 1, 1, 1]);
    expect(readAll(b, b.kernels.maxPool2dBackward!(dy, x, o), "float32", 8)).toEqual([
      0, 5, 0, 0, 7, 0, 0, 0,
    ]);
  });
});

describe("avgPool2d and its gradient", () => {
  for (const [name, shape, o] of CASES.filter(([, , w]) => w.dilation[0] === 1 && w.dilation[1] === 1)) {
    for (const countIncludePad of [true, false]) {
      it(`${name}, countIncludePad ${countIncludePad}: mean and spread equal a direct loop`, () => {
        const [N, C, H, W] = shape;
        const data = values(N * C * H * W, 10);
        const x = transposed(data, shape);
        const wins = windows(shape, o);
        const [OH, OW] = [wins.length, wins[0]!.length];
        const dyv = values(N * C * OH * OW, 11);
        const dy = dense(dyv, [N, C, OH, OW]);
        const wantY: number[] = [];
        const wantDx = new Array<number>(N * C * H * W).fill(0);
        eachWindow(shape, o, (plane, taps, out) => {
          const divisor = countIncludePad ? o.kernel[0] * o.kernel[1] : taps.length;
          wantY.push(taps.reduce((sum, t) => sum + data[plane + t]!, 0) / divisor);
          for (const t of taps) wantDx[plane + t]! += dyv[out]! / divisor;
        });
        const opt = { ...o, countIncludePad };
        const y = readAll(b, b.kernels.avgPool2d!(x, opt), "float64", wantY.length);
        for (const [i, v] of y.entries()) expect(v).toBeCloseTo(wantY[i]!, 12);
        const dx = readAll(
          b,
          b.kernels.avgPool2dBackward!(dy, { ...opt, inputShape: shape }),
          "float64",
          wantDx.length,
        );
        for (const [i, v] of dx.entries()) expect(v).toBeCloseTo(wantDx[i]!, 12);
      });
    }
  }
});
