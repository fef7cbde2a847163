import type { DType } from "@tensorkit/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend, type WasmBackend } from "../src/index.js";
import { readAll, values, view } from "./helpers.js";

// softmax and logSoftmax along each axis of a permuted 3-D view, against the definition computed
// here in float64, plus the cases that break a naive exp(x) / Σ exp(x).

let b: WasmBackend;
beforeAll(async () => {
  b = await createWasmBackend();
});

/** Lines of `shape` along `axis`, as flat row-major indices. */
function lines(shape: number[], axis: number): number[][] {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, q) => p * q, 1));
  const total = shape.reduce((p, q) => p * q, 1);
  const out: number[][] = [];
  for (let flat = 0; flat < total; flat++) {
    if (Math.floor(flat / strides[axis]!) % shape[axis]! !== 0) continue;
    out.push(Array.from({ length: shape[axis]! }, (_, j) => flat + j * strides[axis]!));
  }
  return out;
}

function reference(x: number[], shape: number[], axis: number, log: boolean): number[] {
  const y = new Array<number>(x.length);
  for (const line of lines(shape, axis)) {
    const m = Math.max(...line.map((i) => x[i]!));
    const z = line.reduce((s, i) => s + Math.exp(x[i]! - m), 0);
    for (const i of line) y[i] = log ? x[i]! - m - Math.log(z) : Math.exp(x[i]! - m) / z;
  }
  return y;
}

describe("softmax and logSoftmax", () => {
  const shape = [3, 4, 5];
  for (const dtype of ["float32", "float64"] as DType[]) {
    for (const axis of [0, 1, 2]) {
      it(`along axis ${axis} of a permuted view equal the definition (${dtype})`, () => {
        const data = values(60, 12 + axis).map((v) => v * 30);
        // storage [5, 4, 3] row-major, viewed as [3, 4, 5] by reversing the axes
        const stored = new Array<number>(60);
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 4; j++)
            for (let k = 0; k < 5; k++) stored[k * 12 + j * 3 + i] = data[i * 20 + j * 5 + k]!;
        const arr = dtype === "float64" ? Float64Array.from(stored) : Float32Array.from(stored);
        const x = view(b.kernels.write(arr, dtype), dtype, shape, [1, 3, 12]);
        const xs = dtype === "float32" ? data.map(Math.fround) : data;
        const tol = dtype === "float64" ? 1e-13 : 2e-6;
        for (const log of [false, true]) {
          const want = reference(xs, shape, axis, log);
          const got = readAll(b, (log ? b.kernels.logSoftmax! : b.kernels.softmax!)(x, axis), dtype, 60);
          for (const [i, v] of got.entries())
            expect(Math.abs(v - want[i]!), `${log ? "log" : ""}softmax [${i}]`).toBeLessThanOrEqual(
              tol * Math.max(1, Math.abs(want[i]!)),
            );
        }
      });
    }
  }

  it("stays finite on large logits, gives exact zeros' logs, and spreads NaN over its line only", () => {
    const x = view(
      b.kernels.write(Float32Array.of(1000, 0, -1000, 1, Number.NaN, 2), "float32"),
      "float32",
      [2, 3],
      [3, 1],
    );
    const s = readAll(b, b.kernels.softmax!(x, 1), "float32", 6);
    expect(s.slice(0, 3)).toEqual([1, 0, 0]);
    expect(s.slice(3).every(Number.isNaN)).toBe(true);
    const l = readAll(b, b.kernels.logSoftmax!(x, 1), "float32", 6);
    expect(l.slice(0, 3)).toEqual([0, -1000, -2000]);
    expect(l.slice(3).every(Number.isNaN)).toBe(true);
  });

  it("contiguous float32 lines of every length up to 13 and of 1000 (the four-lane path and its tail)", () => {
    for (const n of [...Array.from({ length: 13 }, (_, i) => i + 1), 1000]) {
      // three lines: spread ×30, spread ×300 (many terms below exp's vector range), and one with -Infinity
      const data = [
        ...values(n, n).map((v) => v * 30),
        ...values(n, n + 1).map((v) => v * 300),
        ...values(n, n + 2),
      ];
      data[2 * n + (n >> 1)] = -Infinity;
      const xs = data.map(Math.fround);
      const x = view(b.kernels.write(Float32Array.from(xs), "float32"), "float32", [3, n], [n, 1]);
      for (const log of [false, true]) {
        const want = reference(xs, [3, n], 1, log);
        const got = readAll(b, (log ? b.kernels.logSoftmax! : b.kernels.softmax!)(x, 1), "float32", 3 * n);
        for (const [i, v] of got.entries()) {
          if (Number.isNaN(want[i]))
            expect(v).toBeNaN(); // a line of only -Infinity
          else if (want[i] === -Infinity) expect(v).toBe(-Infinity);
          else
            expect(Math.abs(v - want[i]!), `n ${n}, ${log ? "log" : ""}softmax [${i}]`).toBeLessThanOrEqual(
              2e-6 * Math.max(1, Math.abs(want[i]!)),
            );
        }
      }
    }
  });

  it("large logits and NaN in the four-lane path behave as in the scalar one", () => {
    const row = [1000, 0, -1000, 1, 2, 3, 4, 5, 6];
    const x = view(
      b.kernels.write(
        Float32Array.from([...row, ...row.map((v, i) => (i === 5 ? Number.NaN : v))]),
        "float32",
      ),
      "float32",
      [2, 9],
      [9, 1],
    );
    const s = readAll(b, b.kernels.softmax!(x, 1), "float32", 18);
    expect(s.slice(0, 9)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(s.slice(9).every(Number.isNaN)).toBe(true);
    const l = readAll(b, b.kernels.logSoftmax!(x, 1), "float32", 18);
    expect(l.slice(0, 9)).toEqual(row.map((v) => v - 1000));
    expect(l.slice(9).every(Number.isNaN)).toBe(true);
  });

  it("a line of one element is 1 (log: 0); an empty tensor gives an empty result", () => {
    const x = view(b.kernels.write(Float32Array.of(-3, 7), "float32"), "float32", [2, 1], [1, 1]);
    expect(readAll(b, b.kernels.softmax!(x, 1), "float32", 2)).toEqual([1, 1]);
    expect(readAll(b, b.kernels.logSoftmax!(x, 1), "float32", 2)).toEqual([0, 0]);
    const e = view(b.kernels.write(new Float32Array(0), "float32"), "float32", [0, 4], [4, 1]);
    expect(readAll(b, b.kernels.softmax!(e, 1), "float32", 0)).toEqual([]);
  });
});
