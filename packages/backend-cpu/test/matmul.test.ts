import type { TypedArray, View } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { matmul } from "../src/kernels/matmul.js";
import { expectClose, list, randomValues, rawView, view } from "./helpers.js";

const NN = { transposeA: false, transposeB: false };

/** Triple-loop reference on row-major [M,K] and [K,N] arrays, in doubles. */
function naive(a: number[], b: number[], M: number, K: number, N: number): number[] {
  const c = new Array<number>(M * N).fill(0);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * K + k]! * b[k * N + j]!;
      c[i * N + j] = s;
    }
  }
  return c;
}

/** A [rows, cols] view of row-major `values`, stored transposed ([cols, rows] contiguous) when asked. */
function matrix(
  values: number[],
  rows: number,
  cols: number,
  transposed: boolean,
  dtype: "float32" | "float64",
) {
  if (!transposed) return view(values, [rows, cols], dtype);
  const t = new Array<number>(values.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = values[i * cols + j]!;
  const v = view(t, [cols, rows], dtype);
  return rawView(v.storage, dtype, [rows, cols], [1, rows]);
}

describe("matmul", () => {
  it("multiplies a hand-computed 2×3 by 3×2", () => {
    const a = view([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = view([7, 8, 9, 10, 11, 12], [3, 2]);
    // [1·7+2·9+3·11, 1·8+2·10+3·12; 4·7+5·9+6·11, 4·8+5·10+6·12]
    expect(list(matmul(a, b, NN))).toEqual([58, 64, 139, 154]);
  });

  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [1, 17, 3],
    [3, 5, 17],
    [17, 65, 3],
    [65, 130, 5],
    [130, 17, 65],
    [5, 3, 130],
    [130, 65, 130],
  ];
  for (const [M, K, N] of sizes) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`matches the triple loop at ${M}×${K}×${N}, transposeA=${ta}, transposeB=${tb}`, () => {
        const av = randomValues(M * K, M * 1000 + K);
        const bv = randomValues(K * N, K * 1000 + N);
        const out = matmul(matrix(av, M, K, ta, "float32"), matrix(bv, K, N, tb, "float32"), {
          transposeA: ta,
          transposeB: tb,
        });
        expect(out).toBeInstanceOf(Float32Array);
        expectClose(out, naive(av, bv, M, K, N), 1e-6);
      });
    }
  }

  it("computes float64 in float64", () => {
    const [M, K, N] = [7, 33, 9];
    const av = Array.from({ length: M * K }, (_, i) => 1 + i * 1e-9);
    const bv = Array.from({ length: K * N }, (_, i) => 1 - i * 1e-9);
    const out = matmul(view(av, [M, K], "float64"), view(bv, [K, N], "float64"), NN);
    expect(out).toBeInstanceOf(Float64Array);
    expectClose(out, naive(av, bv, M, K, N), 1e-14);
  });

  it("batches, with the batch of b broadcast (stride 0)", () => {
    const [B, M, K, N] = [3, 4, 5, 6];
    const av = randomValues(B * M * K, 1);
    const bv = randomValues(K * N, 2);
    const a = view(av, [B, M, K]);
    const b = rawView(view(bv, [K, N]).storage, "float32", [B, K, N], [0, N, 1]);
    const out = matmul(a, b, NN);
    const expected = [0, 1, 2].flatMap((t) => naive(av.slice(t * M * K, (t + 1) * M * K), bv, M, K, N));
    expectClose(out, expected, 1e-6);
  });

  it("batches over two batch axes with negative strides and an offset", () => {
    // a is [2,2,3,4] stored contiguous but read with the first batch axis flipped.
    const [M, K, N] = [3, 4, 2];
    const av = randomValues(2 * 2 * M * K, 3);
    const bv = randomValues(2 * 2 * K * N, 4);
    const storageA = view(av, [2, 2, M, K]);
    const a: View<TypedArray> = { ...storageA, strides: [-2 * M * K, M * K, K, 1], offset: 2 * M * K };
    const b = view(bv, [2, 2, K, N]);
    const out = matmul(a, b, NN);
    const expected: number[] = [];
    for (const [s, t] of [
      [1, 0],
      [1, 1],
      [0, 0],
      [0, 1],
    ] as const) {
      const aBlock = av.slice((s * 2 + t) * M * K, (s * 2 + t + 1) * M * K);
      const q = (1 - s) * 2 + t;
      expected.push(...naive(aBlock, bv.slice(q * K * N, (q + 1) * K * N), M, K, N));
    }
    expectClose(out, expected, 1e-6);
  });

  it("propagates NaN and Infinity like the sum of products does", () => {
    const a = view([1, Number.NaN, 1, 1, Number.POSITIVE_INFINITY, 0], [3, 2]);
    const b = view([1, 0, 1, 0], [2, 2]);
    // Row 0: NaN in a → NaN everywhere; row 2: Inf·1 = Inf, Inf·0 = NaN.
    expect(list(matmul(a, b, NN))).toEqual([
      Number.NaN,
      Number.NaN,
      2,
      0,
      Number.POSITIVE_INFINITY,
      Number.NaN,
    ]);
  });

  it("K = 0 gives zeros; M = 0 gives an empty output", () => {
    const z = matmul(
      rawView(new Float32Array(0), "float32", [2, 0], [0, 1]),
      rawView(new Float32Array(0), "float32", [0, 3], [3, 1]),
      NN,
    );
    expect(list(z)).toEqual([0, 0, 0, 0, 0, 0]);
    const e = matmul(
      rawView(new Float32Array(0), "float32", [0, 4], [4, 1]),
      view(randomValues(8, 1), [4, 2]),
      NN,
    );
    expect(e.length).toBe(0);
  });

  it("reads a gapped matrix (row stride larger than its width) and a broadcast row", () => {
    // A 2×2 window at offset 1 in a 3×4 storage; B is one row [1, 2] repeated (stride 0 on K).
    const a = rawView(new Float32Array([0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]), "float32", [2, 2], [4, 1], 1);
    const b = rawView(new Float32Array([1, 2]), "float32", [2, 2], [0, 1]);
    expect(list(matmul(a, b, NN))).toEqual([3, 6, 7, 14]);
  });
});
