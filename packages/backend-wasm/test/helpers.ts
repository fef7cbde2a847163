import type { DType, View } from "@tensorkit/tensor";
import type { WasmBackend, WasmStorage } from "../src/index.js";

/** Deterministic pseudo-random values in [-1, 1) (a small LCG: tests must not depend on Math.random). */
export function values(n: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

export function view(
  storage: WasmStorage,
  dtype: DType,
  shape: number[],
  strides: number[],
  offset = 0,
): View<WasmStorage> {
  return { storage, dtype, shape, strides, offset };
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const s: number[] = [];
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = step;
    step *= shape[i]!;
  }
  return s;
}

/** Host values of a view, row-major, read with the naive index formula. */
export function naiveElements(data: ArrayLike<number>, v: View<unknown>): number[] {
  const out: number[] = [];
  const size = v.shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(v.shape.length).fill(0);
  for (let n = 0; n < size; n++) {
    let p = v.offset;
    for (let d = 0; d < idx.length; d++) p += idx[d]! * v.strides[d]!;
    out.push(data[p]!);
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d]! < v.shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

export function readAll(b: WasmBackend, s: WasmStorage, dtype: DType, n: number): number[] {
  return Array.from(b.kernels.read(s, dtype, n));
}
