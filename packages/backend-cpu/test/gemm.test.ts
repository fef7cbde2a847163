import { describe, expect, it } from "vitest";
import { GemmScratch, gemm, MR, NR, stridedPackA, stridedPackB } from "../src/gemm.js";
import { expectClose, randomValues } from "./helpers.js";

/** Triple-loop reference: C[i][j] = Σ_k A[i][k] · B[k][j], row-major arrays. */
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

describe("packers", () => {
  it("stridedPackA lays MR-row panels k-major and zero-pads the last panel", () => {
    // A is 5×2 row-major: rows [1,2], [3,4], …, [9,10].
    const a = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const dst = new Float64Array(2 * MR * 2);
    stridedPackA(a, 0, 2, 1, 2)(dst, 0, 5);
    expect(MR).toBe(4);
    expect(Array.from(dst)).toEqual([1, 3, 5, 7, 2, 4, 6, 8, 9, 0, 0, 0, 10, 0, 0, 0]);
  });

  it("stridedPackB lays NR-column panels k-major and zero-pads the last panel", () => {
    // B is 2×3, read transposed from a 3×2 storage (column stride 2).
    const b = new Float32Array([1, 4, 2, 5, 3, 6]);
    const dst = new Float64Array(2 * NR);
    stridedPackB(b, 0, 1, 2, 2)(dst, 0, 3);
    expect(Array.from(dst)).toEqual([1, 2, 3, 0, 0, 0, 0, 0, 4, 5, 6, 0, 0, 0, 0, 0]);
  });
});

describe("gemm", () => {
  it("writes C at an offset with a row stride, leaving the rest of the array alone", () => {
    const [M, K, N] = [5, 3, 9];
    const a = randomValues(M * K, 1);
    const b = randomValues(K * N, 2);
    const c = new Float64Array(2 + M * 12).fill(-7);
    gemm({
      M,
      N,
      K,
      packA: stridedPackA(Float64Array.from(a), 0, K, 1, K),
      packB: stridedPackB(Float64Array.from(b), 0, N, 1, K),
      c,
      cOffset: 2,
      cRowStride: 12,
    });
    const expected = naive(a, b, M, K, N);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < 12; j++) {
        const got = c[2 + i * 12 + j]!;
        if (j < N) expect(Math.abs(got - expected[i * N + j]!)).toBeLessThan(1e-12);
        else expect(got).toBe(-7);
      }
    }
    expect(c[0]).toBe(-7);
    expect(c[1]).toBe(-7);
  });

  it("crosses several A blocks and B blocks (M=130, K=600, N=300)", () => {
    const [M, K, N] = [130, 600, 300];
    const a = randomValues(M * K, 3);
    const b = randomValues(K * N, 4);
    const c = new Float64Array(M * N);
    const scratch = new GemmScratch();
    gemm(
      {
        M,
        N,
        K,
        packA: stridedPackA(Float64Array.from(a), 0, K, 1, K),
        packB: stridedPackB(Float64Array.from(b), 0, N, 1, K),
        c,
        cOffset: 0,
        cRowStride: N,
      },
      scratch,
    );
    expectClose(c, naive(a, b, M, K, N), 1e-12);
  });

  it("K = 0 gives zeros; M = 0 or N = 0 writes nothing", () => {
    const c = new Float32Array(6).fill(5);
    const empty = new Float32Array(0);
    gemm({
      M: 2,
      N: 3,
      K: 0,
      packA: stridedPackA(empty, 0, 0, 1, 0),
      packB: stridedPackB(empty, 0, 3, 1, 0),
      c,
      cOffset: 0,
      cRowStride: 3,
    });
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    const d = new Float32Array(2).fill(5);
    gemm({
      M: 0,
      N: 2,
      K: 3,
      packA: stridedPackA(empty, 0, 3, 1, 3),
      packB: stridedPackB(empty, 0, 2, 1, 3),
      c: d,
      cOffset: 0,
      cRowStride: 2,
    });
    expect(Array.from(d)).toEqual([5, 5]);
  });

  it("reuses a scratch across problems of different sizes", () => {
    const scratch = new GemmScratch();
    for (const [M, K, N] of [
      [9, 20, 17],
      [3, 2, 4],
      [33, 40, 9],
    ] as const) {
      const a = randomValues(M * K, M);
      const b = randomValues(K * N, N);
      const c = new Float64Array(M * N);
      gemm(
        {
          M,
          N,
          K,
          packA: stridedPackA(Float64Array.from(a), 0, K, 1, K),
          packB: stridedPackB(Float64Array.from(b), 0, N, 1, K),
          c,
          cOffset: 0,
          cRowStride: N,
        },
        scratch,
      );
      expectClose(c, naive(a, b, M, K, N), 1e-12);
    }
  });
});
